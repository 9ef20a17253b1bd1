"""The digest as Markdown: the same content as the HTML page, the chart as a table."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from summarize.digest.labels import (
    NO_BODY,
    STATUS_TEXT,
    date_note,
    day_heading,
    day_label,
    figure_value,
)
from summarize.markdown import escape_markdown as _md
from translate import LANGUAGE_NAMES

if TYPE_CHECKING:
    from summarize.digest.types import Digest, DigestEntry

_KINDS = (("person", "People"), ("place", "Places"), ("org", "Bodies"))


def to_markdown(digest: Digest) -> str:
    """Render a digest as Markdown.

    Sections: the title and counts; events per day and body (a table, where the HTML has the
    chart); the entries by date and issuing body, each with its sources, summary, key points,
    warnings, figures (cross-checked), names, notes and flags; all figures; skipped documents.
    Text from a release, a model or a name goes through :func:`summarize.markdown.escape_markdown`,
    so it shows as itself: never a tag, a link, an image or emphasis.
    """
    lines = [f"# {_md(digest.title)}", "", _counts(digest), ""]
    lines += _per_day(digest)
    for date, bodies in digest.sections():
        lines += [f"## {day_heading(date)}", ""]
        for body, entries in bodies:
            lines += [f"### {_md(body or NO_BODY)}", ""]
            for entry in entries:
                lines += _entry(entry)
    lines += _all_figures(digest)
    if digest.skipped:
        lines += ["## Skipped documents", ""]
        lines += [f"- **{_md(s.id)}**: {_md(s.reason)}" for s in digest.skipped]
        lines.append("")
    if digest.outside:
        lines += [f"_Outside the dates asked for (or undated): {_md(', '.join(digest.outside))}_"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _counts(digest: Digest) -> str:
    events, releases = len(digest.entries), digest.document_count
    text = f"_{events} event{'s' * (events != 1)} from {releases} release{'s' * (releases != 1)}"
    if digest.since or digest.until:
        text += f"; kept: {_md(digest.since or 'any')} to {_md(digest.until or 'any')}"
    if digest.skipped:
        text += f"; {len(digest.skipped)} document(s) skipped"
    return text + "._"


def _per_day(digest: Digest) -> list[str]:
    if not digest.entries:
        return ["No entries.", ""]
    counts = Counter((e.date, e.body or NO_BODY) for e in digest.entries)
    releases = Counter()
    for e in digest.entries:
        releases[(e.date, e.body or NO_BODY)] += len(e.documents)
    lines = ["## Events per day and body", "", "| Date | Body | Events | Releases |"]
    lines.append("|---|---|---:|---:|")
    for (date, body), count in counts.items():
        lines.append(
            f"| {day_label(date)} | {_md(body, cell=True)} | {count} | {releases[(date, body)]} |"
        )
    return [*lines, ""]


def _status(status: str) -> str:
    return _md(STATUS_TEXT.get(status, status), cell=True)


def _sources(entry: DigestEntry) -> str:
    items = []
    for d in entry.documents:
        extra = [LANGUAGE_NAMES.get(d.language, d.language)]
        if d.date:
            extra.append(f"{day_label(d.date)}, {date_note(d.date_from, d.year_from)}")
        if d.mode == "fast":
            extra.append("fast mode")
        if d.english:
            extra.append("English shown")
        name = d.id.replace("`", "'")
        items.append(f"`{name}` ({_md('; '.join(extra))})")
    return "**Sources:** " + " · ".join(items)


def _entry(entry: DigestEntry) -> list[str]:
    lines = [f"#### {_md(entry.id)}. {_md(entry.headline)}", "", _sources(entry), ""]
    lines += [_md(entry.summary), ""]
    if entry.key_points:
        lines += [f"- {_md(p)}" for p in entry.key_points] + [""]
    if entry.warnings:
        lines += ["**⚠ Warnings:**", ""]
        lines += [f"- ⚠ {_md(w)}" for w in entry.warnings] + [""]
    if entry.figures:
        lines += ["| Figure | Value | Unit | Check | Source words |", "|---|---:|---|---|---|"]
        for f in entry.figures:
            sources = "; ".join(f.sources)
            lines.append(
                f"| {_md(f.text, cell=True)} | {figure_value(f)} | {_md(f.unit, cell=True)} | "
                f"{_status(f.status)} | {_md(sources, cell=True)} |"
            )
        lines.append("")
    else:
        lines += ["No figures in the source.", ""]
    for kind, title in _KINDS:
        names = [e.name for e in entry.entities if e.kind == kind]
        if names:
            lines.append(f"- **{title}:** {_md(', '.join(names))}")
    if entry.dates:
        lines.append(f"- **Dates named:** {_md(', '.join(d.text for d in entry.dates))}")
    lines.append("")
    if entry.notes or entry.flags:
        lines += [f"- Note: {_md(n)}" for n in entry.notes]
        lines += [f"- Flag: {_md(f)}" for f in entry.flags]
        lines.append("")
    return lines


def _all_figures(digest: Digest) -> list[str]:
    rows = [(e, f) for e in digest.entries for f in e.figures]
    if not rows:
        return ["## All figures", "", "No figures.", ""]
    lines = ["## All figures", "", "| Value | Unit | English | Entry | Check |"]
    lines.append("|---:|---|---|---|---|")
    for e, f in rows:
        lines.append(
            f"| {figure_value(f)} | {_md(f.unit, cell=True)} | {_md(f.text, cell=True)} | "
            f"{_md(e.id, cell=True)} | {_status(f.status)} |"
        )
    return [*lines, ""]
