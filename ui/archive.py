"""The documents of a batch: files, folders, JSON lines / CSV, .zip and .tar.gz archives, stdin.

``iter_inputs`` yields one ``InputDocument`` per document, in a deterministic order (so ids
and the order of a run are the same every time, which resume relies on). A document that
cannot be read is yielded with its ``error`` set, never raised: the batch records it and goes
on. Archives are read member by member in memory, never extracted to disk.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translate.errors import InputError
from ui.readers import ALLOWED_EXTENSIONS, MAX_DOCUMENT_BYTES, check_zip_size, decode_text
from ui.readers import read_bytes as read_document_bytes

#: Most bytes all members of one .zip / .tar.gz may unpack to (zip-bomb guard).
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
RECORD_EXTENSIONS = (".jsonl", ".csv")
_NESTED = "archives inside archives are not read"
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")


@dataclass(frozen=True)
class InputDocument:
    """One document of a batch: its id and text, or the reason it could not be read."""

    id: str
    text: str | None = None
    error: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "error": self.error}


def iter_inputs(
    sources: Iterable[str], text_field: str = "text", max_archive_bytes: int = MAX_ARCHIVE_BYTES
) -> Iterator[InputDocument]:
    """Every document of ``sources``, each with a unique id.

    Args:
        sources: files, folders (read recursively, hidden files skipped), ``.jsonl`` / ``.csv``
            files (one document per record), ``.zip`` / ``.tar.gz`` archives, or ``-`` for
            standard input (JSON lines when every line is a JSON object, else one document).
        text_field: the field / column holding the text in JSON lines and CSV records.
        max_archive_bytes: zip-bomb guard: most bytes an archive may unpack to.
    """
    reader = _Reader(text_field, max_archive_bytes)
    seen: dict[str, int] = {}
    for source in sources:
        for doc in reader.source(source):
            yield _unique(doc, seen)


def count_inputs(sources: Iterable[str], text_field: str = "text") -> int:
    """How many documents ``iter_inputs`` will yield (reads everything once; for progress)."""
    return sum(1 for _ in iter_inputs(sources, text_field))


def _unique(doc: InputDocument, seen: dict[str, int]) -> InputDocument:
    """The same document, its id suffixed with ``~N`` if an earlier document had it."""
    count = seen.get(doc.id, 0) + 1
    seen[doc.id] = count
    if count == 1:
        return doc
    return InputDocument(f"{doc.id}~{count}", doc.text, doc.error)


def _archive_kind(name: str) -> str | None:
    lower = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lower.endswith(suffix):
            return "zip" if suffix == ".zip" else "tar"
    return None


class _Reader:
    """Turns sources into documents; holds the options every source shares."""

    def __init__(self, text_field: str, max_archive_bytes: int) -> None:
        self.text_field = text_field
        self.max_archive_bytes = max_archive_bytes

    def source(self, source: str) -> Iterator[InputDocument]:
        if source == "-":
            yield from self.stdin(sys.stdin.buffer.read())
            return
        path = Path(source)
        if path.is_dir():
            for file in _walk(path):
                yield from self.file(file)
        elif path.is_file():
            yield from self.file(path)
        else:
            yield InputDocument(source, error=f"{source}: no such file or folder")

    def file(self, path: Path) -> Iterator[InputDocument]:
        name = str(path)
        try:
            size = path.stat().st_size
            kind = _archive_kind(name)
            limit = self.max_archive_bytes if kind or _is_records(name) else MAX_DOCUMENT_BYTES
            if size > limit:
                raise InputError(f"{name}: {size:,} bytes; the limit is {limit:,}")
            if kind == "zip":
                with zipfile.ZipFile(path) as archive:
                    yield from self.zip_members(name, archive)
                return
            if kind == "tar":
                with tarfile.open(path, mode="r|*") as archive:
                    yield from self.tar_members(name, archive)
                return
            data = path.read_bytes()
        except (InputError, OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
            yield InputDocument(name, error=_message(name, exc))
            return
        yield from self.blob(name, data)

    def blob(self, name: str, data: bytes) -> Iterator[InputDocument]:
        """The documents in one file's bytes: records of .jsonl / .csv, else one document."""
        lower = name.lower()
        try:
            if lower.endswith(".jsonl"):
                yield from self.jsonl(name, decode_text(name, data))
            elif lower.endswith(".csv"):
                yield from self.csv(name, decode_text(name, data))
            else:
                yield InputDocument(name, text=read_document_bytes(name, data))
        except InputError as exc:
            yield InputDocument(name, error=str(exc))

    def stdin(self, data: bytes) -> Iterator[InputDocument]:
        """Standard input: JSON lines if every line is a JSON object, else one text document."""
        try:
            text = decode_text("standard input", data)
        except InputError as exc:
            yield InputDocument("-", error=str(exc))
            return
        if _looks_like_jsonl(text):
            yield from self.jsonl("-", text)
        elif text.strip():
            yield InputDocument("-", text=text.strip())
        else:
            yield InputDocument("-", error="standard input: no text")

    def jsonl(self, name: str, text: str) -> Iterator[InputDocument]:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            fallback = f"{name}#{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputDocument(fallback, error=f"{fallback}: not valid JSON ({exc.msg})")
                continue
            yield self.record(fallback, record)

    def csv(self, name: str, text: str) -> Iterator[InputDocument]:
        csv.field_size_limit(MAX_DOCUMENT_BYTES)
        rows = csv.DictReader(io.StringIO(text, newline=""))
        try:
            for row in rows:
                yield self.record(f"{name}#{rows.line_num}", row)
        except csv.Error as exc:
            yield InputDocument(f"{name}#{rows.line_num}", error=f"{name}: bad CSV ({exc})")

    def record(self, fallback: str, record: object) -> InputDocument:
        """One JSON / CSV record: the text from ``text_field``, the id from ``id`` if present."""
        if not isinstance(record, dict):
            return InputDocument(fallback, error=f"{fallback}: a record must be a JSON object")
        key = record.get("id")
        doc_id = str(key) if key not in (None, "") else fallback
        text = record.get(self.text_field)
        if not isinstance(text, str):
            fields = ", ".join(map(str, record)) or "none"
            return InputDocument(
                doc_id,
                error=f"{fallback}: no text field {self.text_field!r} (fields: {fields}); "
                "choose one with --text-field",
            )
        if not text.strip():
            return InputDocument(doc_id, error=f"{fallback}: the text is empty")
        return InputDocument(doc_id, text=text.strip())

    def zip_members(self, name: str, archive: zipfile.ZipFile) -> Iterator[InputDocument]:
        check_zip_size(name, archive, self.max_archive_bytes)
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or _hidden(info.filename):
                continue
            member = f"{name}:{info.filename}"
            if _archive_kind(info.filename):
                yield InputDocument(
                    member, error=f"{member}: archives inside archives are not read"
                )
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
                yield InputDocument(member, error=_message(member, exc))
                continue
            yield from self.blob(member, data)

    def tar_members(self, name: str, archive: tarfile.TarFile) -> Iterator[InputDocument]:
        total = 0
        for info in archive:  # streaming: members in archive order, each read before the next
            if not info.isfile() or _hidden(info.name):
                continue
            member = f"{name}:{info.name}"
            total += info.size
            if total > self.max_archive_bytes:
                yield InputDocument(
                    member,
                    error=f"{name}: unpacks to more than {self.max_archive_bytes:,} bytes; "
                    "the rest of the archive is not read",
                )
                return
            if _archive_kind(info.name):
                yield InputDocument(
                    member, error=f"{member}: archives inside archives are not read"
                )
                continue
            handle = archive.extractfile(info)
            data = handle.read() if handle else b""
            yield from self.blob(member, data)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, sorted, hidden files and folders skipped."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield path


def _hidden(member: str) -> bool:
    parts = PurePosixPath(member).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _is_records(name: str) -> bool:
    return name.lower().endswith(RECORD_EXTENSIONS)


def _looks_like_jsonl(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        return False
    try:
        return all(isinstance(json.loads(line), dict) for line in lines)
    except json.JSONDecodeError:
        return False


def _message(name: str, exc: Exception) -> str:
    if isinstance(exc, InputError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{name}: cannot read ({exc.strerror})"
    return f"{name}: cannot read ({type(exc).__name__}: {exc})"


__all__ = ["ALLOWED_EXTENSIONS", "InputDocument", "count_inputs", "iter_inputs"]
