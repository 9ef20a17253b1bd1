"""Figures (amounts, percentages, counts, ranks) in Kyrgyz and Russian text, in English.

``extract_figures("республиканын 12 миң тонна буудайга муктаждыгы бар")`` gives
``Figure(value=12000.0, unit="tonnes", text="12,000 tonnes of wheat",
source="12 миң тонна буудайга", of="wheat")``.

How a figure is read, left to right:

1. an optional hedge before it (``дээрлик``, ``болжол менен``, ``более``, ``свыше``, ``около``);
2. the amount: digits (``19 586``, ``3,9``) or number words (``эки``, ``два``), each group
   optionally scaled (``миң``, ``млн``, ``тыс.``), groups summed while scales fall
   (``1 млн 442 миң 997``);
3. an optional hedge after it (``ашуун``, ``ашык``, ``жакын``);
4. a unit from ``data/units.tsv`` (``тонна``, ``АКШ долларына``, ``%``, ``пайыз``), plus a
   smaller unit that adds to it (``21 тонна 968 кг``);
5. a counted or measured noun from ``data/nouns.tsv`` (``буудай``, ``автобус``), after an
   optional classifier (``даана``, ``единиц``) or, for a count, one adjective (``жаңы``);
   money takes no noun.

Dates, years and day numbers (via :func:`summarize.dates.date_spans`), ordinals written with a
hyphen (``3-орун``, ``5-пункт``), list numbering, times, phone numbers, ``№`` numbers and codes
such as ``COVID-19`` are never figures. Ranks (``үчүнчү орунда``, ``третье место``) are read by
a separate pass and come out as ``kind="rank"``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from summarize.dates import date_spans
from summarize.lexicon import Noun, Unit, noun_matcher, unit_matcher
from summarize.numbers import (
    english_number_spans,
    is_hundred_word,
    number_word,
    ordinal_suffix,
    parse_source_number,
    render_number,
    scale_of,
    source_ranks,
)
from summarize.types import Figure
from translate.errors import InputError
from translate.languages import check_language

logger = logging.getLogger(__name__)

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
_ABOUT_ENDINGS = ("дай", "дей", "дой", "дөй", "тай", "тей", "той", "төй")  # миллиондой: about
_SYMBOLS = {"$": "USD", "€": "EUR", "₽": "RUB", "₸": "KZT"}
_CLASSIFIERS = ("даана", "бирдик", "единиц", "штук", "баш")


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, word, pct, cur, dash, p
    text: str
    start: int
    end: int


@dataclass
class _Reading:
    """What the parser has gathered about one figure so far."""

    start: int  # token index where the source words begin
    value: Decimal = Decimal(0)
    end: int = 0  # token index after the last token read
    scale: int = 1  # the smallest scale word used (for ranges)
    digits: bool = False
    unit: Unit | None = None
    noun: Noun | None = None
    hedge: str = ""


class _Parser:
    """One pass over the tokens of a text."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        masks = [(s, e) for s, e, _ in date_spans(text, language)]
        masks += [m.span() for rx in _MASK_RES for m in rx.finditer(text)]
        masks += [(start, start + len(words)) for start, _, words in source_ranks(text)]
        self.toks = [
            _Tok(m.lastgroup or "p", m.group(), *m.span()) for m in _TOKEN_RE.finditer(text)
        ]
        self.masked = [any(s <= t.start < e for s, e in masks) for t in self.toks]
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

    def amount(self, i: int, reading: _Reading) -> int:
        """Read digits, number words and scales from token i; return the index after them."""
        total, current, last_scale, j = Decimal(0), None, None, i
        words_only = True
        while j < len(self.toks):
            tok = self.toks[j]
            scale = scale_of(tok.text) if tok.kind == "word" else None
            if self.is_number(j) and current is None and not self.hyphen_ordinal(j):
                number = parse_source_number(tok.text, scaled=scale_of(self.low(j + 1)) is not None)
                if number is None or (last_scale is not None and number >= last_scale):
                    break
                current, words_only, j = number, False, j + 1
                reading.digits = True
                nxt = self.tok(j)
                if nxt and nxt.kind == "word" and self.glued(j) and scale_of(nxt.text) is None:
                    j += 1  # a case ending on the number itself: 1000ге, 2000ден
                    break
            elif scale is not None and (last_scale is None or scale < last_scale):
                total += (current if current is not None else 1) * scale
                current, last_scale, j = None, scale, j + 1
                reading.scale = scale
                if (dot := self.tok(j)) is not None and dot.text == "." and self.glued(j):
                    j += 1 if self.low(j + 1) or self.is_number(j + 1) else 0
            elif tok.kind == "word" and (words_only or current is None):
                word_value = number_word(tok.text)
                if word_value is None and not (tok.text.lower() == "жарым" and current):
                    break
                if word_value is None:
                    current += Decimal("0.5")
                elif is_hundred_word(tok.text):
                    current = (current or 1) * 100
                else:
                    current = (current or 0) + word_value
                j += 1
            else:
                break
        reading.value = total + (current or 0)
        return j if (current is not None or last_scale is not None) else i

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

    def unit(self, j: int, reading: _Reading) -> int:
        """Read a unit (and a smaller unit adding to it) at token j."""
        found = unit_matcher().match(self.words, j)
        if found is None:
            return j
        reading.unit, j = found.value, j + found.size
        if self.is_number(j):
            sub = _Reading(start=j)
            k = self.amount(j, sub)
            part = unit_matcher().match(self.words, k) if k > j else None
            if part is not None and part.value.part_of == reading.unit.code:
                reading.value += sub.value * Decimal(repr(part.value.factor))
                j = k + part.size
        return j

    def noun(self, j: int, reading: _Reading) -> int:
        """Read a classifier and a counted or measured noun at token j.

        Money takes no noun (``2 млн АКШ долларынын долбоору`` is a project worth the money,
        not money of projects); a count may skip one adjective (``35 жаңы мектеп``).
        """
        if reading.unit is not None and reading.unit.kind == "money":
            return j
        k = j + 1 if any(self.low(j).startswith(c) for c in _CLASSIFIERS) else j
        found = noun_matcher().match(self.words, k)
        if found is None and reading.unit is None and self.low(k) and not self.is_hedge(k):
            found, k = noun_matcher().match(self.words, k + 1), k + 1
        if found is None:
            return j
        reading.noun = found.value
        return k + found.size

    def read(self, i: int) -> tuple[list[_Reading], int]:
        """Read the figure(s) starting at token i; return them and the index to go on from."""
        reading = _Reading(start=i)
        if (tok := self.tok(i)) is not None and tok.kind == "cur" and self.is_number(i + 1):
            found = unit_matcher().match([_SYMBOLS[tok.text]], 0)
            reading.unit, i = (found.value if found else None), i + 1
        j = self.amount(i, reading)
        if j == i:
            return [], i + 1
        hedge, size = self.hedge(reading.start, _BEFORE, before=True)
        reading.start -= size
        reading.hedge = hedge or ("about" if self.low(j - 1).endswith(_ABOUT_ENDINGS) else "")
        ranged = self.range_end(j)
        if ranged is not None:
            return self.with_range(reading, *ranged)
        j = self.after(j, reading)
        reading.end = j
        return [reading], j

    def after(self, j: int, reading: _Reading) -> int:
        """Read hedges, unit and noun after the amount."""
        hedge, size = self.hedge(j, _AFTER, before=False)
        j += size
        if reading.unit is None:
            j = self.unit(j, reading)
        j = self.noun(j, reading)
        late, size = self.hedge(j, _AFTER, before=False)
        reading.hedge = reading.hedge or hedge or late
        return j + size

    def range_end(self, j: int) -> tuple[list[_Reading], int] | None:
        """``10-15 тонна``: read the upper end when a dash and a number follow."""
        dash = self.tok(j)
        if dash is None or dash.kind != "dash" or not self.is_number(j + 1):
            return None
        upper, k = self.read(j + 1)
        return (upper, k) if upper else None

    def with_range(
        self, lower: _Reading, upper: list[_Reading], k: int
    ) -> tuple[list[_Reading], int]:
        top = upper[0]
        if lower.scale == 1 and top.scale > 1:
            lower.value *= top.scale
        lower.unit, lower.noun, lower.end = top.unit, top.noun, top.end
        return [lower, *upper], k


