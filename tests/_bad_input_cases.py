"""The bad-input catalogue's cases and the helpers its test modules share
(tests/test_bad_input.py: the text cases through every interface; tests/test_bad_input_app.py:
the Gradio app, uploads, files and the batch)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, TINY_MODEL, headline_from, seed_paragraphs

from translate.engines.transformers import TransformersEngine
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService

SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", batch_size=8)
MODEL = ["--model", str(TINY_MODEL), "--device", "cpu"]
KY = seed_paragraphs(SEED_IDS[0], "ky")
EN = seed_paragraphs(SEED_IDS[0], "en")
RU1 = seed_paragraphs(SEED_IDS[1], "ru")
EN1 = seed_paragraphs(SEED_IDS[1], "en")
REFS = {s for p in EN + EN1 for s in re.split(r"(?<=[.!?])\s+", p)}
HTML = "<script>alert(1)</script>"
PUNCT = "?!… ;; *** «» —"
ODD = "\ufffe\uffff\U0010ffff\ue000"  # noncharacters and private use: encodable, meaningless


def _sprinkle(text: str, marks: str) -> str:
    """``text`` with the characters of ``marks`` put inside its words, and one in front."""
    words = text.split(" ")
    for n, mark in enumerate(marks):
        i = (n * 7 + 1) % len(words)
        cut = len(words[i]) // 2
        words[i] = words[i][:cut] + mark + words[i][cut:]
    return marks[0] + " ".join(words)


def _unpunctuated(words: int) -> str:
    """One sentence of ``words`` Kyrgyz words and no punctuation at all (seeded, varied)."""
    vocab = sorted({w for p in KY for w in re.findall(r"[^\W\d_]+", p)})
    rng = random.Random(5000)
    return " ".join(rng.choice(vocab) for _ in range(words))


LONG = _unpunctuated(1500)  # far past any input limit: cut into 30+ pieces


def _bounded(text: str) -> Callable[[str], bool]:
    """A check for a translation of an over-long input: there, and at most a few x its length."""
    return lambda out: bool(out.strip()) and len(out) <= 4 * len(text)


@dataclass(frozen=True)
class Case:
    """One bad input and what every interface must make of it.

    Attributes:
        text: the input.
        translation: the exact English translation, a check of it, or None when refused.
        error: the fragment of the one error line when ``translate`` refuses it.
        brief_error: the fragment when the brief refuses it (None: a brief of ``refs``).
        cli_error: what the CLI says instead (e.g. a file cannot hold a lone surrogate).
        status: the JSON API's status for the refusal.
    """

    text: str
    translation: str | Callable[[str], bool] | None = None
    error: str | None = None
    brief_error: str | None = None
    cli_error: str | None = None
    status: int = 400
    refs: frozenset[str] = field(default_factory=lambda: frozenset(REFS))


CASES = {
    "empty": Case("", error="empty", brief_error="empty"),
    "whitespace-only": Case(" \n\t \u3000 \n\n  ", error="empty", brief_error="empty"),
    # The CLI reads files as the app and batch do: a NUL byte means a binary file.
    "invisible-only": Case(
        "\u200b\u200f\ufeff\u2067\x00\x07", error="empty", brief_error="empty", cli_error="binary"
    ),
    "digits-only": Case("12 345 678, 2024", translation="12 345 678, 2024", brief_error="no sen"),
    "punctuation-only": Case(PUNCT, translation=PUNCT, brief_error="no sen"),
    "emoji-only": Case("🎉🎉 👍🏽 🇰🇬", translation="🎉🎉 👍🏽 🇰🇬", brief_error="no sen"),
    "emoji-paragraph": Case(f"{KY[0]}\n🎉👍🏽", translation=f"{EN[0]}\n🎉👍🏽"),
    "lone-surrogates": Case(
        _sprinkle(KY[1], "\ud800\udfff\udc00"), translation=EN[1], cli_error="not UTF-8"
    ),
    "noncharacters-private-use": Case(f"{KY[1]}\n{ODD}", translation=f"{EN[1]}\n{ODD}"),
    "nul-bytes": Case(_sprinkle(KY[2], "\x00\x00\x01"), translation=EN[2], cli_error="binary"),
    "rtl-marks": Case(_sprinkle(KY[0], "\u200f\u061c\u202e\u2067\u2069"), translation=EN[0]),
    "zero-width": Case(_sprinkle(KY[2], "\u200b\u200c\u200d\u2060\ufeff\u00ad"), translation=EN[2]),
    "kazakh": Case(
        "Қазақстан Республикасының Президенті бүгін Астанада шетелдік инвесторлармен кездесті "
        "және экономикалық ынтымақтастық мәселелерін талқылады.",
        error="'kk'",
        brief_error="'kk'",
    ),
    "uzbek-latin": Case(
        "Oʻzbekiston Respublikasi Prezidenti bugun Toshkentda xorijiy investorlar bilan "
        "uchrashdi va iqtisodiy hamkorlik masalalarini muhokama qildi.",
        error="'uz'",
        brief_error="'uz'",
    ),
    "uzbek-cyrillic": Case(
        "Ўзбекистон Республикаси Президенти бугун Тошкентда хорижий инвесторлар билан "
        "учрашди ва иқтисодий ҳамкорлик масалаларини муҳокама қилди.",
        error="'uz'",
        brief_error="'uz'",
    ),
    "chinese": Case(
        "中华人民共和国主席今天在北京会见了外国投资者，讨论了经济合作问题。",
        error="'zh'",
        brief_error="'zh'",
    ),
    "mixed-kyrgyz-russian": Case(f"{KY[0]}\n{RU1[1]}", translation=f"{EN[0]}\n{EN1[1]}"),
    "html-script": Case(
        f"{KY[0]}\n{HTML}", translation=f"{EN[0]}\n{HTML}", refs=frozenset(REFS | {HTML})
    ),
    "two-megabytes": Case(
        ("Бүгүн Бишкекте жаан жаады. " * 80_000)[:2_000_000],
        error="limit",
        brief_error="limit",
        status=413,
    ),
    "1500-word-sentence": Case(LONG, translation=_bounded(LONG), refs=frozenset()),
}
IDS = list(CASES)


class Calls:
    """Counts the sentences that reach the model (any TransformersEngine in the process)."""

    def __init__(self) -> None:
        self.texts: list[str] = []


@pytest.fixture
def calls(monkeypatch) -> Calls:
    """Every sentence sent to the model during the test (refusals must leave it empty)."""
    seen = Calls()
    original = TransformersEngine.translate_batch

    def counting(self, texts, *args, **kwargs):
        seen.texts.extend(texts)
        return original(self, texts, *args, **kwargs)

    monkeypatch.setattr(TransformersEngine, "translate_batch", counting)
    return seen


def check_translation(case: Case, out: str) -> None:
    """The translation is the case's exact English, or passes its check."""
    if callable(case.translation):
        assert case.translation(out), out[:200]
    else:
        assert out == case.translation


