"""Numbers that share one noun: what may stand between them (``2019-жылы 57, быйыл 204 учур``).

A number with no noun of its own takes the next number's unit or noun when only these stand
between them (:func:`list_gap`):

* list separators and conjunctions (``45 жана 60 бала``, ``10, 20 и 30 %``) and dates
  (``2020-жылы 45, 2021-жылы 60 бала``);
* time words after a separator, when a date or time word comes shortly before the first
  number too (``былтыр 312, быйыл 45 окуучу``, ``в прошлом году 312, в этом году 45
  учеников``);
* a place after a separator, when the first number has a place of its own too: a count per
  place (``Нарында – 12, Таласта – 40 учур``, ``в Нарыне – 12, в Таласе – 40 случаев``).

Anything else (a verb, a noun, a name that is no place) keeps the numbers apart.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarize.figures.reader import Parser

_SEPARATORS = {",", ";", "жана", "же", "ал", "эми", "болсо", "и", "или", "а"}
_PREPOSITIONS = {"в", "во"}  # в 2020 году 45, в 2021 году 60: the date follows
# Time words that may open the next item of a list (lowercase word sequences).
_TIME_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "быйыл", "былтыр", "быйылкы жылы", "өткөн жылы", "өткөн жылдын", "ушул жылы",
        "ушул жылдын", "мурунку жылы", "мурдагы жылы", "ушул мезгилде", "ушул мезгилинде",
        "ушул эле мезгилинде", "ошол эле мезгилинде", "тиешелүү мезгилинде", "азыр",
        "азыркы учурда", "учурда", "прошлом году", "этом году", "текущем году",
        "нынешнем году", "позапрошлом году", "прошлого года", "текущего года", "этого года",
        "за прошлый год", "за этот год", "за текущий год", "за аналогичный период",
        "аналогичный период", "аналогичном периоде", "годом ранее", "ранее", "сейчас",
        "настоящее время", "на сегодня", "на сегодняшний день",
    )
)  # fmt: skip
_MAX_TIME_WORDS = max(len(phrase) for phrase in _TIME_PHRASES)
# Words naming a kind of place, written after or before a name: Чүй облусунда, в городе Оше.
_PLACE_KINDS = ("облус", "област", "шаар", "район", "айма", "айыл", "город", "сел", "округ",
                "регион", "столиц")  # fmt: skip
_PLACE_PREPOSITIONS = {"в", "во", "на"}
_KY_LOCATIVE = re.compile(r"[дт][аеоө]$")  # Нарында, Таласта, Ошто, облусунда
_MAX_PLACE_WORDS = 3
_TIME_WINDOW = 4  # tokens before a list's first number where its date or time word may be


def _time_phrase(parser: Parser, i: int, stop: int) -> int:
    """The number of tokens of a time phrase at token i (ending before ``stop``), else 0."""
    lows = tuple(parser.low(k) for k in range(i, min(i + _MAX_TIME_WORDS, stop)))
    sizes = [len(p) for p in _TIME_PHRASES if lows[: len(p)] == p]
    return max(sizes, default=0)


def place_before(parser: Parser, i: int) -> int | None:
    """The first token of a place phrase that ends right before token i, else None.

    A place is one to three words, names or words for a kind of place, at least one a name
    (``Чүй облусунда``, ``в городе Оше``), with a dash or colon after it (``Нарында – 12``),
    or else a Kyrgyz locative ending (``Таласта 40``) or a Russian preposition before it
    (``в Таласе 40``).
    """
    j = i - 1
    tok = parser.tok(j)
    dash = tok is not None and (tok.kind == "dash" or tok.text == ":")
    j -= 1 if dash else 0
    words = []
    while len(words) < _MAX_PLACE_WORDS and (tok := parser.tok(j)) is not None:
        if tok.kind != "word" or not (tok.text[:1].isupper() or tok.text.startswith(_PLACE_KINDS)):
            break
        words.append(tok.text)
        j -= 1
    if not any(word[:1].isupper() for word in words):
        return None  # a place has a name: "в городе Оше", not "в городе"
    preposition = parser.low(j) in _PLACE_PREPOSITIONS
    last = words[0].lower()
    located = preposition if parser.language == "ru" else bool(_KY_LOCATIVE.search(last))
    if not (dash or located):
        return None
    return j if preposition else j + 1


def list_gap(parser: Parser, left: tuple[int, int], right: int) -> int | None:
    """Whether the number read at token span ``left`` shares the noun of the number at ``right``.

    Returns:
        None when it does not; else the first token of the place phrase both numbers are
        counted in (``Нарында – 12, Таласта – 40 учур``), or -1 when the list names no places.
    """
    start, end = left
    timed = _gap(parser, end, right, place=False)
    if timed is not None and (not timed or _time_before(parser, start)):
        return -1
    place = place_before(parser, right)
    if place is None or place < end or place_before(parser, start) is None:
        return None
    return place if _gap(parser, end, place, place=True) is not None else None


def _time_before(parser: Parser, i: int) -> bool:
    """Whether a date or time phrase stands shortly before token i (``былтыр 312``, ``в 2019
    году было зарегистрировано 57``): the first number of a list over time."""
    window = range(max(0, i - _TIME_WINDOW), i)
    return any(parser.dated[k] or _time_phrase(parser, k, i) for k in window)


def _gap(parser: Parser, i: int, stop: int, *, place: bool) -> bool | None:
    """Whether only separators, prepositions, dates and time phrases (a dash after one) stand
    between tokens i and stop, with a separator among them when a time phrase or a place
    follows.

    Returns:
        None when other words stand there; else whether a time phrase does.
    """
    words, separated, timed = 0, False, False
    while i < stop:
        if parser.dated[i]:
            i += 1
            continue
        tok = parser.toks[i]
        low = tok.text.lower()
        if timed and (tok.kind == "dash" or low == ":"):
            i += 1  # в этом году – 204
            continue
        size = 0 if low in _SEPARATORS or low in _PREPOSITIONS else _time_phrase(parser, i, stop)
        if not size and low not in _SEPARATORS and low not in _PREPOSITIONS:
            return None
        separated = separated or low in _SEPARATORS
        timed = timed or size > 0
        words += 1
        i += max(size, 1)
    if (timed or place) and not separated:
        return None
    return timed if words > 0 else None
