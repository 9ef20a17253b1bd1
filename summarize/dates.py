"""Dates and periods in Kyrgyz, Russian and English text.

Recognised shapes (month names in every inflection, checked by :mod:`translate.names.romanize`):

* Kyrgyz: ``2022-жылы``, ``2020-ж.``, ``2022 жылы``, ``2021-2022-жылдары``,
  ``2022-жылдын февраль айында``, ``26-июлда``, ``2022-жылдын 5-мартында``,
  ``январь-август айларында``;
* Russian: ``в 2022 году``, ``2022 г.``, ``5 марта``, ``в феврале 2022 года``,
  ``январе-августе 2021 года``;
* numeric ``01.05.21`` and ``01.05.2021`` (day.month.year);
* English: ``February 2022``, ``26 July``, ``July 26, 2022``, ``January-August``, ``in 2022``.

Kyrgyz ``май`` is also the word for oil and fat, so it counts as May only next to a day, a
year or the word ``ай`` (month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.types import DateMention
from translate import InputError, check_language
from translate.names.romanize import is_ending

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_CYR_MONTHS: tuple[tuple[str, int], ...] = (
    ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("май", 5), ("июн", 6),
    ("июл", 7), ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
)  # fmt: skip
_RU_MAY = {"мая", "мае", "маю", "маем"}
_EN_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)} | {
    name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)
}
_EN_MONTHS["sept"] = 9
_EN_YEAR_CUES = {"in", "since", "by", "until", "till", "from", "of", "to", "year", "early",
                 "late", "mid", "end", "before", "after", "during", "for", "through"}  # fmt: skip

_FROM_ENDINGS = ("дан", "ден", "дон", "дөн", "тан", "тен", "тон", "төн", "нан", "нен")
_TOKEN_RE = re.compile(r"(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<dash>[-–—])|(?P<p>\S)")
_NUMERIC_RE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d]|\.\d)")


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, word, dash, p
    text: str
    start: int
    end: int


@dataclass
class _Found:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_year: int | None = None


def month_of(word: str, *, strict_may: bool = True) -> int | None:
    """Return 1-12 for an inflected Kyrgyz, Russian or English month name, else None.

    Args:
        word: one word (``февраль``, ``июлда``, ``марта``, ``February``).
        strict_may: reject the bare Kyrgyz ``май`` forms (callers check the context).
    """
    low = word.lower()
    if low in _EN_MONTHS and word[:1].isupper():
        return _EN_MONTHS[low]
    if low in _RU_MAY:
        return 5
    for stem, number in _CYR_MONTHS:
        if low.startswith(stem):
            rest = low[len(stem) :].removeprefix("ь")
            if is_ending(rest):
                return None if (number == 5 and strict_may) else number
    return None


def _is_year_word(tok: _Tok | None, nxt: _Tok | None) -> int:
    """Return how many tokens form a year word (жылы, ж., года, г., гг.), or 0."""
    if tok is None or tok.kind != "word":
        return 0
    low = tok.text.lower()
    if low.startswith("жыл") and is_ending(low[3:]):
        return 1
    if low.startswith("год") and is_ending(low[3:]):
        return 1
    if low in ("ж", "г", "гг") and nxt is not None and nxt.text == ".":
        return 2
    return 0


def _is_month_word(tok: _Tok | None) -> bool:
    return tok is not None and tok.kind == "word" and tok.text.lower().startswith("ай")


def _year_value(tok: _Tok | None) -> int | None:
    if tok is None or tok.kind != "num" or len(tok.text) != 4:
        return None
    value = int(tok.text)
    return value if 1900 <= value <= 2100 else None


class _Scanner:
    """Walks the tokens once; each rule returns the index after what it consumed."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.toks = [
            _Tok(m.lastgroup or "p", m.group(), m.start(), m.end())
            for m in _TOKEN_RE.finditer(text)
        ]

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def glued(self, i: int) -> bool:
        """True when token i touches token i-1 (no space between)."""
        a, b = self.tok(i - 1), self.tok(i)
        return a is not None and b is not None and a.end == b.start

    def year_phrase(self, i: int, found: _Found) -> int:
        """``2022-жылы``, ``2021-2022-жылдары``, ``2022 году``, ``2022 г.``."""
        year = _year_value(self.tok(i))
        if year is None:
            return i
        j = i + 1
        end_year = None
        dash = self.tok(j)
        if dash is not None and dash.kind == "dash" and _year_value(self.tok(j + 1)):
            end_year, j = _year_value(self.tok(j + 1)), j + 2
        if (t := self.tok(j)) is not None and t.kind == "dash" and self.glued(j):
            j += 1
        if (t := self.tok(j)) is not None and t.text.lower() == "окуу":
            j += 1  # окуу жылы: school year
        size = _is_year_word(self.tok(j), self.tok(j + 1))
        if not size and not (self.language == "en" and self._english_year(i, j)):
            return i
        found.year, found.end_year = year, end_year
        return j + size

    def _english_year(self, i: int, j: int) -> bool:
        before, after = self.tok(i - 1), self.tok(j)
        if before is not None and before.text.lower() in _EN_YEAR_CUES:
            return True
        return after is None or after.kind in ("p", "dash") or after.text.lower() == "and"

    def month_phrase(self, i: int, found: _Found) -> int:
        """``26-июлда``, ``5 марта``, ``февраль айында``, ``январь-август``, ``26 July``."""
        j = i
        day = None
        first = self.tok(i)
        if first is not None and first.kind == "num" and len(first.text) <= 2:
            day, j = int(first.text), i + 1
            if (t := self.tok(j)) is not None and t.kind == "dash" and self.glued(j):
                j += 1
        word = self.tok(j)
        if word is None or word.kind != "word":
            return i
        month = month_of(word.text, strict_may=False)
        if month is None or (day is not None and not 1 <= day <= 31):
            return i
        j += 1
        end_month = None
        if (t := self.tok(j)) is not None and t.kind == "dash" and self.tok(j + 1) is not None:
            end_month = month_of(self.toks[j + 1].text, strict_may=False)
            j = j + 2 if end_month else j
        elif day is None:
            end_month, j = self._month_to_month(word.text, j)
        context = day is not None or _is_month_word(self.tok(j))
        if _is_month_word(self.tok(j)):
            j += 1
        year_found = _Found()
        after_year = self.year_phrase(j, year_found)
        if after_year == j and _year_value(self.tok(j)) and self.language != "ky":
            after_year = j + 1
            year_found.year = _year_value(self.tok(j))
        if self._is_bare_may(word.text, month) and not (context or year_found.year):
            return i
        found.day, found.month, found.end_month = day, month, end_month
        found.year = found.year or year_found.year
        if end_month is not None and found.year is not None and found.end_year is None:
            found.end_year = found.year  # "январь-август 2021-жылы": the year holds for both ends
        return after_year

    def _month_to_month(self, first: str, j: int) -> tuple[int | None, int]:
        """``с января по август``, ``январдан августка чейин``: the end month, and where after."""
        link, nxt = self.tok(j), self.tok(j + 1)
        if link is None or nxt is None or nxt.kind != "word":
            return None, j
        if link.text.lower() in ("по", "до") and month_of(nxt.text, strict_may=False):
            return month_of(nxt.text, strict_may=False), j + 2
        end = month_of(link.text, strict_may=False) if link.kind == "word" else None
        if end and first.lower().endswith(_FROM_ENDINGS) and nxt.text.lower() == "чейин":
            return end, j + 2
        return None, j

    def _is_bare_may(self, word: str, month: int) -> bool:
        return month == 5 and word.lower() not in _RU_MAY and word.lower() != "may"

    def english_month_first(self, i: int, found: _Found) -> int:
        """``July 26, 2022`` and ``July 26``."""
        word, num = self.tok(i), self.tok(i + 1)
        if word is None or word.kind != "word" or num is None or num.kind != "num":
            return i
        month = _EN_MONTHS.get(word.text.lower()) if word.text[:1].isupper() else None
        if month is None or len(num.text) > 2 or not 1 <= int(num.text) <= 31:
            return i
        found.month, found.day = month, int(num.text)
        j = i + 2
        if (t := self.tok(j)) is not None and t.text == "," and _year_value(self.tok(j + 1)):
            found.year, j = _year_value(self.tok(j + 1)), j + 2
        return j


