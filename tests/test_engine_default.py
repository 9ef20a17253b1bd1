"""The default engine: CTranslate2 int8, converted once, exact, safe under threads; fallbacks."""

from __future__ import annotations

import csv
import gc
import json
import logging
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ctranslate2
import pytest
from conftest import DATA, TINY_MODEL, load_seed_rows

from translate import Translator
from translate.engines import convert
from translate.engines import ctranslate2 as ct2_module
from translate.engines.convert import ConversionError
from translate.engines.ctranslate2 import HFNllbTokens

ROWS = load_seed_rows()
ROOT = Path(__file__).resolve().parents[1]
NLLB = {"ky": "kir_Cyrl", "ru": "rus_Cyrl", "en": "eng_Latn"}


def _ntrex(limit: int) -> list[dict[str, str]]:
    with (DATA / "ntrex128" / "ky_en_ru.tsv").open(encoding="utf-8") as f:
        next(f)
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[:limit]


def _counting_conversions(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = convert._convert_into

    def counted(checkpoint, tmp, model, *args):
        calls.append(model)
        return real(checkpoint, tmp, model, *args)

    monkeypatch.setattr(convert, "_convert_into", counted)
    return calls


# -- the default, converted once -----------------------------------------------------------


def test_the_default_engine_is_ctranslate2_int8(tiny_ct2_translator):
    engine = tiny_ct2_translator.engine
    assert (engine.name, engine.device, engine.compute_type) == ("ctranslate2", "cpu", "int8")
    assert engine.translator.compute_type.startswith("int8")
    assert tiny_ct2_translator.translate(ROWS[3]["ky"], source="ky") == ROWS[3]["en"]


def test_a_second_start_converts_nothing(tmp_path, monkeypatch, caplog):
    calls = _counting_conversions(monkeypatch)
    options = {"ct2_dir": str(tmp_path / "ct2")}
    with caplog.at_level(logging.INFO, logger="translate.engines.convert"):
        first = Translator(str(TINY_MODEL), device="cpu", engine_options=options)
    assert calls == [str(TINY_MODEL)]
    assert "this happens once" in caplog.text  # the progress message the CLI shows
    folder = first.engine.converted.path
    stamp = (folder / convert.MARKER).stat().st_mtime_ns
    second = Translator(str(TINY_MODEL), device="cpu", engine_options=options)
    assert calls == [str(TINY_MODEL)]  # still one conversion
    assert second.engine.converted.path == folder
    assert (folder / convert.MARKER).stat().st_mtime_ns == stamp
    assert second.translate(ROWS[0]["ru"], source="ru") == ROWS[0]["en"]


# -- fallbacks, each said in one warning ----------------------------------------------------


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_fallback_when_ctranslate2_cannot_be_imported(monkeypatch, caplog, tmp_path):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import ctranslate2 -> ImportError
    with caplog.at_level(logging.WARNING):
        translator = Translator(str(TINY_MODEL), device="cpu", cache_dir=tmp_path)
    assert translator.engine.name == "transformers"
    (warning,) = _warnings(caplog)
    assert "ctranslate2 is not installed" in warning
    assert translator.translate(ROWS[1]["ky"], source="ky") == ROWS[1]["en"]


def test_fallback_when_the_conversion_fails(monkeypatch, caplog, tmp_path):
    from ctranslate2.converters import TransformersConverter

    def broken(self, output_dir, **kwargs):
        raise RuntimeError("unsupported layer")

    monkeypatch.setattr(TransformersConverter, "convert", broken)
    with caplog.at_level(logging.WARNING):
        translator = Translator(str(TINY_MODEL), device="cpu", cache_dir=tmp_path)
    assert translator.engine.name == "transformers"
    (warning,) = _warnings(caplog)
    assert "unsupported layer" in warning and "using transformers" in warning
    assert not list((tmp_path / "kybrief-ct2").iterdir())  # nothing half-written


def test_fallback_when_the_device_is_not_supported(monkeypatch, caplog, tmp_path):
    calls = _counting_conversions(monkeypatch)
    monkeypatch.setattr(ct2_module, "_cuda_devices", lambda: 0)
    with pytest.raises(ConversionError, match="no CUDA device"):
        ct2_module.CTranslate2Engine(str(TINY_MODEL), device="cuda", ct2_dir=tmp_path)
    assert calls == []  # refused before converting anything

    def no_such_device(*args, **kwargs):
        raise RuntimeError("unsupported device cpu for this compute type")

    monkeypatch.setattr(ctranslate2, "Translator", no_such_device)
    with caplog.at_level(logging.WARNING):
        translator = Translator(str(TINY_MODEL), device="cpu", cache_dir=tmp_path)
    assert translator.engine.name == "transformers"
    (warning,) = _warnings(caplog)
    assert "unsupported device" in warning


# -- exactly a plain CTranslate2 int8 run ---------------------------------------------------


class _Recorder:
    """Stands in for the engine's ctranslate2.Translator and keeps every call."""

    def __init__(self, inner) -> None:
        self.inner, self.calls = inner, []

    def translate_batch(self, source, **kwargs):
        results = self.inner.translate_batch(source, **kwargs)
        self.calls.append((source, kwargs, [r.hypotheses[0] for r in results]))
        return results


@pytest.fixture(scope="module")
def recorded(tiny_ct2_translator):
    """Every CTranslate2 call kybrief's default Translator makes for seed and NTREX sentences,
    and what a plain ``ctranslate2.Translator(folder, compute_type="int8")`` gives for them."""
    engine = tiny_ct2_translator.engine
    plain = ctranslate2.Translator(str(engine.converted.path), compute_type="int8")
    cases = [(src, tgt, [r[src] for r in ROWS]) for src, tgt in (("ky", "en"), ("ky", "ru"))]
    cases += [("ru", "en", [r["ru"] for r in ROWS]), ("ky", "en", [r["ky"] for r in _ntrex(80)])]
    recorder = _Recorder(engine.translator)
    engine.translator = recorder
    try:
        for src, tgt, sentences in cases:
            tiny_ct2_translator.translate_sentences(sentences, src, tgt)
    finally:
        engine.translator = recorder.inner
    return plain, recorder.calls, cases


def test_kybrief_adds_nothing_that_changes_tokens(recorded):
    """The same batches through a plain CTranslate2 int8 translator give the same tokens:
    scores, end tokens, the worker split and the thread plan change nothing."""
    plain, calls, _ = recorded
    for source, kwargs, mine in calls:
        options = {
            k: v for k, v in kwargs.items() if k not in ("return_scores", "return_end_token")
        }
        results = plain.translate_batch(source, **options)
        assert [r.hypotheses[0] for r in results] == [
            m[:-1] if m[-1] == "</s>" else m for m in mine
        ]
    assert sum(len(source) for source, _, _ in calls) == 27 * 3 + 80


def test_output_equals_a_plain_loop_of_batches_of_16(recorded, tiny_ct2_translator):
    """kybrief (its default tuning: length-sorted batches by token budget) against a plain greedy
    loop over the sentences in their order, 16 at a time, CTranslate2's default threads: the
    same tokens up to kybrief's output budget (``2 × input + 16``; the plain loop may run on
    to 256 tokens in a loop). ``beam_size=1`` is passed: ``translate_batch``'s own default is
    a beam of 2.
    """
    plain, calls, cases = recorded
    mine = {
        (kwargs["target_prefix"][0][0], *s): h
        for source, kwargs, hyps in calls
        for s, h in zip(source, hyps)
    }
    tokenizer = tiny_ct2_translator.engine.tokenizer
    compared, differ = 0, []
    for src, tgt, sentences in cases:
        code = NLLB[tgt]
        tokens = [list(tokenizer.source_tokens(s, NLLB[src])) for s in sentences]
        for start in range(0, len(tokens), 16):
            batch = tokens[start : start + 16]
            results = plain.translate_batch(batch, target_prefix=[[code]] * len(batch), beam_size=1)
            for source, result in zip(batch, results):
                expected, got = result.hypotheses[0], mine[(code, *source)]
                same = got[:-1] == expected if got[-1] == "</s>" else expected[: len(got)] == got
                compared += 1
                if not same:
                    differ.append((tgt, " ".join(source[1:8])))
    assert compared == 27 * 3 + 80
    assert differ == []


# -- one copy of the weights, no torch when not needed --------------------------------------


def test_the_conversion_frees_the_torch_model_before_ctranslate2_loads(tmp_path):
    def torch_models() -> int:
        gc.collect()
        return sum(type(o).__name__ == "M2M100ForConditionalGeneration" for o in gc.get_objects())

    before = torch_models()
    engine = ct2_module.CTranslate2Engine(str(TINY_MODEL), device="cpu", ct2_dir=tmp_path)
    assert engine.converted.path.parent == tmp_path
    assert torch_models() == before


def test_a_converted_model_loads_without_torch(tiny_ct2_translator):
    """A second start (the model converted already, a tokenizer.json there) never imports
    torch or transformers: one copy of the weights, and no 250 MB of libraries."""
    root = tiny_ct2_translator.engine.converted.path.parent
    code = (
        "import sys, json\n"
        "from translate import Translator\n"
        f"t = Translator({str(TINY_MODEL)!r}, device='cpu', "
        f"engine_options={{'ct2_dir': {str(root)!r}}})\n"
        f"out = t.translate({ROWS[2]['ky']!r}, source='ky')\n"
        "print(json.dumps([t.engine.name, out, 'torch' in sys.modules, "
        "'transformers' in sys.modules]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout.splitlines()[-1]) == ["ctranslate2", ROWS[2]["en"], False, False]


# -- thread safety ---------------------------------------------------------------------------


def _mixed_jobs(rows: int = len(ROWS)) -> tuple[list[tuple[str, str]], list[str]]:
    """Kyrgyz and Russian seed sentences interleaved (of the first ``rows`` seeds), and the
    English of each."""
    jobs = [job for row in ROWS[:rows] for job in ((row["ky"], "ky"), (row["ru"], "ru"))]
    return jobs, [row["en"] for row in ROWS[:rows] for _ in range(2)]


@pytest.fixture
def fast_switching():
    """Switch threads as often as Python allows, so an unlocked race shows."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def _in_threads(translator, jobs: list[tuple[str, str]]) -> list:
    def one(job):
        return translator.translate_pairs([job[0]], job[1], "en")[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, jobs))


# (transformers on 6 seeds x 2 languages: with threads switching this often it is 5x slower)
@pytest.mark.parametrize(("engine", "rows"), [("tiny_translator", 6), ("tiny_ct2_translator", 27)])
def test_concurrent_requests_in_two_languages_equal_sequential_ones(
    engine, rows, request, fast_switching
):
    translator = request.getfixturevalue(engine)
    jobs, english = _mixed_jobs(rows)
    sequential = [translator.translate_pairs([t], lang, "en")[0] for t, lang in jobs]
    assert [p.translation for p in sequential] == english
    concurrent = _in_threads(translator, jobs * 2)
    assert concurrent == sequential * 2  # translations, confidences and flags


def test_the_transformers_tokenizer_path_is_thread_safe(tiny_ct2_translator, fast_switching):
    """CTranslate2 with the transformers tokenizer (a model without tokenizer.json): its
    language is tokenizer state, set and used under one lock."""
    tokens = HFNllbTokens(tiny_ct2_translator.engine.converted.path)
    fast = tiny_ct2_translator.engine.tokenizer
    jobs = [(f"{row[lang]} ({i})", NLLB[lang]) for i, row in enumerate(ROWS) for lang in NLLB]
    expected = [fast.source_tokens(text, code) for text, code in jobs]

    def one(job):
        return tokens.source_tokens(*job)

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(one, jobs * 20))
    assert got == expected * 20


def test_ctranslate2_with_the_transformers_tokenizer_under_threads(
    tmp_path, monkeypatch, fast_switching
):
    monkeypatch.setattr(ct2_module, "load_tokenizer", HFNllbTokens)
    translator = Translator(
        str(TINY_MODEL), device="cpu", engine_options={"ct2_dir": str(tmp_path)}
    )
    assert isinstance(translator.engine.tokenizer, HFNllbTokens)
    jobs, english = _mixed_jobs()
    assert [p.translation for p in _in_threads(translator, jobs * 2)] == english * 2


# -- kybrief download ------------------------------------------------------------------------


def test_download_converts_by_default(tmp_path, monkeypatch, capsys):
    from ui.cli import main

    calls = _counting_conversions(monkeypatch)
    model = ["download", "--model", str(TINY_MODEL), "--device", "cpu"]
    assert main([*model, "--cache-dir", str(tmp_path)]) == 0
    (folder,) = (tmp_path / "kybrief-ct2").iterdir()
    printed = capsys.readouterr().out
    assert str(folder) in printed and "(int8)" in printed and len(calls) == 1
    # The converted folder is the one the default Translator loads: nothing converted again.
    translator = Translator(str(TINY_MODEL), device="cpu", cache_dir=tmp_path)
    assert translator.engine.converted.path == folder and len(calls) == 1
    # --ct2, the old way to ask for the conversion, still works (and converts nothing again).
    assert main([*model, "--cache-dir", str(tmp_path), "--ct2"]) == 0
    assert len(calls) == 1


def test_download_no_ct2_skips_the_conversion(tmp_path, monkeypatch, capsys):
    from ui.cli import main

    calls = _counting_conversions(monkeypatch)
    fetched = []
    monkeypatch.setattr(
        "ui.commands.download.download_model",
        lambda model, cache_dir=None, token=None: fetched.append(model) or TINY_MODEL,
    )
    argv = ["download", "--model", "facebook/nllb-200-distilled-600M", "--no-ct2"]
    assert main([*argv, "--cache-dir", str(tmp_path)]) == 0
    assert fetched == ["facebook/nllb-200-distilled-600M"] and calls == []
    assert not (tmp_path / "kybrief-ct2").exists()
    assert "downloaded to" in capsys.readouterr().out
