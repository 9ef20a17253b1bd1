"""brief() on the seed releases with the tiny trained model: facts, sentences, guard, modes."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import json

import pytest
from conftest import (
    SEED_IDS,
    cut_from,
    headline_from,
    load_seed_rows,
    seed_paragraphs,
    seed_text,
)

import summarize
from summarize import Brief, brief, read_source, select_sentences
from summarize.headline import shorten_headline
from translate.cache import TranslationCache
from translate.errors import InputError, KybriefError, UnsupportedLanguageError
from translate.segment import split_sentences


def _references(doc_id: str) -> set[str]:
    """The reference English sentences of a seed: sentences.jsonl rows, checked against .en.txt."""
    rows = {row["en"] for row in load_seed_rows() if row["doc"] == doc_id}
    human = {
        s for line in seed_text(doc_id, "en").splitlines() for s in split_sentences(line, "en")
    }
    assert rows == human  # the fixture's premise: the rows are the human .en.txt, split
    return rows


class _Counting:
    """Wraps an engine's translate_batch: records every sentence sent to the model."""

    def __init__(self, engine, change: tuple[str, str] | None = None) -> None:
        self.inner = engine.translate_batch
        self.change = change
        self.texts: list[str] = []

    def __call__(self, texts, source, target, **kwargs):
        self.texts.extend(texts)
        out = self.inner(texts, source, target, **kwargs)
        if self.change:
            out = [dataclasses.replace(o, text=o.text.replace(*self.change)) for o in out]
        return out


@pytest.fixture
def counting(tiny_ct2_translator, monkeypatch):
    spy = _Counting(tiny_ct2_translator.engine)
    monkeypatch.setattr(tiny_ct2_translator.engine, "translate_batch", spy)
    return spy


_MEMO: dict[tuple, Brief] = {}
_REMEMBERING: dict[int, object] = {}


def _brief(translator, doc_id: str, lang: str = "ky", **kwargs) -> Brief:
    """brief() of a seed, computed once per arguments (for tests that patch nothing).

    It goes through a copy of ``translator`` with an in-memory translation memory, so each
    seed is translated by the model once however many briefs are made of it.
    """
    key = (id(translator), doc_id, lang, tuple(sorted(kwargs.items())))
    if key not in _MEMO:
        _MEMO[key] = brief(seed_text(doc_id, lang), _remembering(translator), **kwargs)
    return _MEMO[key]


def _remembering(translator):
    """A copy of ``translator`` (same loaded engine) with an in-memory translation memory."""
    if id(translator) not in _REMEMBERING:
        remembering = copy.copy(translator)
        remembering.cache = TranslationCache(":memory:")
        _REMEMBERING[id(translator)] = remembering
    return _REMEMBERING[id(translator)]


class _Unusable:
    """A translator that must not be touched: bad input fails before any translation."""

    def __getattr__(self, name):
        raise AssertionError(f"the translator was used ({name}) for input that should fail")


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_seed_brief_has_every_gold_fact(tiny_ct2_translator, gold, doc_id, lang):
    b = _brief(tiny_ct2_translator, doc_id, lang)
    facts = gold[doc_id]
    figures = {(f.value, f.unit) for f in b.figures}
    for figure in facts["figures"]:
        assert (figure["value"], figure["unit"]) in figures
    ranks = {f.value for f in b.figures if f.kind == "rank"}
    assert {r["value"] for r in facts.get("ranks", [])} <= ranks
    dates = {(d.year, d.month) for d in b.dates}
    for date in facts["dates"]:
        assert (date["year"], date["month"]) in dates
    entities = {(e.name, e.kind) for e in b.entities}
    for kind, names in facts["entities"].items():
        for name in names:
            assert (name, kind) in entities
    assert b.source_language == lang
    assert b.sentence_count == facts["sentences"]


