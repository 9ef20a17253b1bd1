"""Plain text (.txt) and PDF: paragraphs translated, every blank line and line kept.

A text with blank lines has paragraphs between them (hard-wrapped lines are one paragraph,
written back as one line); a text without blank lines has one paragraph a line. A PDF's
text (pypdf) becomes a .docx or a .txt: its layout is not kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ui.documents import decode_text
from ui.files.units import Unit

_BLANK = re.compile(r"(\n[ \t]*\n\s*)")


def text_units(text: str) -> tuple[list[Unit], Callable[[], str]]:
    """The paragraphs of a text and a function giving the text with their translations."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_blank = bool(_BLANK.search(text.strip()))
    chunks = _BLANK.split(text) if has_blank else re.split(r"(\n)", text)
    units = []
    for index in range(0, len(chunks), 2):
        chunk = chunks[index]
        if not chunk.strip():
            continue
        lines = chunk.split("\n")
        lead = chunk[: len(chunk) - len(chunk.lstrip())]
        units.append(
            Unit(
                f"paragraph {index // 2 + 1}",
                [" ".join(line.strip() for line in lines if line.strip())],
                [None],
                _setter(chunks, index, lead),
            )
        )
    return units, lambda: "".join(chunks)


def _setter(chunks: list[str], index: int, lead: str) -> Callable[[list[str]], None]:
    def write(parts: list[str]) -> None:
        chunks[index] = lead + "".join(parts).strip()

    return write


def open_txt(name: str, data: bytes) -> tuple[list[Unit], Callable[[Path], None]]:
    """The paragraphs of a UTF-8 (or UTF-16/32 with a BOM) text file and how to save it."""
    units, render = text_units(decode_text(name, data))

    def save(path: Path) -> None:
        path.write_text(render(), encoding="utf-8")

    return units, save


_CONTINUES = re.compile(r"[^.!?:;…»”\")]\n(?=[a-zа-яёөүң(«“\"])")


def _paragraphs(text: str) -> str:
    """A PDF's lines joined into paragraphs: a line that does not end a sentence, followed by
    one that starts in lower case, is the same paragraph wrapped."""
    return _CONTINUES.sub(lambda m: m.group()[0] + " ", text)


def open_pdf(name: str, data: bytes, out_suffix: str) -> tuple[list[Unit], Callable[[Path], None]]:
    """The paragraphs of a PDF's text layer, saved as a .docx (one paragraph each) or .txt."""
    from ui.documents import read_pdf_text

    units, render = text_units(_paragraphs(read_pdf_text(name, data)))
    if out_suffix == ".txt":
        return units, lambda path: path.write_text(render(), encoding="utf-8")

    def save(path: Path) -> None:
        import docx

        document = docx.Document()
        for paragraph in render().split("\n"):  # a translated paragraph is one line
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        document.save(str(path))

    return units, save