def _kind(reading: _Reading) -> str:
    if reading.unit is not None:
        return "percent" if reading.unit.kind == "percent" else "amount"
    return "count"


def _render(reading: _Reading) -> tuple[str, str, str]:
    """Return (unit, text, of) for a reading."""
    value = float(reading.value)
    number = render_number(value)
    unit, noun, of = reading.unit, reading.noun, reading.noun.of if reading.noun else ""
    if unit is not None and unit.kind == "percent":
        code, body = unit.code, f"{number}%"
    elif unit is not None:
        code = unit.code
        body = f"{number} {unit.singular if value == 1 else unit.plural}"
        body += f" of {of}" if of else ""
    elif noun is not None and noun.count_unit:
        code = noun.count_unit
        body = f"{number} {noun.singular if value == 1 else noun.count_unit}"
    else:
        code, body = "", number
    return code, (f"{reading.hedge} {body}" if reading.hedge else body), of


def _keep(parser: _Parser, reading: _Reading) -> bool:
    """Decide whether a reading is a figure worth stating."""
    if not reading.digits and reading.unit is None:
        return False  # "эки өлкө", "миллиондорду", "тысячи домов": words, not figures
    if reading.unit is not None or reading.noun is not None:
        return True
    if reading.scale == 1 and _looks_like_year(reading.value):
        return False  # a bare 2019 is a year (or a model name), not a quantity
    if reading.scale > 1 or reading.hedge:
        return True
    nxt = parser.tok(reading.end)
    return nxt is not None and nxt.kind == "word" and nxt.text[:1].islower()


