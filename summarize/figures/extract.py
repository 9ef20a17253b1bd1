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
   money takes no noun. Any other noun counts too (``12 кудук``, ``тогуз теплица``; see
   :mod:`summarize.figures.counted`): its English comes from the aligned translation when one is
   given, else the figure keeps the source word;
6. a number with no noun of its own takes the next number's when only a comma, a conjunction,
   a date or a time word stands between them (``2020-жылы 45, 2021-жылы 60 бала``, ``былтыр
   312, быйыл 45 окуучу``), or when each number has its place (``Нарында – 12, Таласта – 40
   учур``: the source of each figure names its place); see :mod:`summarize.figures.lists`.

A count in number words (``төрт жаңы оорукана``, ``пять новых школ``) needs a noun and at
least two; "the two countries / sides" of a visit (``эки өлкө``, ``эки тарап тең``) are no
count. Dates, years and day numbers (via :func:`summarize.dates.date_spans`), ordinals written
with a hyphen (``3-орун``, ``5-пункт``), list numbering, times, phone numbers, ``№`` numbers,
decree and article numbers (``токтом 123``, ``статьи 5``), ages (``39 жаштагы``, ``в возрасте
33 лет``), scores (``1-0``, ``5-3``) and codes such as ``COVID-19`` are never figures. Ranks
(``үчүнчү орунда``, ``третье место``) are read by a separate pass and come out as
``kind="rank"``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise

from summarize.dates import date_spans
from summarize.figures.counted import english_noun, no_figure_after
from summarize.figures.lists import list_gap, place_before
from summarize.figures.numbers import (
    english_number_spans,
    ordinal_suffix,
    render_number,
    source_ranks,
)
from summarize.figures.reader import Parser, Reading
from summarize.types import Figure
from translate import InputError, check_language

logger = logging.getLogger(__name__)


def _kind(reading: Reading) -> str:
    if reading.unit is not None:
        return "percent" if reading.unit.kind == "percent" else "amount"
    return "count"


def _render(reading: Reading, noun_text: str, english: str) -> tuple[str, str, str]:
    """Return (unit, text, of) for a reading.

    ``noun_text`` is the source word of a noun the tables do not know and ``english`` its
    English from the translation, if any; the text keeps the source word without one.
    """
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
    elif noun_text:
        code, body = english, f"{number} {english or noun_text}"
    else:
        code, body = "", number
    return code, (f"{reading.hedge} {body}" if reading.hedge else body), of


# "эки өлкө", "эки тарап": the two countries or sides of a visit, not a count.
_PAIR_STEMS = ("өлкө", "тарап", "тараб", "жак", "мамлекет", "өкмөт", "лидер", "башчы",
               "президент", "стран", "сторон", "государств", "народ", "правительств", "элдин",
               "элге", "элди", "экономик")  # fmt: skip
_BOTH = {"тең", "обе", "оба"}


def _has_noun(reading: Reading) -> bool:
    return reading.noun is not None or reading.source_noun >= 0


def _keep_counted_words(parser: Parser, reading: Reading) -> bool:
    """A count in number words (``төрт жаңы оорукана``) needs a noun and is not a pair."""
    if not reading.counted or reading.value < 2 or not _has_noun(reading):
        return False
    if reading.noun is not None and not reading.noun.count_unit:
        return False  # "төрт көмүр" is no count of coal
    first, before = parser.toks[reading.start], parser.tok(reading.start - 1)
    if first.text[:1].isupper() and before is not None and before.kind in ("word", "num"):
        return False  # "в районе Четырех углов": a name
    noun_at = reading.source_noun if reading.source_noun >= 0 else reading.end - 1
    if parser.low(reading.end) in _BOTH or parser.low(noun_at) in ("эл", "эки"):
        return False
    pair = (parser.low(noun_at), parser.low(noun_at + 1))  # эки боордош элдин: the noun may follow
    return not (reading.value == 2 and any(w.startswith(_PAIR_STEMS) for w in pair))


def _keep(parser: Parser, reading: Reading) -> bool:
    """Decide whether a reading is a figure worth stating."""
    if not reading.digits and reading.unit is None:
        # "эки өлкө", "миллиондорду", "тысячи домов": words, not figures; "төрт оорукана" is
        return _keep_counted_words(parser, reading)
    if reading.unit is not None or reading.noun is not None:
        return True
    if reading.scale == 1 and _looks_like_year(reading.value):
        return False  # a bare 2019 is a year (or a model name), not a quantity
    if _has_noun(reading):
        return True
    if no_figure_after(parser.low(reading.end), parser.language):
        return False  # 39 жаштагы: an age; 5 пункт: a clause
    if reading.scale == 1 and _looks_like_year(reading.value):
        return False  # a bare 2019 is a year (or a model name), not a quantity
    if reading.scale > 1 or reading.hedge:
        return True
    nxt = parser.tok(reading.end)
    return nxt is not None and nxt.kind == "word" and nxt.text[:1].islower()


def _looks_like_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1900 <= value <= 2100


