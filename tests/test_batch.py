"""kybrief batch with the tiny model: a mixed archive, the cache, formats, kill -9 and --resume."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import SEED_IDS, TINY_MODEL, headline_from, load_seed_rows, seed_text

from translate.engines.transformers import TransformersEngine
from ui.batch import Journal, read_records, recover
from ui.cli import main

ROOT = Path(__file__).resolve().parents[1]
GERMAN = "Der Bundeskanzler traf sich heute in Berlin mit dem Ministerpräsidenten. " * 2


def run_cli(*args: str) -> tuple[int, str]:
    """Run ``kybrief batch ...`` in this process; (exit status, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["batch", *args, "--model", str(TINY_MODEL), "--device", "cpu"])
    return status, err.getvalue()


def summary_of(stderr: str) -> dict:
    """The machine-readable summary: the last line on stderr (not a terminal here)."""
    return json.loads(stderr.strip().splitlines()[-1])


def by_id(path: Path) -> dict[str, dict]:
    records = read_records(path)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "a document is in the output twice"
    return {r["id"]: r for r in records}


def without_timings(records: dict[str, dict]) -> dict[str, dict]:
    return {k: {f: v for f, v in r.items() if f != "timings"} for k, r in records.items()}


def references(doc_id: str) -> set[str]:
    return {row["en"] for row in load_seed_rows() if row["doc"] == doc_id}


