"""The command line's translate/detect/download, scripts/evaluate.py and the tiny-model builder."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_IDS, TESTS, TINY_MODEL, load_seed_rows, seed_text

from ui.cli import main

ROWS = load_seed_rows()


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, TESTS.parent / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_translate_file(tmp_path, capsys):
    src = tmp_path / "release.txt"
    src.write_text(seed_text(SEED_IDS[1]), encoding="utf-8")
    assert main(["translate", str(src), "--model", str(TINY_MODEL)]) == 0
    assert capsys.readouterr().out.strip() == seed_text(SEED_IDS[1], "en").strip()


def test_cli_translate_json_to_russian(tmp_path, capsys):
    src = tmp_path / "one.txt"
    src.write_text(ROWS[1]["ky"], encoding="utf-8")
    assert main(["translate", str(src), "-t", "ru", "--json", "--model", str(TINY_MODEL)]) == 0
    doc = json.loads(capsys.readouterr().out)
    (sentence,) = doc["paragraphs"][0]["sentences"]
    assert sentence.pop("confidence") > 0.85
    assert sentence == {"source": ROWS[1]["ky"], "translation": ROWS[1]["ru"], "flags": []}


@pytest.mark.parametrize(
    "argv,message",
    [
        (["translate", "/no/such/file.txt"], "no such file"),
        (["translate", "{f}", "-t", "zz"], "unsupported language 'zz'"),
        (
            ["translate", "{f}", "--model", "/no/such/model"],
            "kybrief download --model /no/such/model",
        ),
    ],
)
def test_cli_errors_are_one_line(tmp_path, capsys, argv, message):
    f = tmp_path / "x.txt"
    f.write_text(ROWS[0]["ky"], encoding="utf-8")
    argv = [a.replace("{f}", str(f)) for a in argv]
    if "--model" not in argv:
        argv += ["--model", str(TINY_MODEL)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("kybrief: error:") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_rejects_non_utf8_file(tmp_path, capsys):
    f = tmp_path / "cp1251.txt"
    f.write_bytes("Министр принял участие".encode("cp1251"))
    assert main(["translate", str(f), "--model", str(TINY_MODEL)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_cli_detect(tmp_path, capsys):
    f = tmp_path / "mixed.txt"
    f.write_text(f"{ROWS[0]['ky']}\n{ROWS[0]['ru']}\n{ROWS[0]['en']}", encoding="utf-8")
    assert main(["detect", str(f)]) == 0
    codes = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert codes == ["ky", "ru", "en"]


def test_cli_download_offline_fails_clearly(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert (
        main(
            [
                "download",
                "--model",
                "facebook/nllb-200-distilled-600M",
                "--cache-dir",
                str(tmp_path),
            ]
        )
        == 1
    )
    assert "could not download 'facebook/nllb-200-distilled-600M'" in capsys.readouterr().err


def test_download_fetches_into_cache_dir(monkeypatch, tmp_path, capsys):
    """The real snapshot call is made with the cache dir and safetensors-only patterns."""
    import huggingface_hub

    import translate.engines.files as files_module

    calls = {}

    class FakeApi:
        def __init__(self, token=None):
            pass

        def list_repo_files(self, repo):
            return ["config.json", "model.safetensors", "pytorch_model.bin"]

    def fake_snapshot(repo, cache_dir=None, allow_patterns=None, token=None):
        calls.update(repo=repo, cache_dir=cache_dir, patterns=allow_patterns)
        return str(tmp_path / "snap")

    monkeypatch.setattr(huggingface_hub, "HfApi", FakeApi)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_snapshot)
    # (the hub is asked once before a download; tests/test_no_model.py covers that probe)
    monkeypatch.setattr(files_module, "check_hub", lambda model, **kwargs: None)
    argv = ["download", "--model", "facebook/nllb-200-1.3B", "--cache-dir", str(tmp_path)]
    assert main([*argv, "--no-ct2"]) == 0
    assert calls["repo"] == "facebook/nllb-200-1.3B" and calls["cache_dir"] == str(tmp_path)
    assert "*.safetensors" in calls["patterns"] and "*.bin" not in calls["patterns"]
    assert "downloaded to" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command", ["ui", "serve", "brief", "translate", "detect", "batch", "download"]
)
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: kybrief {command}") and len(out.splitlines()) > 5


def test_evaluate_scores_perfect_on_memorized_sentences(tmp_path):
    data = tmp_path / "seeds.tsv"
    lines = ["# seed sentences", "line\tdoc_id\tky\ten\tru"]
    lines += [f"{i}\t{r['doc']}\t{r['ky']}\t{r['en']}\t{r['ru']}" for i, r in enumerate(ROWS, 1)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    evaluate = load_script("evaluate")
    argv = ["--model", str(TINY_MODEL), "--data", str(data), "--directions", "ky-en,ky-ru,en-ky"]
    assert evaluate.main([*argv, "--out", str(out)]) == 0
    scores = {r["direction"]: r for r in json.loads(out.read_text())["results"]}
    assert scores["ky-en"]["chrf++"] == 100.0 and scores["ky-ru"]["bleu"] == 100.0
    assert scores["en-ky"]["chrf++"] == 100.0  # the way back, learned for round trips too
    assert all(r["sentences"] == 27 for r in scores.values())


def test_ntrex_copy_keeps_attribution():
    lines = (TESTS / "data" / "ntrex128" / "ky_en_ru.tsv").read_text(encoding="utf-8").splitlines()
    assert "CC BY-SA 4.0" in lines[0] and len(lines) == 1997 + 2
    assert "CC BY-SA 4.0" in (TESTS / "data" / "ntrex128" / "README.md").read_text()


def _make_tiny_model(out: Path, *args: str, timeout: int) -> subprocess.CompletedProcess:
    script = TESTS.parent / "scripts" / "make_tiny_model.py"
    return subprocess.run(
        [sys.executable, str(script), "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_tiny_model_script_builds_the_fixture_files(tmp_path):
    """The script's tokenizer, model and saved files, with one training step (memorizing takes
    minutes: the next test, on request): it says the model did not memorize, exits non-zero,
    and what it saved loads as kybrief loads it, every NLLB language code a token of its own."""
    from transformers import AutoTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    out = tmp_path / "tiny"
    run = _make_tiny_model(out, "--directions", "ky-en,en-ky", "--max-steps", "1", timeout=300)
    assert run.returncode != 0 and "did not memorize every pair" in run.stderr
    summary = json.loads((out / "TRAINING.json").read_text())
    assert summary["directions"] == ["ky-en", "en-ky"] and summary["pairs"] == 2 * 27
    tok = AutoTokenizer.from_pretrained(out)
    ids = tok.convert_tokens_to_ids(list(FAIRSEQ_LANGUAGE_CODES))
    assert len(FAIRSEQ_LANGUAGE_CODES) == 202 and len(set(ids)) == 202
    assert tok.unk_token_id not in ids
    committed = json.loads((TINY_MODEL / "config.json").read_text())
    rebuilt = json.loads((out / "config.json").read_text())
    same = ("d_model", "encoder_layers", "decoder_layers", "decoder_ffn_dim", "dropout")
    assert {k: rebuilt[k] for k in same} == {k: committed[k] for k in same}


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("KYBRIEF_TEST_REBUILD") != "1",
    reason="rebuilds the whole fixture (minutes): set KYBRIEF_TEST_REBUILD=1",
)
def test_tiny_model_script_rebuilds_the_fixture(tmp_path):
    """The committed fixture is reproducible: the script trains a model that memorizes all pairs
    of all six directions, with transformers and after CTranslate2 int8 conversion."""
    run = _make_tiny_model(tmp_path / "tiny", timeout=1800)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads((tmp_path / "tiny" / "TRAINING.json").read_text())
    assert summary["exact"] == summary["exact_ctranslate2_int8"] == summary["pairs"] == 6 * 27
    committed = json.loads((TINY_MODEL / "config.json").read_text())
    rebuilt = json.loads((tmp_path / "tiny" / "config.json").read_text())
    assert rebuilt == committed | {"transformers_version": rebuilt["transformers_version"]}


def test_cli_ctranslate2_options_reach_the_engine(tmp_path, capsys, monkeypatch):
    """--engine ctranslate2 with its tuning flags gives the same translation as transformers."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("KYBRIEF_CT2_DIR", raising=False)  # conversions go beside --cache-dir
    src = tmp_path / "release.txt"
    src.write_text(seed_text(SEED_IDS[0]), encoding="utf-8")
    vmap_text = tmp_path / "english.txt"
    vmap_text.write_text(seed_text(SEED_IDS[0], "en"), encoding="utf-8")
    argv = ["translate", str(src), "--model", str(TINY_MODEL), "--engine", "ctranslate2"]
    argv += ["--cache-dir", str(tmp_path / "hf"), "--inter-threads", "2", "--intra-threads", "1"]
    assert main([*argv, "--vocab-map", str(vmap_text)]) == 0
    assert capsys.readouterr().out.strip() == seed_text(SEED_IDS[0], "en").strip()
    assert list((tmp_path / "hf").rglob("vmap.txt")), "the vocabulary map was not used"


