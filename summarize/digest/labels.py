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
    "tomorrow": "“tomorrow” in the text, the day before",
    "yesterday": "“yesterday” in the text, the day after",
    "metadata": "file date",
    "": "no date",
}
#: :attr:`EntryDocument.year_from` in words, where the report says it beside the date (a year
#: read from another date of the text is not an assumption and is not shown).
YEAR_FROM_TEXT = {"metadata": "year not in the text: assumed from the file date"}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def date_note(date_from: str, year_from: str = "") -> str:
    """Where a release date was read, and where its year came from when it was assumed:
    ``"dateline"``, ``"dateline, year not in the text: assumed from the file date"``."""
    where = DATE_FROM_TEXT.get(date_from, date_from)
    year = YEAR_FROM_TEXT.get(year_from, "")
    return f"{where}, {year}" if year else where


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
