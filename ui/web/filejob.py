"""Translating an uploaded document on a server: one job, its temporary files, its download.

Every route that takes a document — the app's document upload, ``POST /api/v1/translate_file``
and LibreTranslate's ``POST /translate_file`` — goes through :func:`translate_upload`:

- the file name is sanitized (no folders, no ``..``, no control characters) before it is used
  for anything, and the format is checked against what ``ui.files`` can write back;
- the upload is bounded by the server's upload limit (``Limits.upload_bytes``) while it is
  copied, and the model runs in one of the ``ModelService``'s concurrency slots;
- the upload and the work folder are deleted as soon as the translation is written; the
  translated file waits in a :class:`DownloadStore` under an unguessable token (192 random
  bits) until its link expires (10 minutes by default), then it is deleted too.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO
from urllib.parse import quote

from translate import TextTooLongError

logger = logging.getLogger(__name__)

#: How long a translated file can be downloaded (seconds).
DOWNLOAD_TTL_S = 600
#: The route that serves translated files (LibreTranslate's).
DOWNLOAD_ROUTE = "/download_file"
_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^\w.\- ()\[\]+,]", re.UNICODE)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def safe_name(name: object, fallback: str = "document") -> str:
    """A file name that is safe to store and to send back: the last part of ``name`` only.

    Folders (``/`` or ``\\``), ``..``, control and other odd characters are dropped; letters
    of any script stay (a Kyrgyz name stays readable). At most 120 characters, the extension
    kept.

    >>> safe_name("../../etc/passwd")
    'passwd'
    >>> safe_name("C:\\\\Users\\\\me\\\\Пресс-релиз 1.docx")
    'Пресс-релиз 1.docx'
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = PureWindowsPath(PurePosixPath(text).name).name  # both kinds of separator
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub("_", text).strip(" .")
    stem, dot, ext = text.rpartition(".")
    if dot and len(ext) <= 10:
        stem = stem[: 120 - len(ext) - 1].strip(" .")
        text = f"{stem}.{ext}" if stem else ""
    else:
        text = text[:120].strip(" .")
    return text or fallback


@dataclass(frozen=True)
class Download:
    """One translated file waiting to be downloaded.

    Attributes:
        token: the unguessable part of its link (URL-safe, 32 characters).
        name: the file name it is sent under (sanitized).
        path: where it lies on the server (never shown to a client).
        expires_at: when the link stops working (``time.time()`` seconds).
    """

    token: str
    name: str
    path: Path
    expires_at: float

    @property
    def url_path(self) -> str:
        """Its link below the server's root: ``/download_file/TOKEN.NAME`` (LibreTranslate's)."""
        return f"{DOWNLOAD_ROUTE}/{self.token}.{quote(self.name)}"

    def to_dict(self) -> dict:
        return {"name": self.name, "url_path": self.url_path, "expires_at": self.expires_at}


class DownloadStore:
    """Translated files of one server, each under its own token until it expires.

    Args:
        ttl_s: how long a link works.
        clock: the time (tests).
    """

    def __init__(self, ttl_s: float = DOWNLOAD_TTL_S, clock: Callable[[], float] = time.time):
        self.ttl_s = ttl_s
        self._clock = clock
        self._root: Path | None = None
        self._items: dict[str, Download] = {}
        self._lock = threading.Lock()

    @property
    def root(self) -> Path:
        """The store's private folder (made on first use, mode 0700)."""
        with self._lock:
            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="kybrief-files-"))
            return self._root

    def workspace(self) -> Path:
        """A fresh private folder for one job (the caller removes it)."""
        return Path(tempfile.mkdtemp(prefix="job-", dir=self.root))

    def add(self, path: Path, name: str) -> Download:
        """Move ``path`` into the store under ``name``; its download."""
        self.sweep()
        token = secrets.token_urlsafe(24)
        folder = self.root / token
        folder.mkdir(mode=0o700)
        target = folder / safe_name(name)
        shutil.move(str(path), target)
        item = Download(token, target.name, target, self._clock() + self.ttl_s)
        with self._lock:
            self._items[token] = item
        timer = threading.Timer(self.ttl_s + 1, self.sweep)
        timer.daemon = True  # a server that gets no more requests still deletes the file
        timer.start()
        return item

    def get(self, token: str) -> Download | None:
        """The download of ``token`` while its link works, else None."""
        self.sweep()
        if not _TOKEN.fullmatch(token or ""):
            return None
        with self._lock:
            item = self._items.get(token)
        return item if item is not None and item.path.is_file() else None

    def sweep(self) -> int:
        """Delete the files whose links have expired; how many."""
        now = self._clock()
        with self._lock:
            gone = [t for t, item in self._items.items() if item.expires_at <= now]
            expired = [self._items.pop(t) for t in gone]
        for item in expired:
            shutil.rmtree(item.path.parent, ignore_errors=True)
        return len(expired)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def close(self) -> None:
        """Delete every file (the server is stopping)."""
        with self._lock:
            root, self._root = self._root, None
            self._items.clear()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


