"""Markdown (.md): the text of paragraphs, headings, list items, quotes and table cells
translated; everything else (code blocks, HTML blocks, front matter, link URLs, inline code,
images, the block syntax) left as written.

markdown-it-py parses the file into tokens with source maps (the lines each block comes
from); each block's inline content is found in those lines and replaced by the same inline
Markdown (emphasis, links, code spans) rebuilt around the translated text. Nothing outside
the translated inline content changes, so the file round-trips.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ui.documents import decode_text
from ui.files.units import Unit

_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.S)
_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
# Inline tokens kept exactly as written: a break in the text translated around them.
_OPAQUE = ("code_inline", "image", "html_inline", "softbreak", "hardbreak")
_CLOSERS = {"strong_close", "em_close", "s_close", "link_close"}


def open_markdown(name: str, data: bytes) -> tuple[list[Unit], Callable[[Path], None]]:
    """The paragraphs of a Markdown file and how to save it."""
    from markdown_it import MarkdownIt

    text = decode_text(name, data).replace("\r\n", "\n")
    front = _FRONT_MATTER.match(text)
    parsed = text
    if front:  # YAML front matter: blank lines to the parser, kept as written
        parsed = "\n" * front.group().count("\n") + text[front.end() :]
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    parser.normalizeLink = lambda url: url  # URLs stay as written (no percent-encoding)
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    edits: dict[int, tuple[int, str]] = {}
    units: list[Unit] = []
    cursor = 0
    for token in parser.parse(parsed):
        if token.type != "inline" or not token.map or not token.children:
            continue
        span = _locate(text, starts, token, cursor)
        if span is None:
            continue
        cursor = span[1]
        unit = _unit(token, span, edits, f"line {token.map[0] + 1}")
        if unit is not None:
            units.append(unit)

    def save(path: Path) -> None:
        out = text
        for start in sorted(edits, reverse=True):
            end, new = edits[start]
            out = out[:start] + new + out[end:]
        path.write_text(out, encoding="utf-8")

    return units, save


def _locate(text: str, starts: list[int], token, cursor: int) -> tuple[int, int] | None:
    """Where a block's inline content is in the file: from its first line's start to its
    last line's end (the block syntax before and after left out)."""
    lines = token.content.split("\n")
    first_line, last_line = token.map[0], token.map[0] + len(lines) - 1
    if last_line >= len(starts):
        return None
    begin = text.find(lines[0], max(starts[first_line], cursor))
    line_end = text.find("\n", starts[last_line])
    limit = len(text) if line_end < 0 else line_end
    if begin < 0 or begin > limit:
        return None
    if len(lines) == 1:
        return begin, begin + len(lines[0])
    end = text.rfind(lines[-1], starts[last_line], limit)
    return None if end < 0 else (begin, end + len(lines[-1]))


def _unit(token, span: tuple[int, int], edits, where: str) -> Unit | None:
    children = token.children
    pieces, styles, breaks, slots = [], [], set(), []
    stack: list[tuple] = []
    pending = False
    for index, child in enumerate(children):
        if child.type.endswith("_open"):
            stack.append((child.type, child.attrs.get("href", ""), child.markup))
        elif child.type in _CLOSERS and stack:
            stack.pop()
        elif child.type in _OPAQUE or any(s[2] == "autolink" for s in stack):
            pending = True  # an autolink's text is its URL: kept
        elif child.type == "text" and child.content:
            if pending and pieces:
                breaks.add(len(pieces))
            pending = False
            pieces.append(child.content)
            styles.append(tuple(stack))
            slots.append(index)
    if not pieces:
        return None
    comments: list[str] = []

    def write(parts: list[str]) -> None:
        texts = dict(zip(slots, (_ESCAPE.sub(r"\\\1", p) for p in parts)))
        edits[span[0]] = (span[1], _render(children, texts) + "".join(comments))

    def mark(message: str) -> None:
        comments.append(f" <!-- {message.replace('--', '—')} -->")
        if span[0] in edits:
            edits[span[0]] = (span[1], edits[span[0]][1] + comments[-1])

    return Unit(where, pieces, styles, write, breaks, mark)


def _render(children, texts: dict[int, str]) -> str:
    """The inline Markdown of ``children`` with the text tokens replaced by ``texts``."""
    out, autolink = [], False
    for index, child in enumerate(children):
        kind = child.type
        if kind == "text":
            kept = child.content if autolink else _ESCAPE.sub(r"\\\1", child.content)
            out.append(texts.get(index, kept))
        elif kind in ("strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"):
            out.append(child.markup)
        elif kind == "link_open":
            autolink = child.markup == "autolink"
            out.append("<" if autolink else "[")
        elif kind == "link_close":
            out.append(">" if child.markup == "autolink" else _link_end(children, index))
            autolink = False
        elif kind == "code_inline":
            fence = child.markup
            pad = " " if child.content.startswith("`") or child.content.endswith("`") else ""
            out.append(f"{fence}{pad}{child.content}{pad}{fence}")
        elif kind == "image":
            title = child.attrs.get("title")
            title = f' "{title}"' if title else ""
            out.append(f"![{child.content}]({child.attrs.get('src', '')}{title})")
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("<br>")
        else:  # html_inline and anything else: as written
            out.append(child.content)
    return "".join(out)


def _link_end(children, index: int) -> str:
    """``](url "title")`` of the link that ``children[index]`` closes."""
    depth = 0
    for child in reversed(children[:index]):
        if child.type == "link_close":
            depth += 1
        elif child.type == "link_open":
            if depth == 0:
                href = child.attrs.get("href", "")
                href = f"<{href}>" if " " in href else href
                title = child.attrs.get("title")
                return f"]({href}" + (f' "{title}"' if title else "") + ")"
            depth -= 1
    return "]"