def _render(found: _Found) -> str:
    parts: list[str] = []
    if found.day is not None:
        parts.append(str(found.day))
    if found.month is not None:
        month = MONTH_NAMES[found.month - 1]
        if found.end_month is not None:
            month += "-" + MONTH_NAMES[found.end_month - 1]
        parts.append(month)
    if found.year is not None:
        year = str(found.year)
        if found.end_year is not None and found.end_year != found.year:
            year += f"-{found.end_year}"
        parts.append(year)
    return " ".join(parts)


def _mention(text: str, start: int, end: int, found: _Found) -> tuple[int, int, DateMention]:
    mention = DateMention(
        year=found.year,
        month=found.month,
        day=found.day,
        text=_render(found),
        source=text[start:end].strip(),
        end_month=found.end_month,
        end_year=found.end_year,
    )
    return start, end, mention


def _numeric_dates(text: str) -> list[tuple[int, int, DateMention]]:
    spans = []
    for match in _NUMERIC_RE.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year < 70 else 1900
        if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100:
            found = _Found(year=year, month=month, day=day)
            spans.append(_mention(text, match.start(), match.end(), found))
    return spans


def date_spans(text: str, language: str = "ky") -> list[tuple[int, int, DateMention]]:
    """Find dates with their character spans (start, end, mention), in text order.

    :mod:`summarize.figures.extract` uses the spans to keep years and day numbers out of figures.
    """
    spans = _numeric_dates(text)
    taken = [(s, e) for s, e, _ in spans]
    scanner = _Scanner(text, language)
    i = 0
    while i < len(scanner.toks):
        tok = scanner.toks[i]
        if any(s <= tok.start < e for s, e in taken):
            i += 1
            continue
        found = _Found()
        j = scanner.year_phrase(i, found)
        if j > i:
            k = scanner.month_phrase(j, found)
            j = max(j, k)
        else:
            if language == "en":
                j = scanner.english_month_first(i, found)
            if j == i:
                j = scanner.month_phrase(i, found)
        if j > i:
            end = scanner.toks[j - 1].end
            spans.append(_mention(text, tok.start, end, found))
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
