"""The figure guard: does the English translation still carry every figure of the source, and
does it state no number of its own?

Machine translation drops sentences, invents numbers and changes them (NLLB's known failure
modes). :func:`check_figures` looks for each source figure's value among the numbers of the
English text, as :func:`summarize.numbers.english_numbers` reads them, so ``12 thousand``,
``12,000`` and ``twelve thousand`` all carry 12000, and ``2 billion`` carries 2e9. A number
the English rounds (``1.44 million`` for 1,442,997) still counts when it is within half a step
of its last digit and within 0.5%. Ranks are looked for as ordinals (``third``, ``3rd``). A
currency amount whose number is there but next to another currency is reported as changed.

The other way round, :func:`unstated_numbers` finds the numbers an English writes in digits
that its source does not state (``12 thousand tonnes`` for ``1000 тонна``): the source's
figures, every number it writes in digits (years and day numbers too), those numbers times a
scale word after them (``12 миң``) and its number words are what it states; dates in the
English are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.dates import date_spans
from summarize.figures.numbers import (
    EnglishNumber,
    english_number_spans,
    english_ordinals,
    number_word,
    ordinal_suffix,
    ordinal_word,
    render_number,
    scale_of,
)
from summarize.types import Figure
from translate import InputError

_REL_TOLERANCE = 0.005
_CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "som": ("som", "soms", "kgs"),
    "USD": ("dollar", "dollars", "usd", "$"),
    "EUR": ("euro", "euros", "eur", "€"),
    "RUB": ("rouble", "roubles", "ruble", "rubles", "rub", "₽"),
    "KZT": ("tenge", "kzt", "₸"),
    "CNY": ("yuan", "cny"),
    "GBP": ("pound", "pounds", "gbp", "£"),
}
_CURRENCY_OF = {word: code for code, words in _CURRENCY_WORDS.items() for word in words}
_NEAR_WORDS = re.compile(r"[$€£₽₸]|[A-Za-z]+")


def _alternatives(figure: Figure) -> list[float]:
    """Values an honest translation may use for the figure (tonnes may become kilograms)."""
    values = [figure.value]
    if figure.unit in ("tonnes", "km"):  # 12 tonnes = 12,000 kg; 5 km = 5,000 metres
        values.append(figure.value * 1000)
    return values


def _carries(number: EnglishNumber, value: float) -> bool:
    if value == 0:
        return number.value == 0
    if abs(number.value - value) <= abs(value) * 1e-9:
        return True
    rounded = abs(number.value - value) <= number.precision / 2
    return rounded and abs(number.value - value) <= abs(value) * _REL_TOLERANCE


def _currency_near(english: str, number: EnglishNumber) -> str | None:
    """The currency named right before or after a number in English, if any."""
    inside = re.findall(r"[$€£₽₸]", english[number.start : number.end])
    before = _NEAR_WORDS.findall(english[max(0, number.start - 6) : number.start])
    after = _NEAR_WORDS.findall(english[number.end : number.end + 24])[:3]
    for word in [*inside, *before[-1:], *after]:
        if (code := _CURRENCY_OF.get(word.lower())) is not None:
            return code
    return None


def _wanted(figure: Figure) -> str:
    if figure.kind == "rank":
        return f"{ordinal_word(int(figure.value))} ({ordinal_suffix(int(figure.value))})"
    if figure.kind == "percent":
        return f"{render_number(figure.value)}%"
    return render_number(figure.value)


def _check_one(figure: Figure, english: str, numbers: list[EnglishNumber]) -> str | None:
    head = f'the source gives "{figure.source}" but the translation'
    if figure.kind == "rank":
        if int(figure.value) in english_ordinals(english):
            return None
        return f"{head} has no {_wanted(figure)}"
    matches = [n for n in numbers if any(_carries(n, v) for v in _alternatives(figure))]
    if not matches:
        return f"{head} has no {_wanted(figure)}"
    if figure.unit in _CURRENCY_WORDS:
        named = {_currency_near(english, n) for n in matches}
        if None not in named and figure.unit not in named:
            other = min(code for code in named if code)
            return f"{head} has {_wanted(figure)} in {other}, not {figure.unit}"
    return None


def check_figures(figures: Sequence[Figure], english: str) -> list[str]:
    """Check that an English translation carries every figure of its source.

    Args:
        figures: figures from :func:`summarize.figures.extract_figures` on the source.
        english: the English translation (or a brief made from it).

    Returns:
        One warning per missing or changed figure, in figure order, e.g.
        ``'the source gives "2 млрд АКШ долларына" but the translation has no 2 billion'``;
        an empty list when every figure is there.

    Raises:
        InputError: ``english`` is not a string or a figure is not a :class:`Figure`.
    """
    if not isinstance(english, str):
        raise InputError(f"english must be a string, not {type(english).__name__}")
    numbers = english_number_spans(english)
    warnings: list[str] = []
    for figure in figures:
        if not isinstance(figure, Figure):
            raise InputError(f"expected Figure objects, got {type(figure).__name__}")
        warning = _check_one(figure, english, numbers)
        if warning is not None:
            warnings.append(warning)
    return warnings


_SOURCE_WORD = re.compile(r"[^\W\d_]+")


def stated_values(source: str, language: str, figures: Sequence[Figure]) -> list[float]:
    """Every value a source text states: its figures (and their honest alternatives, 12
    tonnes = 12,000 kg), the numbers it writes in digits, each times the scale word after it
    (``12 миң`` = 12,000), and its number words (``эки`` = 2).

    Args:
        source: one source sentence (or a whole text).
        language: its language (``"ky"``, ``"ru"``).
        figures: its figures, as read by ``summarize.figures.read_figures``.
    """
    values = [v for figure in figures for v in _alternatives(figure)]
    for number in english_number_spans(source):
        values.append(number.value)
        after = _SOURCE_WORD.search(source, number.end, number.end + 24)
        if after is not None and (scale := scale_of(after.group())) is not None:
            values.append(number.value * scale)
    values.extend(
        value
        for word in _SOURCE_WORD.findall(source)
        if (value := number_word(word, language)) is not None
    )
    return values


def unstated_numbers(english: str, stated: Sequence[float]) -> list[tuple[str, float]]:
    """The numbers an English text writes in digits that are none of ``stated``.

    Numbers written in words ("two countries") and numbers inside dates are left alone;
    a rounded number counts as stated as :func:`check_figures` counts it.

    Returns:
        ``(as written, value)`` for each, in order.
    """
    dates = [(start, end) for start, end, _ in date_spans(english, "en")]
    out: list[tuple[str, float]] = []
    for number in english_number_spans(english):
        written = english[number.start : number.end].strip()
        if not any(ch.isdigit() for ch in written):
            continue
        if any(start <= number.start < end for start, end in dates):
            continue
        if not any(_carries(number, value) for value in stated):
            out.append((written, number.value))
    return out


def check_sentence(
    figures: Sequence[Figure], english: str, source: str, language: str
) -> list[str]:
    """The figure guard of one source sentence and its English, both ways.

    A figure of the source that the English lacks, and a number in digits the English states
    that the source does not (:func:`unstated_numbers`), are reported; when both happen in
    one sentence they are one change (``12 миң`` written ``21 thousand``) and make one line.

    Args:
        figures: the sentence's figures (``summarize.figures.read_figures``).
        english: the sentence's English (the pieces of a cut sentence joined).
        source: the source sentence.
        language: its language.

    Returns:
        One line per problem, e.g. ``'the source gives "12 миң тонна" (12,000) but the
        translation has "21 thousand" (21,000) instead'``.
    """
    numbers = english_number_spans(english)
    invented = unstated_numbers(english, stated_values(source, language, figures))
    lines: list[str] = []
    for figure in figures:
        warning = _check_one(figure, english, numbers)
        if warning is None:
            continue
        if figure.kind != "rank" and " has no " in warning and invented:
            written, value = invented.pop(0)
            warning = (
                f'the source gives "{figure.source}" ({_wanted(figure)}) but the translation '
                f'has "{written}" ({render_number(value)}) instead'
            )
        lines.append(warning)
    lines += [
        f'the translation gives "{written}" ({render_number(value)}), '
        "a number the source does not state"
        for written, value in invented
    ]
    return lines
