"""The CTranslate2 engine: same output as transformers, cached conversion, options, errors."""

from __future__ import annotations

import csv

import ctranslate2
import pytest
from conftest import DATA, SEED_IDS, TINY_MODEL, load_seed_rows, seed_text

from translate import Translator
from translate.engines import convert as convert_mod
from translate.engines.convert import (
    MARKER,
    ConversionError,
    build_vocab_map,
    check_quantization,
    convert_model,
)
from translate.engines.ctranslate2 import CTranslate2Engine, FastNllbTokens
from translate.engines.loader import load_engine
from translate.errors import InputError, KybriefError, ModelNotAvailableError

DIRECTIONS = [("ky", "en"), ("ky", "ru"), ("ru", "en")]
NLLB = {"ky": "kir_Cyrl", "en": "eng_Latn", "ru": "rus_Cyrl"}
ROWS = load_seed_rows()


@pytest.fixture(scope="module")
def ct2_cache(tmp_path_factory):
    """A Hugging Face cache folder of our own: conversions land in <it>/kybrief-ct2."""
    return tmp_path_factory.mktemp("hf-cache")


@pytest.fixture(scope="module")
def ct2_translator(ct2_cache):
    return Translator(
        str(TINY_MODEL), engine="ctranslate2", device="cpu", batch_size=8, cache_dir=ct2_cache
    )


@pytest.fixture(scope="module")
def outputs(ct2_translator, tiny_translator):
    """Every seed sentence in every trained direction, through both engines."""
    out = {}
    for src, tgt in DIRECTIONS:
        sentences = [row[src] for row in ROWS]
        reference = tiny_translator.translate_sentences(sentences, src, tgt)
        out[(src, tgt)] = (ct2_translator.translate_sentences(sentences, src, tgt), reference)
    return out


def _must_not_be_called(*args, **kwargs):
    raise AssertionError("the model was converted again")


# -- same output as transformers ------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(ROWS)))
@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
def test_each_seed_sentence_equals_transformers(outputs, src, tgt, index):
    ct2, hf = outputs[(src, tgt)]
    assert ct2[index] == hf[index]
    # The tiny model was trained to reproduce the seed translations exactly.
    assert ct2[index] == ROWS[index][tgt]


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_whole_seed_release_equals_transformers(ct2_translator, tiny_translator, doc_id):
    text = seed_text(doc_id, "ky")
    ct2 = ct2_translator.translate_document(text, source="ky", target="en")
    hf = tiny_translator.translate_document(text, source="ky", target="en")
    assert [(p.source, p.translation, p.flags) for p in ct2.sentences] == [
        (p.source, p.translation, p.flags) for p in hf.sentences
    ]
    # int8 against float32 weights: the same words, nearly the same confidence.
    assert all(abs(a.confidence - b.confidence) < 1e-2 for a, b in zip(ct2.sentences, hf.sentences))
    assert ct2.translation == hf.translation and len(ct2.translation) > 200


@pytest.mark.parametrize("budget", [3, 6, 11])
def test_short_token_budget_cuts_like_transformers(ct2_translator, tiny_translator, budget):
    """Both engines count the target-language token in the output budget."""
    texts = [row["ky"] for row in ROWS[:6]]
    ct2 = ct2_translator.engine.translate_batch(
        texts, "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=budget
    )
    hf = tiny_translator.engine.translate_batch(
        texts, "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=budget
    )
    ct2, hf = [h.text for h in ct2], [h.text for h in hf]
    assert ct2 == hf
    assert all(len(out) < len(row["en"]) for out, row in zip(ct2, ROWS))


def _ntrex(limit: int = 300) -> list[tuple[str, str]]:
    path = DATA / "ntrex128" / "ky_en_ru.tsv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))[2 : 2 + limit]
    codes = {2: "kir_Cyrl", 3: "eng_Latn", 4: "rus_Cyrl"}
    return [(codes[i], r[i]) for r in rows for i in codes if len(r) > i]


