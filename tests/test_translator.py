"""The Translator on the committed tiny NLLB model: real translations, not shapes."""

from __future__ import annotations

import pytest
from conftest import SEED_IDS, TINY_MODEL, load_seed_rows, seed_paragraphs, seed_text

from translate import (
    InputError,
    KybriefError,
    ModelNotAvailableError,
    Translator,
    UnsupportedLanguageError,
    split_long_sentence,
)

ROWS = load_seed_rows()
DIRECTIONS = [("ky", "en"), ("ky", "ru"), ("ru", "en")]


@pytest.mark.parametrize("source,target", DIRECTIONS)
def test_every_seed_sentence_exactly(tiny_translator, source, target):
    sources = [row[source] for row in ROWS]
    got = tiny_translator.translate(sources, source=source, target=target)
    assert got == [row[target] for row in ROWS]


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_whole_release_keeps_paragraphs(tiny_translator, doc_id):
    english = tiny_translator.translate(seed_text(doc_id, "ky"), target="en")
    assert english == seed_text(doc_id, "en").strip()
    assert english.count("\n") == seed_text(doc_id, "ky").strip().count("\n")


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_release_to_russian(tiny_translator, doc_id):
    russian = tiny_translator.translate(seed_text(doc_id, "ky"), target="ru")
    assert russian.split("\n") == seed_paragraphs(doc_id, "ru")


def test_russian_release_to_english_is_detected(tiny_translator):
    doc = tiny_translator.translate_document(seed_text(SEED_IDS[1], "ru"))
    assert doc.source_language == "ru"
    assert doc.translation.split("\n") == seed_paragraphs(SEED_IDS[1], "en")


def test_document_alignment_matches_seed_sentences(tiny_translator):
    doc = tiny_translator.translate_document(seed_text(SEED_IDS[0], "ky"), target="en")
    assert doc.source_language == "ky"
    rows = [r for r in ROWS if r["doc"] == SEED_IDS[0]]
    assert [(p.source, p.translation) for p in doc.sentences] == [(r["ky"], r["en"]) for r in rows]
    assert len(doc.paragraphs) == max(r["paragraph"] for r in rows)
    assert doc.to_dict()["translation"] == doc.translation


def test_batched_equals_one_by_one(tiny_translator):
    sources = [row["ky"] for row in ROWS]
    one_by_one = [tiny_translator.translate(s, source="ky") for s in sources]
    assert tiny_translator.translate(sources, source="ky") == one_by_one


def test_list_in_list_out_same_order(tiny_translator):
    picked = [ROWS[5], ROWS[0], ROWS[20]]
    got = tiny_translator.translate([r["ru"] for r in picked], source="ru", target="en")
    assert got == [r["en"] for r in picked]


def test_source_detected_per_paragraph(tiny_translator):
    text = f"{ROWS[0]['ky']}\n{ROWS[1]['ru']}"
    doc = tiny_translator.translate_document(text, target="en")
    assert [p.source_language for p in doc.paragraphs] == ["ky", "ru"]
    assert doc.translation == f"{ROWS[0]['en']}\n{ROWS[1]['en']}"


def test_target_language_paragraph_passes_through(tiny_translator):
    text = f"{ROWS[0]['ky']}\n\n{ROWS[1]['en']}"
    assert tiny_translator.translate(text) == f"{ROWS[0]['en']}\n\n{ROWS[1]['en']}"


@pytest.mark.parametrize("segment", ["2022", "12 345 / 67", "1.", "—", "% 3,9"])
def test_digits_and_symbols_pass_through(tiny_translator, segment):
    assert tiny_translator.translate(segment, source="ky", target="en") == segment


class CountingEngine:
    """Wraps a real engine and records what reaches the model."""

    def __init__(self, engine):
        self.inner = engine
        self.name, self.model_id, self.device = engine.name, engine.model_id, engine.device
        self.max_input_tokens = engine.max_input_tokens
        self.batches: list[list[str]] = []
        self.budgets: list[int] = []

    def __getattr__(self, name):  # cache_identity, fingerprint, ...
        return getattr(self.inner, name)

    def count_tokens(self, text, source):
        return self.inner.count_tokens(text, source)

    def translate_batch(self, texts, source, target, *, beam_size, max_new_tokens):
        self.batches.append(list(texts))
        self.budgets.append(max_new_tokens)
        return self.inner.translate_batch(
            texts, source, target, beam_size=beam_size, max_new_tokens=max_new_tokens
        )


@pytest.fixture
def counting(tiny_translator, monkeypatch):
    engine = CountingEngine(tiny_translator.engine)
    monkeypatch.setattr(tiny_translator, "engine", engine)
    return engine


