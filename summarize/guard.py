"""The figure guard: does the English translation still carry every figure of the source?

Machine translation drops sentences, invents numbers and changes them (NLLB's known failure
modes). :func:`check_figures` looks for each source figure's value among the numbers of the
English text, as :func:`summarize.numbers.english_numbers` reads them, so ``12 thousand``,
``12,000`` and ``twelve thousand`` all carry 12000, and ``2 billion`` carries 2e9. A number
the English rounds (``1.44 million`` for 1,442,997) still counts when it is within half a step
of its last digit and within 0.5%. Ranks are looked for as ordinals (``third``, ``3rd``). A
currency amount whose number is there but next to another currency is reported as changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.numbers import (
    EnglishNumber,
    english_number_spans,
    english_ordinals,
    ordinal_suffix,
    ordinal_word,
    render_number,
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