@pytest.mark.parametrize("sentences", [2, 3, 4])
@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_summary_and_headline_are_reference_sentences(tiny_ct2_translator, doc_id, sentences):
    b = _brief(tiny_ct2_translator, doc_id, sentences=sentences)
    refs = _references(doc_id)
    assert headline_from(b.headline, refs)
    assert len(b.summary_sentences) == sentences
    assert len(set(b.summary_sentences)) == sentences
    assert set(b.summary_sentences) <= refs
    assert b.summary == " ".join(b.summary_sentences)
    # the headline is the top sentence, shortened by removing words only
    assert b.headline == shorten_headline(b.summary_sentences[0])
    assert cut_from(b.headline, b.summary_sentences[0])
    assert set(b.key_points) <= refs and not set(b.key_points) & set(b.summary_sentences)
    # the translation is the whole reference, sentence for sentence, in full mode
    assert [p.translation for p in b.translation.sentences] == [
        s for p in seed_paragraphs(doc_id, "en") for s in split_sentences(p, "en")
    ]


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_summary_is_ordered_by_importance(tiny_ct2_translator, doc_id):
    text = seed_text(doc_id)
    b = _brief(tiny_ct2_translator, doc_id, sentences=4)
    src = read_source(text)
    scores = select_sentences(src.sentences, 4).scores
    english = {p.source: p.translation for p in b.translation.sentences}
    by_text = {english[s.text]: scores[s.index] for s in src.sentences}
    ordered = [by_text[s] for s in b.summary_sentences]
    assert ordered == sorted(ordered, reverse=True)
    # key points keep the order of the release
    positions = [[p.translation for p in b.translation.sentences].index(k) for k in b.key_points]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_no_warnings_on_the_seeds(tiny_ct2_translator, doc_id, lang):
    for full in (True, False):
        b = _brief(tiny_ct2_translator, doc_id, lang, full_translation=full)
        assert b.warnings == ()
    assert _brief(tiny_ct2_translator, doc_id, lang).unchecked_figures == ()


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_russian_source_briefs_to_the_same_english(tiny_ct2_translator, doc_id):
    ky = _brief(tiny_ct2_translator, doc_id, "ky")
    ru = _brief(tiny_ct2_translator, doc_id, "ru")
    refs = _references(doc_id)
    assert ru.source_language == "ru"
    assert ru.headline == ky.headline
    assert set(ru.summary_sentences) <= refs
    assert ru.translation.translation == ky.translation.translation
    assert {(f.value, f.unit) for f in ru.figures} == {(f.value, f.unit) for f in ky.figures}


def test_dropped_figure_becomes_a_warning(tiny_ct2_translator, monkeypatch):
    spy = _Counting(tiny_ct2_translator.engine, change=("12 thousand", "21 thousand"))
    monkeypatch.setattr(tiny_ct2_translator.engine, "translate_batch", spy)
    text = seed_text(SEED_IDS[0])
    b = brief(text, tiny_ct2_translator)
    assert "21 thousand tonnes of wheat" in b.translation.translation  # the change happened
    assert len(b.warnings) == 1
    assert "12 миң тонна буудай" in b.warnings[0] and "12,000" in b.warnings[0]
    # fast mode checks it too when the sentence is translated ...
    fast = brief(text, tiny_ct2_translator, full_translation=False)
    assert any("12 миң" in p.source for p in fast.translation.sentences)
    assert fast.warnings == b.warnings
    # ... and says it could not check it, without a false warning, when it is not
    lead_only = brief(text, tiny_ct2_translator, sentences=1, key_points=0, full_translation=False)
    assert lead_only.warnings == ()
    assert {f.value for f in lead_only.unchecked_figures} == {f.value for f in b.figures}
    assert "not checked" in lead_only.to_markdown()


@pytest.mark.parametrize("sentences", [2, 4])
@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_fast_mode_translates_fewer_sentences(tiny_ct2_translator, doc_id, lang, sentences):
    # (without the meaning check: the way back asks the memory too, test_meaning counts it)
    full = _brief(tiny_ct2_translator, doc_id, lang, sentences=sentences, verify=False)
    memory = _remembering(tiny_ct2_translator).cache
    before = memory.stats()
    fast = _brief(
        tiny_ct2_translator, doc_id, lang, sentences=sentences, full_translation=False, verify=False
    )
    after = memory.stats()
    asked = after.hits + after.misses - before.hits - before.misses
    assert asked == fast.translated_count < full.sentence_count
    assert after.misses == before.misses  # all in the memory since the full brief
    assert (fast.mode, full.mode) == ("fast", "full")
    assert fast.headline == full.headline
    assert fast.summary_sentences == full.summary_sentences
    assert fast.key_points == full.key_points
    assert fast.figures == full.figures and fast.entities == full.entities


def test_fast_mode_sends_only_the_chosen_sentences_to_the_model(tiny_ct2_translator, counting):
    text = seed_text(SEED_IDS[0])
    fast = brief(text, tiny_ct2_translator, full_translation=False, verify=False)
    chosen = select_sentences(read_source(text).sentences).chosen
    assert len(counting.texts) == len(chosen) == fast.translated_count
    assert set(counting.texts) == {p.source for p in fast.translation.sentences}
    assert fast.translated_count < fast.sentence_count


def test_full_mode_translates_every_sentence_once(tiny_ct2_translator, counting):
    b = brief(seed_text(SEED_IDS[1]), tiny_ct2_translator, full_translation=True, verify=False)
    assert sorted(counting.texts) == sorted(p.source for p in b.translation.sentences)
    assert len(counting.texts) == b.sentence_count == b.translated_count


