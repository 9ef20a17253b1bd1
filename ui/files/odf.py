"""OpenDocument text (.odt): paragraphs and headings of the body, tables, lists, frames
(text boxes), footnotes, headers and footers translated in place.

lxml edits ``content.xml`` and ``styles.xml`` (headers and footers live in its master pages);
every other member of the package is copied byte for byte, in order, ``mimetype`` first and
uncompressed as the format requires. Only text nodes of ``<text:p>``/``<text:h>`` and their
``<text:span>``/``<text:a>`` change; fields, notes, frames, tabs and spaces stay as they are.
A flagged paragraph gets an ODF comment (``<office:annotation>``) naming the flags.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from ui.files.safety import DocumentError
from ui.files.units import Unit

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC = "http://purl.org/dc/elements/1.1/"
_PARAGRAPHS = (f"{{{TEXT}}}p", f"{{{TEXT}}}h")
_INLINE = (f"{{{TEXT}}}span", f"{{{TEXT}}}a")
_MEMBERS = ("content.xml", "styles.xml")


def open_odt(name: str, data: bytes) -> tuple[list[Unit], Callable[[Path], None]]:
    """The paragraphs of an .odt and how to save it.

    Raises:
        DocumentError: not a readable OpenDocument text.
    """
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        trees = {
            info.filename: etree.fromstring(blob, parser)
            for info, blob in members
            if info.filename in _MEMBERS
        }
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError) as exc:
        raise DocumentError(f"{name}: damaged, not a readable .odt ({exc})") from exc
    if "content.xml" not in trees:
        raise DocumentError(f"{name}: not an OpenDocument text (no content.xml)")
    units: list[Unit] = []
    for member, root in trees.items():
        label = "body" if member == "content.xml" else "header/footer"
        for number, paragraph in enumerate(root.iter(*_PARAGRAPHS), 1):
            if next(paragraph.iterancestors(f"{{{OFFICE}}}annotation"), None) is not None:
                continue  # existing comments stay as written
            unit = _unit(paragraph, f"{label} paragraph {number}", member == "content.xml")
            if unit is not None:
                units.append(unit)

    def save(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as out:
            for info, blob in members:
                if info.filename in trees:
                    blob = etree.tostring(
                        trees[info.filename], xml_declaration=True, encoding="UTF-8"
                    )
                out.writestr(info, blob)

    return units, save


def _unit(paragraph, where: str, commentable: bool) -> Unit | None:
    items: list[tuple[object, str, tuple, bool]] = []
    state = {"pending": False}
    _walk(paragraph, (), items, state)
    if not any((getattr(n, a) or "").strip() for n, a, _, _ in items):
        return None
    nodes = [(node, attr) for node, attr, _, _ in items]

    def write(parts: list[str]) -> None:
        for (node, attr), part in zip(nodes, parts):
            setattr(node, attr, part)

    def mark(message: str) -> None:
        from lxml import etree

        note = etree.SubElement(paragraph, f"{{{OFFICE}}}annotation", nsmap={"dc": DC})
        etree.SubElement(note, f"{{{DC}}}creator").text = "kybrief"
        stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
        etree.SubElement(note, f"{{{DC}}}date").text = stamp.isoformat()
        etree.SubElement(note, f"{{{TEXT}}}p").text = message

    text = " ".join((getattr(n, a) or "") for n, a in nodes).strip()
    return Unit(
        f"{where} ({text[:40]})",
        [getattr(node, attr) or "" for node, attr in nodes],
        [style for _, _, style, _ in items],
        write,
        {i for i, (_, _, _, br) in enumerate(items) if br},
        mark if commentable else None,
    )


def _walk(element, style: tuple, items: list, state: dict) -> None:
    """The text nodes of a paragraph (or a span in it), each with its format."""
    if element.text:
        items.append((element, "text", style, state["pending"]))
        state["pending"] = False
    for child in element:
        if child.tag in _INLINE:
            inner = (*style, (child.tag, tuple(sorted(child.attrib.items()))))
            _walk(child, inner, items, state)
        else:  # spaces, tabs, breaks, fields, notes, frames: kept; a break in the text
            state["pending"] = True
        if child.tail:
            items.append((child, "tail", style, state["pending"]))
            state["pending"] = False
