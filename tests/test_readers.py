"""Reading documents (ui/documents.py) and batch inputs (ui/batch/inputs.py)."""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile

import pytest
from conftest import SEED_IDS, seed_text

from translate.errors import InputError
from ui import documents as readers
from ui.batch import count_inputs, iter_inputs
from ui.documents import ALLOWED_EXTENSIONS, InputDocument, read_bytes, read_document

KY = seed_text(SEED_IDS[0])
RU = seed_text(SEED_IDS[0], "ru")
KY_LINES = [line.strip() for line in KY.splitlines()]


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` drawn in Helvetica (ASCII only), valid xref offsets."""
    text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    content = f"BT /F1 12 Tf 72 720 Td {text} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# -- plain text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        KY.encode("utf-8"),
        b"\xef\xbb\xbf" + KY.encode("utf-8"),
        KY.encode("utf-16"),  # with BOM, native order
        b"\xfe\xff" + KY.encode("utf-16-be"),
        b"\xff\xfe" + KY.encode("utf-16-le"),
        KY.encode("utf-32"),
        KY.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "utf16-le", "utf32", "crlf"],
)
@pytest.mark.parametrize("name", ["release.txt", "RELEASE.MD"])
def test_text_encodings_decode_exactly(encoded, name):
    assert read_bytes(name, encoded) == KY.strip()


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16-le"])  # utf-16 without a BOM
def test_other_encodings_are_refused_not_guessed(encoding):
    with pytest.raises(InputError) as info:
        read_bytes("old.txt", RU.encode(encoding, errors="replace"))
    message = str(info.value)
    assert "old.txt" in message
    assert "UTF-8" in message or "binary" in message


def test_cp1251_error_says_how_to_fix():
    with pytest.raises(InputError, match=r"old\.txt: not UTF-8 .*Windows-1251"):
        read_bytes("old.txt", RU.encode("cp1251"))


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + bytes(500), os.urandom(4096)],
    ids=["all-bytes", "png", "random"],
)
def test_binary_content_is_refused(data):
    with pytest.raises(InputError, match=r"blob\.txt: .*(binary|not UTF-8)"):
        read_bytes("blob.txt", data)


@pytest.mark.parametrize("name", ["photo.png", "book.epub", "Makefile", "archive.tar.gz"])
def test_unknown_extension_is_refused_with_the_allowed_list(name):
    with pytest.raises(InputError) as info:
        read_bytes(name, b"hello")
    assert name in str(info.value)
    for extension in ALLOWED_EXTENSIONS:
        assert extension in str(info.value)


@pytest.mark.parametrize("data", [b"", b"  \n\t\n ", b"\xef\xbb\xbf\n"])
def test_empty_documents_are_refused(data):
    with pytest.raises(InputError, match="no text"):
        read_bytes("empty.txt", data)


def test_read_document_reads_a_file_and_names_a_missing_one(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(KY.encode("utf-16"))
    assert read_document(path) == KY.strip()
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")


# -- HTML --------------------------------------------------------------------------------------

HTML = f"""<!doctype html><html><head><title>News</title>
<style>.secret {{ color: red }} STYLE_TEXT</style>
<script>var SCRIPT_TEXT = "never in the output";</script></head>
<body><nav>Menu</nav><article><h1>Жаңылык</h1>
{"".join(f"<p>{line}</p>" for line in KY_LINES)}
<script>document.write("INLINE_SCRIPT")</script><noscript>NOSCRIPT_TEXT</noscript>
</article></body></html>"""


@pytest.mark.parametrize("extract", ["trafilatura", "fallback"])
def test_html_article_text_without_scripts(monkeypatch, extract):
    if extract == "fallback":
        import trafilatura

        monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    text = read_bytes("page.html", HTML.encode("utf-8"))
    for line in KY_LINES:
        assert line in text.splitlines()
    for hidden in ("SCRIPT_TEXT", "INLINE_SCRIPT", "STYLE_TEXT", "color: red", "NOSCRIPT_TEXT"):
        assert hidden not in text


def test_html_in_a_declared_legacy_charset():
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RU}</p></body></html>'
    text = read_bytes("ru.htm", page.encode("cp1251"))
    assert " ".join(RU.split()) in " ".join(text.split())


def test_html_without_text_is_refused():
    with pytest.raises(InputError, match="no text"):
        read_bytes("blank.html", b"<html><body><script>x()</script></body></html>")


# -- docx and pdf ------------------------------------------------------------------------------


def test_docx_keeps_paragraphs_in_order():
    lines = KY_LINES
    assert read_bytes("r.docx", make_docx([lines[0], "", *lines[1:]])).splitlines() == lines


def test_pdf_pages_text():
    text = read_bytes("r.pdf", make_pdf(["First sentence here.", "Second one, 2022."]))
    assert text.splitlines() == ["First sentence here.", "Second one, 2022."]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("r.docx", b"not a zip at all"),
        ("r.docx", make_zip({"word/other.xml": b"<x/>"})),
        ("r.pdf", b"%PDF-1.4\n garbage"),
        ("r.pdf", b"plain text pretending"),
    ],
)
def test_damaged_docx_and_pdf_are_refused(name, data):
    with pytest.raises(InputError, match=rf"{name}: not a readable"):
        read_bytes(name, data)


def test_docx_bomb_is_refused(monkeypatch):
    data = make_docx(["Бул сүйлөм. " * 40_000])  # ~0.5 MB of XML, a few kB compressed
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", len(data) + 100_000)
    with pytest.raises(InputError, match="zip bomb"):
        read_bytes("bomb.docx", data)


# -- batch inputs (ui/batch/inputs.py) ------------------------------------------------------


def _docs(*sources, **kwargs) -> dict[str, InputDocument]:
    docs = list(iter_inputs([str(s) for s in sources], **kwargs))
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids))
    return {d.id: d for d in docs}


def test_folder_is_read_recursively_and_hidden_files_skipped(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text(KY, encoding="utf-8")
    (tmp_path / "top.md").write_text(RU, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    docs = _docs(tmp_path)
    assert set(docs) == {f"{tmp_path}/a/b/deep.txt", f"{tmp_path}/top.md", f"{tmp_path}/image.png"}
    assert docs[f"{tmp_path}/a/b/deep.txt"].text == KY.strip()
    assert docs[f"{tmp_path}/top.md"].text == RU.strip()
    assert "'.png'" in docs[f"{tmp_path}/image.png"].error
    assert count_inputs([str(tmp_path)]) == 3


def test_jsonl_records(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "k1", "body": KY}),
        json.dumps({"body": RU, "title": "no id"}),
        "{not json",
        json.dumps({"id": "k4", "text": "wrong field"}),
        "",
        json.dumps({"id": 7, "body": "   "}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs = _docs(path, text_field="body")
    assert docs["k1"].text == KY.strip()
    assert docs[f"{path}#2"].text == RU.strip()
    assert "not valid JSON" in docs[f"{path}#3"].error
    assert "'body'" in docs["k4"].error and "--text-field" in docs["k4"].error
    assert "empty" in docs["7"].error
    assert len(docs) == 5


def test_csv_records_with_text_column(tmp_path):
    path = tmp_path / "in.csv"
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    writer.writerow(["id", "body"])
    writer.writerow(["c1", KY])  # multi-line field
    writer.writerow(["", RU])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    docs = list(iter_inputs([str(path)], text_field="body"))
    assert [d.text for d in docs] == [KY.strip(), RU.strip()]
    assert docs[0].id == "c1"
    assert docs[1].id.startswith(f"{path}#")


def test_zip_and_tar_members_are_read_in_memory(tmp_path):
    members = {
        "news/ky.txt": KY.encode("utf-8"),
        "news/page.html": f"<html><body><p>{RU}</p></body></html>".encode(),
        "records.jsonl": json.dumps({"id": "z1", "text": KY}).encode(),
        "__MACOSX/._ky.txt": b"\x00\x05junk",
        "inner.zip": make_zip({"x.txt": b"hi"}),
        "bad.txt": RU.encode("cp1251"),
    }
    (tmp_path / "a.zip").write_bytes(make_zip(members))
    with tarfile.open(tmp_path / "a.tar.gz", "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    for name in ("a.zip", "a.tar.gz"):
        before = sorted(p.name for p in tmp_path.iterdir())
        docs = _docs(tmp_path / name)
        prefix = f"{tmp_path / name}:"
        assert docs[prefix + "news/ky.txt"].text == KY.strip()
        assert " ".join(RU.split()) in " ".join(docs[prefix + "news/page.html"].text.split())
        assert docs["z1"].text == KY.strip()
        assert "inside archives" in docs[prefix + "inner.zip"].error
        assert "not UTF-8" in docs[prefix + "bad.txt"].error
        assert not any("__MACOSX" in i for i in docs)
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing extracted


def test_zip_bomb_guard(tmp_path):
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(make_zip({"zeros.txt": b"a" * 2_000_000}))
    assert bomb.stat().st_size < 20_000
    (doc,) = iter_inputs([str(bomb)], max_archive_bytes=1_000_000)
    assert doc.text is None and "zip bomb" in doc.error
    (ok,) = iter_inputs([str(bomb)], max_archive_bytes=3_000_000)
    assert ok.error is None and len(ok.text) == 2_000_000


def test_tar_size_guard(tmp_path):
    path = tmp_path / "big.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for n in range(3):
            info = tarfile.TarInfo(f"f{n}.txt")
            info.size = 600_000
            archive.addfile(info, io.BytesIO(b"b" * info.size))
    docs = list(iter_inputs([str(path)], max_archive_bytes=1_000_000))
    assert docs[0].error is None
    assert "more than" in docs[-1].error and len(docs) == 2


def test_duplicate_ids_are_made_unique(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join(json.dumps({"id": "x", "text": t}) for t in (KY, RU, KY)))
    assert [d.id for d in iter_inputs([str(path)])] == ["x", "x~2", "x~3"]


BRACE_TEXT = '{"looks": "like json"} but is not'


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        (KY.encode(), [("-", KY.strip())]),
        (
            (json.dumps({"id": "s1", "text": KY}) + "\n" + json.dumps({"text": RU})).encode(),
            [("s1", KY.strip()), ("-#2", RU.strip())],
        ),
        (
            b'{"looks": "like json"} but is not',
            [("-", '{"looks": "like json"} but is not')],
        ),
    ],
    ids=["text", "jsonl", "brace-text"],
)
def test_stdin(monkeypatch, stdin, expected):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    assert [(d.id, d.text) for d in iter_inputs(["-"])] == expected


def test_missing_source_is_a_document_error(tmp_path):
    (doc,) = iter_inputs([str(tmp_path / "nope")])
    assert "no such file" in doc.error
