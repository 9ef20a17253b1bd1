"""Cyrillic words for English output: case endings and romanization.

Two jobs, both about Kyrgyz and Russian words that end up in English text:

* :func:`split_ending` / :func:`inflects` tell whether a word is a known stem plus a
  grammatical ending (``Жапаровдун`` = ``Жапаров`` + genitive ``дун``; ``Аскаром`` =
  ``Аскар`` + instrumental ``ом``), so that case endings never leak into names, units or nouns.
  Kyrgyz endings are matched as an ordered chain of morphemes (derivation, plural, possessive,
  case, ``-гы``), Russian ones as a single inflection; a remainder that is not such a chain
  (``Ош`` + ``ондой``) is rejected.
* :func:`romanize` writes a Cyrillic name in Latin letters. The table follows BGN/PCGN for
  Russian with the Kyrgyz government's own English habits: Ж is *J* (Жапаров -> Japarov,
  Жогорку Кеңеш -> Jogorku Kenesh), Ң is *n*, Ө and Ү lose their marks (*o*, *u*), Е and Ё
  are *ye*/*yo* at the start of a word and after a vowel (Токаев -> Tokayev), Ы is *y*, Й is
  *i* between a vowel and a consonant (Байсалов -> Baisalov, Айбек -> Aibek) and *y* elsewhere,
  Х is *kh*, Ц *ts*, Ч *ch*, Ш *sh*, Щ *shch*, Ю *yu*, Я *ya*, and the signs Ъ Ь are dropped.
  Established spellings (Kassym-Jomart, Issyk-Kul) come from the glossary, not from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

_V4 = "[аеоө]"  # the low vowels of Kyrgyz harmony
_V2 = "[ыиуү]"  # the high vowels

# Kyrgyz endings in the order they attach; each part optional.
_KY_DERIV = f"(?:[лдт]{_V2}к)"  # -лык: Кыргызстандык, сомдук
_KY_PLURAL = f"(?:[лдт]{_V4}р)"  # -лар: жарандар, автобустар
_KY_POSS = f"(?:с{_V2}|{_V2}?(?:м|ң)(?:{_V2}з)?|{_V2}?б{_V2}з|{_V2})"  # -сы, -ы, -ым, -ыбыз
_KY_CASE = (
    f"(?:н{_V2}н|[дт]{_V2}н|н{_V2}|[дт]{_V2}|[гк]{_V4}|н{_V4}н?|н?[дт]{_V4}н?|[дт]{_V4}й|ч{_V4})"
)
_KY_ADJ = f"(?:[гк]{_V2}(?:[лдт]{_V4}р)?)"  # -гы: Бишкектеги
_KY_ENDING = f"{_KY_DERIV}?{_KY_PLURAL}?{_KY_POSS}?{_KY_CASE}?{_KY_ADJ}?"

_RU_ENDING = (
    "(?:а|я|ы|и|у|ю|е|о|ь|ом|ем|ём|ой|ей|ою|ею|ам|ям|ами|ями|ах|ях|ов|ев|ёв|ый|ий|ым|им|ых|их"
    "|ыми|ими|ое|ее|ая|яя|ую|юю|ого|его|ому|ему|ые|ие|ью|ия|ии|ию|ием|ьи|ья|ье|ьем|ьям)?"
)
_ENDING_RE = re.compile(f"(?:{_KY_ENDING}|{_RU_ENDING})", re.IGNORECASE)

#: Stems shorter than this take only the endings listed in the glossary as full forms,
#: because a chain of endings on two letters finds too many false words.
MIN_FREE_STEM = 3


def is_ending(rest: str) -> bool:
    """Return True when ``rest`` is a Kyrgyz ending chain or a Russian inflection (or empty)."""
    return _ENDING_RE.fullmatch(rest) is not None


def inflects(word: str, stem: str, *, keep_case: bool = True) -> bool:
    """Return True when ``word`` is ``stem`` followed by a grammatical ending.

    Args:
        word: the word as written in the text (``Кыргызстанга``).
        stem: the dictionary stem (``Кыргызстан``); a stem that starts with a capital
            letter only matches words that start with one too.
        keep_case: when False, capitalization is ignored entirely.
    """
    if len(word) < len(stem):
        return False
    head, rest = word[: len(stem)], word[len(stem) :]
    if head.lower() != stem.lower():
        return False
    if keep_case and stem[:1].isupper() and not head[:1].isupper():
        return False
    if not rest:
        return True
    if len(stem) < MIN_FREE_STEM:
        return False
    return is_ending(rest.lower())


def split_ending(word: str, stems: tuple[str, ...]) -> tuple[str, str] | None:
    """Split ``word`` into the longest matching stem of ``stems`` and its ending.

    Returns:
        ``(stem_as_written, ending)`` or None when no stem fits.
    """
    for stem in sorted(stems, key=len, reverse=True):
        if inflects(word, stem):
            return word[: len(stem)], word[len(stem) :]
    return None


_SURNAME_RE = re.compile(r"^[А-ЯЁӨҮҢ][а-яёөүң]+$")
_SURNAME_ENDS = ("ов", "ев", "ёв", "ин")
# A Kyrgyz genitive (Кабинетинин, Казакстандын) or possessive accusative (Ассамблеясын) also
# ends in -ин: not a surname.
_GENITIVE_RE = re.compile("[нтдс][ыиуү]н$")
# What may follow an -ин surname: a Russian case ending, or a Kyrgyz one, which after н
# starts with г or д (Путинге, Путиндин); not Вирджиния, Бирлигинен, Зинке.
_AFTER_IN = frozenset(("", "а", "у", "ы", "ым", "е", "ой", "ых", "ыми", "ом"))


def strip_surname_ending(word: str) -> tuple[str, str] | None:
    """Split a surname of the -ов/-ев/-ин pattern from a case ending.

    ``Жапаровдун`` -> ``("Жапаров", "дун")``; ``Маминым`` -> ``("Мамин", "ым")``;
    ``Жапаровой`` -> ``("Жапарова", "ой")``. A bare ``-ова`` form is kept as written
    (``Жапарова``): it is the feminine name in Kyrgyz text and ambiguous in Russian.

    Returns:
        ``(surname, ending)``, or None when the word does not look like such a surname.
    """
    if _SURNAME_RE.match(word) is None:
        return None
    for cut in range(3, len(word) + 1):
        stem, rest = word[:cut], word[cut:]
        if not stem.endswith(_SURNAME_ENDS) or _GENITIVE_RE.search(stem):
            continue
        if stem.endswith("ин") and rest not in _AFTER_IN and rest[:1] not in ("г", "д"):
            continue
        voiced = stem.endswith(("ов", "ев", "ёв"))
        if rest[:1] == "ь" or (voiced and rest[:1] in ("к", "т")):
            continue  # Любовь; a Kyrgyz ending after в starts with г/д (Жапаровго)
        if rest in ("а", "я"):
            return word, ""
        if rest == "ой":
            return stem + "а", rest
        if is_ending(rest):
            return stem, rest
    return None


_LETTERS: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_VOWELS = set("аеёиоөуүыэюя")
_IOTATED = {"е": "ye", "ё": "yo"}
_CONSONANTS = set("бвгджзйклмнңпрстфхцчшщ")


@lru_cache(maxsize=4096)
def romanize(name: str) -> str:
    """Write a Kyrgyz or Russian Cyrillic name in Latin letters (Kyrgyz official style).

    Characters that are not Cyrillic (Latin letters, digits, hyphens, spaces) pass through;
    the capitalization of each letter is kept (an all-capital word stays all capitals).

    Args:
        name: e.g. ``"Жапаров"`` or ``"Жогорку Кеңеш"``.

    Returns:
        e.g. ``"Japarov"``, ``"Jogorku Kenesh"``.
    """
    out: list[str] = []
    prev = ""
    for index, char in enumerate(name):
        low = char.lower()
        if low not in _LETTERS:
            out.append(char)
            prev = low
            continue
        latin = _LETTERS[low]
        starts_word = index == 0 or not prev.isalpha()
        if low in _IOTATED and (starts_word or prev in _VOWELS or prev in "ъь"):
            latin = _IOTATED[low]
        elif low == "й" and prev in _VOWELS and name[index + 1 : index + 2].lower() in _CONSONANTS:
            latin = "i"  # Байсалов -> Baisalov, Айбек -> Aibek (but Сооронбай -> Sooronbay)
        if char.isupper():
            nxt = name[index + 1 : index + 2]
            all_caps = nxt.isupper() or (len(name) == 1)
            latin = latin.upper() if all_caps else latin[:1].upper() + latin[1:]
        out.append(latin)
        prev = low
    return "".join(out)