def test_fast_tokenizer_matches_transformers(ct2_translator, tiny_translator):
    """The torch-free tokenizer gives transformers' source tokens and detokenized text."""
    fast = ct2_translator.engine.tokenizer
    assert isinstance(fast, FastNllbTokens)
    hf = tiny_translator.engine.tokenizer
    samples = [(code, row[lang]) for row in ROWS for lang, code in NLLB.items()] + _ntrex()
    for code, text in samples:
        hf.src_lang = code
        expected = hf.convert_ids_to_tokens(hf(text).input_ids)
        assert list(fast.source_tokens(text, code)) == expected
        ids = hf(text).input_ids[1:-1]
        assert fast.detokenize(expected[1:-1]) == hf.decode(ids, skip_special_tokens=True)


@pytest.mark.model
def test_fast_tokenizer_matches_transformers_on_the_real_model():
    """The same check on the real NLLB tokenizer (KYBRIEF_TEST_MODEL, already downloaded)."""
    import os

    from transformers import AutoTokenizer

    from translate.engines.convert import resolve_checkpoint

    folder = resolve_checkpoint(os.environ["KYBRIEF_TEST_MODEL"], local_files_only=True)
    fast, hf = FastNllbTokens(folder / "tokenizer.json"), AutoTokenizer.from_pretrained(folder)
    for code, text in _ntrex(2000):
        hf.src_lang = code
        assert list(fast.source_tokens(text, code)) == hf.convert_ids_to_tokens(hf(text).input_ids)


# -- conversion: once, keyed, atomic ----------------------------------------------------------


def test_conversion_is_cached(ct2_translator, ct2_cache, monkeypatch):
    folder = ct2_translator.engine.converted.path
    assert folder.parent == ct2_cache / "kybrief-ct2"
    before = (folder / MARKER).stat()
    monkeypatch.setattr(convert_mod, "_convert_into", _must_not_be_called)
    again = CTranslate2Engine(str(TINY_MODEL), device="cpu", cache_dir=ct2_cache)
    assert again.converted.path == folder
    after = (folder / MARKER).stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []


def test_quantization_is_part_of_the_key(ct2_translator, ct2_cache):
    int8 = ct2_translator.engine.converted
    f32 = convert_model(str(TINY_MODEL), "float32", root=ct2_cache / "kybrief-ct2")
    assert (int8.quantization, f32.quantization) == ("int8", "float32")
    assert f32.path != int8.path and (f32.path / "model.bin").is_file()
    # float32 weights are about four times the int8 ones.
    assert (f32.path / "model.bin").stat().st_size > 2.5 * (int8.path / "model.bin").stat().st_size


def test_failed_conversion_leaves_nothing(tmp_path, monkeypatch):
    from ctranslate2.converters import TransformersConverter

    def broken(self, output_dir, **kwargs):
        (tmp_path / "partial").write_text("x")
        raise RuntimeError("disk full")

    monkeypatch.setattr(TransformersConverter, "convert", broken)
    with pytest.raises(ConversionError, match="disk full") as info:
        convert_model(str(TINY_MODEL), "int8", root=tmp_path / "ct2")
    assert isinstance(info.value, ModelNotAvailableError)
    assert list((tmp_path / "ct2").iterdir()) == []


# -- options and errors ---------------------------------------------------------------------


def test_cpu_compute_type_is_int8(ct2_translator):
    engine = ct2_translator.engine
    assert engine.name == "ctranslate2" and engine.device == "cpu"
    assert engine.compute_type == "int8"
    assert engine.converted.quantization == "int8"
    assert engine.translator.compute_type.startswith("int8")
    assert check_quantization(None, "cpu") == "int8"
    assert check_quantization("auto", "cuda") == "int8_float16"


@pytest.mark.parametrize("bad", ["int3", "fp16", ""])
def test_unknown_compute_type_is_a_clear_error(bad, ct2_cache):
    with pytest.raises(KybriefError, match="unknown compute type") as info:
        CTranslate2Engine(str(TINY_MODEL), device="cpu", cache_dir=ct2_cache, compute_type=bad)
    assert "int8" in str(info.value) and "float16" in str(info.value)


