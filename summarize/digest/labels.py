"""The words the digest's reports share: day names, "no body", what a figure check means.

Imported by :mod:`summarize.digest.chart`, :mod:`summarize.digest.html` and
:mod:`summarize.digest.markdown`; it imports none of them, nor the digest's dataclasses.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from summarize.dates import MONTH_NAMES
from summarize.figures.numbers import render_number

if TYPE_CHECKING:
    from summarize.digest.types import EntryFigure

UNDATED = "Undated"
NO_BODY = "Issuing body not stated"
#: :attr:`EntryFigure.status` in words.
STATUS_TEXT = {
    "agreed": "✓ same in every version",
    "differs": "⚠ versions differ",
    "only": "only in some versions",
    "single": "one version",
}
#: :attr:`EntryDocument.date_from` in words.
DATE_FROM_TEXT = {
    "dateline": "dateline",
    "today": "“today” in the text",
    "metadata": "file date",
    "": "no date",
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_label(iso: str, *, year: bool = True) -> str:
    """``"2021-11-25"`` -> ``"25 Nov 2021"`` (``"Undated"`` for ``""``)."""
    if not iso:
        return UNDATED
    day = datetime.date.fromisoformat(iso)
    month = MONTH_NAMES[day.month - 1][:3]
    return f"{day.day} {month} {day.year}" if year else f"{day.day} {month}"


def day_heading(iso: str) -> str:
    """``"2021-11-25"`` -> ``"Thursday, 25 November 2021"`` (``"Undated"`` for ``""``)."""
    if not iso:
        return UNDATED
    day = datetime.date.fromisoformat(iso)
    month = MONTH_NAMES[day.month - 1]
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {month} {day.year}"


def figure_value(figure: EntryFigure) -> str:
    """The value as a reader writes it (``12,000``, ``2 billion``)."""
    return render_number(figure.value)
