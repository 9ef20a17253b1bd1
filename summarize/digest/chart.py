"""The digest's chart: events per day, stacked by issuing body, as inline SVG.

Hand-written SVG (no plotting dependency, nothing loaded from outside). Readable without
colour: every bar segment carries its count, bodies differ by pattern as well as colour
(Okabe-Ito colour-blind-safe palette), and the legend repeats colour and pattern with the name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from summarize.digest.labels import NO_BODY, day_label

if TYPE_CHECKING:
    from summarize.digest.types import DigestEntry

#: Okabe-Ito colours (distinguishable with the common colour-vision deficiencies).
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
_PATTERNS = ("", "diagonal", "dots", "cross", "horizontal", "vertical", "")
_WIDTH, _PLOT_HEIGHT = 760, 220
_LEFT, _TOP, _RIGHT = 64, 64, 24
_LEGEND_ROW = 22


def _pattern_defs(bodies: Sequence[str]) -> list[str]:
    defs = []
    shapes = {
        "diagonal": '<path d="M0,8 L8,0" stroke="#fff" stroke-width="2"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
        "cross": '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.4"/>',
        "horizontal": '<path d="M0,4 L8,4" stroke="#fff" stroke-width="2"/>',
        "vertical": '<path d="M4,0 L4,8" stroke="#fff" stroke-width="2"/>',
    }
    for index, _ in enumerate(bodies):
        pattern = _PATTERNS[index % len(_PATTERNS)]
        colour = _COLOURS[index % len(_COLOURS)]
        if pattern:
            defs.append(
                f'<pattern id="p{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
                f'<rect width="8" height="8" fill="{colour}"/>{shapes[pattern]}</pattern>'
            )
    return defs


def _fill(index: int) -> str:
    if _PATTERNS[index % len(_PATTERNS)]:
        return f"url(#p{index})"
    return _COLOURS[index % len(_COLOURS)]


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 5))
    return list(range(0, top + 1, step))


def events_chart(entries: Sequence[DigestEntry]) -> str:
    """An SVG bar chart of events per day, stacked by issuing body.

    Args:
        entries: the digest's entries (date ``""`` counts as undated, body ``""`` as not
            stated).

    Returns:
        An ``<svg>`` element with a title, axis labels, a count on every segment, the number
        of events and releases over every bar, and a legend; all text escaped.
    """
    days = sorted({e.date for e in entries if e.date}) + (
        [""] if any(not e.date for e in entries) else []
    )
    bodies = list(dict.fromkeys(sorted(e.body or NO_BODY for e in entries)))
    counts = Counter((e.date, e.body or NO_BODY) for e in entries)
    releases = Counter()
    for e in entries:
        releases[e.date] += len(e.documents)
    top = max((sum(counts[(d, b)] for b in bodies) for d in days), default=0)
    legend_rows = len(bodies)
    height = _TOP + _PLOT_HEIGHT + 84 + legend_rows * _LEGEND_ROW
    out = [
        f'<svg role="img" aria-labelledby="chart-title '
        f'chart-desc" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
        'class="chart" font-family="system-ui, sans-serif">',
        '<title id="chart-title">Events per day, by issuing body</title>',
        f'<desc id="chart-desc">{escape(_describe(days, bodies, counts))}</desc>',
        f"<defs>{''.join(_pattern_defs(bodies))}</defs>",
        f'<text x="{_LEFT}" y="24" font-size="16" font-weight="600" fill="#1a1a1a">'
        "Events per day, by issuing body</text>",
    ]
    if not days:
        out.append(f'<text x="{_LEFT}" y="{_TOP + 40}" font-size="14">No entries.</text></svg>')
        return "".join(out)
    out += _axes(top)
    out += _bars(days, bodies, counts, releases, top)
    out += _legend(bodies, _TOP + _PLOT_HEIGHT + 80)
    out.append("</svg>")
    return "".join(out)


def _describe(days: Sequence[str], bodies: Sequence[str], counts: Counter) -> str:
    parts = []
    for day in days:
        items = [f"{counts[(day, b)]} from {b}" for b in bodies if counts[(day, b)]]
        parts.append(f"{day_label(day)}: {', '.join(items)}")
    return "; ".join(parts) + "."


def _y(value: float, top: int) -> float:
    return _TOP + _PLOT_HEIGHT - (value / max(top, 1)) * _PLOT_HEIGHT


def _axes(top: int) -> list[str]:
    bottom = _TOP + _PLOT_HEIGHT
    out = [
        f'<line x1="{_LEFT}" y1="{bottom}" x2="{_WIDTH - _RIGHT}" y2="{bottom}" stroke="#333"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}" stroke="#333"/>',
        f'<text transform="translate(18 {_TOP + _PLOT_HEIGHT / 2}) rotate(-90)" '
        'text-anchor="middle" font-size="13" fill="#333">Events</text>',
        f'<text x="{(_LEFT + _WIDTH - _RIGHT) / 2}" y="{bottom + 44}" text-anchor="middle" '
        'font-size="13" fill="#333">Release date (dateline, else the file\'s date)</text>',
    ]
    for tick in _ticks(top):
        y = _y(tick, top)
        out.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_WIDTH - _RIGHT}" y2="{y:.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#333">{tick}</text>'
        )
    return out


def _bars(
    days: Sequence[str], bodies: Sequence[str], counts: Counter, releases: Counter, top: int
) -> list[str]:
    slot = (_WIDTH - _RIGHT - _LEFT) / len(days)
    width = min(90.0, slot * 0.6)
    show_year = len({d[:4] for d in days if d}) > 1 or len(days) <= 6
    out = []
    for i, day in enumerate(days):
        x = _LEFT + slot * i + (slot - width) / 2
        stacked = 0
        for index, body in enumerate(bodies):
            count = counts[(day, body)]
            if not count:
                continue
            y0, y1 = _y(stacked + count, top), _y(stacked, top)
            tip = f"{day_label(day)}, {body}: {count} event{'s' * (count != 1)}"
            out.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{width:.1f}" height="{y1 - y0:.1f}" '
                f'fill="{_fill(index)}" stroke="#fff"><title>{escape(tip)}</title></rect>'
            )
            if y1 - y0 >= 20:  # the count on a white tag: legible on any colour or pattern
                cx, cy = x + width / 2, (y0 + y1) / 2
                out.append(
                    f'<rect x="{cx - 13:.1f}" y="{cy - 10:.1f}" width="26" height="20" rx="4" '
                    'fill="#fff" stroke="#333" stroke-width="0.5"/>'
                    f'<text x="{cx:.1f}" y="{cy + 5:.1f}" text-anchor="middle" font-size="14" '
                    f'font-weight="700" fill="#1a1a1a">{count}</text>'
                )
            stacked += count
        events = sum(counts[(day, b)] for b in bodies)
        label = f"{events} event{'s' * (events != 1)} · {releases[day]} release" + "s" * (
            releases[day] != 1
        )
        out.append(
            f'<text x="{x + width / 2:.1f}" y="{_y(stacked, top) - 8:.1f}" text-anchor="middle" '
            f'font-size="12" fill="#333">{escape(label)}</text>'
            f'<text x="{x + width / 2:.1f}" y="{_TOP + _PLOT_HEIGHT + 18}" text-anchor="middle" '
            f'font-size="12" fill="#333">{escape(day_label(day, year=show_year))}</text>'
        )
    return out


def _legend(bodies: Sequence[str], y: float) -> list[str]:
    out = []
    for index, body in enumerate(bodies):
        row = y + index * _LEGEND_ROW
        out.append(
            f'<rect x="{_LEFT}" y="{row - 12}" width="28" height="16" fill="{_fill(index)}" '
            'stroke="#333" stroke-width="0.5"/>'
            f'<text x="{_LEFT + 38}" y="{row + 1}" font-size="13" fill="#1a1a1a">'
            f"{escape(body)}</text>"
        )
    return out
