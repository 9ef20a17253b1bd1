"""PowerPoint (.pptx): every paragraph of every slide (text boxes, placeholders, shapes in
groups, table cells) and of its speaker notes, translated in place.

python-pptx opens and saves the package; the paragraphs (``<a:p>``) are edited as XML so
only the text of runs (``<a:t>`` in ``<a:r>``) changes: run properties, links, fields (slide
numbers, dates), line breaks, pictures and layouts stay. PowerPoint has no comments that
python-pptx can write, so a flagged sentence is named in the slide's notes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from ui.files.safety import DocumentError
from ui.files.units import Unit

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
# Run properties that do not change how text looks.
_INVISIBLE = re.compile(r'\s(lang|altLang|dirty|err|smtClean|noProof)="[^"]*"')


def _q(tag: str) -> str:
    return f"{{{A}}}{tag}"


def open_pptx(name: str, data: bytes) -> tuple[list[Unit], Callable[[Path], None]]:
    """The paragraphs of a .pptx and how to save it.

    Raises:
        DocumentError: not a readable .pptx.
    """
    from pptx import Presentation

    try:
        presentation = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises zipfile, KeyError, lxml and its own errors
        raise DocumentError(f"{name}: damaged, not a readable .pptx ({exc})") from exc
    units: list[Unit] = []
    for number, slide in enumerate(presentation.slides, 1):
        marker = _marker(slide)
        units.extend(_units(slide.shapes._spTree, f"slide {number}", marker))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None:
                units.extend(_units(notes._txBody, f"slide {number} notes", marker))

    def save(path: Path) -> None:
        presentation.save(str(path))

    return units, save


def _units(root, label: str, marker: Callable[[str], None]) -> list[Unit]:
    from lxml import etree

    units = []
    for number, paragraph in enumerate(root.iter(_q("p")), 1):
        items, pending = [], False
        for element in paragraph.iter(_q("t"), _q("br"), _q("fld")):
            if element.tag != _q("t"):
                pending = True
                continue
            run = element.getparent()
            if run is None or run.tag != _q("r"):
                continue  # a field's text (slide number, date): kept
            props = run.find(_q("rPr"))
            style = (
                _INVISIBLE.sub("", etree.tostring(props, encoding="unicode"))
                if props is not None
                else ""
            )
            items.append((element, style, pending))
            pending = False
        if not items:
            continue
        texts = [t for t, _, _ in items]
        preview = "".join(t.text or "" for t in texts)[:40]
        units.append(
            Unit(
                f"{label}, paragraph {number} ({preview})",
                [t.text or "" for t in texts],
                [style for _, style, _ in items],
                _writer(texts),
                {i for i, (_, _, br) in enumerate(items) if br},
                marker,
            )
        )
    return units


def _writer(texts) -> Callable[[list[str]], None]:
    def write(parts: list[str]) -> None:
        for element, part in zip(texts, parts):
            element.text = part

    return write


def _marker(slide) -> Callable[[str], None]:
    """A line in the slide's notes (made when the slide has none) naming a flagged sentence."""

    def mark(message: str) -> None:
        slide.notes_slide.notes_text_frame.add_paragraph().text = message

    return mark
