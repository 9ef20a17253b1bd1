"""One document plan, no model needed: the Translator and the brief segment alike."""

from __future__ import annotations

import sys

import pytest
from conftest import SEED_IDS, load_seed_rows, seed_text

from summarize.source import read_source
from translate import (
    NO_LANGUAGE,
    DocumentPlan,
    InputError,
    SentencePair,
    UnsupportedLanguageError,
    plan_document,
)

ROWS = load_seed_rows()


def test_planning_imports_no_model_library():
    """plan_document is text logic: no torch, no transformers, no CTranslate2."""
    import subprocess

    code = (
        "import sys; from translate import plan_document; "
        f"plan_document({seed_text(SEED_IDS[0])!r}); "
        "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_the_plan_of_a_seed_release(doc_id):
    plan = plan_document(seed_text(doc_id, "ky"))
    rows = [r for r in ROWS if r["doc"] == doc_id]
    assert [s for _, sentences in plan.paragraphs for s in sentences] == [r["ky"] for r in rows]
    assert {lang for lang, _ in plan.paragraphs} == {"ky"} and plan.language == "ky"
    assert len(plan.texts) == len(plan.paragraphs)


@pytest.mark.parametrize(("doc_id", "lang"), [(d, lang) for d in SEED_IDS for lang in ("ky", "ru")])
def test_read_source_is_built_from_the_plan(doc_id, lang):
    text = seed_text(doc_id, lang)
    plan, source = plan_document(text), read_source(text)
    assert [s.text for s in source.sentences] == [s for _, ss in plan.paragraphs for s in ss]
    assert [lang for lang, _ in source.paragraphs] == [lang for lang, _ in plan.paragraphs]
    assert [text for _, text in source.paragraphs] == list(plan.texts)
    assert source.separator == plan.separator


def test_paragraphs_without_letters_stay_whole_and_untranslated():
    text = f"{ROWS[0]['ky']}\n\n2024. 12. 31.\n\n{ROWS[1]['ru']}"
    plan = plan_document(text)
    assert plan.paragraphs[1] == (NO_LANGUAGE, ("2024. 12. 31.",))
    assert [lang for lang, _ in plan.paragraphs] == ["ky", NO_LANGUAGE, "ru"]
    assert plan_document(text, source="ky").paragraphs[1][0] == NO_LANGUAGE
    assert plan_document("2024", source="ky").language == NO_LANGUAGE
    source = read_source(text)
    assert [s.language for s in source.sentences if s.text == "2024. 12. 31."] == [NO_LANGUAGE]


def test_the_plan_assembles_a_document():
    plan = plan_document(f"{ROWS[0]['ky']} {ROWS[1]['ky']}\n{ROWS[2]['en']}")
    pair = SentencePair(ROWS[0]["ky"], ROWS[0]["en"], 0.9, ())
    doc = plan.assemble({0: pair, 1: "x"}, "en")  # by position, never by text
    assert doc.sentences == (
        pair,
        SentencePair(ROWS[1]["ky"], "x"),
        SentencePair(ROWS[2]["en"], ROWS[2]["en"]),
    )
    assert doc.separators == ("\n",) and doc.source_language == "ky"
    partial = plan.document("en", [[pair], []])
    assert partial.sentences == (pair,) and len(partial.paragraphs) == 2


def test_limits_and_errors():
    with pytest.raises(InputError, match="limit is 10"):
        plan_document("Бул. " * 5, max_chars=10)
    assert plan_document("Бул. " * 5, max_chars=None).paragraphs
    with pytest.raises(InputError, match="empty"):
        plan_document(" \n\u200b ")
    with pytest.raises(InputError, match="must be a str"):
        plan_document(42)
    with pytest.raises(UnsupportedLanguageError):
        plan_document(ROWS[0]["ky"], source="de")
    with pytest.raises(UnsupportedLanguageError):
        plan_document("吉尔吉斯斯坦总统今天会见了外国投资者。")


def test_the_translator_plans_with_its_own_limit(tiny_translator, monkeypatch):
    text = seed_text(SEED_IDS[0])
    assert tiny_translator.plan_document(text) == plan_document(text)
    assert isinstance(tiny_translator.plan_document(text), DocumentPlan)
    monkeypatch.setattr(tiny_translator, "max_chars", 100)
    with pytest.raises(InputError, match="limit is 100"):
        tiny_translator.plan_document(text)