def _looks_like_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1900 <= value <= 2100


def _to_figure(parser: _Parser, reading: _Reading) -> Figure:
    unit, text, of = _render(reading)
    first, last = parser.toks[reading.start], parser.toks[max(reading.end, reading.start + 1) - 1]
    return Figure(
        value=float(reading.value),
        unit=unit,
        text=text,
        source=parser.text[first.start : last.end],
        approximate=bool(reading.hedge),
        of=of,
        kind=_kind(reading),
    )


def _ranks(text: str) -> list[tuple[int, Figure]]:
    return [
        (start, Figure(float(value), "rank", f"{ordinal_suffix(value)} place", source, kind="rank"))
        for start, value, source in source_ranks(text)
    ]


def _english_figures(text: str) -> list[tuple[int, Figure]]:
    """A light reading of English sources: numbers with their next word as the unit."""
    masks = [(s, e) for s, e, _ in date_spans(text, "en")]
    found = []
    for number in english_number_spans(text):
        if any(s <= number.start < e for s, e in masks):
            continue
        tail = re.match(r"\s*(%|percent|per cent|[a-z]+(?:\s+dollars)?)", text[number.end :])
        unit = tail.group(1) if tail else ""
        unit = "percent" if unit in ("%", "percent", "per cent") else unit
        kind = "percent" if unit == "percent" else "count"
        body = f"{render_number(number.value)}{'%' if kind == 'percent' else ' ' + unit}".strip()
        source = text[number.start : number.end + (tail.end() if tail else 0)]
        found.append((number.start, Figure(number.value, unit, body, source, kind=kind)))
    return found


def extract_figures(text: str, language: str = "ky") -> list[Figure]:
    """Find the figures a Kyrgyz or Russian text states, rendered in English.

    Args:
        text: source text.
        language: ``"ky"`` or ``"ru"`` (both are read the same way); ``"en"`` gets a light
            reading (numbers and the word after them).

    Returns:
        Figures in source order, each (value, unit, kind, of) once.

    Raises:
        InputError: ``text`` is not a string.
        UnsupportedLanguageError: unknown ``language``.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    language = check_language(language)
    if language == "en":
        found = _english_figures(text)
    else:
        found = _ranks(text) + _source_figures(text, language)
    seen: set[tuple[float, str, str, str]] = set()
    figures: list[Figure] = []
    for _, figure in sorted(found, key=lambda item: item[0]):
        key = (figure.value, figure.unit, figure.kind, figure.of)
        if key not in seen:
            seen.add(key)
            figures.append(figure)
    return figures


def _source_figures(text: str, language: str) -> list[tuple[int, Figure]]:
    parser = _Parser(text, language)
    found: list[tuple[int, Figure]] = []
    i = 0
    while i < len(parser.toks):
        readings, i = parser.read(i)
        for reading in readings:
            if _keep(parser, reading):
                start = parser.toks[reading.start].start
                found.append((start, _to_figure(parser, reading)))
    return found
