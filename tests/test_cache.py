"""The translation memory: its key, confidence and flags kept, old files migrated."""

from __future__ import annotations

import copy
import dataclasses
import logging
import shutil
import sqlite3

import pytest
from conftest import TINY_MODEL, load_seed_rows

from translate import CacheKey, Hypothesis, KybriefError, SentencePair, TranslationCache, Translator
from translate.engines.transformers import model_fingerprint

ROWS = load_seed_rows()
KEY = CacheKey("m", "ctranslate2", "int8", 1, "", "abc", "ky", "en")


class _Recording:
    """Wraps an engine: records the sentences that reach it; can rewrite one hypothesis."""

    def __init__(self, engine, rewrite=None) -> None:
        self.inner, self.rewrite, self.texts = engine, rewrite, []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def translate_batch(self, texts, source, target, **kwargs):
        self.texts.extend(texts)
        hyps = self.inner.translate_batch(texts, source, target, **kwargs)
        return [self.rewrite(t, h) if self.rewrite else h for t, h in zip(texts, hyps)]


def _with(translator, cache, rewrite=None):
    """A copy of ``translator`` (same loaded model) with its own cache and a recording engine."""
    clone = copy.copy(translator)
    clone.cache = cache
    clone.engine = _Recording(translator.engine, rewrite)
    return clone


def test_key_names_everything_that_changes_a_translation(tiny_translator, tiny_ct2_translator):
    hf, ct2 = tiny_translator.cache_key("ky", "en"), tiny_ct2_translator.cache_key("ky", "en")
    assert (hf.engine, hf.compute_type, hf.beam_size, hf.vocab_map) == (
        "transformers",
        "float32",
        1,
        "",
    )
    assert (ct2.engine, ct2.compute_type, ct2.beam_size) == ("ctranslate2", "int8", 1)
    assert hf.fingerprint == ct2.fingerprint == model_fingerprint(str(TINY_MODEL))
    assert len({hf.setup, ct2.setup}) == 2
    for field in ("engine", "compute_type", "beam_size", "vocab_map", "fingerprint"):
        changed = dataclasses.replace(
            ct2, **{field: getattr(ct2, field) + type(getattr(ct2, field))(1)}
        )
        assert changed.setup != ct2.setup, field


def test_confidence_and_flags_round_trip(tmp_path):
    cache = TranslationCache(tmp_path / "tm.sqlite")
    pairs = [
        SentencePair("a", "A", 0.93, ()),
        SentencePair("b", "Б b", 0.31, ("wrong-language", "length")),
        SentencePair("c", "c", None, ()),  # not translated: never stored
    ]
    cache.put_many(KEY, pairs)
    again = TranslationCache(tmp_path / "tm.sqlite")
    assert again.get_many(KEY, ["a", "b", "c"]) == {"a": pairs[0], "b": pairs[1]}
    assert again.get_many(dataclasses.replace(KEY, fingerprint="abd"), ["a"]) == {}
    assert again.get_many(dataclasses.replace(KEY, beam_size=4), ["a"]) == {}
    assert again.stats().rows == 2


def test_a_version_1_file_is_migrated_and_its_rows_are_not_served(tmp_path, caplog):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE translations (model TEXT NOT NULL, engine TEXT NOT NULL, "
        "source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, source TEXT NOT NULL, "
        "translation TEXT NOT NULL, PRIMARY KEY (model, engine, source_lang, target_lang, source))"
    )
    db.execute("INSERT INTO translations VALUES ('m', 'ctranslate2:beam1', 'ky', 'en', 'a', 'A')")
    db.commit()
    db.close()
    with caplog.at_level(logging.INFO, logger="translate.cache"):
        cache = TranslationCache(path)
    assert "1 rows of the old format" in caplog.text
    assert cache.get_many(KEY, ["a"]) == {}
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (2,)
    assert db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall() == [
        ("sentences",)
    ]
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()
    with pytest.raises(KybriefError, match="newer kybrief"):
        TranslationCache(path)


def test_a_row_without_confidence_is_a_miss(tmp_path):
    cache = TranslationCache(tmp_path / "tm.sqlite")
    cache.put_many(KEY, [SentencePair("a", "A", 0.9, ())])
    cache._db.execute("UPDATE sentences SET confidence = NULL")
    assert cache.get_many(KEY, ["a"]) == {}


@pytest.mark.parametrize("engine", ["tiny_translator", "tiny_ct2_translator"])
def test_a_cached_sentence_is_as_informative_as_a_fresh_one(engine, request):
    """Confidence and flags come back from the cache, and the model is not asked again."""
    translator = request.getfixturevalue(engine)
    loop = ROWS[4]["ky"]

    def stutter(text, hyp):
        return Hypothesis(hyp.text + " tttttt", hyp.confidence) if text == loop else hyp

    cache = TranslationCache(":memory:")
    first = _with(translator, cache, stutter)
    sentences = [row["ky"] for row in ROWS[:6]]
    fresh = first.translate_pairs(sentences, "ky", "en")
    assert fresh[4].flags == ("repetition",) and fresh[4].translation.endswith(". t")
    assert all(p.confidence > 0.85 for p in fresh)
    second = _with(translator, cache)
    assert second.translate_pairs(sentences, "ky", "en") == fresh
    assert second.engine.texts == []
    # A stricter threshold applies to cached sentences too.
    strict = _with(translator, cache)
    strict.min_confidence = max(p.confidence for p in fresh) + 1e-6  # above every sentence's
    assert strict.min_confidence < 1
    assert all("low-confidence" in p.flags for p in strict.translate_pairs(sentences, "ky", "en"))
    assert strict.engine.texts == []


def test_a_rebuilt_local_model_does_not_reuse_old_translations(tmp_path, ct2_root):
    folder = tmp_path / "model"
    shutil.copytree(TINY_MODEL, folder)
    cache = TranslationCache(tmp_path / "tm.sqlite")
    options = {"ct2_dir": str(ct2_root)}
    first = Translator(str(folder), device="cpu", cache=cache, engine_options=options)
    assert first.translate(ROWS[1]["ky"], source="ky") == ROWS[1]["en"]
    # Rebuilt in place (here: the same weights written again, so a new modification time).
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes())
    second = Translator(str(folder), device="cpu", cache=cache, engine_options=options)
    assert second.cache_key("ky", "en").fingerprint != first.cache_key("ky", "en").fingerprint
    recording = _with(second, cache)
    assert recording.translate(ROWS[1]["ky"], source="ky") == ROWS[1]["en"]
    assert recording.engine.texts == [ROWS[1]["ky"]]
    assert cache.stats().rows == 2
