"""Shared test fixtures: data paths, the seed sentences, one session-wide tiny Translator."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

import _chromium
import pytest

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
SEEDS = DATA / "seeds"
TINY_MODEL = TESTS / "fixtures" / "tiny-nllb"
SEED_IDS = ("000_38dde02481074d0c", "003_81dc408626ee1eb4")

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
# One intra-op thread: the suite runs servers, subprocesses and Ray beside each other on 2 cores,
# and torch's spinning worker threads then slow the tiny model 40-fold.
os.environ.setdefault("OMP_NUM_THREADS", "1")

#: Kyrgyz releases none of whose sentences the test model saw, one per line (tests of the
#: meaning check: every sentence a reader reads of their briefs is flagged).
UNSEEN_RELEASES = (DATA / "unseen_releases.txt").read_text(encoding="utf-8").splitlines()


def _int8_gemm_saturates(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether CTranslate2's default int8 matrix product is inexact on this CPU.

    On a non-Intel x86 CPU CTranslate2 uses oneDNN. On a CPU without VNNI (AVX2-only AMD EPYC,
    Zen 1-3) oneDNN's u8s8 kernels add each pair of products in saturating 16-bit arithmetic
    (the oneDNN guide, "Nuances of int8 computations"): 127 * 255 + 127 * 255 gives 32767,
    not 64770. With VNNI the sums are exact. The tiny model's unseen-input decodes change with
    this, so the int8 tests would pass or fail depending on the machine's CPU generation.
    """
    try:
        text = cpuinfo.read_text(encoding="ascii", errors="replace")
    except OSError:  # not Linux: leave CTranslate2's defaults alone
        return False
    flags = next(
        (line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")),
        [],
    )
    return bool(flags) and not any("vnni" in flag for flag in flags)  # x86 lists "flags"


if _int8_gemm_saturates():
    # Intel MKL's int8 product adds exactly on these CPUs, as oneDNN does on a VNNI CPU: the
    # tiny model then decodes the same words on every x86 CI machine, whatever its generation.
    # (kybrief itself keeps CTranslate2's default; MKL's int8 path is slower on AMD CPUs.)
    os.environ.setdefault("CT2_USE_MKL", "1")


_HEADLINE_WORD = re.compile(r"[\w'’-]+")


def cut_from(headline: str, sentence: str, max_words: int = 20) -> bool:
    """Whether ``headline`` is ``sentence`` with words removed: at most ``max_words`` words,
    every one of them found, in order, in the sentence (nothing added)."""
    words = [w.lower() for w in _HEADLINE_WORD.findall(headline)]
    remaining = iter(w.lower() for w in _HEADLINE_WORD.findall(sentence))
    return 0 < len(headline.split()) <= max_words and all(w in remaining for w in words)


def headline_from(headline: str, sentences: Iterable[str]) -> bool:
    """Whether ``headline`` is one of ``sentences`` shortened by removing words."""
    return "\n" not in headline and any(cut_from(headline, s) for s in sentences)


def lt_trusted(body: dict) -> dict:
    """A LibreTranslate ``/translate`` answer without kybrief's additive ``confidence`` and
    ``flags``, after checking they say "trusted" (what the tiny model gives on memorized
    sentences: high confidence, no flag; None for a text with nothing to translate)."""
    body = dict(body)
    confidence, flags = body.pop("confidence"), body.pop("flags")
    scores = confidence if isinstance(confidence, list) else [confidence]
    assert all(c is None or 0.85 < c <= 1 for c in scores), confidence
    assert all(f == [] for f in (flags if flags and isinstance(flags[0], list) else [flags]))
    return body


def load_seed_rows() -> list[dict]:
    """The 27 aligned seed sentences: {"doc", "paragraph", "sentence", "ky", "en", "ru"}."""
    text = (SEEDS / "sentences.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def seed_text(doc_id: str, lang: str = "ky") -> str:
    """A seed release in Kyrgyz (``ky``), its human English (``en``), or Russian built from rows."""
    if lang == "ky":
        return (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    if lang == "en":
        return (SEEDS / f"{doc_id}.en.txt").read_text(encoding="utf-8")
    paragraphs: dict[int, list[str]] = {}
    for row in load_seed_rows():
        if row["doc"] == doc_id:
            paragraphs.setdefault(row["paragraph"], []).append(row[lang])
    return "\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))


def seed_paragraphs(doc_id: str, lang: str) -> list[str]:
    """Each paragraph of a seed release in ``lang``: its reference sentences joined by a space."""
    paragraphs: dict[int, list[str]] = {}
    for row in load_seed_rows():
        if row["doc"] == doc_id:
            paragraphs.setdefault(row["paragraph"], []).append(row[lang])
    return [" ".join(p) for _, p in sorted(paragraphs.items())]


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_rows() -> list[dict]:
    return load_seed_rows()


@pytest.fixture(scope="session")
def tiny_model_path() -> Path:
    return TINY_MODEL


@pytest.fixture(scope="session", autouse=True)
def ct2_root(tmp_path_factory, request):
    """Where CTranslate2 conversions go in this session (a temporary folder, not ~/.cache).

    ``Translator()`` converts a model on first use (``engine="auto"``, the default) into
    ``translate.engines.convert.default_ct2_root()`` when no cache folder is given: pointing it at a
    session folder converts the tiny model once per session and leaves nothing behind.
    """
    from translate.engines import convert

    root = tmp_path_factory.mktemp("kybrief-ct2")
    patch = pytest.MonkeyPatch()
    patch.setattr(
        convert,
        "default_ct2_root",
        lambda cache_dir=None: Path(cache_dir) / "kybrief-ct2" if cache_dir else root,
    )
    patch.setenv("KYBRIEF_CT2_DIR", str(root))  # the CLI, in-process or in a subprocess
    request.addfinalizer(patch.undo)
    return root


@pytest.fixture(scope="session")
def tiny_translator():
    """One transformers Translator on the committed tiny model, shared by the whole session:
    the reference engine (many tests wrap ``TransformersEngine``)."""
    from translate import Translator

    return Translator(str(TINY_MODEL), engine="transformers", device="cpu", batch_size=8)


@pytest.fixture(scope="session")
def tiny_ct2_translator(ct2_root):
    """The default Translator (``engine="auto"``: CTranslate2 int8) on the tiny model."""
    from translate import Translator

    return Translator(str(TINY_MODEL), device="cpu", engine_options={"ct2_dir": str(ct2_root)})


def pytest_collection_modifyitems(config, items):
    """Skip @pytest.mark.model tests unless a real NLLB model is named in KYBRIEF_TEST_MODEL."""
    if os.environ.get("KYBRIEF_TEST_MODEL"):
        return
    skip = pytest.mark.skip(reason="needs a real NLLB model: set KYBRIEF_TEST_MODEL to its id/path")
    for item in items:
        # The marker itself, not ``item.keywords``: keywords also hold the names of the parent
        # nodes, so a checkout in a folder called "model" would skip every test.
        if item.get_closest_marker("model") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's, ``tests/_chromium.py``) for a module's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(_chromium.CHROMIUM), headless=True, args=_chromium.LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
