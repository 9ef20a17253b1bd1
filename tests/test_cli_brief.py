"""`kybrief brief`: Markdown and JSON briefs from a file or stdin, and clean errors."""

from __future__ import annotations

import io
import json
import sys

import pytest
from conftest import SEED_IDS, TINY_MODEL, headline_from, load_seed_rows, seed_text

from ui.cli import main

MODEL = ["--model", str(TINY_MODEL), "--device", "cpu"]


def _file(tmp_path, text: str, name: str = "release.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _references(doc_id: str) -> set[str]:
    return {row["en"] for row in load_seed_rows() if row["doc"] == doc_id}


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_json_brief_has_the_gold_figures(tmp_path, capsys, gold, doc_id):
    assert main(["brief", _file(tmp_path, seed_text(doc_id)), *MODEL, "--json"]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    figures = {(f["value"], f["unit"]) for f in data["figures"]}
    assert {(f["value"], f["unit"]) for f in gold[doc_id]["figures"]} <= figures
    assert headline_from(data["headline"], _references(doc_id))
    assert set(data["summary_sentences"]) <= _references(doc_id)
    assert data["warnings"] == [] and data["mode"] == "full"
    assert data["sentence_count"] == gold[doc_id]["sentences"]


def test_markdown_is_the_default(tmp_path, capsys):
    assert main(["brief", _file(tmp_path, seed_text(SEED_IDS[0])), *MODEL]) == 0
    md = capsys.readouterr().out
    first = md.splitlines()[0]
    assert first.startswith("# ") and headline_from(first[2:], _references(SEED_IDS[0]))
    assert "| 12,000 tonnes of wheat |" in md
    assert "## Warnings" in md


def test_fast_sentences_source_and_stdin(monkeypatch, capsys):
    text = seed_text(SEED_IDS[1], "ru")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    argv = ["brief", "-", *MODEL, "--json", "--fast", "--sentences", "2", "--source", "ru"]
    assert main([*argv, "--key-points", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mode"] == "fast" and data["source_language"] == "ru"
    assert len(data["summary_sentences"]) == 2
    assert len(data["key_points"]) == 1
    assert data["translated_count"] == 3 < data["sentence_count"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("\n\n   \n", "empty"),
        ("Қазақстан Республикасының Президенті бүгін Астанада кездесті.", "kk"),
        ("12 345 — 67 %", "no sentences"),
    ],
)
def test_bad_input_is_one_error_line(tmp_path, capsys, text, needle):
    assert main(["brief", _file(tmp_path, text), *MODEL]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("kybrief: error: ") and needle in lines[0]


def test_missing_file_and_bad_options(tmp_path, capsys):
    assert main(["brief", str(tmp_path / "nope.txt"), *MODEL]) == 1
    assert "no such file" in capsys.readouterr().err
    for bad in (["--sentences", "0"], ["--key-points", "-1"]):
        with pytest.raises(SystemExit) as info:
            main(["brief", _file(tmp_path, "x"), *MODEL, *bad])
        assert info.value.code == 2


def test_brief_reads_docx_html_and_utf16(tmp_path, capsys):
    """The CLI reads documents as the app and batch do (ui/documents.py)."""
    from test_readers import make_docx

    text = seed_text(SEED_IDS[0])
    paragraphs = text.splitlines()
    want = {row["en"] for row in load_seed_rows() if row["doc"] == SEED_IDS[0]}
    docx = tmp_path / "report.docx"
    docx.write_bytes(make_docx(paragraphs))
    utf16 = tmp_path / "release-utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))  # with its byte-order mark
    html = tmp_path / "page.html"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    for path in (docx, utf16, html):
        assert main(["brief", str(path), *MODEL, "--json"]) == 0, path
        data = json.loads(capsys.readouterr().out)
        assert headline_from(data["headline"], want) and data["sentence_count"] == 13


def test_brief_of_a_records_file_points_to_batch(tmp_path, capsys):
    records = tmp_path / "news.jsonl"
    records.write_text('{"text": "Бүгүн жаан жаады."}\n', encoding="utf-8")
    assert main(["brief", str(records), *MODEL]) == 1
    assert "kybrief batch" in capsys.readouterr().err
