"""The token scanner behind :mod:`summarize.dates`: month names, years and days, one rule each.

:class:`Scanner` walks the tokens of one text; each rule (a year, a year named relative to the
release's, days before a month, a month with its day, the end of a period) reads from a token
and returns the index after what it consumed, filling a :class:`Found`. Which rules run in
which order, and how a date is written in English, is :mod:`summarize.dates`' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, word, dash, p
    text: str
    start: int
    end: int


_UNTIL = ("чейин", "дейре")
# A year named relative to the release's: Kyrgyz before the month (быйыл март айында,
# үстүбүздөгү жылдын ноябрына), Russian before it (в этом году в марте) or after it (в декабре
# текущего года, 5 марта с.г.).
_KY_RELATIVE_WORDS = {"быйыл": 0, "былтыр": -1}
_KY_RELATIVE_OF_YEAR = {
    "ушул": 0, "үстүбүздөгү": 0, "учурдагы": 0, "агымдагы": 0, "быйылкы": 0, "өткөн": -1,
    "былтыркы": -1, "келерки": 1, "кийинки": 1, "эмдиги": 1,
}  # fmt: skip
_RU_RELATIVE_BEFORE = {"этом": 0, "текущем": 0, "нынешнем": 0, "прошлом": -1, "следующем": 1,
                       "будущем": 1}  # fmt: skip
_RU_RELATIVE_AFTER = {"этого": 0, "текущего": 0, "нынешнего": 0, "сего": 0, "прошлого": -1,
                      "следующего": 1, "будущего": 1}  # fmt: skip
_RU_RELATIVE_SHORT = {"с": 0, "т": 0}  # с.г. (сего года), т.г. (текущего года)
_MAX_DAYS = 6  # at most so many days listed under one month


@dataclass
class Found:
    """The fields of a date as the rules read them (:class:`summarize.types.DateMention`'s)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    end_day: int | None = None
    relative_year: int | None = None  # the year relative to the release's (быйыл: 0)


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


class Scanner:
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

    def year_phrase(self, i: int, found: Found) -> int:
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

    def month_phrase(self, i: int, found: Found) -> int:
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
        year_found = Found()
        named = found.year is not None or found.relative_year is not None  # 2024-жылдын, быйыл
        after_year = j if named else self._year_after(j, year_found)
        if self._is_bare_may(word.text, month) and not (context or year_found.year):
            return i
        found.day, found.month, found.end_month = day, month, end_month
        found.year = found.year or year_found.year
        found.relative_year = found.relative_year if named else year_found.relative_year
        if end_month is not None and found.year is not None and found.end_year is None:
            found.end_year = found.year  # "январь-август 2021-жылы": the year holds for both ends
        return after_year

    def _year_after(self, j: int, found: Found) -> int:
        """The year after a month: ``2021-жылы``, ``2022 года``, ``текущего года``, ``с.г.``."""
        after = self.year_phrase(j, found)
        if after == j and _year_value(self.tok(j)) and self.language != "ky":
            after, found.year = j + 1, _year_value(self.tok(j))
        if after > j or self.language != "ru":
            return after
        first, second = self.tok(j), self.tok(j + 1)
        if first is None or second is None:
            return j
        low = first.text.lower()
        if low in _RU_RELATIVE_AFTER and _is_year_word(second, self.tok(j + 2)) == 1:
            found.relative_year = _RU_RELATIVE_AFTER[low]
            return j + 2
        shape = [t.text.lower() if t else "" for t in self.toks[j : j + 4]]
        if low in _RU_RELATIVE_SHORT and shape[1:] == [".", "г", "."]:
            found.relative_year = _RU_RELATIVE_SHORT[low]
            return j + 4
        return j

    def relative_year(self, i: int, found: Found) -> int:
        """``быйыл``, ``былтыр``, ``үстүбүздөгү жылдын``, ``в этом году`` (before a month)."""
        low, nxt = (self.low(i), self.low(i + 1))
        if self.language == "ky" and low in _KY_RELATIVE_WORDS:
            found.relative_year = _KY_RELATIVE_WORDS[low]
            return i + 1
        if self.language == "ky" and low in _KY_RELATIVE_OF_YEAR and nxt in ("жылдын", "жылы"):
            found.relative_year = _KY_RELATIVE_OF_YEAR[low]
            return i + 2
        if self.language == "ru" and low in _RU_RELATIVE_BEFORE and nxt == "году":
            found.relative_year = _RU_RELATIVE_BEFORE[low]
            return i + 3 if self.low(i + 2) in ("в", "во") else i + 2
        return i

    def low(self, i: int) -> str:
        tok = self.tok(i)
        return tok.text.lower() if tok is not None and tok.kind == "word" else ""

    def day(self, i: int) -> int | None:
        """A day number (1-31, one or two digits) at token i, else None."""
        tok = self.tok(i)
        if tok is None or tok.kind != "num" or len(tok.text) > 2 or not 1 <= int(tok.text) <= 31:
            return None
        return int(tok.text)

    def day_lead(self, i: int, named: bool) -> tuple[list[int], str, int]:
        """The days before the last day of a month phrase (``14, 15-``, ``14 и 15``, ``с 14 по``).

        Args:
            i: the token to start at.
            named: a year comes before (``2024-жылдын 14, 15-октябрында``): a list joined by
                commas alone is days only then; otherwise its last link must be a conjunction.

        Returns:
            (the days before the last one, ``"list"``, ``"range"`` or ``""``, the index of the
            last day, where the month phrase begins).
        """
        days: list[int] = []
        links: list[str] = []
        k = i
        while len(days) < _MAX_DAYS and (day := self.day(k)) is not None:
            link, nxt = self.tok(k + 1), self.day(k + 2)
            if link is None or nxt is None or nxt <= day:
                break  # days rise
            if link.text == "," and self.glued(k + 2):
                break  # 1,5-июлда: a decimal, not two days
            if link.text.lower() not in (",", "и", "жана", "по") and link.kind != "dash":
                break
            days.append(day)
            links.append("-" if link.kind == "dash" else link.text.lower())
            k += 2
        if not days:
            return [], "", i
        if links in (["-"], ["по"]) and (links == ["-"] or self.low(i - 1) in ("с", "со")):
            return days, "range", k
        if "-" in links or "по" in links or (links[-1] == "," and not named):
            return [], "", i
        return days, "list", k

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

    def english_month_first(self, i: int, found: Found) -> int:
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

    def period_end(self, i: int, j: int, found: Found) -> int:
        """The end of a period of days whose first day was read from token i to j:
        ``2-февралынан [тартып] 9-мартына чейин``, ``с 2 февраля по 9 марта 2024 года``."""
        if found.day is None or found.end_month is not None:
            return j
        if self.language == "ru" and self.low(i - 1) in ("с", "со") and self.low(j) in ("по", "до"):
            k = j + 1
        elif self.language == "ky" and self.toks[j - 1].text.lower().endswith(_FROM_ENDINGS):
            k = j + 1 if self.low(j) == "тартып" else j
        else:
            return j
        end = Found()
        after = self.year_phrase(k, end)
        m = self.month_phrase(after, end)
        if m == after or end.day is None or end.end_month is not None:
            return j
        if not _runs_forward(found, end) or (self.language == "ky" and self.low(m) not in _UNTIL):
            return j
        found.end_day, found.end_month = end.day, end.month
        found.year = found.year or end.year
        found.end_year = end.year or found.year
        if found.relative_year is None:
            found.relative_year = end.relative_year
        return m + 1 if self.language == "ky" else m


def _runs_forward(first: Found, last: Found) -> bool:
    """Whether the day ``first`` comes before the day ``last`` (a period runs forward)."""
    if first.year is not None and last.year is not None and first.year != last.year:
        return first.year < last.year
    return (first.month or 0, first.day or 0) < (last.month or 0, last.day or 0)
