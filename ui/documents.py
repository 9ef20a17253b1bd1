"""Reading documents, for the app, batch and the command line alike.

- one document a file: .txt/.md (UTF-8, or UTF-16/32 with a BOM), .html/.htm (the article text,
  via trafilatura), .docx, .pdf — :func:`read_document`, :func:`read_bytes`;
- many documents a file: .jsonl / .csv records — :func:`read_record_documents`;
- a command's input: a file of any of these types, or ``-`` for standard input —
  :func:`read_input`.

Every failure (unknown type, binary content, a text file that is not UTF-8 or UTF-16 with a
BOM, a damaged .docx or .pdf, no text at all) raises ``InputError`` naming the file, so a
batch can record it and go on and the app can show it; nothing is ever guessed into mojibake.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translate.errors import InputError

logger = logging.getLogger(__name__)

TEXT_EXTENSIONS = (".txt", ".md")
HTML_EXTENSIONS = (".html", ".htm")
#: The file types kybrief reads as one document each.
ALLOWED_EXTENSIONS = (*TEXT_EXTENSIONS, *HTML_EXTENSIONS, ".docx", ".pdf")
#: Files of one document per record (JSON lines, CSV).
RECORD_EXTENSIONS = (".jsonl", ".csv")
#: Largest document (bytes on disk, or uncompressed inside a .docx) that is read.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0 controls other than tab, newline, form feed and carriage return: text files have none.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_SKIPPED_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe")
_BLOCK_TAGS = (
    *("p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "pre"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "aside"),
    *("nav", "header", "footer", "figure", "figcaption", "dd", "dt", "hr"),
)


def read_document(path: str | Path) -> str:
    """The text of a document file (see ``read_bytes`` for the types and the errors).

    Args:
        path: a .txt, .md, .html, .htm, .docx or .pdf file.

    Raises:
        InputError: the file is missing, too large, of an unknown type, or has no readable text.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(f"{path}: {size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    return read_bytes(str(path), data)


def read_bytes(name: str, data: bytes) -> str:
    """The text of a document given as its file name (for the type) and its bytes.

    Args:
        name: the file name; its extension decides how ``data`` is read.
        data: the file's content.

    Returns:
        The text, paragraphs separated by newlines (``\\r\\n`` normalized to ``\\n``).

    Raises:
        InputError: unknown extension, binary content, an encoding other than UTF-8 /
            UTF-16 / UTF-32 (with BOM), a damaged file, or no text.
    """
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(ALLOWED_EXTENSIONS)
        kind = f"file type {suffix!r}" if suffix else "a file without an extension"
        raise InputError(f"{name}: kybrief does not read {kind}; it reads {allowed}")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}")
    if suffix in TEXT_EXTENSIONS:
        text = decode_text(name, data)
    elif suffix in HTML_EXTENSIONS:
        text = html_to_text(name, data)
    elif suffix == ".docx":
        text = _read_docx(name, data)
    else:
        text = read_pdf_text(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise InputError(f"{name}: the document is empty (no text)")
    return text


def decode_text(name: str, data: bytes) -> str:
    """Decode text bytes: UTF-8 (BOM or not), or UTF-16/UTF-32 with a BOM; nothing else.

    Raises:
        InputError: binary content, or bytes that are not valid in the encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_controls(name, data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: damaged {encoding.upper()} text ({exc.reason})") from exc
    if b"\x00" in data[:8192] or _too_many_controls(data[:8192].decode("latin-1")):
        raise InputError(f"{name}: binary content, not text")
    try:
        return _check_controls(name, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{bad} at offset {exc.start}); it may be in a legacy "
            "encoding such as Windows-1251 — save it as UTF-8 and try again"
        ) from exc


def _check_controls(name: str, text: str) -> str:
    if _too_many_controls(text[:8192]):
        raise InputError(f"{name}: binary content, not text (control characters)")
    return text


def _too_many_controls(sample: str) -> bool:
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def html_to_text(name: str, data: bytes) -> str:
    """The article text of an HTML page (trafilatura), else the visible text of its body.

    ``<script>``, ``<style>`` and the like never reach the output.
    """
    html = decode_html(name, data)
    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True)
    except Exception as exc:  # trafilatura raises many kinds on odd markup; the fallback copes
        logger.debug("trafilatura failed on %s: %s", name, exc)
        text = None
    if text and text.strip():
        return text
    return _visible_text(name, html)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` near its start, or None."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode_html(name: str, data: bytes) -> str:
    """HTML bytes to str: a BOM, else UTF-8, else the charset the page declares."""
    try:
        return decode_text(name, data)
    except InputError:
        match = _META_CHARSET.search(data[:4096])
        if not match:
            raise
        charset = match.group(1).decode("ascii")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: cannot decode the page as {charset} ({exc})") from exc


def _visible_text(name: str, html: str) -> str:
    """The body's text with scripts, styles and other invisible elements removed."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not readable HTML ({exc})") from exc
    for element in [*root.iter(*_SKIPPED_TAGS), *root.iter(etree.Comment)]:
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def check_zip_size(name: str, archive: zipfile.ZipFile, limit: int) -> None:
    """Refuse a zip whose members would unpack to more than ``limit`` bytes (a zip bomb).

    The sizes in the zip's directory are binding: ``ZipFile.open`` never returns more bytes
    than a member declares, so checking them before reading is enough.

    Raises:
        InputError: the total uncompressed size is over ``limit``.
    """
    total = sum(info.file_size for info in archive.infolist())
    if total > limit:
        raise InputError(
            f"{name}: unpacks to {total:,} bytes, over the limit of {limit:,} "
            "(a zip bomb, or an archive too large to read)"
        )


def _read_docx(name: str, data: bytes) -> str:
    """The paragraphs of a .docx (body paragraphs, then table cells), one per line."""
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_size(name, archive, MAX_DOCUMENT_BYTES)
        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and its own errors
        raise InputError(
            f"{name}: not a readable .docx file ({type(exc).__name__}: {exc})"
        ) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(line.strip() for line in lines if line.strip())


def read_pdf_text(name: str, data: bytes) -> str:
    """The text of every page of a PDF, pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise InputError(f"{name}: the PDF has no text layer (scanned pages are not read)")
    return text


# -- many documents a file: JSON lines and CSV records ------------------------------------------


@dataclass(frozen=True)
class InputDocument:
    """One document of many: its id and text, or the reason it could not be read.

    ``date`` is the document's date from its metadata (a file's or archive member's
    modification time, a record's ``date`` field), or None; a digest uses it when the text
    has no dateline.
    """

    id: str
    text: str | None = None
    error: str | None = None
    date: datetime.date | None = None

    def to_dict(self) -> dict:
        date = self.date.isoformat() if self.date else None
        return {"id": self.id, "text": self.text, "error": self.error, "date": date}


_DATE_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?!\d)")


def parse_date(value: object) -> datetime.date | None:
    """A date from metadata: ``YYYY-MM-DD``, a time after it ignored; else None (a date is
    only a hint for a digest, so a record with an odd date is still read)."""
    match = _DATE_ISO.match(value) if isinstance(value, str) else None
    try:
        return datetime.date(*map(int, match.groups())) if match else None
    except ValueError:  # an impossible day
        return None


def read_record_documents(
    name: str, text: str, text_field: str = "text", kind: str | None = None
) -> Iterator[InputDocument]:
    """The documents of a JSON lines or CSV file, one per record; bad records carry an error.

    A record's ``date`` field (``YYYY-MM-DD``), when it has one, becomes the document's date.

    Args:
        name: the file's name (ids of records without an ``id`` field are ``name#line``).
        text: the file's text.
        text_field: the field (JSON) or column (CSV) holding each document's text.
        kind: ``"jsonl"`` or ``"csv"``; default: from ``name``'s extension.
    """
    kind = kind or ("csv" if name.lower().endswith(".csv") else "jsonl")
    if kind == "csv":
        yield from _csv_records(name, text, text_field)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fallback = f"{name}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputDocument(fallback, error=f"{fallback}: not valid JSON ({exc.msg})")
            continue
        yield _record(fallback, record, text_field)


def _csv_records(name: str, text: str, text_field: str) -> Iterator[InputDocument]:
    csv.field_size_limit(MAX_DOCUMENT_BYTES)
    rows = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in rows:
            yield _record(f"{name}#{rows.line_num}", row, text_field)
    except csv.Error as exc:
        yield InputDocument(f"{name}#{rows.line_num}", error=f"{name}: bad CSV ({exc})")


def _record(fallback: str, record: object, text_field: str) -> InputDocument:
    """One JSON / CSV record: the text from ``text_field``, the id from ``id`` if present."""
    if not isinstance(record, dict):
        return InputDocument(fallback, error=f"{fallback}: a record must be a JSON object")
    key = record.get("id")
    doc_id = str(key) if key not in (None, "") else fallback
    text = record.get(text_field)
    if not isinstance(text, str):
        fields = ", ".join(map(str, record)) or "none"
        return InputDocument(
            doc_id,
            error=f"{fallback}: no text field {text_field!r} (fields: {fields}); "
            "choose one with --text-field",
        )
    date = parse_date(record.get("date"))
    if record.get("date") not in (None, "") and date is None:
        logger.warning("%s: date %r is not YYYY-MM-DD; ignored", fallback, record["date"])
    if not text.strip():
        return InputDocument(doc_id, error=f"{fallback}: the text is empty", date=date)
    return InputDocument(doc_id, text=text.strip(), date=date)


def looks_like_jsonl(text: str) -> bool:
    """Whether every non-blank line of ``text`` is a JSON object."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        return False
    try:
        return all(isinstance(json.loads(line), dict) for line in lines)
    except json.JSONDecodeError:
        return False


# -- a command's input ---------------------------------------------------------------------------


def read_input(source: str) -> str:
    """The text of a command's input: a document file, or ``-`` for standard input.

    Files of the known types are read as such (``kybrief brief report.docx``); any other file,
    and standard input, must be text: UTF-8, or UTF-16/32 with a byte-order mark.

    Raises:
        InputError: no such file, a file of many documents (.jsonl/.csv: use ``kybrief
            batch``), or content that is not readable text.
    """
    if source == "-":
        return decode_text("standard input", sys.stdin.buffer.read())
    path = Path(source)
    if not path.is_file():
        raise InputError(f"no such file: {source}")
    suffix = path.suffix.lower()
    if suffix in RECORD_EXTENSIONS:
        raise InputError(
            f"{source} holds one document per record; use `kybrief batch {source} -o OUT`"
        )
    if suffix in ALLOWED_EXTENSIONS:
        return read_document(path)
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(f"{source}: {size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}")
    return decode_text(source, path.read_bytes())


#: The help of a command's input argument.
INPUT_HELP = (
    "a .txt, .md, .html, .docx or .pdf file (any other file is read as UTF-8 or UTF-16 text), "
    "or - for standard input (the default)"
)
