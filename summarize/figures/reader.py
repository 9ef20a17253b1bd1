"""The token-level reader behind :mod:`summarize.figures.extract`: amounts, hedges, units and nouns.

:class:`Parser` walks the tokens of one text once; :meth:`Parser.read` returns the
:class:`Reading` (s) of one figure: its value, scale, hedge, unit and counted noun (a known
one from ``data/nouns.tsv``, or the position of one the tables do not know). Which readings
become figures, and how they are written in English, is :mod:`summarize.figures.extract`' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from summarize.dates import date_spans
from summarize.figures.counted import not_a_count, source_noun
from summarize.figures.lexicon import Noun, Unit, noun_matcher, unit_matcher
from summarize.figures.numbers import (
    WEAK_SCALES,
    is_hundred_word,
    number_word,
    parse_source_number,
    scale_of,
    scale_stem,
    source_ranks,
)
from translate.names.romanize import is_ending

_TOKEN_RE = re.compile(
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d.,]\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.,]\d)|\d{1,3}(?:,\d{3}){2,}(?![\d.,]\d)|\d+(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)|(?P<pct>%)|(?P<cur>[$€₽₸])|(?P<dash>[-–—])|(?P<p>\S)"
)
_MASK_RES = (
    re.compile(r"https?://\S+|www\.\S+"),
    re.compile(r"\+\d{1,3}[\s(]*\d{2,4}[\s)\-]*\d[\d\s\-]{4,}\d"),  # phone numbers
    re.compile(r"\(\d{3,5}\)\s*\d[\d\s\-]{4,}\d"),
    re.compile(r"№\s*\d[\d\-/.]*"),
    re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)"),  # times
    re.compile(r"(?i)саат\s+\d{1,2}[.:]\d{2}"),
    re.compile(r"(?m)^[ \t]*\d{1,2}[.)](?=\s)"),  # list numbering
    re.compile(r"(?<![\d,.])\d{1,2}\)"),
    re.compile(r"[^\W\d_]+-?\d+|\d+[A-Za-z]\w*"),  # COVID-19, Ту-154, G20, 5G, 247sports
    re.compile(r"(?<![\d,.])(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d(?!\d)"),  # year ranges
    # the number of a decree, law, article or clause: "токтом 123", "статьи 5"
    re.compile(r"(?i)возраст[а-яё]*\s+(?:от\s+)?\d+(?:\s*(?:,|и|до|-)\s*\d+)*"),  # ages
    re.compile(
        r"(?i)(?<![^\W\d_])(?:токтом|буйрук|жарлык|указ|постановлени|приказ|распоряжени|мыйзам"
        r"|закон|стать|берене|пункт|бап|глава|номер|тел|телефон|факс)[а-яөүңё]*\.?:?\s*"
        r"(?:№\s*)?\d[\d\-/.]*"
    ),
)
_MAX_DIGITS = 15  # longer digit strings are identifiers, not quantities

_BEFORE = {
    ("дээрлик",): "almost", ("почти",): "almost", ("болжол", "менен"): "about",
    ("болжолдуу",): "about", ("болжол",): "about", ("около",): "about",
    ("примерно",): "about", ("порядка",): "about", ("приблизительно",): "about",
    ("более", "чем"): "more than", ("более",): "more than", ("свыше",): "more than",
    ("не", "менее"): "at least", ("кем", "дегенде"): "at least", ("менее",): "less than",
}  # fmt: skip
_AFTER = {
    ("ашуун",): "more than", ("ашык",): "more than", ("ашыгыраак",): "more than",
    ("көбүрөөк",): "more than", ("жакын",): "nearly", ("чамасында",): "about",
    ("чамалуу",): "about", ("кем", "эмес"): "at least",
}  # fmt: skip
ABOUT_ENDINGS = ("дай", "дей", "дой", "дөй", "тай", "тей", "той", "төй")  # миллиондой: about
_SYMBOLS = {"$": "USD", "€": "EUR", "₽": "RUB", "₸": "KZT"}
_CLASSIFIERS = ("даана", "бирдик", "единиц", "штук", "баш")


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, word, pct, cur, dash, p
    text: str
    start: int
    end: int


@dataclass
class Reading:
    """What the parser has gathered about one figure so far."""

    start: int  # token index where the source words begin
    value: Decimal = Decimal(0)
    end: int = 0  # token index after the last token read
    scale: int = 1  # the smallest scale word used (for ranges)
    digits: bool = False
    unit: Unit | None = None
    noun: Noun | None = None
    hedge: str = ""
    counted: bool = False  # a number word other than a scale was read (эки, пять)
    source_noun: int = -1  # token index of a counted noun the tables do not know
    shared: bool = False  # the unit or noun is the next number's (45, 60 бала)
    ending: bool = False  # a case ending is glued to the number (1000ге)
    place: int = -1  # token index of the place a list counts it in (Нарында – 12)


class Parser:
    """One pass over the tokens of a text."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        dates = [(s, e) for s, e, _ in date_spans(text, language)]
        masks = list(dates)
        masks += [m.span() for rx in _MASK_RES for m in rx.finditer(text)]
        masks += [(start, start + len(words)) for start, _, words in source_ranks(text)]
        self.toks = [
            _Tok(m.lastgroup or "p", m.group(), *m.span()) for m in _TOKEN_RE.finditer(text)
        ]
        self.masked = [any(s <= t.start < e for s, e in masks) for t in self.toks]
        self.dated = [any(s <= t.start < e for s, e in dates) for t in self.toks]
        self.words = [t.text if t.kind in ("word", "pct") else "" for t in self.toks]

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def glued(self, i: int) -> bool:
        a, b = self.tok(i - 1), self.tok(i)
        return a is not None and b is not None and a.end == b.start

    def low(self, i: int) -> str:
        tok = self.tok(i)
        return tok.text.lower() if tok is not None and tok.kind == "word" else ""

    def is_number(self, i: int) -> bool:
        tok = self.tok(i)
        if tok is None or tok.kind != "num" or self.masked[i]:
            return False
        return sum(c.isdigit() for c in tok.text) <= _MAX_DIGITS

    def hyphen_ordinal(self, i: int) -> bool:
        """``26-июлда``, ``3-орун``: digits, a hyphen and a word, all touching."""
        dash, word = self.tok(i + 1), self.tok(i + 2)
        return bool(
            dash and word and dash.kind == "dash" and word.kind == "word"
            and self.glued(i + 1) and self.glued(i + 2)
        )  # fmt: skip

    def amount(self, i: int, reading: Reading) -> int:
        """Read digits, number words and scales from token i; return the index after them."""
        total, current, last_scale, j = Decimal(0), None, None, i
        words_only = True
        while j < len(self.toks):
            tok = self.toks[j]
            scale = scale_of(tok.text) if tok.kind == "word" else None
            if scale is None and current is not None and self.weak_scale(j):
                scale = WEAK_SCALES[tok.text.lower()]
            if self.is_number(j) and current is None and not self.hyphen_ordinal(j):
                number = parse_source_number(tok.text, scaled=scale_of(self.low(j + 1)) is not None)
                if number is None or (last_scale is not None and number >= last_scale):
                    break
                current, words_only, j = number, False, j + 1
                reading.digits = True
                nxt = self.tok(j)
                if nxt and nxt.kind == "word" and self.glued(j) and scale_of(nxt.text) is None:
                    if is_ending(nxt.text.lower()) or unit_matcher().match(self.words, j) is None:
                        j += 1  # a case ending on the number itself: 1000ге, 2000ден
                        reading.ending = True
                    break
            elif scale is not None and (last_scale is None or scale < last_scale):
                total += (current if current is not None else 1) * scale
                current, last_scale, j = None, scale, j + 1
                reading.scale = scale
                reading.ending = self.language == "ky" and _has_case_ending(tok.text)
                if (dot := self.tok(j)) is not None and dot.text == "." and self.glued(j):
                    j += 1 if self.low(j + 1) or self.is_number(j + 1) else 0
            elif tok.kind == "word" and (words_only or current is None):
                word_value = number_word(tok.text, self.language)
                if word_value is None and not (tok.text.lower() == "жарым" and current):
                    break
                if word_value is None:
                    current += Decimal("0.5")
                elif is_hundred_word(tok.text):
                    current = (current or 1) * 100
                else:
                    current = (current or 0) + word_value
                    reading.counted = True
                j += 1
            else:
                break
        reading.value = total + (current or 0)
        return j if (current is not None or last_scale is not None) else i

    def weak_scale(self, j: int) -> bool:
        """Kyrgyz ``мин`` for ``миң`` after a number (not ``мин.``, Russian for minutes)."""
        tok, nxt = self.toks[j], self.tok(j + 1)
        if self.language != "ky" or tok.kind != "word" or tok.text.lower() not in WEAK_SCALES:
            return False
        return nxt is None or nxt.text != "."

    def hedge(self, i: int, table: dict[tuple[str, ...], str], before: bool) -> tuple[str, int]:
        """Find a hedge word (sequence) ending before token i or starting at i."""
        for words, meaning in table.items():
            n = len(words)
            lows = tuple(self.low(k) for k in (range(i - n, i) if before else range(i, i + n)))
            if lows == words:
                return meaning, n
        return "", 0

    def is_hedge(self, i: int) -> bool:
        return any(self.low(i) == words[0] for words in _AFTER)

    def unit(self, j: int, reading: Reading) -> int:
        """Read a unit (and a smaller unit adding to it) at token j."""
        found = unit_matcher().match(self.words, j)
        if found is None:
            return j
        reading.unit, j = found.value, j + found.size
        dot = self.tok(j)
        if dot is not None and dot.text == "." and self.glued(j) and self.low(j + 1):
            j += 1  # an abbreviation's dot: "5 т. көмүр", "100 долл. США"
        if self.is_number(j):
            sub = Reading(start=j)
            k = self.amount(j, sub)
            part = unit_matcher().match(self.words, k) if k > j else None
            if part is not None and part.value.part_of == reading.unit.code:
                reading.value += sub.value * Decimal(repr(part.value.factor))
                j = k + part.size
        return j

    def noun(self, j: int, reading: Reading) -> int:
        """Read a classifier and a counted or measured noun at token j.

        Money takes no noun (``2 млн АКШ долларынын долбоору`` is a project worth the money,
        not money of projects); a count may skip one adjective (``35 жаңы мектеп``).
        """
        if reading.unit is not None and reading.unit.kind == "money":
            return j
        if reading.unit is None and not_a_count(self.low(j), self.language):
            return j  # он жылдык "ten-year", эки эсе "twice", 39 жаштагы: not a count
        k = j + 1 if any(self.low(j).startswith(c) for c in _CLASSIFIERS) else j
        found = noun_matcher().match(self.words, k)
        if found is not None and reading.unit is not None and found.value.count_unit:
            return j  # after a unit only what is measured: "85 миль саат" is not hours of miles
        if found is None and reading.unit is None and self.low(k) and not self.is_hedge(k):
            found, k = noun_matcher().match(self.words, k + 1), k + 1
        if found is None and reading.unit is None and not self.is_hedge(j):
            return self.unknown_noun(j, reading)
        if found is None:
            return j
        reading.noun = found.value
        return k + found.size

    def unknown_noun(self, j: int, reading: Reading) -> int:
        """A counted noun the tables do not know (``12 кудук``): remember where it is."""
        k = j + 1 if any(self.low(j).startswith(c) for c in _CLASSIFIERS) else j
        words = [w if not self.masked[n] else "" for n, w in enumerate(self.words)]
        found = source_noun(words, k, self.language if self.language in ("ky", "ru") else "ky")
        if found is None:
            return j
        known = noun_matcher().match(self.words, found)
        if known is not None:  # пять новых олимпийских школ: a known noun after adjectives
            reading.noun = known.value
            return found + known.size
        reading.source_noun = found
        return found + 1

    def read(self, i: int) -> tuple[list[Reading], int]:
        """Read the figure(s) starting at token i; return them and the index to go on from."""
        reading = Reading(start=i)
        if (tok := self.tok(i)) is not None and tok.kind == "cur" and self.is_number(i + 1):
            found = unit_matcher().match([_SYMBOLS[tok.text]], 0)
            reading.unit, i = (found.value if found else None), i + 1
        j = self.amount(i, reading)
        if j == i:
            return [], i + 1
        hedge, size = self.hedge(reading.start, _BEFORE, before=True)
        reading.start -= size
        reading.hedge = hedge or ("about" if self.low(j - 1).endswith(ABOUT_ENDINGS) else "")
        ranged = self.range_end(j)
        if ranged is not None and ranged[0][0].value <= reading.value:
            return [], ranged[1]  # 3-1, 2-2: a score, not a range
        if ranged is not None:
            return self.with_range(reading, *ranged)
        j = self.after(j, reading)
        reading.end = j
        return [reading], j

    def after(self, j: int, reading: Reading) -> int:
        """Read hedges, unit and noun after the amount."""
        hedge, size = self.hedge(j, _AFTER, before=False)
        j += size
        if reading.ending and not hedge:
            return j  # "101ге телефон": the number with its own case ending stands alone
        if reading.unit is None and (tok := self.tok(j)) is not None and tok.kind == "cur":
            found = unit_matcher().match([_SYMBOLS[tok.text]], 0)  # 500 $, 100€
            reading.unit, j = (found.value if found else None), j + 1
        if reading.unit is None:
            j = self.unit(j, reading)
        j = self.noun(j, reading)
        late, size = self.hedge(j, _AFTER, before=False)
        reading.hedge = reading.hedge or hedge or late
        return j + size

    def range_end(self, j: int) -> tuple[list[Reading], int] | None:
        """``10-15 тонна``: read the upper end when a dash and a number follow."""
        dash = self.tok(j)
        if dash is None or dash.kind != "dash" or not self.is_number(j + 1):
            return None
        upper, k = self.read(j + 1)
        return (upper, k) if upper else None

    def with_range(self, lower: Reading, upper: list[Reading], k: int) -> tuple[list[Reading], int]:
        top = upper[0]
        if lower.scale == 1 and top.scale > 1:
            lower.value *= top.scale
        lower.unit, lower.noun, lower.end = top.unit, top.noun, top.end
        lower.source_noun = top.source_noun
        return [lower, *upper], k


def _has_case_ending(scale_word: str) -> bool:
    """Kyrgyz ``миллионго``, ``миллиарддык``: the amount is governed, not a count of a noun."""
    low = scale_word.lower()
    rest = low[len(scale_stem(low) or low) :]
    return bool(rest) and not rest.endswith(ABOUT_ENDINGS)
