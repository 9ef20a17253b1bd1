"""Documents in, documents out: translate a file into a file of the same format.

from ui.files import translate_file
result = translate_file("release.docx", "release.en.docx", translator, target="en")
result.flagged, result.kept_in_source

.docx, .odt, .pptx, .html/.htm, .md, .srt and .txt keep their format; a .pdf becomes a .docx
or a .txt (its layout is not kept). Every paragraph is translated whole, all paragraphs of a
file in one batched call; formatting is carried onto the translation (``ui.files.align``);
flagged sentences are marked in the document; a paragraph that cannot be translated stays
in the source language and is reported. The result is written atomically.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate import InputError, Progress, check_length
from ui.files.safety import (
    MAX_UNPACKED_BYTES,
    DocumentError,
    check_input,
    is_old_binary,
    old_binary_error,
    write_atomically,
)
from ui.files.units import KeptParagraph, Unit, translate_units

logger = logging.getLogger(__name__)

#: The file types translated into a file (input suffix -> the output suffixes allowed).
SUPPORTED_INPUTS: dict[str, tuple[str, ...]] = {
    ".docx": (".docx",),
    ".odt": (".odt",),
    ".pptx": (".pptx",),
    ".html": (".html", ".htm"),
    ".htm": (".htm", ".html"),
    ".md": (".md",),
    ".srt": (".srt",),
    ".txt": (".txt",),
    ".pdf": (".docx", ".txt"),
}
#: Formats whose layout is not kept in the translation.
LAYOUT_LOST = (".pdf",)

__all__ = [
    "LAYOUT_LOST",
    "MAX_UNPACKED_BYTES",
    "SUPPORTED_INPUTS",
    "DocumentError",
    "FileTranslation",
    "KeptParagraph",
    "output_format",
    "translate_file",
]


@dataclass(frozen=True)
class FileTranslation:
    """What translating a file did.

    Attributes:
        input_format: the input's suffix without the dot (``"docx"``).
        output_format: the output's (``"docx"``; a PDF's is ``"docx"`` or ``"txt"``).
        out_path: where the translation was written.
        source_language: the language most paragraphs were translated from.
        target_language: the language translated into.
        paragraphs: paragraphs with text to translate.
        translated: paragraphs written in the target language.
        sentences: sentences translated.
        flagged: sentences flagged as possibly mistranslated.
        flags: how many sentences carry each flag (``{"low-confidence": 2}``).
        kept_in_source: paragraphs left (wholly or partly) in the source language, and why.
        marked: whether flagged sentences were marked in the document.
        layout_kept: False for a PDF (its text only is translated).
        notes: anything else the user should know.
    """

    input_format: str
    output_format: str
    out_path: str
    source_language: str
    target_language: str
    paragraphs: int
    translated: int
    sentences: int
    flagged: int
    flags: dict[str, int]
    kept_in_source: tuple[KeptParagraph, ...]
    marked: bool
    layout_kept: bool
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "input_format": self.input_format,
            "output_format": self.output_format,
            "out_path": self.out_path,
            "source_language": self.source_language,
            "target_language": self.target_language,
            "paragraphs": self.paragraphs,
            "translated": self.translated,
            "sentences": self.sentences,
            "flagged": self.flagged,
            "flags": dict(self.flags),
            "kept_in_source": [k.to_dict() for k in self.kept_in_source],
            "marked": self.marked,
            "layout_kept": self.layout_kept,
            "notes": list(self.notes),
        }


def output_format(source_suffix: str, out_suffix: str | None = None) -> str:
    """The output suffix for an input suffix: ``out_suffix`` checked, or the default.

    Args:
        source_suffix: the input file's suffix (``".docx"``; case ignored).
        out_suffix: the suffix asked for, or None for the input's own (a PDF's: ``.docx``).

    Raises:
        DocumentError: an input kybrief does not translate into a file, or an output
            format it cannot write from that input.
    """
    source_suffix = source_suffix.lower()
    if is_old_binary(source_suffix):
        raise old_binary_error(f"a {source_suffix} file", source_suffix)
    if source_suffix not in SUPPORTED_INPUTS:
        kinds = ", ".join(SUPPORTED_INPUTS)
        what = f"{source_suffix!r} files" if source_suffix else "files without an extension"
        raise DocumentError(f"kybrief does not translate {what} into a file; it does {kinds}")
    allowed = SUPPORTED_INPUTS[source_suffix]
    if out_suffix is None:
        return allowed[0]
    if out_suffix.lower() not in allowed:
        raise DocumentError(
            f"a {source_suffix} file translates into {' or '.join(allowed)}, not "
            f"{out_suffix or 'a file without an extension'}"
        )
    return out_suffix.lower()


def translate_file(
    source_path: str | Path,
    out_path: str | Path,
    translator,
    *,
    target: str = "en",
    source: str | None = None,
    marks: bool = True,
    glossary=None,
    progress: Progress | None = None,
    max_chars: int | None = None,
) -> FileTranslation:
    """Translate a document into a document of the same format (a PDF into .docx or .txt).

    Args:
        source_path: the document.
        out_path: where to write the translation; its suffix must suit the input's
            (:func:`output_format`). Written atomically: nothing is left there on error.
        translator: a ``translate.Translator`` (or a view of one).
        target: the language to translate into.
        source: the source language, or None to detect it per paragraph.
        marks: mark flagged sentences in the document (a comment or highlight naming the
            flags in .docx/.odt, a note in .pptx, an attribute in HTML, a comment in Markdown).
        glossary: the glossary for this call (as ``Translator.translate``'s).
        progress: called with (sentences done, sentences in all).
        max_chars: most characters of text in the whole document (a server's
            ``--max-chars``); None: only the translator's limit per paragraph.

    Raises:
        DocumentError: unknown type, old binary .doc/.ppt, password-protected, damaged,
            oversized (also once unpacked: a zip bomb), or no text.
        TextTooLongError: the document's text is over ``max_chars``.
        KybriefError: a bad target or source language.
    """
    source_path, out_path = Path(source_path), Path(out_path)
    in_suffix = source_path.suffix.lower()
    out_suffix = output_format(in_suffix, out_path.suffix)
    data = _read(source_path)
    check_input(source_path, in_suffix, data)
    try:
        units, save = _open(source_path.name, in_suffix, out_suffix, data)
    except DocumentError:
        raise
    except InputError as exc:  # the readers of ui.documents: same message, this type
        raise DocumentError(str(exc)) from exc
    if not units:
        raise DocumentError(f"{source_path.name}: the document has no text to translate")
    if max_chars is not None:
        check_length("".join("".join(u.pieces) for u in units), max_chars)
    report = translate_units(
        units,
        translator,
        target=target,
        source=source,
        marks=marks,
        glossary=glossary,
        progress=progress,
    )
    write_atomically(out_path, save)
    logger.info("%s -> %s: %d paragraphs", source_path, out_path, report.paragraphs)
    return _result(in_suffix, out_suffix, out_path, target, marks, report)


def _result(in_suffix: str, out_suffix: str, out_path: Path, target: str, marks: bool, report):
    layout_kept = in_suffix not in LAYOUT_LOST
    notes = () if layout_kept else ("the PDF's text is translated; its layout is not kept",)
    return FileTranslation(
        in_suffix[1:],
        out_suffix[1:],
        str(out_path),
        report.source_language,
        target,
        report.paragraphs,
        report.translated,
        report.sentences,
        report.flagged,
        report.flags,
        report.kept_in_source,
        marks,
        layout_kept,
        notes,
    )


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_UNPACKED_BYTES:
        raise DocumentError(f"{path.name}: {size:,} bytes; the limit is {MAX_UNPACKED_BYTES:,}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc


def _open(
    name: str, suffix: str, out_suffix: str, data: bytes
) -> tuple[list[Unit], Callable[[Path], None]]:
    """The format's paragraphs and its save function."""
    if suffix == ".pdf":
        from ui.files.plain import open_pdf

        return open_pdf(name, data, out_suffix)
    return _OPENERS[suffix]()(name, data)


def _opener(module: str, function: str) -> Callable[[], Callable]:
    """A format's reader, imported when first used (each pulls in its own library)."""

    def load() -> Callable:
        import importlib

        return getattr(importlib.import_module(module), function)

    return load


_OPENERS = {
    ".docx": _opener("ui.files.word", "open_docx"),
    ".odt": _opener("ui.files.odf", "open_odt"),
    ".pptx": _opener("ui.files.slides", "open_pptx"),
    ".html": _opener("ui.files.web", "open_html"),
    ".htm": _opener("ui.files.web", "open_html"),
    ".md": _opener("ui.files.markdown", "open_markdown"),
    ".srt": _opener("ui.files.subtitles", "open_srt"),
    ".txt": _opener("ui.files.plain", "open_txt"),
}
