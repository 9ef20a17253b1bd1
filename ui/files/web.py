"""HTML (.html/.htm): the text of the page translated, its tags and attributes untouched.

lxml parses the page; a paragraph is the text of a block element (``<p>``, ``<li>``, ``<td>``,
a heading, ...) up to its next block child, inline elements (``<b>``, ``<a>``, ``<span>``)
included; only text nodes change. ``<script>``, ``<style>``, ``<code>``, ``<pre>`` and the
like are not translated. A flagged paragraph's element gets a ``data-kybrief-flags``
attribute naming the flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ui.documents import declared_charset, decode_html
from ui.files.units import Unit

# Never translated: their text is code, data or not shown.
_KEEP = {"script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "svg", "math"}
_KEEP |= {"template", "noscript", "iframe", "object"}
# Kept elements that sit inside a sentence: the text around them is one paragraph.
_INLINE_KEEP = {"code", "kbd", "samp", "var", "svg", "math"}
# Elements whose text is a paragraph of its own.
_BLOCKS = {"html", "head", "body", "title", "p", "div", "li", "ul", "ol", "dl", "dt", "dd"}
_BLOCKS |= {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote"}
_BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "aside", "nav"}
_BLOCKS |= {"header", "footer", "figure", "figcaption", "form", "fieldset", "legend", "hr"}
_BLOCKS |= {"details", "summary", "address", "center", "option", "select", "label", "button"}
# Inline elements that break the text (no words of their own).
_BREAKS = {"br", "img", "wbr", "input", "hr"}
_WHOLE = re.compile(r"<html[\s>]", re.I)
_FLAGS = "data-kybrief-flags"


def open_html(name: str, data: bytes) -> tuple[list[Unit], Callable[[Path], None]]:
    """The paragraphs of an HTML page (or fragment) and how to save it."""
    import lxml.html
    from lxml import etree

    text = decode_html(name, data)
    charset = declared_charset(data) or "utf-8"
    whole = bool(_WHOLE.search(text[:4096]))
    try:
        if whole:
            root = lxml.html.document_fromstring(text)
        else:
            root = lxml.html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError) as exc:
        from ui.files.safety import DocumentError

        raise DocumentError(f"{name}: not readable HTML ({exc})") from exc
    units: list[Unit] = []
    _block(root, units)

    def save(path: Path) -> None:
        if whole:
            doctype = root.getroottree().docinfo.doctype
            out = lxml.html.tostring(root, encoding="unicode", doctype=doctype or None)
        else:
            inner = [lxml.html.tostring(c, encoding="unicode") for c in root]
            out = (root.text or "") + "".join(inner)
        try:
            path.write_bytes(out.encode(charset, errors="xmlcharrefreplace"))
        except LookupError:
            path.write_bytes(out.encode("utf-8"))

    return units, save


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _block(element, units: list[Unit]) -> None:
    """The paragraphs of a block element: its inline content between block children."""
    items: list[tuple[object, str, tuple, bool]] = []
    state = {"pending": False}

    def flush() -> None:
        if any(getattr(node, attr) and getattr(node, attr).strip() for node, attr, _, _ in items):
            units.append(_unit(element, list(items)))
        items.clear()

    if element.text:
        items.append((element, "text", (), False))
    for child in element:
        tag = _tag(child)
        if (tag in _KEEP and tag not in _INLINE_KEEP) or tag in _BLOCKS:
            flush()
            if tag in _BLOCKS:
                _block(child, units)
        elif tag in _BREAKS or tag in _INLINE_KEEP or not tag:
            state["pending"] = True
        elif tag:
            _inline(child, (), items, state)
        if child.tail:
            items.append((child, "tail", (), state["pending"]))
            state["pending"] = False
    flush()


def _inline(element, outer: tuple, items: list, state: dict) -> None:
    """An inline element's text nodes, each with its format (the inline tags around it)."""
    style = (*outer, (_tag(element), tuple(sorted(element.attrib.items()))))
    if element.text:
        items.append((element, "text", style, state["pending"]))
        state["pending"] = False
    for child in element:
        tag = _tag(child)
        if tag in _KEEP or tag in _BREAKS or tag in _BLOCKS or not tag:
            state["pending"] = True  # kept as it is; the text around it is translated
        else:
            _inline(child, style, items, state)
        if child.tail:
            items.append((child, "tail", style, state["pending"]))
            state["pending"] = False


def _unit(block, items: list) -> Unit:
    nodes = [(node, attr) for node, attr, _, _ in items]

    def write(parts: list[str]) -> None:
        for (node, attr), part in zip(nodes, parts):
            setattr(node, attr, part)

    def mark(message: str) -> None:
        old = block.get(_FLAGS)
        block.set(_FLAGS, f"{old}; {message}" if old else message)

    where = f"<{_tag(block)}> {' '.join((getattr(n, a) or '') for n, a in nodes).strip()[:40]}"
    return Unit(
        where,
        [getattr(node, attr) or "" for node, attr in nodes],
        [style for _, _, style, _ in items],
        write,
        {i for i, (_, _, _, br) in enumerate(items) if br},
        mark,
    )