@pytest.mark.parametrize("model", ["./no/such/model", "nobody/no-such-nllb-model"])
def test_missing_model_says_how_to_download(model, tmp_path):
    with pytest.raises(ModelNotAvailableError, match="kybrief download --model") as info:
        CTranslate2Engine(model, device="cpu", cache_dir=tmp_path, local_files_only=True)
    assert model in str(info.value)


def test_cached_hub_model_converts_without_asking_the_hub(tmp_path, monkeypatch):
    import shutil

    repo, revision = "kybrief-test/tiny-nllb", "0" * 40
    entry = tmp_path / "hf" / f"models--{repo.replace('/', '--')}"
    shutil.copytree(TINY_MODEL, entry / "snapshots" / revision)
    (entry / "refs").mkdir()
    (entry / "refs" / "main").write_text(revision)
    # no hub call: the name resolve_checkpoint calls when a model is not cached
    monkeypatch.setattr("translate.engines.convert.download_model", _must_not_be_called)
    engine = CTranslate2Engine(repo, device="cpu", cache_dir=tmp_path / "hf")
    assert engine.converted.path.name.startswith("kybrief-test_tiny-nllb--int8--")
    out = engine.translate_batch(
        [ROWS[2]["ky"]], "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=99
    )
    assert [h.text for h in out] == [ROWS[2]["en"]]


def test_auto_picks_ctranslate2(ct2_cache):
    translator = Translator(str(TINY_MODEL), engine="auto", device="cpu", cache_dir=ct2_cache)
    assert translator.engine.name == "ctranslate2"
    assert translator.translate(ROWS[1]["ky"], source="ky", target="en") == ROWS[1]["en"]


def test_auto_falls_back_when_conversion_fails(tmp_path, monkeypatch):
    def cannot(*args, **kwargs):
        raise ConversionError("CTranslate2 conversion failed: unsupported")

    monkeypatch.setattr("translate.engines.ctranslate2.convert_model", cannot)
    engine = load_engine("auto", str(TINY_MODEL), device="cpu", cache_dir=tmp_path)
    assert engine.name == "transformers"


def test_a_model_ctranslate2_cannot_load_is_a_clear_error(ct2_cache, monkeypatch):

    def broken(*args, **kwargs):
        raise RuntimeError("CUDA driver version is insufficient")

    monkeypatch.setattr(ctranslate2, "Translator", broken)
    with pytest.raises(ConversionError, match=r"cannot load .* insufficient"):
        load_engine("ctranslate2", str(TINY_MODEL), device="cpu", cache_dir=ct2_cache)
    engine = load_engine("auto", str(TINY_MODEL), device="cpu", cache_dir=ct2_cache)
    assert engine.name == "transformers"


def test_auto_reports_a_missing_model(tmp_path):
    with pytest.raises(ModelNotAvailableError, match="kybrief download"):
        load_engine("auto", str(tmp_path / "absent"), device="cpu")


@pytest.mark.parametrize(
    ("engine", "options", "message"),
    [
        ("ctranslate2", {"beam": 4}, "unknown engine option"),
        ("transformers", {"compute_type": "int8"}, "only apply to engine='ctranslate2'"),
        ("ctranslate2", {"inter_threads": 0}, "inter_threads"),
    ],
)
def test_bad_engine_options(engine, options, message, ct2_cache):
    with pytest.raises(InputError, match=message):
        load_engine(engine, str(TINY_MODEL), device="cpu", cache_dir=ct2_cache, **options)


