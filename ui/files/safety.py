"""Checks before a document is opened, and writing the result without leaving half a file.

Office files are zip archives: their uncompressed size is bounded before anything is read (a
zip bomb is refused), password-protected ones are recognized (an encrypted .docx/.pptx is
an OLE compound file, an encrypted .odt lists ``encryption-data`` in its manifest), and old
binary .doc/.ppt files are named as such.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from translate import InputError

#: Most bytes a document's zip members may unpack to (and most bytes of any input file).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLD_BINARY = {".doc": ".docx", ".ppt": ".pptx", ".xls": ".xlsx", ".rtf": ".docx"}


class DocumentError(InputError):
    """A document kybrief cannot translate: unknown type, old binary Office format,
    password-protected, damaged, or too large once unpacked."""


def check_input(path: Path, suffix: str, data: bytes, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse what cannot be read before any reader sees it.

    Raises:
        DocumentError: naming the problem.
    """
    if suffix in _OLD_BINARY:
        raise old_binary_error(path.name, suffix)
    if len(data) > limit:
        raise DocumentError(f"{path.name}: {len(data):,} bytes; the limit is {limit:,}")
    if suffix in (".docx", ".pptx", ".odt"):
        if data.startswith(_OLE_MAGIC):
            raise DocumentError(
                f"{path.name}: password-protected (encrypted); remove the password and try again"
                if "EncryptionInfo".encode("utf-16-le") in data
                else f"{path.name}: an old binary Office file named {suffix}; save it as {suffix}"
            )
        check_zip(path.name, data, limit)


def old_binary_error(name: str, suffix: str) -> DocumentError:
    """The error for an old binary Office file (.doc, .ppt, .xls, .rtf)."""
    return DocumentError(
        f"{name}: an old binary format; open it in Word, LibreOffice or PowerPoint "
        f"and save it as {_OLD_BINARY[suffix]}"
    )


def is_old_binary(suffix: str) -> bool:
    """Whether ``suffix`` is an old binary Office format kybrief refuses by name."""
    return suffix.lower() in _OLD_BINARY


def check_zip(name: str, data: bytes, limit: int = MAX_UNPACKED_BYTES) -> None:
    """A readable zip whose members unpack to at most ``limit`` bytes, none encrypted.

    ``ZipFile.open`` never returns more bytes than a member declares, so the sizes in the
    zip's directory are binding and checking them before reading is enough.
    """
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            manifest = (
                archive.read("META-INF/manifest.xml")
                if "META-INF/manifest.xml" in archive.namelist()
                and archive.getinfo("META-INF/manifest.xml").file_size < 1 << 20
                else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise DocumentError(f"{name}: damaged (not a readable zip archive: {exc})") from exc
    total = sum(info.file_size for info in members)
    if total > limit:
        raise DocumentError(
            f"{name}: unpacks to {total:,} bytes, over the limit of {limit:,} "
            "(a zip bomb, or a document too large to read)"
        )
    if any(info.flag_bits & 0x1 for info in members) or b"encryption-data" in manifest:
        raise DocumentError(f"{name}: password-protected (encrypted); remove the password")


def write_atomically(out_path: Path, write: Callable[[Path], None]) -> None:
    """Write ``out_path`` through a temporary file in its folder, renamed at the end: on any
    error nothing is left at ``out_path`` (an older file there stays as it was)."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(
        prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent
    )
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, out_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
