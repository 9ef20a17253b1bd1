"""ui.files: bad documents refused with an error naming the problem, nothing left at OUT;
formats checked; the formatting carried over runs (ui.files.align), no model needed."""

from __future__ import annotations

import io
import zipfile

import pytest

from translate import InputError
from ui.files import SUPPORTED_INPUTS, DocumentError, output_format, translate_file
from ui.files.align import Sentence, distribute
from ui.files.safety import MAX_UNPACKED_BYTES, write_atomically

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class NoModel:
    """A translator that must not be reached: the input is refused before."""

    def __getattr__(self, name):
        raise AssertionError(f"the translator was used ({name})")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    return buffer.getvalue()


ODT_ENCRYPTED = _zip(
    {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": b"\x8f\x12garbage",
        "META-INF/manifest.xml": b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        b'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
        b'"content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>',
    }
)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.xyz", b"text", "does not translate '.xyz' files"),
        ("noext", b"text", "files without an extension"),
        ("a.doc", OLE + b"\0" * 600, "old binary format; open it"),
        ("a.ppt", OLE + b"\0" * 600, "save it as .pptx"),
        ("a.docx", OLE + "EncryptionInfo".encode("utf-16-le"), "password-protected"),
        ("a.pptx", OLE + b"\0" * 600, "old binary Office file"),
        ("a.docx", b"PK\x03\x04 not really a zip", "damaged"),
        ("a.odt", b"garbage", "damaged"),
        ("a.odt", ODT_ENCRYPTED, "password-protected"),
        ("a.docx", _zip({"word/document.xml": b"<x/>"}), "damaged, not a readable .docx"),
        ("a.pptx", _zip({"a.xml": b"<x/>"}), "damaged, not a readable .pptx"),
        ("a.txt", b"\xff\xfe\x00\x00\x00\x01bin\x00\x00", "a.txt"),
        ("a.txt", b"   \n\n ", "no text to translate"),
        ("a.srt", b"1\nnot a timing\nhello\n", "a.srt"),
        ("a.pdf", b"%PDF-1.4 garbage", "not a readable PDF"),
    ],
)
def test_bad_documents_are_refused_by_name(tmp_path, name, data, words):
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / ("out" + source.suffix if source.suffix != ".pdf" else "out.docx")
    with pytest.raises(DocumentError) as caught:
        translate_file(source, out, NoModel())
    assert words in str(caught.value)
    assert isinstance(caught.value, InputError)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path):
    source = tmp_path / "bomb.docx"
    source.write_bytes(_bomb())
    assert source.stat().st_size < MAX_UNPACKED_BYTES // 100
    with pytest.raises(DocumentError, match="zip bomb"):
        translate_file(source, tmp_path / "out.docx", NoModel())


def test_output_formats():
    assert output_format(".DOCX") == ".docx"
    assert output_format(".pdf") == ".docx" and output_format(".pdf", ".txt") == ".txt"
    assert output_format(".htm", ".html") == ".html"
    assert set(SUPPORTED_INPUTS) >= {".docx", ".odt", ".pptx", ".html", ".md", ".srt", ".txt"}
    with pytest.raises(DocumentError, match=r"a \.docx file translates into \.docx, not \.pdf"):
        output_format(".docx", ".pdf")
    with pytest.raises(DocumentError, match="old binary"):
        output_format(".doc")
    with pytest.raises(DocumentError, match="no such file"):
        translate_file("/nonexistent/a.docx", "/tmp/x.docx", NoModel())


def test_nothing_half_written_on_error(tmp_path):
    out = tmp_path / "out.docx"
    out.write_bytes(b"older")

    def broken(path):
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(out, broken)
    assert out.read_bytes() == b"older"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]
    write_atomically(tmp_path / "new" / "a.txt", lambda path: path.write_text("done"))
    assert (tmp_path / "new" / "a.txt").read_text() == "done"


# -- formatting carried onto the translation ---------------------------------------------------


def test_a_run_of_whole_sentences_gets_their_translation():
    text = "Бүгүн жаан жаады. Эртең күн ачык."
    sentences = [Sentence(0, 17, "It rained today."), Sentence(18, 33, "Tomorrow is sunny.")]
    parts = distribute(text, [(0, 18), (18, 33)], ["plain", "bold"], sentences)
    assert parts == ["It rained today. ", "Tomorrow is sunny."]


def test_a_number_or_name_run_is_found_verbatim():
    text = "Жыл 2024 болду, Bishkek шаары."
    sentences = [Sentence(0, len(text), "The year was 2024, the city of Bishkek.")]
    pieces = [(0, 4), (4, 8), (8, 16), (16, 23), (23, len(text))]
    parts = distribute(text, pieces, ["p", "b", "p", "i", "p"], sentences)
    assert "".join(parts) == sentences[0].translation
    assert parts[1] == "2024" and parts[3] == "Bishkek"


def test_other_runs_get_a_proportional_span_never_empty():
    text = "Бир эки үч төрт беш алты"
    sentences = [Sentence(0, len(text), "One two three four five six")]
    parts = distribute(text, [(0, 8), (8, 11), (11, len(text))], ["p", "b", "p"], sentences)
    assert "".join(parts) == sentences[0].translation
    assert parts[1].strip() and " " not in parts[1].strip()
    assert parts[1] == parts[1].strip()  # spaces stay outside the bold run


def test_runs_split_for_no_reason_are_merged_into_the_first():
    text = "Бүгүн жаан жаады."
    parts = distribute(text, [(0, 5), (5, 17)], ["p", "p"], [Sentence(0, 17, "It rained.")])
    assert parts == ["It rained.", ""]


def test_a_bold_name_follows_its_official_english(seed_rows):
    from translate import builtin_glossary

    row = seed_rows[0]  # "... Акылбек Жапаров ..." -> "... Akylbek Japarov ..."
    text, name = row["ky"], "Акылбек Жапаров"
    start = text.index(name)
    pieces = [(0, start), (start, start + len(name)), (start + len(name), len(text))]
    sentences = [Sentence(0, len(text), row["en"])]
    parts = distribute(text, pieces, ["p", "b", "p"], sentences, builtin_glossary())
    assert "".join(parts) == row["en"] and parts[1] == "Akylbek Japarov"
    assert distribute(text, pieces, ["p", "b", "p"], sentences)[1] != "Akylbek Japarov"


def test_max_chars_bounds_the_whole_document(tmp_path):
    from translate import TextTooLongError

    source = tmp_path / "a.txt"
    source.write_text("Бир эки үч.\n\nТөрт беш алты.\n", encoding="utf-8")
    with pytest.raises(TextTooLongError, match="limit is 20"):
        translate_file(source, tmp_path / "b.txt", NoModel(), max_chars=20)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
