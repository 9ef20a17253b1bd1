"""Per-sentence confidence and flags where people read: briefs, the app, the APIs, the CLI, batch.

The translation layer's own tests (tests/test_confidence.py, tests/test_quality.py) show the
flags are raised; these show they reach the reader, through the real Translator path.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re

import pytest
from conftest import SEED_IDS, TINY_MODEL, headline_from, load_seed_rows, seed_text
from fastapi.testclient import TestClient

from summarize import Brief, brief
from translate import Hypothesis
from ui.cli import main
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.events import Handlers
from ui.web.render import FLAGGED_ROW, brief_markdown, translation_frame, warnings_markdown

ROWS = load_seed_rows()
FIRST = [r for r in ROWS if r["doc"] == SEED_IDS[0]]
MODEL = ["--model", str(TINY_MODEL), "--device", "cpu"]
SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu")
NTREX = [
    line.split("\t")[2]  # line, doc_id, ky, en, ru
    for line in (TINY_MODEL.parents[1] / "data" / "ntrex128" / "ky_en_ru.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
    if line[:1].isdigit()
][:40]


class Sabotaged:
    """The real engine, except that the English of ``victims`` comes back with Russian words in
    it — what NLLB does on input it does not know."""

    def __init__(self, engine, victims) -> None:
        self.inner, self.victims = engine, set(victims)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def translate_batch(self, texts, source, target, **kwargs):
        hyps = self.inner.translate_batch(texts, source, target, **kwargs)
        return [
            Hypothesis(h.text + " озопасился", h.confidence) if t in self.victims else h
            for t, h in zip(texts, hyps)
        ]


def sabotaged(translator, victims):
    clone = copy.copy(translator)
    clone.cache = None
    clone.engine = Sabotaged(translator.engine, victims)
    return clone


@pytest.fixture(scope="module")
def unseen_text() -> str:
    """A release the tiny model never saw: NTREX-128 news sentences in Kyrgyz."""
    return "\n".join(NTREX[:12])


# -- the brief --------------------------------------------------------------------------------


@pytest.mark.parametrize("full", [True, False], ids=["full", "fast"])
def test_memorized_release_has_no_flags(tiny_ct2_translator, full):
    result = brief(seed_text(SEED_IDS[0]), tiny_ct2_translator, full_translation=full)
    assert result.flagged_count == 0 and result.headline_flags == ()
    assert result.summary_flags == ((),) * len(result.summary_sentences)
    assert result.key_point_flags == ((),) * len(result.key_points)
    markdown = result.to_markdown()
    assert "check the source" not in markdown
    assert f"0 of {result.translated_count} sentences flagged" in markdown


@pytest.mark.parametrize("full", [True, False], ids=["full", "fast"])
def test_a_flagged_sentence_never_leads_while_an_unflagged_one_exists(tiny_ct2_translator, full):
    text = seed_text(SEED_IDS[0])
    plain = brief(text, tiny_ct2_translator, full_translation=full)
    top = FIRST[0]
    assert headline_from(plain.headline, [top["en"]])  # the release's top sentence leads
    spoiled = sabotaged(tiny_ct2_translator, [top["ky"]])
    result = brief(text, spoiled, full_translation=full)
    assert result.headline_flags == ()
    assert "озопасился" not in result.headline
    others = [r["en"] for r in FIRST if r is not top]
    assert headline_from(result.headline, others)
    # the flagged sentence is still in the summary, marked, with why in words
    index = result.summary_sentences.index(next(s for s in result.summary_sentences if "озоп" in s))
    assert result.summary_flags[index] == ("wrong-language",)
    markdown = result.to_markdown()
    assert "озопасился ⚠ _(check the source: not in the target language)_" in markdown
    assert f"1 of {result.translated_count} sentences flagged" in markdown
    page = brief_markdown(result)
    assert "⚠ check the source: not in the target language" in page


def test_when_every_candidate_is_flagged_the_headline_says_so(tiny_ct2_translator):
    text = seed_text(SEED_IDS[1])
    spoiled = sabotaged(tiny_ct2_translator, [r["ky"] for r in ROWS])
    result = brief(text, spoiled)
    assert result.headline_flags == ("wrong-language",)
    assert result.flagged_count == result.translated_count == result.sentence_count
    markdown = result.to_markdown()
    assert markdown.splitlines()[0].endswith("⚠ _(check the source: not in the target language)_")
    assert "most of the translation" in markdown


def test_brief_flags_survive_json(tiny_ct2_translator):
    spoiled = sabotaged(tiny_ct2_translator, [FIRST[0]["ky"], FIRST[5]["ky"]])
    result = brief(seed_text(SEED_IDS[0]), spoiled)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["flagged_count"] == 2
    assert ["wrong-language"] in data["summary_flags"] + data["key_point_flags"]
    assert Brief.from_dict(data) == result


def test_unseen_release_is_flagged_plainly_on_the_page(tiny_ct2_translator, unseen_text):
    """The demo model on a release it never saw: the page must say so, not look confident."""
    handlers = Handlers(ModelService(SETTINGS, translator=tiny_ct2_translator))
    out = handlers.brief(unseen_text, "ky", 3, progress=lambda *a, **k: None)
    warnings, table = out[1], out[6]
    doc = brief(unseen_text, tiny_ct2_translator, source="ky").translation  # as the page's
    assert doc.flagged_count > len(doc.sentences) // 2  # the tiny model knows none of it
    assert f"Translation check: {doc.flagged_count} of {len(doc.sentences)} sentences flagged" in (
        warnings
    )
    assert "This translation is unreliable" in warnings
    # the table: a Check column in words, and flagged rows tinted
    frame = table.data  # a pandas Styler: the rows are tinted
    flagged = [i for i, pair in enumerate(doc.sentences) if pair.flags]
    assert all(frame["Check"][i].startswith("⚠ ") for i in flagged)
    assert all(not frame["Check"][i].startswith("⚠") for i in range(len(frame)) if i not in flagged)
    css = table.to_html().split("</style>")[0]  # pandas groups the tinted cells in one rule
    rule = next(block for block in css.split("}") if FLAGGED_ROW.split(": ")[1] in block)
    assert {int(row) for row in re.findall(r"_row(\d+)_col\d", rule)} == set(flagged)


def test_memorized_translation_table_is_plain(tiny_ct2_translator):
    doc = tiny_ct2_translator.translate_document(seed_text(SEED_IDS[0]), source="ky")
    frame = translation_frame(doc)
    assert list(frame.columns) == ["Source", "Translation", "Check"]
    assert all(re.fullmatch(r"✓ confidence 0\.\d\d", cell) for cell in frame["Check"])
    assert warnings_markdown(brief(seed_text(SEED_IDS[0]), tiny_ct2_translator)).startswith(
        "✓ Figure check"
    )


# -- the APIs -------------------------------------------------------------------------------


def test_json_api_and_libretranslate_carry_confidence(tiny_ct2_translator, unseen_text):
    client = TestClient(build_server(ModelService(SETTINGS, translator=tiny_ct2_translator)))
    seed = client.post("/api/v1/translate", json={"text": FIRST[1]["ky"], "source": "ky"}).json()
    (pair,) = seed["paragraphs"][0]["sentences"]
    assert pair["confidence"] > 0.85 and pair["flags"] == [] and seed["flagged_count"] == 0
    news = client.post("/api/v1/translate", json={"text": unseen_text, "source": "ky"}).json()
    assert news["flagged_count"] > 0
    sentences = [s for p in news["paragraphs"] for s in p["sentences"]]
    assert all(0 <= s["confidence"] <= 1 for s in sentences)
    made = client.post("/api/v1/brief", json={"text": unseen_text}).json()
    # the brief's own flags are the translation's, plus the meaning check of what it shows
    assert made["flagged_count"] == brief(unseen_text, tiny_ct2_translator).flagged_count
    assert made["flagged_count"] > news["flagged_count"]
    assert len(made["summary_flags"]) == len(made["summary_sentences"])
    lt = client.post(
        "/translate", json={"q": [FIRST[1]["ky"], NTREX[0]], "source": "ky", "target": "en"}
    ).json()
    assert lt["confidence"][0] > 0.85 and lt["flags"][0] == []
    assert lt["confidence"][1] < lt["confidence"][0]


# -- the command line and batch -------------------------------------------------------------


def test_translate_show_flags(tmp_path, capsys, tiny_ct2_translator, unseen_text):
    source = tmp_path / "news.txt"
    source.write_text(unseen_text, encoding="utf-8")
    assert main(["translate", str(source), "-s", "ky", "--show-flags", *MODEL]) == 0
    out = capsys.readouterr()
    doc = tiny_ct2_translator.translate_document(unseen_text, source="ky")
    assert out.out == doc.translation + "\n"  # stdout stays the translation alone
    assert out.err.startswith(f"kybrief: {doc.flagged_count} of {len(doc.sentences)} sentences")
    first = next(i for i, p in enumerate(doc.sentences, 1) if p.flags)
    assert f"  [{first}] " in out.err
    seed = tmp_path / "seed.txt"
    seed.write_text(FIRST[1]["ky"], encoding="utf-8")
    assert main(["translate", str(seed), "--show-flags", *MODEL]) == 0
    assert capsys.readouterr().err == "kybrief: 0 of 1 sentences flagged\n"


def test_batch_records_say_how_many_sentences_are_flagged(tmp_path, unseen_text):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(seed_text(SEED_IDS[0]), encoding="utf-8")
    (folder / "news.txt").write_text(unseen_text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    options = ["--mode", "both", *MODEL]
    assert main(["batch", str(folder), "-o", str(out), *options]) == 0
    records = {r["id"].rsplit("/", 1)[-1]: r for r in map(json.loads, out.read_text().splitlines())}
    seed, news = records["seed.txt"]["quality"], records["news.txt"]["quality"]
    assert seed == {"sentences": 13, "flagged": 0, "mean_confidence": seed["mean_confidence"]}
    assert seed["mean_confidence"] > 0.85
    assert news["flagged"] > 0 and news["mean_confidence"] < seed["mean_confidence"]
    made = records["news.txt"]["brief"]
    flagged = {s["source"]: s["flags"] for s in _sentences(made["translation"]) if s["flags"]}
    plain = {s["source"] for s in _sentences(records["news.txt"]["translation"]) if s["flags"]}
    assert made["flagged_count"] == len(flagged) and plain <= set(flagged)
    assert all("meaning" in flagged[s] for s in set(flagged) - plain)  # what the brief shows
    md = tmp_path / "out.md"
    assert main(["batch", str(folder), "-o", str(md), *options]) == 0
    assert f"⚠ *Sentences flagged: {news['flagged']} of {news['sentences']}" in md.read_text()


def test_brief_dataclass_keeps_old_json_readable(tiny_ct2_translator):
    result = brief(seed_text(SEED_IDS[0]), tiny_ct2_translator)
    old = {
        k: v
        for k, v in result.to_dict().items()
        if k not in ("headline_flags", "summary_flags", "key_point_flags", "flagged_count")
    }
    assert Brief.from_dict(old) == dataclasses.replace(result, summary_flags=(), key_point_flags=())


def _sentences(document: dict) -> list[dict]:
    return [s for p in document["paragraphs"] for s in p["sentences"]]