def make_mixed_archive(folder: Path) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """A folder of good and bad documents; ({id: (seed, language)}, {id: error pattern})."""
    (folder / "ky").mkdir(parents=True)
    good, bad = {}, {}

    def put(name: str, data: bytes) -> str:
        (folder / name).write_bytes(data)
        return str(folder / name)

    for doc_id in SEED_IDS:
        good[put(f"ky/{doc_id}.txt", seed_text(doc_id).encode())] = (doc_id, "ky")
    good[put("ru.txt", seed_text(SEED_IDS[0], "ru").encode("utf-16"))] = (SEED_IDS[0], "ru")
    good[put("en.md", seed_text(SEED_IDS[1], "en").encode())] = (SEED_IDS[1], "en")
    bad[put("empty.txt", b"")] = "no text"
    bad[put("blob.txt", bytes(range(256)) * 8)] = "binary"
    bad[put("old.txt", seed_text(SEED_IDS[0], "ru").encode("cp1251"))] = "not UTF-8"
    bad[put("de.txt", GERMAN.encode())] = "'de'"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inside/release.txt", seed_text(SEED_IDS[1]))
    good[put("bundle.zip", buffer.getvalue()) + ":inside/release.txt"] = (SEED_IDS[1], "ky")
    lines = [
        json.dumps({"id": "rec-ru", "text": seed_text(SEED_IDS[1], "ru")}),
        json.dumps({"text": seed_text(SEED_IDS[0])}),
    ]
    path = put("records.jsonl", "\n".join(lines).encode())
    good["rec-ru"] = (SEED_IDS[1], "ru")
    good[f"{path}#2"] = (SEED_IDS[0], "ky")
    return good, bad


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One batch over the mixed archive (the expensive part, shared by the tests below)."""
    tmp = tmp_path_factory.mktemp("mixed")
    good, bad = make_mixed_archive(tmp / "archive")
    out, tm = tmp / "briefs.jsonl", tmp / "tm.sqlite"
    status, stderr = run_cli(str(tmp / "archive"), "-o", str(out), "--tm-cache", str(tm))
    return {
        "tmp": tmp,
        "good": good,
        "bad": bad,
        "out": out,
        "tm": tm,
        "status": status,
        "stderr": stderr,
    }


def test_mixed_archive_every_document_once_with_the_right_brief(mixed, gold):
    records = by_id(mixed["out"])
    assert set(records) == set(mixed["good"]) | set(mixed["bad"])
    for doc_id, (seed, language) in mixed["good"].items():
        record = records[doc_id]
        assert record["error"] is None, record["error"]
        assert record["language"] == language
        brief = record["brief"]
        refs = references(seed)
        assert headline_from(brief["headline"], refs)
        assert brief["summary_sentences"] and set(brief["summary_sentences"]) <= refs
        figures = {(f["value"], f["unit"]) for f in brief["figures"]}
        for figure in gold[seed]["figures"]:
            assert (figure["value"], figure["unit"]) in figures, (doc_id, figure)
        assert set(record["timings"]) >= {"translate_s", "brief_s"}


def test_mixed_archive_bad_documents_are_reported(mixed):
    records = by_id(mixed["out"])
    for doc_id, pattern in mixed["bad"].items():
        assert "brief" not in records[doc_id]
        assert pattern in records[doc_id]["error"]
        assert Path(doc_id).name in records[doc_id]["error"] or pattern == "'de'"
    assert mixed["status"] == 1
    summary = summary_of(mixed["stderr"])
    assert (summary["done"], summary["failed"], summary["ok"]) == (7, 4, False)


def test_second_run_translates_nothing(mixed, monkeypatch):
    calls = []
    original = TransformersEngine.translate_batch

    def counting(self, texts, *args, **kwargs):
        calls.extend(texts)
        return original(self, texts, *args, **kwargs)

    monkeypatch.setattr(TransformersEngine, "translate_batch", counting)
    out = mixed["tmp"] / "again.jsonl"
    # another --max-chars: a new Translator (so fresh cache counters) on the same cache file
    status, stderr = run_cli(
        str(mixed["tmp"] / "archive"),
        "-o",
        str(out),
        "--tm-cache",
        str(mixed["tm"]),
        "--max-chars",
        "199999",
    )
    assert status == 1
    cache = summary_of(stderr)["cache"]
    assert calls == [] and cache["misses"] == 0 and cache["hits"] > 0
    assert without_timings(by_id(out)) == without_timings(by_id(mixed["out"]))


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_csv_and_markdown_are_rendered_from_a_journal(mixed, fmt):
    folder = mixed["tmp"] / f"two-{fmt}"
    folder.mkdir()
    for doc_id in SEED_IDS:
        (folder / f"{doc_id}.txt").write_text(seed_text(doc_id), encoding="utf-8")
    out = mixed["tmp"] / f"out.{fmt}"
    args = (str(folder), "-o", str(out), "--tm-cache", str(mixed["tm"]), "--mode", "both")
    assert run_cli(*args)[0] == 0
    journal = by_id(Path(f"{out}.journal.jsonl"))
    text = out.read_text(encoding="utf-8")
    for doc_id in SEED_IDS:
        record = journal[f"{folder}/{doc_id}.txt"]
        # one translation (the brief's shown sentences also carry their round trip)
        assert record["translation"] == _without_round_trips(record["brief"]["translation"])
        assert record["brief"]["headline"] in text
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["id"] for r in rows] == [f"{folder}/{d}.txt" for d in SEED_IDS]
        for row in rows:
            record = journal[row["id"]]
            assert row["translation"] == record["translation"]["translation"]
            assert row["summary"] == record["brief"]["summary"]
    else:
        assert text.count("\n## ") == len(SEED_IDS)
    status, stderr = run_cli(*args)
    assert status == 1 and "--resume" in stderr  # an existing output is never clobbered
    assert run_cli(*args, "--overwrite")[0] == 0


def test_translate_mode_and_target(mixed):
    one = mixed["tmp"] / "archive" / "ky" / f"{SEED_IDS[1]}.txt"
    out = mixed["tmp"] / "ru.jsonl"
    status, _ = run_cli(
        str(one),
        "-o",
        str(out),
        "--tm-cache",
        str(mixed["tm"]),
        "--mode",
        "translate",
        "-t",
        "ru",
    )
    assert status == 0
    records = by_id(out)
    assert list(records) == [str(one)]
    for doc_id, record in records.items():
        seed = Path(doc_id).stem
        want = {row["ru"] for row in load_seed_rows() if row["doc"] == seed}
        got = {
            p["translation"]
            for para in record["translation"]["paragraphs"]
            for p in para["sentences"]
        }
        assert got == want and "brief" not in record
        assert record["translation"]["target_language"] == "ru"


def test_fast_briefs(mixed):
    folder = mixed["tmp"] / "archive" / "ky"
    out = mixed["tmp"] / "fast.jsonl"
    args = (str(folder), "-o", str(out), "--tm-cache", str(mixed["tm"]), "--fast")
    assert run_cli(*args, "--sentences", "2")[0] == 0
    for doc_id, record in by_id(out).items():
        brief = record["brief"]
        assert brief["mode"] == "fast" and len(brief["summary_sentences"]) == 2
        assert headline_from(brief["headline"], references(Path(doc_id).stem))
        assert brief["translated_count"] < brief["sentence_count"]


def test_bad_target_fails_the_run_not_each_document(mixed):
    out = mixed["tmp"] / "never.jsonl"
    status, stderr = run_cli(str(mixed["tmp"] / "archive"), "-o", str(out), "-t", "xx")
    assert status == 1 and "'xx'" in stderr and not out.exists()


def test_resume_cuts_a_partial_line_and_finishes(mixed):
    folder = mixed["tmp"] / "archive" / "ky"
    out = mixed["tmp"] / "partial.jsonl"
    args = (str(folder), "-o", str(out), "--tm-cache", str(mixed["tm"]))
    assert run_cli(*args)[0] == 0
    complete = out.read_bytes()
    first_line = complete[: complete.index(b"\n") + 1]
    out.write_bytes(first_line + complete[len(first_line) :][:57])  # killed mid-write
    status, stderr = run_cli(*args, "--resume")
    assert status == 0
    summary = summary_of(stderr)
    assert (summary["skipped"], summary["done"]) == (1, 1)
    assert without_timings(by_id(out)) == without_timings(
        {r["id"]: r for r in map(json.loads, complete.splitlines())}
    )


def test_journal_lines_survive_unicode_line_separators(tmp_path):
    path = tmp_path / "j.jsonl"
    with Journal(path) as journal:
        journal.write([{"id": "a\u2028b", "error": None, "text": "x\u2029y\x85z"}])
        journal.write([{"id": "c", "error": "bad"}])
    assert recover(path) == {"a\u2028b": False, "c": True}
    assert read_records(path)[0]["text"] == "x\u2029y\x85z"


def slow_archive(folder: Path, count: int) -> None:
    """Documents that each need fresh model work: a seed paragraph and sentences of their own."""
    folder.mkdir()
    lines = []
    for n in range(count):
        seed = seed_text(SEED_IDS[n % 2]).splitlines()[n % 3]
        own = f"Бул {n}-документтин кошумча сүйлөмү. Жыйынга {n * 7 + 3} адам катышты."
        lines.append(json.dumps({"id": f"doc-{n:03d}", "text": f"{seed}\n{own}"}))
    (folder / "docs.jsonl").write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_kill_9_then_resume_equals_an_uninterrupted_run(tmp_path):
    count = 10
    slow_archive(tmp_path / "in", count)
    common = ["--batch-size", "1", "--chunk-size", "1"]
    out, tm = tmp_path / "killed.jsonl", tmp_path / "killed.tm.sqlite"
    command = [
        sys.executable,
        "-m",
        "ui.cli",
        "batch",
        str(tmp_path / "in"),
        "-o",
        str(out),
        "--tm-cache",
        str(tm),
        "--model",
        str(TINY_MODEL),
        "--device",
        "cpu",
        *common,
    ]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not (out.exists() and out.read_bytes().count(b"\n") >= 1):
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert 1 <= out.read_bytes().count(b"\n") < count  # killed mid-run
    args = [str(tmp_path / "in"), "-o", str(out), "--tm-cache", str(tm), *common]
    status, stderr = run_cli(*args, "--resume")
    assert summary_of(stderr)["skipped"] >= 1
    reference = tmp_path / "reference.jsonl"
    ref_status, _ = run_cli(
        str(tmp_path / "in"),
        "-o",
        str(reference),
        "--tm-cache",
        str(tmp_path / "ref.tm.sqlite"),
        *common,
    )
    assert status == ref_status
    resumed = by_id(out)  # asserts no duplicates
    assert sorted(resumed) == [f"doc-{n:03d}" for n in range(count)]  # no gaps
    assert without_timings(resumed) == without_timings(by_id(reference))
    assert out.read_bytes().endswith(b"\n")


def _without_round_trips(document: dict) -> dict:
    for paragraph in document["paragraphs"]:
        for sentence in paragraph["sentences"]:
            sentence.pop("round_trip", None)
    return document