def test_two_workers_split_batches_evenly_and_agree(ct2_cache, outputs):
    engine = CTranslate2Engine(
        str(TINY_MODEL), device="cpu", cache_dir=ct2_cache, inter_threads=2, intra_threads=1
    )
    assert engine._split(27) == (14, "examples")
    assert engine._split(1) == (0, "examples")
    texts = [row["ru"] for row in ROWS]
    got = engine.translate_batch(texts, "rus_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=300)
    assert [h.text for h in got] == outputs[("ru", "en")][1]
    by_tokens = CTranslate2Engine(
        str(TINY_MODEL), device="cpu", cache_dir=ct2_cache, max_batch_tokens=300
    )
    assert by_tokens._split(27) == (300, "tokens")
    got = by_tokens.translate_batch(texts, "rus_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=300)
    assert [h.text for h in got] == outputs[("ru", "en")][1]


# -- vocabulary map ---------------------------------------------------------------------------


def test_build_vocab_map_layout():
    vocab = ["<s>", "<pad>", "</s>", "<unk>", "eng_Latn", "▁the", "▁cat", "▁dog", "a", "▁a", "ж"]
    text = build_vocab_map(vocab, ["the cat a"], lambda t: ["▁" + w for w in t.split()])
    lines = text.splitlines()
    allowed = set(lines[0].split())
    assert lines[0].startswith("\t")
    assert {"▁the", "▁cat", "▁a", "a"} <= allowed  # pieces seen, and single characters seen
    assert "▁dog" not in allowed and "ж" not in allowed
    assert "▁dog\t▁dog" in lines and "ж\tж" in lines  # copyable from the source
    assert not any(line.startswith(("eng_Latn", "<")) for line in lines[1:])


@pytest.fixture(scope="module")
def vmap_engine(ct2_cache, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("vmap") / "english.txt"
    corpus.write_text("\n".join(row["en"] for row in ROWS), encoding="utf-8")
    return CTranslate2Engine(str(TINY_MODEL), device="cpu", cache_dir=ct2_cache, vocab_map=corpus)


def test_vocab_map_from_target_text_keeps_output(vmap_engine, outputs):
    texts = [row["ky"] for row in ROWS]
    got = vmap_engine.translate_batch(
        texts, "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=200
    )
    assert [h.text for h in got] == outputs[("ky", "en")][1]
    assert vmap_engine.vocab_map.is_file()
    assert not (vmap_engine.converted.path / "vmap.txt").exists()  # the plain model has none


def test_vocab_map_restricts_output(ct2_cache, tmp_path):
    corpus = tmp_path / "one.txt"
    corpus.write_text(ROWS[1]["en"] + "\n", encoding="utf-8")
    engine = CTranslate2Engine(str(TINY_MODEL), device="cpu", cache_dir=ct2_cache, vocab_map=corpus)
    allowed = set(engine.vocab_map.read_text(encoding="utf-8").splitlines()[0].split())
    texts = [row["ky"] for row in ROWS[:8]]
    got = engine.translate_batch(texts, "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=60)
    got = [h.text for h in got]
    assert got[1] == ROWS[1]["en"]
    assert sum(g != row["en"] for g, row in zip(got, ROWS)) >= 5
    # The pieces CTranslate2 generated: all allowed, or copied from a source in the batch.
    source = [list(engine.tokenizer.source_tokens(text, "kir_Cyrl")) for text in texts]
    results = engine.translator.translate_batch(
        source, target_prefix=[["eng_Latn"]] * len(texts), beam_size=1, use_vmap=True
    )
    copyable = {piece for tokens in source for piece in tokens} | {"eng_Latn"}  # + prefix
    assert any(piece not in allowed for r in results for piece in r.hypotheses[0][1:])
    for result in results:
        assert set(result.hypotheses[0][1:]) <= allowed | copyable


# -- download --------------------------------------------------------------------------------


def test_download_ct2_converts_once_for_the_engine(tmp_path, monkeypatch, capsys):
    from ui.cli import main

    assert (
        main(["download", "--model", str(TINY_MODEL), "--ct2", "--cache-dir", str(tmp_path)]) == 0
    )
    printed = capsys.readouterr().out
    folders = list((tmp_path / "kybrief-ct2").iterdir())
    assert len(folders) == 1 and str(folders[0]) in printed and "int8" in printed
    monkeypatch.setattr(convert_mod, "_convert_into", _must_not_be_called)
    engine = CTranslate2Engine(
        str(TINY_MODEL), device="cpu", cache_dir=tmp_path, local_files_only=True
    )
    assert engine.converted.path == folders[0]
