"""scripts/evaluate.py: confidence against chrF++ per sentence, and flags on human text."""

from __future__ import annotations

import importlib.util
import json

from conftest import DATA, TESTS, TINY_MODEL, load_seed_rows

ROWS = load_seed_rows()


def _evaluate():
    path = TESTS.parent / "scripts" / "evaluate.py"
    spec = importlib.util.spec_from_file_location("evaluate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_confidence_bins_on_memorized_and_unseen_sentences(tmp_path, capsys):
    """Seed sentences (memorized) then NTREX sentences (never seen): the report's bins show
    the unseen ones lower in confidence and in chrF++."""
    ntrex = (DATA / "ntrex128" / "ky_en_ru.tsv").read_text(encoding="utf-8").splitlines()
    lines = ["# seeds, then NTREX", "line\tdoc_id\tky\ten\tru"]
    lines += [f"{i}\t{r['doc']}\t{r['ky']}\t{r['en']}\t{r['ru']}" for i, r in enumerate(ROWS)]
    lines += ntrex[2:42]
    data = tmp_path / "mixed.tsv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "eval.json"
    argv = ["--model", str(TINY_MODEL), "--data", str(data), "--directions", "ky-en"]
    assert _evaluate().main([*argv, "--out", str(out), "--device", "cpu"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["engine"] == "ctranslate2" and report["min_confidence"] == 0.5
    (result,) = report["results"]
    conf = result["confidence"]
    assert conf["sentences"] == sum(b["sentences"] for b in conf["bins"]) == 27 + 40
    top = conf["bins"][-1]
    assert top["confidence"] == "0.9-1.0" and top["sentences"] >= 27
    # (some unseen sentences reach the top bin too: the model gives memorized sentences for
    # them at 0.9 and more, fluent and wrong; the meaning check is for those)
    lower = [b["mean_chrf++"] for b in conf["bins"][:-1] if b["sentences"]]
    assert top["mean_chrf++"] > 2 * max(lower) and max(lower) < 50
    assert conf["spearman"] > 0.5
    assert conf["mean_chrf_unflagged"] > conf["mean_chrf_flagged"]
    below = {t["min_confidence"]: t for t in conf["thresholds"]}
    assert below[0.5]["below"] == sum(
        b["sentences"] for b in conf["bins"] if float(b["confidence"][:3]) < 0.5
    )
    assert "confidence  sentences  mean chrF++  flagged" in capsys.readouterr().out


def test_flags_on_references(tmp_path, capsys):
    out = tmp_path / "flags.json"
    argv = ["--flags-on-references", "--limit", "200", "--directions", "ky-en,en-ky,ru-ky"]
    assert _evaluate().main([*argv, "--out", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [(r["direction"], r["pairs"], r["false_flags"]) for r in results] == [
        ("ky-en", 200, {}),
        ("en-ky", 200, {}),
        ("ru-ky", 200, {}),
    ]
    assert "false flags: none" in capsys.readouterr().out


def test_round_trip_report_on_memorized_and_unseen_sentences(tmp_path, capsys):
    """Seeds (memorized, in all six directions) come back exactly; unseen NTREX sentences do
    not: the meaning flag finds the poor translations among them."""
    ntrex = (DATA / "ntrex128" / "ky_en_ru.tsv").read_text(encoding="utf-8").splitlines()
    lines = ["# seeds, then NTREX", "line\tdoc_id\tky\ten\tru"]
    lines += [f"{i}\t{r['doc']}\t{r['ky']}\t{r['en']}\t{r['ru']}" for i, r in enumerate(ROWS)]
    lines += ntrex[2:32]
    data = tmp_path / "mixed.tsv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "eval.json"
    argv = ["--model", str(TINY_MODEL), "--data", str(data), "--directions", "ky-en"]
    assert _evaluate().main([*argv, "--round-trip", "--out", str(out), "--device", "cpu"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["min_round_trip"] == 0.3
    trip = report["results"][0]["round_trip"]
    assert trip["sentences"] == 27 + 30 and trip["poor"] >= 20
    assert trip["spearman"] > 0.5
    at = {t["min_round_trip"]: t for t in trip["thresholds"]}
    assert at[0.3]["precision"] > 0.9 and at[0.3]["recall"] > 0.8
    assert "min_round_trip  flagged  precision  recall" in capsys.readouterr().out
