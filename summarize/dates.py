"""Dates and periods in Kyrgyz, Russian and English text.

Recognised shapes (month names in every inflection, checked by :mod:`translate.names.romanize`):

* Kyrgyz: ``2022-жылы``, ``2020-ж.``, ``2022 жылы``, ``2021-2022-жылдары``,
  ``2022-жылдын февраль айында``, ``26-июлда``, ``2022-жылдын 5-мартында``,
  ``январь-август айларында``;
* Russian: ``в 2022 году``, ``2022 г.``, ``5 марта``, ``в феврале 2022 года``,
  ``январе-августе 2021 года``;
* several days of one month: ``2024-жылдын 14, 15-октябрында``, ``14 и 15 октября`` (one
  mention per day); periods of days: ``14-15-октябрда``, ``с 14 по 18 октября``,
  ``2024-жылдын 2-февралынан 9-мартына чейин``, ``с 2 февраля по 9 марта 2024 года``;
* a month of a year named relative to the release's (``быйыл март айында``, ``үстүбүздөгү
  жылдын ноябрына``, ``в декабре текущего года``, ``в прошлом году в марте``): the mention
  has ``relative_year`` and no year until :func:`with_release_year` gives it the release's
  (:func:`release_year`: the year of the release's dateline or of its full dates);
* numeric ``01.05.21`` and ``01.05.2021`` (day.month.year);
* English: ``February 2022``, ``26 July``, ``July 26, 2022``, ``January-August``, ``in 2022``.

Kyrgyz ``май`` is also the word for oil and fat, so it counts as May only next to a day, a
year or the word ``ай`` (month).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from summarize.date_scanner import MONTH_NAMES, Found, Scanner, month_of
from summarize.types import DateMention
from translate import InputError, check_language

__all__ = ["MONTH_NAMES", "date_key", "date_spans", "date_text", "extract_dates", "month_of",
           "release_year", "with_release_year"]  # fmt: skip

_RELATIVE_TEXT = {0: "this year", -1: "last year", 1: "next year"}
_NUMERIC_RE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d]|\.\d)")


def _read(scanner: Scanner, i: int) -> tuple[int, list[Found]]:
    """The date(s) named from token i on, and the index after them (``i`` and none if none)."""
    found = Found()
    j = scanner.year_phrase(i, found)
    named = j > i
    if not named:
        j = scanner.relative_year(i, found)
        if j == i and scanner.language == "en":
            k = scanner.english_month_first(i, found)
            if k > i:
                return k, [found]
    days, kind, k = scanner.day_lead(j, named=j > i)
    m = scanner.month_phrase(k, found)
    if m == k and kind:  # days that lead to no month: 3-5-класс
        days, kind, k = [], "", j
        m = scanner.month_phrase(j, found)
    if m == k:
        return (j, [found]) if named else (i, [])  # быйыл with no month: no date
    if kind == "range":
        found.day, found.end_day, found.end_month = days[0], found.day, found.month
        found.end_year = found.end_year or found.year
        return m, [found]
    if kind == "list":
        return m, [replace(found, day=day) for day in days] + [found]
    return scanner.period_end(k, m, found), [found]


def date_text(date: Found | DateMention) -> str:
    """The English of a date or period (``"5 March 2022"``, ``"2 February – 9 March 2024"``,
    ``"March this year"``) from its fields."""
    if date.end_day is not None and date.day is not None and date.month and date.end_month:
        return _days_text(date)
    parts: list[str] = []
    if date.day is not None:
        parts.append(str(date.day))
    if date.month is not None:
        month = MONTH_NAMES[date.month - 1]
        if date.end_month is not None:
            month += "-" + MONTH_NAMES[date.end_month - 1]
        parts.append(month)
    parts.append(_year_text(date))
    return " ".join(part for part in parts if part)


def _year_text(date: Found | DateMention) -> str:
    if date.year is not None:
        year = str(date.year)
        if date.end_year is not None and date.end_year != date.year:
            year += f"-{date.end_year}"
        return year
    return _RELATIVE_TEXT.get(date.relative_year, "") if date.relative_year is not None else ""


def _days_text(date: Found | DateMention) -> str:
    """``14–18 October 2024``, ``2 February – 9 March 2024``, ``25 December 2023 – 5 January
    2024``."""
    first, last = MONTH_NAMES[date.month - 1], MONTH_NAMES[date.end_month - 1]
    if date.year is not None and date.end_year not in (None, date.year):
        return f"{date.day} {first} {date.year} – {date.end_day} {last} {date.end_year}"
    if date.month == date.end_month:
        body = f"{date.day}–{date.end_day} {first}"
    else:
        body = f"{date.day} {first} – {date.end_day} {last}"
    year = _year_text(date)
    return f"{body} {year}" if year else body


def _mention(text: str, start: int, end: int, found: Found) -> tuple[int, int, DateMention]:
    mention = DateMention(
        year=found.year,
        month=found.month,
        day=found.day,
        text=date_text(found),
        source=text[start:end].strip(),
        end_month=found.end_month,
        end_year=found.end_year,
        end_day=found.end_day,
        relative_year=found.relative_year,
    )
    return start, end, mention


def _numeric_dates(text: str) -> list[tuple[int, int, DateMention]]:
    spans = []
    for match in _NUMERIC_RE.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year < 70 else 1900
        if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100:
            found = Found(year=year, month=month, day=day)
            spans.append(_mention(text, match.start(), match.end(), found))
    return spans


def date_spans(text: str, language: str = "ky") -> list[tuple[int, int, DateMention]]:
    """Find dates with their character spans (start, end, mention), in text order.

    :mod:`summarize.figures.extract` uses the spans to keep years and day numbers out of figures.
    """
    spans = _numeric_dates(text)
    taken = [(s, e) for s, e, _ in spans]
    scanner = Scanner(text, language)
    i = 0
    while i < len(scanner.toks):
        tok = scanner.toks[i]
        if any(s <= tok.start < e for s, e in taken):
            i += 1
            continue
        j, dates = _read(scanner, i)
        if j > i:
            end = scanner.toks[j - 1].end
            spans.extend(_mention(text, tok.start, end, found) for found in dates)
            i = j
        else:
            i += 1
    return sorted(spans, key=lambda span: span[0])


def extract_dates(text: str, language: str = "ky") -> list[DateMention]:
    """Find the dates and periods a text names, in text order.

    Args:
        text: Kyrgyz, Russian or English text.
        language: ``"ky"``, ``"ru"`` or ``"en"``; English bare years (``in 2022``) are only
            read with ``"en"``, since in Kyrgyz and Russian a bare 4-digit number is a count.

    Returns:
        One :class:`DateMention` per mention, e.g. ``DateMention(2022, 2, None,
        "February 2022", "2022-жылдын февраль айында")``.

    Raises:
        InputError: ``text`` is not a string.
        UnsupportedLanguageError: unknown ``language``.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    language = check_language(language)
    return [mention for _, _, mention in date_spans(text, language)]