def _to_figure(parser: Parser, reading: Reading) -> tuple[Figure, str]:
    """The figure, and the source word of its counted noun when the tables do not know it
    (its English can only come from a translation: :func:`name_counted_noun`)."""
    noun_text = parser.toks[reading.source_noun].text if reading.source_noun >= 0 else ""
    unit, text, of = _render(reading, noun_text, "")
    end = max(reading.end, reading.start + 1, -1 if reading.shared else reading.source_noun + 1)
    start = reading.start if reading.place < 0 else min(reading.place, reading.start)
    first, last = parser.toks[start], parser.toks[end - 1]
    figure = Figure(
        value=float(reading.value),
        unit=unit,
        text=text,
        source=parser.text[first.start : last.end],
        approximate=bool(reading.hedge),
        of=of,
        kind=_kind(reading),
    )
    known = reading.unit is not None or (reading.noun is not None and reading.noun.count_unit)
    return figure, ("" if known else noun_text)


def name_counted_noun(figure: Figure, noun: str, english: str | None) -> Figure:
    """A count of a noun the tables do not know (``12 кудук``, ``noun="кудук"``), with the
    noun's English read after the same number in the sentence's translation (``12 wells``);
    the figure as it is when there is no such English (the noun is never invented)."""
    found = english_noun(english, figure.value) if english and noun else None
    if not found:
        return figure
    return replace(figure, unit=found, text=figure.text[: len(figure.text) - len(noun)] + found)


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


def extract_figures(text: str, language: str = "ky", *, english: str | None = None) -> list[Figure]:
    """Find the figures a Kyrgyz or Russian text states, rendered in English.

    Args:
        text: source text.
        language: ``"ky"`` or ``"ru"`` (both are read the same way); ``"en"`` gets a light
            reading (numbers and the word after them).
        english: the English translation of ``text`` (best one sentence and its translation).
            A count of a noun the tables do not know (``12 кудук``) then takes its English
            from the words after the same number there (``"12 wells"``); without it, the
            figure keeps the source word (``"12 кудук"``).

    Returns:
        Figures in source order, each (value, unit, kind, of) once.

    Raises:
        InputError: ``text`` or ``english`` is not a string.
        UnsupportedLanguageError: unknown ``language``.
    """
    if english is not None and not isinstance(english, str):
        raise InputError(f"english must be a string, not {type(english).__name__}")
    found = _found(text, language)
    if english:
        found = [(name_counted_noun(figure, noun, english), noun) for figure, noun in found]
    return [figure for figure, _ in _unique(found)]


def read_figures(text: str, language: str = "ky") -> list[tuple[Figure, str]]:
    """The figures of a source text (as :func:`extract_figures` without a translation), each
    with the source word of its counted noun when the tables do not know it, else ``""``.

    The brief reads each sentence once with this, and names such nouns later from the
    sentence's own English (:func:`name_counted_noun`) instead of reading it again.

    Raises:
        InputError: ``text`` is not a string.
        UnsupportedLanguageError: unknown ``language``.
    """
    return _unique(_found(text, language))


def _found(text: str, language: str) -> list[tuple[Figure, str]]:
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    language = check_language(language)
    if language == "en":
        found = [(start, (figure, "")) for start, figure in _english_figures(text)]
    else:
        ranks = [(start, (figure, "")) for start, figure in _ranks(text)]
        found = ranks + _source_figures(text, language)
    return [item for _, item in sorted(found, key=lambda item: item[0])]


def _unique(found: list[tuple[Figure, str]]) -> list[tuple[Figure, str]]:
    seen: set[tuple[float, str, str, str, str]] = set()
    out: list[tuple[Figure, str]] = []
    for figure, noun in found:
        # counts of nouns without English differ by their source word: 5 кудук, 5 көпүрө
        text = "" if figure.unit else figure.text
        key = (figure.value, figure.unit, figure.kind, figure.of, text)
        if key not in seen:
            seen.add(key)
            out.append((figure, noun))
    return out


def _share_nouns(parser: Parser, readings: list[Reading]) -> None:
    """Give a bare number the unit or noun of the next number when only a list separator, a
    conjunction, a date, a time word or a place stands between them (:func:`list_gap`; right
    to left, so chains share too)."""
    for left, right in reversed(list(pairwise(readings))):
        if left.unit is not None or _has_noun(left) or left.digits != right.digits:
            continue
        if right.unit is None and left.value != left.value.to_integral_value():
            continue  # "ERA 2,53 и 300 аутов": a count is whole
        if right.unit is None and not _has_noun(right):
            continue
        place = list_gap(parser, (left.start, left.end), right.start)
        if place is None:
            continue
        left.unit, left.noun, left.source_noun = right.unit, right.noun, right.source_noun
        left.shared = True
        if place >= 0:  # a count per place: each figure's source names its place
            own = place_before(parser, left.start)
            left.place = -1 if own is None else own
            right.place = place


def _source_figures(text: str, language: str) -> list[tuple[int, tuple[Figure, str]]]:
    parser = Parser(text, language)
    readings: list[Reading] = []
    i = 0
    while i < len(parser.toks):
        found, i = parser.read(i)
        readings.extend(found)
    _share_nouns(parser, readings)
    return [
        (parser.toks[reading.start].start, _to_figure(parser, reading))
        for reading in readings
        if _keep(parser, reading)
    ]
