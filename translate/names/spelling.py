"""How alike two Latin spellings of one Kyrgyz or Russian name are.

Romanizations of one name differ in regular ways: Ж is J, Zh or Dzh (Japarov, Zhaparov,
Dzhaparov); Й and Ы are y or i (Sooronbay, Sooronbai); -ев after a vowel is -ev, -yev or -iyev
(Tokaev, Tokayev; Kasymaliev, Kasymaliyev); letters are doubled or not (Issyk, Ysyk; Kassym,
Kasym); a case ending leaks in (Japarova, Japarovdun). :func:`name_key` folds those
differences away, and :func:`similar` allows a few edits more on the folded keys, fewer for
short names (none up to three letters). Nothing here is a list of known misspellings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Digraphs first, then single letters (ч is written "c" after this, to keep "ch" apart from
#: "c" = k).
_FOLDS = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("shch", "sh"),
    ("sch", "sh"), ("ch", "č"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("ck", "k"),
    ("c", "k"), ("q", "k"), ("w", "v"), ("x", "ks"), ("y", "i"), ("č", "c"),
)  # fmt: skip
_VOWELS = "aeiou"
#: Kyrgyz and Russian case endings as the model may leave them on a romanized name
#: (Japarova, Japarovu, Japarovym, Japarovdun, Oshto), after :func:`name_key`.
_CASE_ENDING_LIST = (
    "a u i e o om em im oi ei ga ka ge ke go ko da ta de te do to dan tan den ten don ton "
    "nin din tin dun tun nun ni di ti nu du tu na ne no ia iu ui"
)
_CASE_ENDINGS = frozenset(_CASE_ENDING_LIST.split())
#: English endings of an adjective or a people (Kazakhstani, Russian, Belarusian): a place
#: name with one of these is the right word, not a misspelling.
_ENGLISH_ENDINGS = frozenset(("i", "n", "an", "ian", "ese", "ish", "s", "es", "ans", "ns"))


@lru_cache(maxsize=8192)
def name_key(word: str) -> str:
    """The spelling of a name with its usual transliteration differences folded away.

    ``name_key("Dzheenbekov") == name_key("Jeenbekov") == "jenbekov"``;
    ``name_key("Tokayev") == name_key("Tokaev")``; ``name_key("Ysyk-Kul") ==
    name_key("Issyk-Kul")``.
    """
    text = unicodedata.normalize("NFKD", word.casefold())
    text = "".join(ch for ch in text if ch.isalpha() and ch.isascii())
    for old, new in _FOLDS:
        text = text.replace(old, new)
    # i (from y or i) between two vowels is a glide: Tokaiev ~ Tokaev, Kulubaiev ~ Kulubaev.
    text = re.sub(f"(?<=[{_VOWELS}])i(?=[{_VOWELS}])", "", text)
    if text.startswith("ie"):  # Yermek ~ Ermek
        text = text[1:]
    return re.sub(r"(.)\1+", r"\1", text)


def allowed_edits(key: str) -> int:
    """How many edits a folded name of this length may differ by: 0 up to 3 letters, 1 up to
    6, 2 up to 10, 3 beyond."""
    n = len(key)
    return 0 if n <= 3 else 1 if n <= 6 else 2 if n <= 10 else 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is over ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def spelling_distance(written: str, official: str, *, person: bool, limit: int) -> int | None:
    """How far a written form is from an official name, in edits on the folded keys; None
    when it is not a spelling of that name at all.

    Both must start with the same folded letter. A person's name may carry a leaked case
    ending (Japarova, Japarovdun: distance 1); any other name followed by an English ending
    (Kazakhstani, Russian) is another word, not a misspelling.

    Args:
        written: what the model wrote (``"Zhaparova"``).
        official: the official spelling (``"Japarov"``).
        person: whether it is a person's name.
        limit: the most edits allowed.
    """
    w, o = name_key(written), name_key(official)
    if not w or not o or w[0] != o[0]:
        return None
    if w.startswith(o) and len(w) > len(o):
        rest = w[len(o) :]
        if not person and rest in _ENGLISH_ENDINGS:
            return None
        if person and rest in _CASE_ENDINGS:
            return 1 if w != o else 0
    distance = edit_distance(w, o, limit)
    return distance if distance <= limit else None


# -- romanizations of one Cyrillic name ----------------------------------------------------

#: How each Cyrillic letter is written by the common romanizations (BGN/PCGN, passports,
#: Kyrgyz and Russian habits); е is handled apart (ye/ie/je only where it is iotated).
_ROMAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ё": "(?:yo|io|jo|e|o)",
    "ж": "(?:j|zh|dzh|dj)", "з": "z", "и": "[iy]", "й": "[yi]?", "к": "k", "л": "l", "м": "m",
    "н": "n", "ң": "(?:ng|n)", "о": "o", "ө": "(?:oe|o)", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ү": "(?:ue|u)", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "(?:shch|sch)", "ъ": "", "ы": "[yi]", "ь": "", "э": "e", "ю": "(?:yu|iu|ju)",
    "я": "(?:ya|ia|ja)",
}  # fmt: skip
_CYR_VOWELS = set("аеёиоөуүыэюя")
#: Case endings a romanized name may carry into English (Japarova, Japarovdun, Karlosom).
_ROMAN_ENDINGS = (
    "a u y i e o om em ym im oy oi ey ga ka ge ke go ko da ta de te do to dan tan den ten don "
    "ton nin din tin dyn tyn nyn dun tun nun ni di ti ny dy ty nu du tu"
)
_ENDING_GROUP = "(?:" + "|".join(sorted(_ROMAN_ENDINGS.split(), key=len, reverse=True)) + ")?"


@lru_cache(maxsize=2048)
def _romanizations(cyrillic: str) -> re.Pattern[str]:
    parts = [_word_pattern(word) for word in cyrillic.lower().split()]
    return re.compile("".join(parts) + _ENDING_GROUP)


def _word_pattern(text: str) -> str:
    word = re.sub(r"(.)\1+", r"\1", "".join(ch for ch in text if ch.isalpha()))
    parts = []
    for i, ch in enumerate(word):
        previous = word[i - 1] if i else ""
        if ch == "е":
            iotated = not previous or previous in _CYR_VOWELS or previous in "ъь"
            latin = "(?:ye|ie|je|e)" if iotated else "e"
        elif ch == "и" and i == len(word) - 1:
            latin = "i"  # a final и is i (Terry is not a romanization of Терри)
        else:
            latin = _ROMAN.get(ch, re.escape(ch))
        if ch in "ое" and word[i + 1 :] == "в":  # -ов/-ев written -ev/-ov
            latin = "(?:o|e|ye|ie|yo)"
        if len(latin) == 1:
            latin += "{1,2}"  # Kassym ~ Касым, Alleva ~ Аллева, Sooronbay ~ Сооронбай
        parts.append(latin)
    return "".join(parts)


def romanization_of(written: str, cyrillic: str) -> bool:
    """Whether ``written`` is a romanization of the Cyrillic name ``cyrillic`` by a common
    system (Zhaparov, Dzhaparov and Japarov of Жапаров; Tokaev and Tokayev of Токаев), maybe
    with a leaked case ending; ``Trump`` is not one of ``Трамп``, nor ``Corbyn`` of ``Корбин``.
    """
    plain = unicodedata.normalize("NFKD", written.casefold())
    plain = "".join(ch for ch in plain if ch.isascii() and ch.isalpha())
    return bool(plain) and _romanizations(cyrillic).fullmatch(plain) is not None


def strip_case_ending(word: str) -> str:
    """``word`` without a Kyrgyz or Russian case ending romanized onto it (Rotfuska ->
    Rotfus), when at least three letters remain; else ``word``."""
    low = word.casefold()
    for ending in sorted(_ROMAN_ENDINGS.split(), key=len, reverse=True):
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            return word[: -len(ending)]
    return word