# ---------------------------------------------------------------- the release's year
# extract_dates reads one sentence at a time, so "быйыл март айында" ("in March this year")
# comes out with relative_year and no year. The release often says which year that is: its
# dateline ("Бишкек, 14-октябрь 2024-ж.", "14.10.2024") or the full dates its sentences name.
# release_year finds that year and with_release_year gives it to the relative mentions; a text
# that does not settle its year leaves them without one: a year is never guessed.

_DATELINE_WORDS = 3  # a dateline opens its sentence: "Бишкек, 14-октябрь 2024-ж. —"
_SIGN_OFF_WORDS = 6  # a last sentence that dates the release: "Бишкек ш., 14.10.2024"
# The date of a cited document, not of the release: "2023-жылдын 12-майындагы №245 токтому",
# "от 12 мая 2023 года № 245", "от 12.05.2023 г."
_CITED_AFTER = re.compile(r"\s*(?:г\.|ж\.|года)?\s*№")
_CITED_BEFORE = re.compile(r"(?i)(?<![^\W\d_])от\s+$")


def _full(mention: DateMention) -> bool:
    """A day, month and year read from the text (not named relative to the release)."""
    return None not in (mention.year, mention.month, mention.day) and mention.relative_year is None


def _cited(text: str, mention: DateMention) -> bool:
    start = text.find(mention.source)
    if start < 0:
        return False
    after = text[start + len(mention.source) :]
    return bool(_CITED_AFTER.match(after) or _CITED_BEFORE.search(text[:start]))


def _dateline(text: str, dates: Sequence[DateMention], *, sign_off: bool) -> int | None:
    """The year of a full date that opens the sentence (after at most a place name); a
    sign-off (the last sentence) must be little more than that one date."""
    if sign_off and (len(text.split()) > _SIGN_OFF_WORDS or len(dates) != 1):
        return None
    for mention in dates:
        start = text.find(mention.source)
        if not _full(mention) or start < 0 or _cited(text, mention):
            continue
        if len(text[:start].split()) <= _DATELINE_WORDS:
            return mention.year
    return None


def release_year(sentences: Sequence[tuple[str, Sequence[DateMention]]]) -> int | None:
    """The year a release is dated in, when its text says so.

    The year of a dateline (a full date opening the first sentence, or a last sentence that
    is little more than a date) wins; otherwise the year of the full dates (day, month and
    year) the text names, when they all have the same one. Dates of cited documents (``№``
    after them, ``от`` before) do not count.

    Args:
        sentences: each sentence's text and its dates (:func:`extract_dates`), in document
            order.

    Returns:
        The year, or None when the text names no full date or full dates of several years.
    """
    for position, (text, dates) in enumerate([*sentences[:1], *sentences[-1:]]):
        if (year := _dateline(text, dates, sign_off=position > 0)) is not None:
            return year
    years = {
        year
        for text, dates in sentences
        for mention in dates
        if _full(mention) and not _cited(text, mention)
        for year in (mention.year, mention.end_year)
        if year is not None
    }
    return years.pop() if len(years) == 1 else None


def with_release_year(mentions: Iterable[DateMention], year: int | None) -> list[DateMention]:
    """The mentions, those named relative to the release's year (``быйыл март айында``) with
    their year (``March 2024``); all of them as they are when ``year`` is None."""
    out = []
    for mention in mentions:
        if year is not None and mention.year is None and mention.relative_year is not None:
            own = year + mention.relative_year
            mention = replace(mention, year=own, end_year=own if mention.end_month else None)
            mention = replace(mention, text=date_text(mention))
        out.append(mention)
    return out


def date_key(mention: DateMention) -> tuple[int | None, ...]:
    """What makes two mentions the same date: "March this year" and "March last year" differ
    until their year is known, and are then March of their years."""
    relative = mention.relative_year if mention.year is None else None
    return (mention.year, mention.month, mention.day, mention.end_month, mention.end_year,
            mention.end_day, relative)  # fmt: skip