def test_long_sentence_is_cut_and_every_piece_translated(tiny_translator, counting, monkeypatch):
    monkeypatch.setattr(tiny_translator, "max_input_tokens", 24)
    sentence = ROWS[3]["ky"]
    count = lambda s: counting.count_tokens(s, "kir_Cyrl")  # noqa: E731
    pieces = split_long_sentence(sentence, 24, count)
    assert len(pieces) > 1
    out = tiny_translator.translate(sentence, source="ky")
    sent = [p for batch in counting.batches for p in batch]
    assert sorted(sent) == sorted(set(pieces))
    assert all(count(p) <= 24 for p in sent)
    assert " ".join(sent).split() and len(out.split()) >= len(pieces)


def test_output_budget_is_bounded_by_input_length(tiny_translator, counting):
    tiny_translator.translate([ROWS[1]["ky"], ROWS[2]["ky"]], source="ky")
    for batch, budget in zip(counting.batches, counting.budgets):
        longest = max(counting.count_tokens(s, "kir_Cyrl") for s in batch)
        assert longest < budget <= 2 * longest + 16


def test_identical_sentences_translated_once(tiny_translator, counting):
    same = ROWS[1]["ky"]
    assert tiny_translator.translate([same, same, same], source="ky") == [ROWS[1]["en"]] * 3
    assert sum(b.count(same) for b in counting.batches) == 1


def test_cache_serves_second_run(tmp_path, tiny_translator, counting, monkeypatch):
    from translate import TranslationCache

    cache = TranslationCache(tmp_path / "tm.sqlite")
    monkeypatch.setattr(tiny_translator, "cache", cache)
    text = seed_text(SEED_IDS[0], "ky")
    first = tiny_translator.translate(text)
    calls = len(counting.batches)
    assert tiny_translator.translate(text) == first
    assert len(counting.batches) == calls
    stats = cache.stats()
    assert stats.rows == 13 and stats.hits == 13


@pytest.mark.parametrize(
    "kwargs",
    [{"target": "zz"}, {"target": "de"}, {"source": "kk", "target": "en"}, {"target": None}],
)
def test_unsupported_language_lists_valid_codes(tiny_translator, kwargs):
    with pytest.raises(UnsupportedLanguageError) as err:
        tiny_translator.translate(ROWS[0]["ky"], **kwargs)
    assert "ky, ru, en" in str(err.value)


@pytest.mark.parametrize(
    "text",
    [
        "Қазақстан Республикасының Президенті Астанада шетелдік инвесторлармен кездесті.",
        "Oʻzbekiston Respublikasi Prezidenti bugun xorijiy investorlar bilan uchrashdi.",
        "吉尔吉斯斯坦总统今天会见了外国投资者。",
    ],
)
def test_other_languages_are_refused_not_guessed(tiny_translator, text):
    with pytest.raises(UnsupportedLanguageError):
        tiny_translator.translate(text)


@pytest.mark.parametrize("text", ["", "   \n\t ", "\u200b\u200e", 42, None, b"bytes"])
def test_empty_or_non_text_is_input_error(tiny_translator, text):
    with pytest.raises(InputError):
        tiny_translator.translate(text)


def test_over_limit_input_is_refused_at_once(tiny_translator, monkeypatch):
    monkeypatch.setattr(tiny_translator, "max_chars", 1000)
    with pytest.raises(InputError, match="limit"):
        tiny_translator.translate("Бул. " * 500)


def test_invisible_characters_do_not_change_the_translation(tiny_translator):
    noisy = "\u200f" + ROWS[1]["ky"].replace(" ", " \u200b", 2) + "\x00"
    assert tiny_translator.translate(noisy, source="ky") == ROWS[1]["en"]


def test_missing_folder_says_how_to_download(tmp_path):
    with pytest.raises(ModelNotAvailableError, match="kybrief download"):
        Translator(str(tmp_path / "no-such-model"))


def test_hub_model_not_cached_offline(tmp_path):
    with pytest.raises(ModelNotAvailableError, match="kybrief download --model facebook/nllb"):
        Translator("facebook/nllb-200-distilled-1.3B", cache_dir=tmp_path, local_files_only=True)


def test_corrupt_model_folder(tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(TINY_MODEL, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelNotAvailableError):
        Translator(str(broken))


def test_unknown_engine_and_bad_sizes():
    with pytest.raises(InputError, match="engine"):
        Translator(str(TINY_MODEL), engine="marian")
    with pytest.raises(KybriefError):
        Translator(str(TINY_MODEL), batch_size=0)