def test_cli_ctranslate2_options_need_that_engine(tmp_path, capsys):
    src = tmp_path / "one.txt"
    src.write_text(ROWS[0]["ky"], encoding="utf-8")
    argv = ["translate", str(src), "--model", str(TINY_MODEL), "--engine", "transformers"]
    assert main([*argv, "--inter-threads", "2"]) == 1
    assert "only apply to engine='ctranslate2'" in capsys.readouterr().err


def test_bench_is_one_entry_with_a_help_for_every_part(monkeypatch):
    """scripts/bench.py runs every benchmark; --help lists the parts, each has its own."""
    bench = TESTS.parent / "scripts" / "bench.py"
    out = subprocess.run(
        [sys.executable, str(bench), "--help"], capture_output=True, text=True, check=True
    ).stdout
    monkeypatch.syspath_prepend(str(bench.parent))
    parts = load_script("bench").PARTS
    assert out.startswith("usage: bench.py [PART]") and "--quick" in out  # the speed run's
    assert all(f"\n  {name}\n" in out for name in parts)
    for name in parts:
        done = subprocess.run([sys.executable, str(bench), name, "--help"], capture_output=True)
        assert done.returncode == 0 and f"usage: bench.py {name}".encode() in done.stdout


def test_bench_brief_compare_ignores_only_warnings(monkeypatch):
    monkeypatch.syspath_prepend(str(TESTS.parent / "scripts"))
    from benchmarks.brief_compare import differences, without_warnings

    base = {"headline": "A", "warnings": ["x"], "figures": [{"text": "1", "warnings": []}]}
    same = {"headline": "A", "warnings": [], "figures": [{"text": "1", "warnings": ["y"]}]}
    other = {"headline": "B", "figures": [{"text": "2"}], "dates": []}
    assert without_warnings(base) == without_warnings(same)
    found = differences(without_warnings(base), without_warnings(other))
    assert found == ["/headline", "/figures/0/text", "/dates (only in current)"]
