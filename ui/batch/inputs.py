"""The documents of a batch: files, folders, JSON lines / CSV, .zip and .tar.gz archives, stdin.

``iter_inputs`` yields one ``InputDocument`` per document, in a deterministic order (so ids
and the order of a run are the same every time, which resume relies on). A document that
cannot be read is yielded with its ``error`` set, never raised: the batch records it and goes
on. Archives are read member by member in memory, never extracted to disk.

Each document carries a date from its metadata, for digests: a file's modification time, an
archive member's, or a record's ``date`` field (records without one have none).
"""

from __future__ import annotations

import datetime
import io
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

from translate import InputError
from ui.documents import (
    ALLOWED_EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    RECORD_EXTENSIONS,
    InputDocument,
    check_zip_size,
    decode_text,
    looks_like_jsonl,
    read_record_documents,
)
from ui.documents import read_bytes as read_document_bytes

#: Most bytes all members of one .zip / .tar.gz may unpack to (zip-bomb guard).
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
_NESTED = "archives inside archives are not read"
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")


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
            yield make_unique(doc, seen)


def iter_uploads(
    files: Iterable[tuple[str, bytes]], max_archive_bytes: int = MAX_ARCHIVE_BYTES
) -> Iterator[InputDocument]:
    """The documents of uploaded files, each with a unique id: a .zip's members (dated by the
    archive), else the file itself (undated: an upload's time says nothing about the text).

    Args:
        files: (file name, content) of each upload; the name gives the type and the id.
        max_archive_bytes: zip-bomb guard: most bytes a .zip may unpack to.
    """
    reader = _Reader("text", max_archive_bytes)
    seen: dict[str, int] = {}
    for name, data in files:
        for doc in reader.upload(name, data):
            yield make_unique(doc, seen)


def count_inputs(sources: Iterable[str], text_field: str = "text") -> int:
    """How many documents ``iter_inputs`` will yield (reads everything once; for progress)."""
    return sum(1 for _ in iter_inputs(sources, text_field))


def make_unique(doc: InputDocument, seen: dict[str, int]) -> InputDocument:
    """The same document, its id suffixed with ``~N`` if an earlier document had it."""
    count = seen.get(doc.id, 0) + 1
    seen[doc.id] = count
    if count == 1:
        return doc
    return replace(doc, id=f"{doc.id}~{count}")


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
            stat = path.stat()
            size = stat.st_size
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
            date = _day(stat.st_mtime)
        except (InputError, OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
            yield InputDocument(name, error=_message(name, exc))
            return
        yield from self.blob(name, data, date)

    def blob(
        self, name: str, data: bytes, date: datetime.date | None = None
    ) -> Iterator[InputDocument]:
        """The documents in one file's bytes: records of .jsonl / .csv (each with its own
        date field, if any), else one document dated ``date``."""
        try:
            if _is_records(name):
                yield from read_record_documents(name, decode_text(name, data), self.text_field)
            else:
                yield InputDocument(name, text=read_document_bytes(name, data), date=date)
        except InputError as exc:
            yield InputDocument(name, error=str(exc), date=date)

    def upload(self, name: str, data: bytes) -> Iterator[InputDocument]:
        if _archive_kind(name) != "zip":
            yield from self.blob(name, data)
            return
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                yield from self.zip_members(name, archive)
        except (InputError, zipfile.BadZipFile, OSError, EOFError) as exc:
            yield InputDocument(name, error=_message(name, exc))

    def stdin(self, data: bytes) -> Iterator[InputDocument]:
        """Standard input: JSON lines if every line is a JSON object, else one text document."""
        try:
            text = decode_text("standard input", data)
        except InputError as exc:
            yield InputDocument("-", error=str(exc))
            return
        if looks_like_jsonl(text):
            yield from read_record_documents("-", text, self.text_field, kind="jsonl")
        elif text.strip():
            yield InputDocument("-", text=text.strip())
        else:
            yield InputDocument("-", error="standard input: no text")

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
            yield from self.blob(member, data, _zip_day(info))

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
            yield from self.blob(member, data, _day(info.mtime))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, sorted, hidden files and folders skipped."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield path


def _day(timestamp: float) -> datetime.date | None:
    """The local day of a modification time (None when it is not a usable time)."""
    try:
        return datetime.date.fromtimestamp(timestamp) if timestamp > 0 else None
    except (OverflowError, OSError, ValueError):
        return None


def _zip_day(info: zipfile.ZipInfo) -> datetime.date | None:
    """A zip member's modification day (zip's 1980-01-01 means "not recorded")."""
    try:
        day = datetime.date(*info.date_time[:3])
    except ValueError:
        return None
    return None if day <= datetime.date(1980, 1, 1) else day


def _hidden(member: str) -> bool:
    parts = PurePosixPath(member).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _is_records(name: str) -> bool:
    return name.lower().endswith(RECORD_EXTENSIONS)


def _message(name: str, exc: Exception) -> str:
    if isinstance(exc, InputError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{name}: cannot read ({exc.strerror})"
    return f"{name}: cannot read ({type(exc).__name__}: {exc})"


__all__ = ["ALLOWED_EXTENSIONS", "InputDocument", "count_inputs", "iter_inputs", "iter_uploads"]
