"""Numbers in source (Kyrgyz, Russian) and English text, and their English rendering.

The source side reads the pieces that :mod:`summarize.figures.extract` assembles: digit strings with
decimal commas and space-grouped thousands, scale words (миң, млн, тыс., миллиард) and Kyrgyz
or Russian number words. The English side (:func:`english_numbers`) finds every quantity an
English sentence states, so that :mod:`summarize.figures.guard` can check a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from translate.names.romanize import inflects

_SPACES = " \u00a0\u202f\u2009"

# ---------------------------------------------------------------- source side


def parse_source_number(digits: str, *, scaled: bool = False) -> Decimal | None:
    """Read a Kyrgyz/Russian digit string: ``"19 586"``, ``"3,9"``, ``"1.442.997"``.

    A comma is the decimal mark (Kyrgyz and Russian usage); a single dot is one too. Several
    dots or commas between groups of three digits are thousands separators, and so is a single
    comma before exactly three digits unless a scale word follows (``350,000 доллар`` is
    350000, but ``3,125 млрд`` is 3.125 billion).

    Args:
        digits: the digit string.
        scaled: a scale word (миң, млн) follows the number.

    Returns:
        The value, or None when the string is not a number.
    """
    text = digits.strip()
    for space in _SPACES:
        text = text.replace(space, "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}|\d{1,3}(?:,\d{3})+", text) and (
        not scaled or text.count(",") + text.count(".") > 1
    ):
        text = text.replace(".", "").replace(",", "")
    text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# Stems of scale words as people type them, common misspellings included (милион, миллард,
# млярд); the ending after them is checked by romanize.inflects.
_SCALE_STEMS: tuple[tuple[str, int], ...] = (
    ("миллиард", 10**9),
    ("миллиярд", 10**9),
    ("милиард", 10**9),
    ("милиярд", 10**9),
    ("миллард", 10**9),
    ("миллярд", 10**9),
    ("милард", 10**9),
    ("милярд", 10**9),
    ("млярд", 10**9),
    ("миллион", 10**6),
    ("милион", 10**6),
    ("миллон", 10**6),
    ("триллион", 10**12),
    ("трилион", 10**12),
    ("тысяч", 10**3),
    ("млрд", 10**9),
    ("трлн", 10**12),
    ("млр", 10**9),
    ("млн", 10**6),
    ("тыс", 10**3),
    ("миң", 10**3),
)
#: Kyrgyz миң typed without the Ң. It is also "ride" in Kyrgyz and "min." in Russian, so it
#: is a scale only in Kyrgyz text and only right after a number (see summarize.figures.extract).
WEAK_SCALES = {"мин": 10**3}


def _scale(word: str) -> tuple[str, int] | None:
    low = word.lower()
    for stem, scale in _SCALE_STEMS:
        if inflects(low, stem) or (low.startswith(stem) and low[len(stem) :] in ("", "а")):
            return stem, scale
    return None


def scale_of(word: str) -> int | None:
    """Return the multiplier of a scale word (``миңге`` -> 1000, ``млн`` -> 10**6), else None.

    Misspelled scale words are scales too (``миллард``, ``милион``, ``млярд``, ``млр``).
    """
    found = _scale(word)
    return found[1] if found else None


def scale_stem(word: str) -> str | None:
    """Return the stem of a scale word as written (``миллиарддык`` -> ``миллиард``), else None."""
    found = _scale(word)
    return found[0] if found else None


_KY_WORDS: dict[str, int] = {
    "бир": 1, "эки": 2, "үч": 3, "төрт": 4, "беш": 5, "алты": 6, "жети": 7, "сегиз": 8,
    "тогуз": 9, "он": 10, "жыйырма": 20, "отуз": 30, "кырк": 40, "элүү": 50,
    "алтымыш": 60, "жетимиш": 70, "сексен": 80, "токсон": 90, "жүз": 100,
}  # fmt: skip
_RU_WORDS: dict[str, int] = {
    "один": 1, "одна": 1, "одну": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3,
    "трёх": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
    "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9,
    "десять": 10, "десяти": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17,
    "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "двадцати": 20,
    "тридцать": 30, "тридцати": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200,
    "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700,
    "восемьсот": 800, "девятьсот": 900, "четырёх": 4, "двум": 2, "двумя": 2, "трем": 3,
    "трём": 3, "тремя": 3, "четырем": 4, "четырём": 4, "четырьмя": 4, "пятью": 5,
    "шестью": 6, "восемью": 8, "девятью": 9, "десятью": 10, "одиннадцати": 11,
    "двенадцати": 12, "тринадцати": 13, "четырнадцати": 14, "пятнадцати": 15,
    "шестнадцати": 16, "семнадцати": 17, "восемнадцати": 18, "девятнадцати": 19,
    "сорока": 40, "пятидесяти": 50, "шестидесяти": 60, "семидесяти": 70,
    "восьмидесяти": 80, "девяноста": 90, "ста": 100, "двухсот": 200, "трехсот": 300,
    "трёхсот": 300, "четырехсот": 400, "пятисот": 500,
}  # fmt: skip
_HUNDRED_WORDS = {"жүз"}
_WORDS_BY_LANGUAGE = {"ky": _KY_WORDS, "ru": _RU_WORDS}


def number_word(word: str, language: str | None = None) -> int | None:
    """Return the value of a Kyrgyz or Russian number word (``эки`` -> 2), else None.

    Args:
        word: one word.
        language: ``"ky"`` or ``"ru"`` to read only that language's words (Kyrgyz ``он`` is
            ten, Russian ``он`` is "he"); ``None`` reads both.
    """
    low = word.lower()
    if language in _WORDS_BY_LANGUAGE:
        return _WORDS_BY_LANGUAGE[language].get(low)
    return _KY_WORDS.get(low, _RU_WORDS.get(low))


def is_hundred_word(word: str) -> bool:
    """Return True for a word that multiplies what precedes it by 100 (Kyrgyz ``жүз``)."""
    return word.lower() in _HUNDRED_WORDS


# ---------------------------------------------------------------- rendering

_BIG_SCALES: tuple[tuple[int, str], ...] = (
    (10**12, "trillion"),
    (10**9, "billion"),
    (10**6, "million"),
)


def _plain(value: Decimal) -> str:
    """Format with thousands commas and no trailing zeros: 12000 -> 12,000; 21.968."""
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    return f"{sign}{int(whole):,}.{frac}"


def render_number(value: float) -> str:
    """Write a number the way an English news text does.

    Millions and up that are round to three decimals take a scale word
    (2e9 -> ``"2 billion"``, 3.9e9 -> ``"3.9 billion"``); anything else gets thousands
    commas (``"12,000"``, ``"1,442,997"``, ``"21.968"``).
    """
    number = Decimal(repr(float(value)))
    for scale, word in _BIG_SCALES:
        if abs(number) >= scale:
            quotient = number / scale
            if (quotient * 1000) == (quotient * 1000).to_integral_value():
                return f"{_plain(quotient)} {word}"
            break
    return _plain(number)


# ---------------------------------------------------------------- English side


@dataclass(frozen=True)
class EnglishNumber:
    """A number found in English text: value, the step of its last digit, and where it is."""

    value: float
    precision: float
    start: int
    end: int


_EN_SCALES = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "trn": 10**12,
}  # fmt: skip
# st/nd/rd/th: "the 50th anniversary" still carries 50 for the guard.
_EN_DIGITS = re.compile(
    r"(?<![\w.,])(?P<cur>[$€£])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?"
    r"|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?)"
    r"(?P<glued>billion|million|thousand|trillion|bn|mln|mn|trn|m|k|b|st|nd|rd|th)?(?!\w)"
    r"(?:[ \u00a0]?(?P<scale>thousand|million|billion|trillion|bn|mln|mn)\b)?",
    re.IGNORECASE,
)
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_WORD_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
                   "trillion": 10**12}  # fmt: skip
_EN_WORD = re.compile(r"[A-Za-z]+")
_WORD_GAP = re.compile(r"[ \u00a0-]+")


def _digit_value(match: re.Match[str]) -> EnglishNumber | None:
    raw = match.group("num")
    if re.fullmatch(r"\d+,\d{1,2}", raw):  # a decimal comma copied from the source
        raw = raw.replace(",", ".")
    raw = re.sub(r"[, \u00a0\u202f\u2009]", "", raw)
    number = Decimal(raw)
    decimals = -number.as_tuple().exponent if "." in raw else 0
    glued = (match.group("glued") or "").lower()
    if glued in ("m", "b", "k") and not match.group("cur") and not match.group("scale"):
        return None  # "2m" may be metres, "5k" a race: only trust them after a currency sign
    scale = _EN_SCALES.get((match.group("scale") or glued).lower(), 1)
    step = Decimal(1).scaleb(-int(decimals)) * scale
    return EnglishNumber(float(number * scale), float(step), match.start(), match.end())


def _word_numbers(text: str) -> list[EnglishNumber]:
    """Numbers written in words: "two thousand", "a million", "one hundred and fifty"."""
    found: list[EnglishNumber] = []
    words = list(_EN_WORD.finditer(text))
    i = 0
    while i < len(words):
        total = current = 0
        start = end = None
        last_scale = 1
        j = i
        while j < len(words):
            if j > i and not _WORD_GAP.fullmatch(text[words[j - 1].end() : words[j].start()]):
                break
            word = words[j].group().lower()
            nxt = words[j + 1].group().lower() if j + 1 < len(words) else ""
            if word in _EN_UNITS:
                current += _EN_UNITS[word]
            elif word in _EN_WORD_SCALES and start is not None:
                scale = _EN_WORD_SCALES[word]
                if scale == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * scale
                    current = 0
                last_scale = scale
            elif word == "a" and start is None and nxt in _EN_WORD_SCALES:
                current = 1
            elif word == "and" and start is not None and nxt in _EN_UNITS:
                j += 1
                continue
            else:
                break
            start = words[j].start() if start is None else start
            end = words[j].end()
            j += 1
        if start is not None and end is not None:
            found.append(EnglishNumber(float(total + current), float(last_scale), start, end))
            i = j
        else:
            i += 1
    return found


def english_number_spans(text: str) -> list[EnglishNumber]:
    """Find every number in English text, with its precision and position (text order).

    ``12.000`` (a dot grouping thousands, copied from a European source) gives both 12 and
    12000, since the text alone cannot tell which is meant.
    """
    found: list[EnglishNumber] = []
    for match in _EN_DIGITS.finditer(text):
        if (number := _digit_value(match)) is None:
            continue
        found.append(number)
        grouped = match.group("num")
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", grouped) and not match.group("scale"):
            value = float(grouped.replace(".", ""))
            found.append(EnglishNumber(value, 1.0, number.start, number.end))
    found.extend(_word_numbers(text))
    return sorted(found, key=lambda n: n.start)


def english_numbers(text: str) -> list[float]:
    """Find the numbers an English text states, in text order.

    Understands digits with thousands commas (``12,000``), decimals (``3.9``), scale words
    and abbreviations (``12 thousand``, ``1.5 million``, ``3.9 bn``, ``$2m``), numbers in
    words (``two thousand``) and percentages (``15%`` gives 15).

    Args:
        text: English text.

    Returns:
        The values, e.g. ``[12000.0, 2000000000.0]``.
    """
    return [n.value for n in english_number_spans(text)]


_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
_EN_ORDINAL_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b|\b([A-Za-z]+)\b")


def english_ordinals(text: str) -> list[int]:
    """Find ordinals in English text: ``third`` and ``3rd`` both give 3."""
    found: list[int] = []
    for match in _EN_ORDINAL_RE.finditer(text):
        if match.group(1):
            found.append(int(match.group(1)))
        elif (word := match.group(2).lower()) in _EN_ORDINALS:
            found.append(_EN_ORDINALS[word])
    return found


def ordinal_word(value: int) -> str:
    """Return ``3`` -> ``"third"`` (digits with a suffix past the twentieth: ``"21st"``)."""
    for word, number in _EN_ORDINALS.items():
        if number == value:
            return word
    return ordinal_suffix(value)


def ordinal_suffix(value: int) -> str:
    """Return ``3`` -> ``"3rd"``, ``11`` -> ``"11th"``, ``22`` -> ``"22nd"``."""
    if 10 <= value % 100 <= 20:
        return f"{value}th"
    return f"{value}" + {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


# ---------------------------------------------------------------- ranks in source text

_KY_ORDINALS = {
    "биринчи": 1, "экинчи": 2, "үчүнчү": 3, "төртүнчү": 4, "бешинчи": 5, "алтынчы": 6,
    "жетинчи": 7, "сегизинчи": 8, "тогузунчу": 9, "онунчу": 10,
}  # fmt: skip
_RU_ORDINALS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6,
    "седьм": 7, "восьм": 8, "девят": 9, "десят": 10,
}  # fmt: skip
_RANK_RES = (
    re.compile(r"(?i)\b(?P<w>" + "|".join(_KY_ORDINALS) + r")\s+орун[а-яөүң]*"),
    re.compile(r"(?i)(?<![\d.,])(?P<d>\d{1,3})-\s?орун[а-яөүң]*"),
    re.compile(
        r"(?i)\b(?P<r>" + "|".join(_RU_ORDINALS) + r")(?:ое|ом|ого|ую|ой|ая|ий|ый|ье|ьем|ьего"
        r"|ья|ей|ее|ем)\s+мест[а-яё]*"
    ),
    re.compile(r"(?i)(?<![\d.,])(?P<d>\d{1,3})(?:-(?:е|м|ое|ом|ем))?\s+мест(?:о|е|ом)\b"),
)


def source_ranks(text: str) -> list[tuple[int, int, str]]:
    """Find ranks in Kyrgyz or Russian text: ``үчүнчү орунда``, ``3-орунду``, ``третье место``.

    Returns:
        ``(start offset, rank, source words)`` for each, in pattern order.
    """
    found: list[tuple[int, int, str]] = []
    for regex in _RANK_RES:
        for match in regex.finditer(text):
            groups = match.groupdict()
            if groups.get("w"):
                value = _KY_ORDINALS[groups["w"].lower()]
            elif groups.get("r"):
                value = _RU_ORDINALS[groups["r"].lower()]
            else:
                value = int(groups["d"])
            found.append((match.start(), value, match.group()))
    return found
