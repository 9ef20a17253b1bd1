"""The date a release was issued, read from its source sentences, and where its year came from.

The text gives the date in a dateline (a date with day and month opening the first sentence,
after at most a place name: "Бишкек, 23-март", "23.03.2024") or beside a word for a day
relative to the release: "бүгүн, 23-мартта" / "сегодня, 23 марта" (today: that day),
"эртең, 20-майда" / "завтра, 20 мая" (tomorrow: the release is of the day before), "кечээ,
18-майда" / "вчера, 18 мая" (yesterday: the release is of the day after).

A date without a year takes the year the text itself gives for that day or month ("Эртең,
20-майда …" beside "2023-жылдын 20, 21-майында" is a release of 19 May 2023); else the year of
the input's metadata date (a file's date), and :attr:`ReleaseDate.year_from` says so, for the
report to show beside the date. The current year is never assumed: without a year in the text
and without a metadata date, the day is not used.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from summarize.dates import date_spans
from summarize.types import DateMention

#: Where a release date came from (values of ``DigestEntry.date_from``).
DATE_ORIGINS: tuple[str, ...] = ("dateline", "today", "tomorrow", "yesterday", "metadata", "")
#: Where the year of a release date came from (values of ``DigestEntry.year_from``): ``""``
#: the date itself names it (or the whole date is the metadata date); ``"text"`` another date
#: of the text names it for that day or month; ``"metadata"`` the input's date (a file's date).
YEAR_ORIGINS: tuple[str, ...] = ("", "text", "metadata")
#: The words for a day relative to the release, and the days from that day to the release.
RELATIVE_DAYS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("бүгүн", "сегодня", "today"), ("today", 0)),
    **dict.fromkeys(("эртең", "эртен", "завтра", "tomorrow"), ("tomorrow", -1)),
    **dict.fromkeys(("кечээ", "вчера", "yesterday"), ("yesterday", 1)),
}
#: A dateline date starts within this many characters of the text (after a place name).
_DATELINE_CHARS = 40
_DATELINE_WORDS = 3
_RELATIVE_RE = re.compile(r"(?<!\w)(" + "|".join(RELATIVE_DAYS) + r")(?!\w)", re.IGNORECASE)
_RELATIVE_GAP = 16  # "бүгүн, 23-мартта": the date follows within a few characters
#: What may stand between a year and the days it is the year of: "2023-жылдын 20, 21-майында",
#: "2023 года 20 и 21 мая" (other days of the month, commas, dashes, "жана"/"и"/"and").
_BETWEEN_YEAR_AND_DAYS = re.compile(r"[\s\d,.\-–—]*(?:(?:жана|и|and)[\s\d,.\-–—]*)?", re.I)


@dataclass(frozen=True)
class ReleaseDate:
    """The date a release was issued, and where it was read.

    Attributes:
        date: the date, or None when neither the text nor the metadata gives one.
        origin: ``"dateline"`` (a date opening the text), ``"today"`` ("бүгүн, 23-мартта"),
            ``"tomorrow"`` ("эртең, 20-майда": the day before), ``"yesterday"`` ("кечээ,
            18-майда": the day after), ``"metadata"`` (the input's date), or ``""``.
        source: the source words it was read from (``""`` for metadata).
        year_from: where the year came from when the words have none (:data:`YEAR_ORIGINS`).
    """

    date: datetime.date | None
    origin: str
    source: str = ""
    year_from: str = ""


def release_date(
    sentences: Sequence[tuple[str, str]], metadata_date: datetime.date | None
) -> ReleaseDate:
    """The date a release was issued: from its text, else from the input's metadata.

    Args:
        sentences: (language, source sentence) of the release, in order.
        metadata_date: the input's date (a file's date, a record's date field), or None.
    """
    found = _dateline(sentences[:1]) or _relative(sentences)
    if found is not None:
        origin, mention = found
        year, year_from = mention.year, ""
        if year is None:
            year = text_year(sentences, mention.month, mention.day)
            year_from = "text"
        if year is None and metadata_date is not None:
            year, year_from = metadata_date.year, "metadata"
        if year is not None:
            try:
                day = datetime.date(year, mention.month, mention.day)
            except ValueError:  # 31 February: not a date
                day = None
            if day is not None:
                shift = datetime.timedelta(days=RELATIVE_DAYS.get(origin, ("", 0))[1])
                return ReleaseDate(day + shift, origin, mention.source, year_from)
    if metadata_date is not None:
        return ReleaseDate(metadata_date, "metadata")
    return ReleaseDate(None, "")


def text_year(sentences: Iterable[tuple[str, str]], month: int, day: int | None) -> int | None:
    """The year the text gives for a day of a month (else for the month), or None.

    A dated mention of that day wins over one of the month ("2023-жылдын 20-майында"; a range
    "январь-май 2023" holds May); a year directly before days of the month also counts
    ("2023-жылдын 20, 21-майында", where the days may be read without the year).
    """
    of_month = None
    for year, mention_day in _years_of(sentences, month):
        if day is not None and mention_day == day:
            return year
        if of_month is None:
            of_month = year
    return of_month


def _years_of(sentences: Iterable[tuple[str, str]], month: int) -> Iterator[tuple[int, int | None]]:
    """(year, day or None) of each mention of ``month`` with a year, in text order."""
    for language, text in sentences:
        spans = date_spans(text, language)
        for number, (_, end, mention) in enumerate(spans):
            year = mention.year
            if year is not None and mention.month is None and number + 1 < len(spans):
                start_next, _, following = spans[number + 1]
                between = text[end:start_next]
                if following.year is None and _BETWEEN_YEAR_AND_DAYS.fullmatch(between):
                    mention = following  # "2023-жылдын 20, 21-майында": the year of these days
            if year is not None and mention.month is not None and _holds(mention, month):
                yield year, mention.day


def _holds(mention: DateMention, month: int) -> bool:
    """Whether a mention names ``month`` (or a range of months holding it)."""
    if mention.end_month is None:
        return mention.month == month
    return mention.month <= month <= mention.end_month


def _full(mention: DateMention) -> bool:
    return mention.day is not None and mention.month is not None and mention.end_month is None


def _dateline(sentences: Sequence[tuple[str, str]]) -> tuple[str, DateMention] | None:
    for language, text in sentences:
        for start, _, mention in date_spans(text, language):
            before = text[:start].split()
            if start <= _DATELINE_CHARS and len(before) <= _DATELINE_WORDS and _full(mention):
                relative = _RELATIVE_RE.search(text[:start])
                origin = RELATIVE_DAYS[relative.group(1).lower()][0] if relative else "dateline"
                return origin, mention
    return None


def _relative(sentences: Sequence[tuple[str, str]]) -> tuple[str, DateMention] | None:
    for language, text in sentences:
        for match in _RELATIVE_RE.finditer(text):
            for start, _, mention in date_spans(text, language):
                if 0 <= start - match.end() <= _RELATIVE_GAP and _full(mention):
                    return RELATIVE_DAYS[match.group(1).lower()][0], mention
    return None
