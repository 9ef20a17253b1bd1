"""The digest as one self-contained HTML page: safe to mail, opens offline.

No scripts, fonts, stylesheets or images are loaded: the style is inline, the chart is inline
SVG, and a Content-Security-Policy of ``default-src 'none'`` forbids any request should
something slip through. Every text from a release goes through :func:`html.escape`, so markup in
a release (``<script>``, ``<img onerror=...>``) is shown as text.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from summarize.digest.chart import events_chart
from summarize.digest.labels import (
    NO_BODY,
    STATUS_TEXT,
    date_note,
    day_heading,
    day_label,
    figure_value,
)
from translate import LANGUAGE_NAMES

if TYPE_CHECKING:
    from summarize.digest.types import Digest, DigestEntry

_KINDS = (("person", "People"), ("place", "Places"), ("org", "Bodies"))

_STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f4f1; color: #1a1a1a;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: #fff; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .4rem; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 .6rem; padding-bottom: .3rem;
  border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1rem; text-transform: uppercase; letter-spacing: .05em; color: #555;
  margin: 1.6rem 0 .4rem; }
h4 { font-size: 1.15rem; line-height: 1.35; margin: 0 0 .4rem; }
.lede { color: #444; margin: 0 0 1rem; }
.note { color: #555; font-size: .9rem; }
article { border: 1px solid #ddd; border-left: 4px solid #0072B2; border-radius: 4px;
  padding: 1rem 1.2rem; margin: .8rem 0 1.2rem; }
.eid { display: inline-block; min-width: 2.2rem; font-size: .85rem; font-weight: 700;
  color: #fff; background: #0072B2; border-radius: 3px; padding: 0 .35rem; margin-right: .4rem;
  text-align: center; }
.meta { font-size: .9rem; color: #444; margin: 0 0 .7rem; }
.lang { display: inline-block; font-size: .75rem; font-weight: 700; border: 1px solid #888;
  border-radius: 3px; padding: 0 .3rem; margin-right: .2rem; }
.warn { background: #fff4e0; border: 1px solid #e69f00; border-radius: 4px;
  padding: .5rem .9rem; margin: .7rem 0; }
.warn strong { color: #8a4b00; }
.flags { background: #f0f0f0; border-radius: 4px; padding: .5rem .9rem; margin: .7rem 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid #e2e2e2; }
th { background: #f4f4f1; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.differs td { background: #fff4e0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .6rem 0;
  font-size: .92rem; }
dt { font-weight: 600; color: #444; }
dd { margin: 0; }
ul { margin: .3rem 0 .6rem; padding-left: 1.3rem; }
.chart { max-width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
nav ol { padding-left: 1.3rem; }
a { color: #0057a0; }
footer { margin-top: 3rem; font-size: .85rem; color: #555; border-top: 1px solid #ddd;
  padding-top: .8rem; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def to_html(digest: Digest) -> str:
    """Render a digest as one self-contained HTML page (see the module docstring)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(digest.title)}</title><style>{_STYLE}</style></head>",
        "<body><main>",
        *_header(digest),
        *_overview(digest),
    ]
    for date, bodies in digest.sections():
        parts.append(f'<section class="day"><h2>{_e(day_heading(date))}</h2>')
        for body, entries in bodies:
            parts.append(f"<section><h3>{_e(body or NO_BODY)}</h3>")
            parts += [_article(entry) for entry in entries]
            parts.append("</section>")
        parts.append("</section>")
    parts += _figure_table(digest)
    parts += _skipped(digest)
    parts.append(
        "<footer>Made with kybrief. The English is machine translation (NLLB-200); figures, "
        "dates and names are read from the Kyrgyz or Russian source, and each figure is "
        "checked against the English and between the versions of an event.</footer>"
    )
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _header(digest: Digest) -> list[str]:
    languages = sorted({d.language for e in digest.entries for d in e.documents})
    names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in languages) or "none"
    events = len(digest.entries)
    line = (
        f"{events} event{'s' * (events != 1)} from {digest.document_count} "
        f"release{'s' * (digest.document_count != 1)} ({names})"
    )
    dates = sorted(e.date for e in digest.entries if e.date)
    if dates:
        line += f", {day_label(dates[0])}" + (
            f" to {day_label(dates[-1])}" if dates[-1] != dates[0] else ""
        )
    if digest.since or digest.until:
        line += f"; kept: {digest.since or 'any'} to {digest.until or 'any'}"
    line += "."
    if digest.skipped:
        line += f" {len(digest.skipped)} document(s) skipped (listed at the end)."
    return [f"<header><h1>{_e(digest.title)}</h1>", f'<p class="lede">{_e(line)}</p></header>']


