"""Markdown rendering of a :class:`summarize.brief.Brief`, ready to paste into a report."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from translate import LANGUAGE_NAMES, describe_flags

if TYPE_CHECKING:
    from summarize.brief import Brief

_KIND_TITLES = {"person": "People", "place": "Places", "org": "Bodies"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _line(text).replace("|", "\\|")


def _line(text: str) -> str:
    """Text of a release on one line; a ``<`` from it never opens an HTML tag when rendered."""
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("<", "\\<")


def _figures(brief: Brief) -> list[str]:
    lines = ["## Figures", ""]
    if not brief.figures:
        return [*lines, "No figures in the source.", ""]
    lines += ["| Figure | Value | Unit | Source |", "|---|---:|---|---|"]
    for f in brief.figures:
        value = f"{f.value:,.0f}" if float(f.value).is_integer() else f"{f.value:,}"
        lines.append(f"| {_cell(f.text)} | {value} | {_cell(f.unit)} | {_cell(f.source)} |")
    return [*lines, ""]


def _bullets(title: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    if not items:
        return []
    return [f"## {title}", "", *(f"- {_line(item)}" for item in items), ""]


def flag_note(flags: Iterable[str]) -> str:
    """`` ⚠ (check the source: low model confidence)`` after a flagged sentence, else ""."""
    words = describe_flags(flags)
    return f" ⚠ _(check the source: {words})_" if words else ""


def _checked(sentences: Iterable[str], flags: Iterable[Iterable[str]]) -> list[str]:
    """Each sentence on one line, with why it may be mistranslated when it is flagged."""
    flags = list(flags)
    return [
        _line(text) + (flag_note(flags[i]) if i < len(flags) else "")
        for i, text in enumerate(sentences)
    ]


def _summary(brief: Brief) -> str:
    if not any(brief.summary_flags):
        return _line(brief.summary)
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
            lines.append(f"- **{title}:** {_line(', '.join(names))}")
    return [*lines, ""]


def _warnings(brief: Brief) -> list[str]:
    lines = ["## Warnings", ""]
    lines += [f"- ⚠ {_line(w)}" for w in brief.warnings]
    if brief.unchecked_figures:
        shown = "; ".join(f.text for f in brief.unchecked_figures)
        lines.append(
            f"- {len(brief.unchecked_figures)} figure(s) not checked: fast mode did not "
            f"translate their sentences ({_line(shown)})"
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
        f"summary: {brief.summarizer}._"
    )


def to_markdown(brief: Brief) -> str:
    """Render a brief as Markdown.

    Sections: the headline as a title, the summary, key points, a figures table (figure,
    value, unit, source words), dates, names, warnings (always present, so a reader sees that
    the figures were checked), and a footer with the languages and the mode.
    """
    lines = [f"# {_line(brief.headline)}{flag_note(brief.headline_flags)}", ""]
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