@pytest.mark.parametrize("full", [True, False])
def test_to_dict_is_json_and_round_trips(tiny_ct2_translator, full):
    b = _brief(tiny_ct2_translator, SEED_IDS[0], full_translation=full)
    data = json.loads(json.dumps(b.to_dict(), ensure_ascii=False))
    assert data["headline"] == b.headline and data["summary"] == b.summary
    assert [f["value"] for f in data["figures"]] == [f.value for f in b.figures]
    assert [e["name"] for e in data["entities"]] == [e.name for e in b.entities]
    assert data["mode"] == b.mode and data["translated_count"] == b.translated_count
    again = Brief.from_dict(data)
    assert again == b
    assert again.translation.translation == b.translation.translation
    with pytest.raises(InputError):
        Brief.from_dict({"headline": "x"})


def test_markdown_has_headline_figures_table_and_warnings(tiny_ct2_translator, monkeypatch):
    b = _brief(tiny_ct2_translator, SEED_IDS[0])
    md = b.to_markdown()
    assert md.splitlines()[0] == f"# {b.headline}"
    assert b.summary in md
    for figure in b.figures:
        row = next(line for line in md.splitlines() if line.startswith(f"| {figure.text} |"))
        assert figure.source in row
    assert "## Warnings" in md and "None" in md.split("## Warnings")[1]
    spy = _Counting(tiny_ct2_translator.engine, change=("2,000 buses", "200 buses"))
    monkeypatch.setattr(tiny_ct2_translator.engine, "translate_batch", spy)
    warned = brief(seed_text(SEED_IDS[0]), tiny_ct2_translator).to_markdown()
    section = warned.split("## Warnings")[1]
    assert "2000 даана автобус" in section and "None" not in section


def test_english_source_needs_no_translation(tiny_ct2_translator, counting, gold):
    doc_id = SEED_IDS[0]
    b = brief(seed_text(doc_id, "en"), tiny_ct2_translator)
    assert counting.texts == []
    assert b.source_language == "en"
    assert set(b.summary_sentences) <= _references(doc_id)
    values = {f.value for f in b.figures}
    assert {f["value"] for f in gold[doc_id]["figures"]} <= values
    assert {d.year for d in b.dates} == {2022}


def test_release_without_figures(tiny_ct2_translator):
    text = "\n".join(seed_paragraphs(SEED_IDS[1], "ky")[:3])
    b = brief(text, _remembering(tiny_ct2_translator))
    assert b.figures == ()
    assert b.warnings == ()
    assert "no figures" in b.to_markdown()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", InputError),
        ("   \n\t \n", InputError),
        ("2022. 12 345 — 67 %", InputError),
        ("*** … ***", InputError),
        (
            "Қазақстан Республикасының Президенті Қасым-Жомарт Тоқаев бүгін Астанада "
            "шетелдік инвесторлармен кездесті.",
            UnsupportedLanguageError,
        ),
        (None, InputError),
        (b"bytes", InputError),
    ],
)
def test_bad_input_is_a_kybrief_error_before_translation(text, error):
    with pytest.raises(error) as info:
        brief(text, _Unusable())
    assert isinstance(info.value, KybriefError)
    assert str(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [{"sentences": 0}, {"sentences": -2}, {"sentences": 1.5}, {"key_points": -1}, {"source": "kk"}],
)
def test_bad_arguments_are_kybrief_errors(kwargs):
    with pytest.raises(KybriefError):
        brief(seed_text(SEED_IDS[0]), _Unusable(), **kwargs)


def test_text_over_the_translator_limit(tiny_ct2_translator, monkeypatch):
    monkeypatch.setattr(tiny_ct2_translator, "max_chars", 100)
    with pytest.raises(InputError, match="limit"):
        brief(seed_text(SEED_IDS[0]), tiny_ct2_translator, full_translation=False)


def test_default_translator_is_made_once(tiny_ct2_translator, monkeypatch):
    made = []

    def fake_translator():
        made.append(1)
        return _remembering(tiny_ct2_translator)

    monkeypatch.setattr("translate.Translator", fake_translator)
    monkeypatch.setattr(importlib.import_module("summarize.brief"), "_default_translator", None)
    first = brief(seed_text(SEED_IDS[1]), sentences=2, full_translation=False)
    second = brief(seed_text(SEED_IDS[0]), sentences=2, full_translation=False)
    assert summarize.default_translator() is _remembering(tiny_ct2_translator)
    assert len(made) == 1
    assert headline_from(first.headline, _references(SEED_IDS[1]))
    assert headline_from(second.headline, _references(SEED_IDS[0]))


def test_summarize_shortcut_translates_only_the_summary(tiny_ct2_translator, counting):
    text = seed_text(SEED_IDS[0])
    summary = summarize.summarize(text, tiny_ct2_translator, sentences=2)
    assert len(counting.texts) == 2
    assert summary == _brief(tiny_ct2_translator, SEED_IDS[0], sentences=2).summary
