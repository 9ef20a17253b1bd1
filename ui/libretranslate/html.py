"""Translate the text of an HTML fragment and give the markup back byte for byte.

LibreTranslate's ``format=html``: only text nodes are translated; tags, attributes, comments,
entities in attributes and the contents of ``<script>``/``<style>`` come back exactly as sent.
Elements marked ``translate="no"`` or ``class="notranslate"`` (the HTML standard's and Google's
conventions; Mastodon wraps custom emoji this way) are left alone too.

Each text node is translated on its own: ``Hello <b>world</b>`` gives two segments. That keeps
every tag where it was, at the cost of the model seeing fragments of a sentence.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlTemplate", "parse_html"]

#: Elements whose contents are code or otherwise not prose.
_SKIP_ELEMENTS = frozenset({"script", "style", "code", "pre", "kbd", "samp", "var", "textarea"})


@dataclass(frozen=True)
class HtmlTemplate:
    """An HTML fragment cut into verbatim pieces and translatable text slots.

    Attributes:
        parts: the source, in order; ``parts[i]`` for ``i`` in ``slots`` is a text node's core
            (unescaped, without its surrounding whitespace), every other part is raw source.
        slots: indices into ``parts`` of the text to translate.
    """

    parts: tuple[str, ...]
    slots: tuple[int, ...]

    @property
    def segments(self) -> list[str]:
        """The texts to translate, in document order."""
        return [self.parts[i] for i in self.slots]

    @property
    def text(self) -> str:
        """All translatable text, one node per line (for language detection)."""
        return "\n".join(self.segments)

    def render(self, translations: Sequence[str]) -> str:
        """The fragment with each segment replaced by its translation (HTML-escaped).

        Raises:
            ValueError: the number of translations is not the number of segments.
        """
        if len(translations) != len(self.slots):
            raise ValueError(f"{len(translations)} translations for {len(self.slots)} segments")
        parts = list(self.parts)
        for index, translation in zip(self.slots, translations, strict=True):
            parts[index] = html.escape(translation, quote=False)
        return "".join(parts)


def parse_html(source: str) -> HtmlTemplate:
    """Cut an HTML fragment (or document) into verbatim markup and translatable text.

    Args:
        source: HTML; broken markup is tolerated (the parser never fails).
    """
    parser = _Collector(source)
    parser.feed(source)
    parser.close()
    return parser.template()


class _Collector(HTMLParser):
    """Records where each event starts; the raw source between two starts is one token."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._source = source
        self._line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(i + 1)
        #: (start offset, unescaped text or None for markup, translatable)
        self._events: list[tuple[int, str | None, bool]] = []
        #: [tag, depth] of the elements being skipped, innermost last.
        self._skipping: list[list] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _markup(self) -> None:
        self._events.append((self._offset(), None, False))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._markup()
        if self._skipping and tag == self._skipping[-1][0]:
            self._skipping[-1][1] += 1
        elif _is_skipped(tag, attrs):
            self._skipping.append([tag, 1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._markup()  # <br/>: nothing to open or close

    def handle_endtag(self, tag: str) -> None:
        self._markup()
        if self._skipping and tag == self._skipping[-1][0]:
            self._skipping[-1][1] -= 1
            if self._skipping[-1][1] == 0:
                self._skipping.pop()

    def handle_data(self, data: str) -> None:
        self._events.append((self._offset(), data, not self._skipping))

    def handle_comment(self, data: str) -> None:
        self._markup()

    def handle_decl(self, decl: str) -> None:
        self._markup()

    def handle_pi(self, data: str) -> None:
        self._markup()

    def unknown_decl(self, data: str) -> None:
        self._markup()

    def template(self) -> HtmlTemplate:
        parts: list[str] = []
        slots: list[int] = []
        events = self._events
        ends = [start for start, _, _ in events[1:]] + [len(self._source)]
        for (start, data, translatable), end in zip(events, ends, strict=True):
            raw = self._source[start:end]
            if data is None or not translatable or not any(ch.isalpha() for ch in data):
                parts.append(raw)
                continue
            core = data.strip()
            lead = data[: len(data) - len(data.lstrip())]
            trail = data[len(data.rstrip()) :]
            parts.append(lead)
            slots.append(len(parts))
            parts.extend((core, trail))
        return HtmlTemplate(tuple(parts), tuple(slots))


def _is_skipped(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _SKIP_ELEMENTS:
        return True
    values = {name: (value or "") for name, value in attrs}
    if values.get("translate", "").strip().lower() == "no":
        return True
    return "notranslate" in values.get("class", "").split()