def check_brief(case: Case, result: dict) -> None:
    """A brief (as JSON) whose headline and summary come from reference sentences of the case."""
    assert result["headline"].strip()
    if case.refs:
        assert headline_from(result["headline"], case.refs)
        assert set(result["summary_sentences"]) <= case.refs
    else:  # no references: the brief of the one long sentence is its whole translation
        assert result["sentence_count"] == 1 and result["translated_count"] == 1


def input_file(tmp_path, text: str) -> str:
    """``text`` in a UTF-8 file (a lone surrogate becomes bytes no UTF-8 reader accepts)."""
    path = tmp_path / "input.txt"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return str(path)


def one_error_line(capsys, fragment: str) -> None:
    """The CLI printed nothing but one ``kybrief: error: ...`` line holding ``fragment``."""
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert lines[0].startswith("kybrief: error: ") and fragment in lines[0]


@pytest.fixture(scope="module")
def url(tiny_translator):
    """A live server on the session's tiny translator."""
    with live_server(build_server(ModelService(SETTINGS, translator=tiny_translator))) as base:
        assert wait_ready(base)["state"] == "ready"
        yield base


def post(url: str, path: str, body: dict) -> httpx.Response:
    """POST JSON, then check that the server still answers /healthz."""
    # ensure_ascii: a lone surrogate goes over the wire as a JSON escape (backslash-ud800)
    content = json.dumps(body, ensure_ascii=True)
    headers = {"Content-Type": "application/json"}
    response = httpx.post(f"{url}{path}", content=content, headers=headers, timeout=60)
    assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200  # still serving
    return response
