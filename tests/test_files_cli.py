"""`kybrief translate IN -o OUT` and `kybrief batch --copies DIR` with the tiny model."""

from __future__ import annotations

import json

from _files_cases import EN, KY, build_docx, cyrillic_in_zip
from conftest import TINY_MODEL

from ui.batch import read_records
from ui.cli import main

MODEL = ["--model", str(TINY_MODEL), "--device", "cpu"]


def test_translate_a_docx_into_a_docx(tmp_path, capsys):
    import docx

    source, out = tmp_path / "release.docx", tmp_path / "en" / "release.docx"
    info = build_docx(source)
    assert main(["translate", str(source), "-o", str(out), *MODEL, "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["output_format"] == "docx" and report["translated"] == report["paragraphs"]
    assert report["kept_in_source"] == [] and report["out_path"] == str(out)
    assert f"kybrief: wrote {out}" in captured.err
    assert "kybrief: 0 of 10 sentences flagged" in captured.err
    assert docx.Document(str(out)).paragraphs[0].text == EN[info["heading"]]
    assert cyrillic_in_zip(out) == {}


def test_translate_without_o_prints_text_and_bad_outputs_fail_cleanly(tmp_path, capsys):
    source = tmp_path / "a.md"
    source.write_text(f"# {KY[0]}\n", encoding="utf-8")
    assert main(["translate", str(source), "-o", str(tmp_path / "a.docx"), *MODEL]) == 1
    assert "a .md file translates into .md, not .docx" in capsys.readouterr().err
    assert main(["translate", str(tmp_path / "a.doc"), "-o", str(tmp_path / "b.doc")]) == 1
    assert "old binary format" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    assert main(["translate", str(source), *MODEL]) == 0
    assert EN[KY[0]] in capsys.readouterr().out  # without -o: the text, as before


def test_batch_copies_are_resumable(tmp_path, capsys):
    import docx

    folder, copies, records = tmp_path / "in", tmp_path / "out", tmp_path / "copies.jsonl"
    (folder / "sub").mkdir(parents=True)
    build_docx(folder / "sub" / "release.docx")
    (folder / "note.md").write_text(f"# {KY[0]}\n\n**{KY[1]}**\n", encoding="utf-8")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (folder / "skip.png").write_bytes(b"\x89PNG")
    argv = ["batch", str(folder), "--copies", str(copies), "-o", str(records), *MODEL]
    assert main(argv) == 1  # the old .doc failed; the others are done
    capsys.readouterr()
    done = {r["id"]: r for r in read_records(records)}
    assert set(done) == {str(folder / n) for n in ("note.md", "old.doc", "sub/release.docx")}
    assert "old binary" in done[str(folder / "old.doc")]["error"]
    note = (copies / "note.md").read_text(encoding="utf-8")
    assert note == f"# {EN[KY[0]]}\n\n**{EN[KY[1]]}**\n"
    release = done[str(folder / "sub" / "release.docx")]
    assert release["copy"] == str(copies / "sub" / "release.docx")
    assert release["error"] is None and release["file"]["kept_in_source"] == []
    assert docx.Document(release["copy"]).tables[0].cell(0, 0).text == EN[KY[4]]
    (copies / "note.md").unlink()
    assert main([*argv, "--resume"]) == 1
    summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert summary["skipped"] == 3 and summary["done"] == 0 and summary["failed_before"] == 1
    assert not (copies / "note.md").exists()  # recorded as done: not made again
    assert len(read_records(records)) == 3


def test_download_prints_the_weights_licence(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(
        "ui.commands.download.download_model",
        lambda model, cache_dir=None, token=None: TINY_MODEL,
    )
    argv = ["download", "--model", "facebook/nllb-200-distilled-600M", "--no-ct2"]
    assert main([*argv, "--cache-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "CC-BY-NC 4.0" in printed and "non-commercial purposes only" in printed
