"""Markdown rendering of a :class:`summarize.brief.Brief`, ready to paste into a report.

Also :func:`escape_markdown`, the one escaper of the project's Markdown (the brief, the digest,
the app's page): text from a release, a model or a name always goes through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from translate import LANGUAGE_NAMES, describe_flags

if TYPE_CHECKING:
    from summarize.brief import Brief

_KIND_TITLES = {"person": "People", "place": "Places", "org": "Bodies"}

# Characters that mean something to Markdown (or to the HTML it may hold) wherever they
# stand. "|" only splits a table row, so it is escaped in cells only; "&" only when it starts
# a character reference ("&lt;"), so "R&D" stays as it is; "_" not between two letters or
# digits ("file_name" never emphasizes). "$" opens math where a renderer (Gradio) supports it;
# "~" strikes through (GFM).
_ACTIVE = re.compile(r"[\\`*\[\]<>#~$]|!(?=\[)|&(?=#?[0-9A-Za-z]+;)|(?<![^\W_])_|_(?![^\W_])")
_ACTIVE_IN_CELL = re.compile(_ACTIVE.pattern + r"|\|")
# What starts a block at the start of a line: a list item ("-", "+", "1." or "1)" then a
# space), a thematic break or setext underline ("---", "==="); ">" and "#" are escaped anyway.
_LEADING_MARK = re.compile(r"^([-+=])(?=\s|$|\1)")
_LIST_NUMBER = re.compile(r"^([0-9]{1,9})([.)])(?=\s|$)")


def _entity(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(ch)};" for ch in match.group())


def escape_markdown(text: object, *, cell: bool = False) -> str:
    """``text`` as literal Markdown on one line: what a reader sees is the text itself.

    The one escaper for text from a release, a model or a name, in every Markdown this
    project writes (the brief, the digest, the app's page). Whitespace, newlines included,
    becomes single spaces. Each character Markdown would act on becomes an HTML character
    reference: backslash, backtick, ``*``, ``[``, ``]``, ``<``, ``>``, ``#``, ``~``, ``$``;
    ``_`` but between letters or digits; ``!`` before ``[``; ``&`` that starts a character
    reference; ``|`` when ``cell``; and a leading ``-``, ``+`` or ``=`` (or the ``.``/``)``
    after leading digits) that would start a list, a heading or a rule. Ordinary text is
    unchanged.

    References, not backslashes: a backslash inside a URL that the renderer links by itself
    would be shown (and break the link); ``&#95;`` reads as ``_`` everywhere but in a code
    span, and no caller puts escaped text in one.

    Args:
        text: anything; ``str(text)`` is escaped.
        cell: the text goes in a table cell (``|`` escaped too).
    """
    text = " ".join(str(text).split())
    text = (_ACTIVE_IN_CELL if cell else _ACTIVE).sub(_entity, text)
    text = _LEADING_MARK.sub(_entity, text, count=1)
    return _LIST_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text, count=1)


def _figures(brief: Brief) -> list[str]:
    lines = ["## Figures", ""]
    if not brief.figures:
        return [*lines, "No figures in the source.", ""]
    lines += ["| Figure | Value | Unit | Source |", "|---|---:|---|---|"]
    for f in brief.figures:
        value = f"{f.value:,.0f}" if float(f.value).is_integer() else f"{f.value:,}"
        text, unit, source = (escape_markdown(v, cell=True) for v in (f.text, f.unit, f.source))
        lines.append(f"| {text} | {value} | {unit} | {source} |")
    return [*lines, ""]


def _bullets(title: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    if not items:
        return []
    return [f"## {title}", "", *(f"- {escape_markdown(item)}" for item in items), ""]


def flag_note(flags: Iterable[str]) -> str:
    """`` ⚠ (check the source: low model confidence)`` after a flagged sentence, else ""."""
    words = describe_flags(flags)
    return f" ⚠ _(check the source: {words})_" if words else ""


def _checked(sentences: Iterable[str], flags: Iterable[Iterable[str]]) -> list[str]:
    """Each sentence on one line, with why it may be mistranslated when it is flagged."""
    flags = list(flags)
    return [
        escape_markdown(text) + (flag_note(flags[i]) if i < len(flags) else "")
        for i, text in enumerate(sentences)
    ]


def _summary(brief: Brief) -> str:
    if not any(brief.summary_flags):
        return escape_markdown(brief.summary)
    return " ".join(_checked(brief.summary_sentences, brief.summary_flags))


def _reliability(brief: Brief) -> list[str]:
    """A plain line when the translation cannot be trusted, before anything else."""
    flagged, total = brief.flagged_count, brief.translated_count
    if not flagged:
        return []
    share = "most" if flagged * 2 > total else "some"
    return [
        f"> ⚠ **{flagged} of {total} translated sentences are flagged** as possibly "
        f"mistranslated ({share} of the translation): check them against the source.",
        "",
    ]


def _names(brief: Brief) -> list[str]:
    if not brief.entities:
        return []
    lines = ["## Names", ""]
    for kind, title in _KIND_TITLES.items():
        names = [e.name for e in brief.entities if e.kind == kind]
        if names:
            lines.append(f"- **{title}:** {escape_markdown(', '.join(names))}")
    return [*lines, ""]


def _warnings(brief: Brief) -> list[str]:
    lines = ["## Warnings", ""]
    lines += [f"- ⚠ {escape_markdown(w)}" for w in brief.warnings]
    if brief.unchecked_figures:
        shown = "; ".join(f.text for f in brief.unchecked_figures)
        lines.append(
            f"- {len(brief.unchecked_figures)} figure(s) not checked: fast mode did not "
            f"translate their sentences ({escape_markdown(shown)})"
        )
    if not brief.warnings and not brief.unchecked_figures:
        if brief.figures:
            lines.append("None: every figure of the source is in the English.")
        else:
            lines.append("None: the source states no figures.")
    return [*lines, ""]


def _footer(brief: Brief) -> str:
    language = LANGUAGE_NAMES.get(brief.source_language, brief.source_language)
    how = "every sentence" if brief.mode == "full" else "the key sentences only"
    return (
        f"_{language} → English; {brief.mode} mode: {how} translated "
        f"({brief.translated_count} of {brief.sentence_count}); "
        f"{brief.flagged_count} of {brief.translated_count} sentences flagged; "
        f"summary: {escape_markdown(brief.summarizer)}._"
    )


def to_markdown(brief: Brief) -> str:
    """Render a brief as Markdown.

    Sections: the headline as a title, the summary, key points, a figures table (figure,
    value, unit, source words), dates, names, warnings (always present, so a reader sees that
    the figures were checked), and a footer with the languages and the mode.
    """
    lines = [f"# {escape_markdown(brief.headline)}{flag_note(brief.headline_flags)}", ""]
    lines += [*_reliability(brief), _summary(brief), ""]
    if brief.key_points:
        lines += ["## Key points", ""]
        lines += [f"- {p}" for p in _checked(brief.key_points, brief.key_point_flags)]
        lines.append("")
    lines += _figures(brief)
    lines += _bullets("Dates", (f"{d.text} ({d.source})" for d in brief.dates))
    lines += _names(brief)
    lines += _warnings(brief)
    lines.append(_footer(brief))
    return "\n".join(lines) + "\n"
