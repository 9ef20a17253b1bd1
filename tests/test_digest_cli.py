"""`kybrief digest` with the tiny model: files, folders, a zip, JSON lines with dates, a batch
output (equal to the digest of the same files, nothing translated again), --since/--until,
--format, skipped documents and the exit statuses."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from conftest import SEED_IDS, TINY_MODEL, seed_text

from summarize import DigestInput, digest
from ui.batch import read_records
from ui.cli import main
from ui.options import ModelSettings, get_translator

FIRST, SECOND = SEED_IDS
DAY = datetime.date(2021, 11, 25)
NEXT = DAY + datetime.timedelta(days=1)
MODEL = ["--model", str(TINY_MODEL), "--device", "cpu"]
# the Translator every run here shares: the same settings as `digest ... MODEL` (an in-memory
# translation memory), so each sentence is translated once for the whole module
SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", tm_cache=":memory:")


def run(*args: str) -> tuple[int, str]:
    """``kybrief digest ...`` in this process; (exit status, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["digest", *args, *MODEL])
    return status, err.getvalue()


def _dated(path: Path, text: str, day: datetime.date) -> str:
    path.write_text(text, encoding="utf-8")
    stamp = datetime.datetime.combine(day, datetime.time(12)).timestamp()
    os.utime(path, (stamp, stamp))
    return str(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The two seed releases, the Russian version of the first, and an empty file."""
    root = tmp_path_factory.mktemp("releases")
    _dated(root / "a_ky.txt", seed_text(FIRST, "ky"), DAY)
    _dated(root / "b_ru.txt", seed_text(FIRST, "ru"), DAY)
    _dated(root / "c_ky.txt", seed_text(SECOND, "ky"), NEXT)
    _dated(root / "empty.txt", "", NEXT)
    return root


@pytest.fixture(scope="module")
def folder_digest(folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "digest.json"
    status, _ = run(str(folder), "-o", str(out))
    assert status == 0  # a skipped document does not fail the digest
    return out


def test_folder_digest_equals_the_library_digest(folder, folder_digest):
    data = json.loads(folder_digest.read_text(encoding="utf-8"))
    name = folder.name  # the folder was given as an absolute path: named from its own name on
    items = [
        DigestInput(seed_text(FIRST, "ky"), f"{name}/a_ky.txt", DAY),
        DigestInput(seed_text(FIRST, "ru"), f"{name}/b_ru.txt", DAY),
        DigestInput(seed_text(SECOND, "ky"), f"{name}/c_ky.txt", NEXT),
    ]
    want = digest(items, get_translator(SETTINGS)).to_dict()
    assert {**data, "skipped": []} == want  # the batch runner briefs exactly as brief() does
    assert [s["id"] for s in data["skipped"]] == [f"{name}/empty.txt"]
    assert "empty" in data["skipped"][0]["reason"]
    first, second = data["entries"]
    assert [d["id"] for d in first["documents"]] == [f"{name}/b_ru.txt", f"{name}/a_ky.txt"]
    assert first["languages"] == ["ru", "ky"]
    assert [first["date"], first["date_from"], second["date"]] == [
        "2021-11-25",
        "metadata",
        "2021-11-26",
    ]


def test_batch_output_is_digested_without_translating(folder, folder_digest, tmp_path, monkeypatch):
    briefs = tmp_path / "briefs.jsonl"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["batch", str(folder), "-o", str(briefs), *MODEL, "--tm-cache", ":memory:"])
    assert status == 1  # for batch, the empty file is a failure
    dates = {r["id"]: r.get("date") for r in read_records(briefs)}
    assert dates[f"{folder}/a_ky.txt"] == "2021-11-25"  # the record keeps the file's date

    def no_model(settings):
        raise AssertionError("a digest of a batch output must not load the model")

    monkeypatch.setattr("ui.commands.digest.get_translator", no_model)
    out = tmp_path / "from-batch.json"
    status, _ = run(str(briefs), "-o", str(out))
    assert status == 0
    assert out.read_bytes() == folder_digest.read_bytes()


def test_zip_and_jsonl_with_dates_and_a_date_range(tmp_path):
    archive = tmp_path / "week.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text, day in (
            ("ky/first.txt", seed_text(FIRST, "ky"), DAY),
            ("ru/first.txt", seed_text(FIRST, "ru"), DAY),
        ):
            zipped.writestr(zipfile.ZipInfo(name, (day.year, day.month, day.day, 9, 0, 0)), text)
    records = tmp_path / "records.jsonl"
    lines = [
        {"id": "second", "text": seed_text(SECOND, "ky"), "date": "2021-11-27T10:00:00+06:00"},
        {"id": "undated", "text": seed_text(SECOND, "ky")},
    ]
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n")
    out = tmp_path / "all.json"
    assert run(str(archive), str(records), "-o", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    dated = {d["id"]: d["date"] for e in data["entries"] for d in e["documents"]}
    assert dated == {
        "week.zip:ky/first.txt": "2021-11-25",  # the zip member's time
        "week.zip:ru/first.txt": "2021-11-25",
        "second": "2021-11-27",  # the record's date field
        "undated": "",
    }
    assert len(data["entries"]) == 2  # "second" and "undated" are one release: one event

    week = tmp_path / "week.json"
    assert run(str(archive), str(records), "--since", "2021-11-26", "-o", str(week))[0] == 0
    data = json.loads(week.read_text(encoding="utf-8"))
    assert data["since"] == "2021-11-26"
    assert [d["id"] for e in data["entries"] for d in e["documents"]] == ["second"]
    assert sorted(data["outside"]) == ["undated", "week.zip:ky/first.txt", "week.zip:ru/first.txt"]


@pytest.mark.parametrize(
    ("name", "extra", "start"),
    [
        ("report.html", [], "<!DOCTYPE html>"),
        ("report.htm", [], "<!DOCTYPE html>"),
        ("report.md", [], "# Digest of government press releases"),
        ("report.json", [], "{"),
        ("report.txt", ["--format", "md"], "# Digest of government press releases"),
        ("report.out", [], "<!DOCTYPE html>"),
    ],
)
def test_format_from_the_extension_or_the_option(folder, tmp_path, name, extra, start):
    out = tmp_path / name
    assert run(f"{folder}/a_ky.txt", "-o", str(out), *extra)[0] == 0
    assert out.read_text(encoding="utf-8").startswith(start)


def test_stdout_and_title_and_a_skipped_file_in_the_report(folder, capsys):
    status = main(
        ["digest", str(folder), "-o", "-", "--format", "md", "--title", "Week 47", *MODEL]
    )
    assert status == 0
    text = capsys.readouterr().out
    assert text.startswith("# Week 47\n")
    assert f"{folder.name}/empty.txt: the document is empty (no text)" in text


def test_nothing_to_digest_exits_1_and_writes_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    out = tmp_path / "digest.html"
    status, stderr = run(str(empty), str(tmp_path / "missing.txt"), "-o", str(out))
    assert status == 1
    assert "nothing to digest" in stderr and "empty" in stderr and "no such file" in stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "25.11.2021"], "not a date (YYYY-MM-DD)"),
        (["--until", "2021-02-30"], "not a date (YYYY-MM-DD)"),
        (["--since", "2021-11-27", "--until", "2021-11-25"], "is after --until"),
        (["--resume"], "need --journal"),
        (["--format", "pdf"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(folder, tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["digest", str(folder), "-o", str(tmp_path / "d.html"), *args, *MODEL])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_the_output_may_not_be_an_input(folder, tmp_path, capsys):
    source = Path(_dated(tmp_path / "briefs.md", seed_text(FIRST, "ky"), DAY))
    with pytest.raises(SystemExit):
        main(["digest", str(source), "-o", str(source), *MODEL])
    assert "is also an input" in capsys.readouterr().err
    assert source.read_text(encoding="utf-8") == seed_text(FIRST, "ky")


def test_glossary_is_passed_to_the_briefs(folder, tmp_path):
    glossary = tmp_path / "names.tsv"
    glossary.write_text("person\tAqylbek Zhaparov\tАкылбек Жапаров\tАкылбек Жапаров\n")
    out = tmp_path / "named.json"
    assert run(f"{folder}/a_ky.txt", "--glossary", str(glossary), "-o", str(out))[0] == 0
    names = {
        e["name"] for e in json.loads(out.read_text(encoding="utf-8"))["entries"][0]["entities"]
    }
    assert "Aqylbek Zhaparov" in names and "Akylbek Japarov" not in names
    bad = tmp_path / "bad.tsv"
    bad.write_text("monster\tX\tY\tZ\n", encoding="utf-8")
    status, stderr = run(f"{folder}/a_ky.txt", "--glossary", str(bad), "-o", str(out))
    assert status == 1 and "unknown kind" in stderr


def test_named_journal_keeps_the_records_and_resumes(folder, tmp_path):
    journal = tmp_path / "briefs.jsonl"
    out = tmp_path / "d.json"
    assert run(str(folder), "--journal", str(journal), "-o", str(out))[0] == 0
    first = out.read_bytes()
    assert {r["id"] for r in read_records(journal)} == {
        f"{folder.name}/{name}" for name in ("a_ky.txt", "b_ru.txt", "c_ky.txt", "empty.txt")
    }
    status, stderr = run(str(folder), "--journal", str(journal), "-o", str(out))
    assert status == 1 and "--resume" in stderr  # never appended to by accident
    status, stderr = run(str(folder), "--journal", str(journal), "--resume", "-o", str(out))
    assert status == 0 and json.loads(stderr)["briefed"] == 0  # all there already
    assert out.read_bytes() == first


def test_metadata_dates():
    from ui.documents import parse_date

    assert parse_date("2021-11-27") == datetime.date(2021, 11, 27)
    assert parse_date("2021-11-27T23:30:00+06:00") == datetime.date(2021, 11, 27)
    for odd in ("2021-02-30", "27.11.2021", "yesterday", 20211127, None, "", "2021-11-270"):
        assert parse_date(odd) is None


def test_own_files_in_an_input_folder_are_not_read(tmp_path):
    _dated(tmp_path / "a.txt", seed_text(FIRST, "ky"), DAY)
    out, journal = tmp_path / "digest.json", tmp_path / "briefs.jsonl"
    assert run(str(tmp_path), "-o", str(out), "--journal", str(journal))[0] == 0
    first = json.loads(out.read_text(encoding="utf-8"))
    assert (tmp_path / "briefs.jsonl.tm.sqlite").exists()
    assert run(str(tmp_path), "-o", str(out), "--journal", str(journal), "--overwrite")[0] == 0
    assert json.loads(out.read_text(encoding="utf-8")) == first
    assert first["skipped"] == []
    assert [d["id"] for e in first["entries"] for d in e["documents"]] == [f"{tmp_path.name}/a.txt"]


def test_the_report_names_sources_as_given_never_by_an_absolute_path(folder, tmp_path, monkeypatch):
    """An absolute DIR, a relative DIR and a batch output of the absolute DIR name every source
    alike, from the folder's own name on; no path of this machine is in any report."""
    (folder.parent / "broken").mkdir(exist_ok=True)
    broken = folder.parent / "broken"
    (broken / "bad.docx").write_bytes(b"not a docx")
    _dated(broken / "a_ky.txt", seed_text(FIRST, "ky"), DAY)
    reports = {}
    for fmt in ("json", "md", "html"):
        out = tmp_path / f"absolute.{fmt}"
        assert run(str(folder), str(broken), "-o", str(out))[0] == 0
        reports[fmt] = out.read_text(encoding="utf-8")
    data = json.loads(reports["json"])
    ids = {d["id"] for e in data["entries"] for d in e["documents"]}
    assert ids == {f"{folder.name}/{n}" for n in ("a_ky.txt", "b_ru.txt", "c_ky.txt")} | {
        "broken/a_ky.txt"
    }
    skipped = {s["id"]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {f"{folder.name}/empty.txt", "broken/bad.docx"}
    assert skipped["broken/bad.docx"].startswith("broken/bad.docx")  # the reason names it so too
    for text in reports.values():
        assert str(folder.parent) not in text and str(tmp_path) not in text

    monkeypatch.chdir(folder.parent)
    relative = tmp_path / "relative.json"
    assert run(folder.name, "broken", "-o", str(relative))[0] == 0
    assert json.loads(relative.read_text(encoding="utf-8")) == data

    # a batch output of both folders: its ids are absolute (as `kybrief batch` writes them),
    # the digest names them from the folder above their common folder on
    briefs = tmp_path / "briefs.jsonl"
    with contextlib.redirect_stderr(io.StringIO()):
        main(["batch", str(folder), str(broken), "-o", str(briefs), *MODEL])
    assert {r["id"] for r in read_records(briefs)} >= {str(broken / "bad.docx")}
    from_batch = tmp_path / "from-batch.json"
    assert run(str(briefs), "-o", str(from_batch))[0] == 0
    text = from_batch.read_text(encoding="utf-8")
    assert str(folder.parent) not in text
    base = folder.parent.name
    assert {s["id"] for s in json.loads(text)["skipped"]} == {
        f"{base}/{folder.name}/empty.txt",
        f"{base}/broken/bad.docx",
    }