def _overview(digest: Digest) -> list[str]:
    items = [
        f'<li><a href="#{_e(e.id)}">{_e(e.headline)}</a>'
        f"{' <strong>⚠</strong>' if e.warnings else ''}</li>"
        for e in digest.entries
    ]
    return [
        '<section class="overview"><h2>Overview</h2>',
        events_chart(digest.entries),
        f"<nav><ol>{''.join(items)}</ol></nav></section>" if items else "</section>",
    ]


def _sources(entry: DigestEntry) -> str:
    docs = []
    for d in entry.documents:
        extra = [LANGUAGE_NAMES.get(d.language, d.language)]
        if d.date:
            extra.append(f"{day_label(d.date)}, {date_note(d.date_from, d.year_from)}")
        if d.mode == "fast":
            extra.append("fast mode")
        if d.english:
            extra.append("English shown")
        docs.append(
            f'<span class="lang">{_e(d.language.upper())}</span><b>{_e(d.id)}</b> '
            f"({_e('; '.join(extra))})"
        )
    return "Sources: " + " · ".join(docs)


def _article(entry: DigestEntry) -> str:
    parts = [
        f'<article id="{_e(entry.id)}">',
        f'<h4><span class="eid">{_e(entry.id)}</span>{_e(entry.headline)}</h4>',
        f'<p class="meta">{_sources(entry)}</p>',
        f"<p>{_e(entry.summary)}</p>",
    ]
    if entry.key_points:
        parts.append("<ul>" + "".join(f"<li>{_e(p)}</li>" for p in entry.key_points) + "</ul>")
    if entry.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in entry.warnings)
        parts.append(f'<div class="warn"><strong>⚠ Warnings</strong><ul>{items}</ul></div>')
    parts += _entry_figures(entry)
    parts.append(_facts(entry))
    if entry.notes or entry.flags:
        items = "".join(f"<li>{_e(n)}</li>" for n in entry.notes)
        items += "".join(f"<li>Flag: {_e(f)}</li>" for f in entry.flags)
        parts.append(f'<div class="flags"><strong>Notes</strong><ul>{items}</ul></div>')
    parts.append("</article>")
    return "\n".join(parts)


def _entry_figures(entry: DigestEntry) -> list[str]:
    if not entry.figures:
        return ['<p class="note">No figures in the source.</p>']
    rows = [
        f"<tr{' class=differs' if f.status == 'differs' else ''}><td>{_e(f.text)}</td>"
        f'<td class="num">{_e(figure_value(f))}</td><td>{_e(f.unit)}</td>'
        f"<td>{_e(STATUS_TEXT.get(f.status, f.status))}</td>"
        f"<td>{'<br>'.join(_e(s) for s in f.sources)}</td></tr>"
        for f in entry.figures
    ]
    head = "<tr><th>Figure</th><th>Value</th><th>Unit</th><th>Check</th><th>Source words</th></tr>"
    return [f"<table><caption hidden>Figures of {_e(entry.id)}</caption>{head}{''.join(rows)}"
            "</table>"]  # fmt: skip


def _facts(entry: DigestEntry) -> str:
    rows = []
    for kind, title in _KINDS:
        names = [e.name for e in entry.entities if e.kind == kind]
        if names:
            rows.append(f"<dt>{title}</dt><dd>{_e(', '.join(names))}</dd>")
    if entry.dates:
        rows.append(f"<dt>Dates named</dt><dd>{_e(', '.join(d.text for d in entry.dates))}</dd>")
    return f"<dl>{''.join(rows)}</dl>" if rows else ""


def _figure_table(digest: Digest) -> list[str]:
    rows = [
        f"<tr{' class=differs' if f.status == 'differs' else ''}>"
        f'<td class="num">{_e(figure_value(f))}</td><td>{_e(f.unit)}</td><td>{_e(f.text)}</td>'
        f'<td><a href="#{_e(e.id)}">{_e(e.id)}</a> {_e(_short(e.headline))}</td>'
        f"<td>{_e(STATUS_TEXT.get(f.status, f.status))}</td></tr>"
        for e in digest.entries
        for f in e.figures
    ]
    if not rows:
        return ["<h2>All figures</h2>", '<p class="note">No figures.</p>']
    head = "<tr><th>Value</th><th>Unit</th><th>English</th><th>Entry</th><th>Check</th></tr>"
    return ["<h2>All figures</h2>", f"<table>{head}{''.join(rows)}</table>"]


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _skipped(digest: Digest) -> list[str]:
    parts = []
    if digest.skipped:
        items = "".join(f"<li><b>{_e(s.id)}</b>: {_e(s.reason)}</li>" for s in digest.skipped)
        parts += ["<h2>Skipped documents</h2>", f"<ul>{items}</ul>"]
    if digest.outside:
        shown = ", ".join(digest.outside)
        parts.append(f'<p class="note">Outside the dates asked for (or undated): {_e(shown)}</p>')
    return parts