def copy_upload(source: BinaryIO, target: Path, limit: int) -> int:
    """Copy an upload to ``target``, refusing it once it passes ``limit`` bytes; its size.

    Raises:
        TextTooLongError: the file is over the limit (HTTP 413).
    """
    size = 0
    with open(target, "wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise TextTooLongError(
                    f"the file is over the upload limit of {limit:,} bytes; split it, or start "
                    "the server with a larger upload limit"
                )
            out.write(chunk)
    return size


@dataclass(frozen=True)
class FileJob:
    """A translated upload: what ``ui.files.translate_file`` reported, and its download.

    Attributes:
        result: the ``FileTranslation``.
        download: where the translated file can be fetched.
        source_name: the sanitized name of the upload.
    """

    result: object
    download: Download
    source_name: str

    @property
    def flagged(self) -> int:
        return self.result.flagged

    @property
    def kept(self) -> tuple:
        """The paragraphs left in the source language (``KeptParagraph``: where, reason, text)."""
        return tuple(self.result.kept_in_source)

    @property
    def kept_in_source(self) -> int:
        return len(self.kept)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(self.result.notes)

    def to_dict(self) -> dict:
        """The report for a client: the FileTranslation without server paths, the file name
        and the download's link path and expiry."""
        data = {k: v for k, v in self.result.to_dict().items() if not _is_path_key(k)}
        return {
            **data,
            "source_name": self.source_name,
            "file_name": self.download.name,
            "download": self.download.to_dict(),
        }


def _is_path_key(key: str) -> bool:
    return key in ("out_path", "source_path")


def check_format(name: str) -> str:
    """The suffix of the translated file for an upload named ``name``.

    Raises:
        DocumentError: an unknown or unsupported extension, an old binary .doc/.ppt (the
            message names what is supported).
    """
    from ui.files import output_format

    return output_format(PurePosixPath(name).suffix)


def supported_formats() -> list[str]:
    """The extensions a server translates, with their dot (as LibreTranslate lists them)."""
    from ui.files import SUPPORTED_INPUTS

    return list(SUPPORTED_INPUTS)


def translate_upload(
    service,
    store: DownloadStore,
    name: str,
    upload: BinaryIO,
    *,
    source: str | None = None,
    target: str = "en",
    marks: bool = True,
    glossary=None,
    progress=None,
) -> FileJob:
    """Translate one uploaded document within the server's limits; see the module docstring.

    Args:
        service: the server's ``ModelService`` (its upload limit and concurrency slots).
        store: where the translated file waits for its download.
        name: the upload's file name as the client sent it (sanitized here).
        upload: the upload's bytes, read in chunks.
        source: the source language, or None / "auto" to detect it per paragraph.
        target: the target language.
        marks: mark flagged sentences inside the document.
        glossary: the request's own glossary (``ui.glossary``), on top of the server's.
        progress: ``progress(done, total)`` as sentences are translated.

    Raises:
        DocumentError: the document cannot be read or written (a clear message).
        TextTooLongError: over the upload limit, or its text over the server's --max-chars.
        ModelLoadingError, ModelNotAvailableError: no model (yet).
    """
    from translate import check_language
    from ui.files import translate_file
    from ui.service import normalize_source

    clean = safe_name(name)
    suffix = check_format(clean)
    source = normalize_source(source)
    target = check_language(target)
    work = store.workspace()
    try:
        src = work / clean
        copy_upload(upload, src, service.limits.upload_bytes)
        out = work / "out" / output_name(clean, suffix, target)
        out.parent.mkdir()
        with service.model() as translator:
            result = translate_file(
                src, out, translator, target=target, source=source, marks=marks,
                glossary=glossary, progress=progress, max_chars=service.limits.max_chars,
            )  # fmt: skip
        download = store.add(out, out.name)
        return FileJob(result, download, clean)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the upload never outlives its request


def output_name(name: str, suffix: str, target: str) -> str:
    """``release.docx`` -> ``release_en.docx`` (LibreTranslate's naming); ``suffix`` is the
    output's (a .pdf is written as .docx)."""
    return safe_name(f"{PurePosixPath(name).stem}_{target}{suffix}")


__all__ = [
    "DOWNLOAD_TTL_S",
    "Download",
    "DownloadStore",
    "FileJob",
    "check_format",
    "copy_upload",
    "output_name",
    "safe_name",
    "supported_formats",
    "translate_upload",
]
