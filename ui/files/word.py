""".docx: every paragraph of the body, tables, text boxes, headers, footers, footnotes and
endnotes, translated in place (python-docx opens and saves the package; the paragraphs are
edited as XML so images, fields, breaks, numbering and section settings stay as they were).

Only the text of ``<w:t>`` elements changes: a paragraph's runs keep their properties and
the translation is spread over them (``ui.files.align``). Flagged sentences get a Word
comment in the body, a yellow highlight in headers, footers and notes (Word has no comments
there).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from ui.files.safety import DocumentError
from ui.files.units import Unit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = re.compile(r"^/word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# Elements that break a paragraph's text between runs: a space is translated in their place.
_BREAKS = {f"{{{W}}}{t}" for t in ("br", "cr", "tab", "drawing", "pict", "object", "sym")}
# Run properties that do not change how text looks (revision ids, spell-check language).
_INVISIBLE = re.compile(r'\s(w:rsid\w*|w14:\w+)="[^"]*"|<w:lang [^>]*/>|<w:noProof/>')


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def open_docx(name: str, data: bytes) -> tuple[list[Unit], Callable[[Path], None]]:
    """The paragraphs of a .docx and how to save it.

    Raises:
        DocumentError: the file is not a readable .docx.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and its own errors
        raise DocumentError(f"{name}: damaged, not a readable .docx ({exc})") from exc
    units: list[Unit] = []
    blobs = []
    for part in document.part.package.iter_parts():
        kind = _PARTS.match(str(part.partname))
        if not kind:
            continue
        root = getattr(part, "_element", None)
        if root is None:  # a part python-docx keeps as bytes (footnotes, endnotes)
            from docx.oxml import parse_xml

            root = parse_xml(part.blob)
            blobs.append((part, root))
        label = kind.group(1)
        body = label == "document"
        units.extend(_units(root, label, document if body else None))

    def save(path: Path) -> None:
        from lxml import etree

        for part, root in blobs:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        document.save(str(path))

    return units, save


def _units(root, label: str, document) -> list[Unit]:
    units = []
    for number, paragraph in enumerate(root.iter(_q("p")), 1):
        items = _items(paragraph)
        if not items:
            continue
        texts = [t for t, _, _ in items]
        where = _where(paragraph, label, number)
        units.append(
            Unit(
                where,
                [t.text or "" for t in texts],
                [style for _, style, _ in items],
                _writer(texts),
                {i for i, (_, _, br) in enumerate(items) if br},
                _marker(paragraph, texts, document),
            )
        )
    return units


def _items(paragraph) -> list[tuple[object, tuple, bool]]:
    """The paragraph's ``<w:t>`` elements (not those of paragraphs nested in a text box),
    each with its format and whether a break comes before it."""
    items, pending = [], False
    for element in paragraph.iter(_q("t"), *_BREAKS):
        if _owner(element) is not paragraph:
            continue
        if element.tag != _q("t"):
            pending = True
            continue
        items.append((element, _style(element, paragraph), pending))
        pending = False
    return items


def _owner(element):
    return next(element.iterancestors(_q("p")), None)


def _style(text, paragraph) -> tuple:
    from lxml import etree

    run = text.getparent()
    props = run.find(_q("rPr")) if run is not None else None
    key = _INVISIBLE.sub("", etree.tostring(props, encoding="unicode")) if props is not None else ""
    links = []
    for ancestor in text.iterancestors():
        if ancestor is paragraph:
            break
        if ancestor.tag == _q("hyperlink"):
            links.append(tuple(sorted(ancestor.attrib.items())))
    return key, tuple(links)


def _where(paragraph, label: str, number: int) -> str:
    cell = next(paragraph.iterancestors(_q("tc")), None)
    place = "table cell, " if cell is not None else ""
    if next(paragraph.iterancestors(_q("txbxContent")), None) is not None:
        place = "text box, "
    return f"{label} paragraph {number} ({place}{_preview(paragraph)})"


def _preview(paragraph) -> str:
    text = "".join(t.text or "" for t in paragraph.iter(_q("t")))
    return text[:40] + ("…" if len(text) > 40 else "")


def _writer(texts) -> Callable[[list[str]], None]:
    def write(parts: list[str]) -> None:
        for element, part in zip(texts, parts):
            element.text = part
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    return write


def _marker(paragraph, texts, document) -> Callable[[str], None]:
    """A comment on the paragraph's runs (body), else a yellow highlight on them."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    def mark(message: str) -> None:
        runs = [t.getparent() for t in texts if t.getparent() is not None]
        if document is not None and runs and runs[0].getparent() is paragraph:
            proxy = Paragraph(paragraph, document._body)
            first, last = Run(runs[0], proxy), Run(runs[-1], proxy)
            if runs[-1].getparent() is paragraph:
                document.add_comment([first, last], text=message, author="kybrief", initials="kb")
                return
        for run in runs:
            if hasattr(run, "get_or_add_rPr"):
                Run(run, None).font.highlight_color = WD_COLOR_INDEX.YELLOW

    return mark
