"""People, places, bodies and terms named in a Kyrgyz, Russian or English sentence.

Three ways a name is found, each giving its official English:

* the glossary (``translate.names.glossary``), matched through Kyrgyz and Russian case endings
  (``Токаевди`` -> Kassym-Jomart Tokayev, ``Бишкекте`` -> Bishkek); a match inside a longer one
  is kept too, so ``Казакстан Республикасы`` names both the Republic of Kazakhstan and
  Kazakhstan;
* the shape of a Kyrgyz or Russian person's name: a capitalized given name followed by a
  surname in -ов/-ев/-ин (or ``... уулу``/``кызы``), written with
  :func:`translate.romanize.romanize`, the case ending removed;
* an office: two or three capitalized words after ``министр``, ``элчиси``, ``төрагасы``,
  ``депутат``, ``посол``... (``Франциянын элчиси Дидье Кански``), or before ``мырза``/``айым``
  (``Петер Ланге мырза``): a person even when the name is foreign and in no glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translate.names.glossary import Glossary, GlossaryEntry
from translate.names.romanize import inflects, romanize, strip_surname_ending

_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_JOIN_RE = re.compile(r"[ \t\u00a0]*\.?[ \t\u00a0]*|[ \t\u00a0]+")  # what may sit inside a name
_PATRONYMIC_END = ("уулу", "кызы")
_TITLES = (
    "президент", "премьер", "министр", "төрага", "депутат", "мэр", "аким", "посол", "элчи",
    "губернатор", "директор", "глава", "председател", "спикер", "вице", "мамлекет", "өкмөт",
    "жогорку", "кыргыз", "казак", "орус", "генерал", "полковник", "мырза", "айым", "господин",
    "эл", "тарап",
)  # fmt: skip
#: Words that open a sentence with a capital but are no names ("Бул", "Алар").
_NOT_NAMES = frozenset(("бул", "ал", "алар", "ошол", "бирок", "мен", "биз", "анын", "мындай"))
#: Words that introduce a person by their office (lower case, matched as word beginnings).
_OFFICES = (
    "министр", "элчи", "төрага", "депутат", "посол", "послом", "посла", "председател",
    "президент", "премьер", "вице-премьер", "спикер", "мэр", "аким", "губернатор", "директор",
    "жетекчи", "башчы", "өкүл", "кеңешчи", "катчы", "советник", "представител", "генсек",
    "господин", "госпож",
)  # fmt: skip
#: Words that follow a person's name as a courtesy title (``Петер Ланге мырза``).
_AFTER_NAME = ("мырза", "айым")
_GIVEN_NAME_ENDINGS = {"ым": ("ом", "ем"), "ом": ("ом", "ем"), "у": ("у", "ю"), "е": ("е",),
                       "ой": ()}  # fmt: skip
_ROMAN_PATRONYMIC = {"уулу": "uulu", "кызы": "kyzy"}
#: A Kyrgyz genitive ending (Эрдогандын, Куптун): such a word is not a name as written.
_GENITIVE = re.compile("[нтд][ыиуү]н$")
#: Kyrgyz endings of an adjective made from a place or a noun (Шотландиядагы, Улуттук): such
#: words after an office are not a name.
_NOT_NAME_ENDING = re.compile("(?:[дт][аоеө]г[ыиуү]|[лдт][ыиуү]к)$")
_CAPITALIZED = re.compile(r"[А-ЯЁӨҮҢ][а-яёөүң]+(?:-[А-ЯЁӨҮҢ][а-яёөүң]+)?")


@dataclass(frozen=True)
class NameMention:
    """A name found in a text.

    Attributes:
        name: its official English (``"Akylbek Japarov"``).
        kind: ``person``, ``place``, ``org`` or ``term``.
        source: the words as written (``"Акылбек Жапаровдун"``).
        start: where they start in the text.
        end: where they end.
        entry: its glossary entry, or None for a person found by shape or office.
        cyrillic: for a person found by shape or office, the Cyrillic words its English
            was romanized from (``"Эдил Байсалов"``); else ``""``.
    """

    name: str
    kind: str
    source: str
    start: int
    end: int
    entry: GlossaryEntry | None = None
    cyrillic: str = ""


@dataclass(frozen=True)
class _Words:
    """The words of a text; ``words[i]`` is ``""`` where a name cannot continue."""

    words: list[str]
    spans: list[tuple[int, int]]


def _words(text: str) -> _Words:
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    previous_end = None
    for match in _WORD_RE.finditer(text):
        if previous_end is not None and not _JOIN_RE.fullmatch(text[previous_end : match.start()]):
            words.append("")
            spans.append((previous_end, previous_end))
        words.append(match.group())
        spans.append(match.span())
        previous_end = match.end()
    return _Words(words, spans)


def find_names(text: str, glossary: Glossary) -> list[NameMention]:
    """Every name and term of ``glossary``, and every person, a text names, in text order.

    Args:
        text: a sentence or a text (Kyrgyz, Russian or English).
        glossary: the names and terms to look for.

    Returns:
        One :class:`NameMention` per mention (a name mentioned twice is there twice).
    """
    tokens = _words(text)
    hits = _glossary_hits(text, tokens, glossary)
    taken = {i for _, _, positions in hits for i in positions}
    hits += _person_hits(text, tokens, taken)
    taken = {i for _, _, positions in hits for i in positions}
    hits += _office_hits(text, tokens, taken)
    unique = {(m.start, m.end, m.name): m for _, m, _ in sorted(hits, key=lambda hit: hit[0])}
    return list(unique.values())


def _near_currency(words: list[str], i: int, size: int) -> bool:
    """``АКШ доллары``, ``долларов США``: a country name used for a currency."""
    after = words[i + size] if i + size < len(words) else ""
    before = words[i - 1] if i > 0 else ""
    return after.lower().startswith("доллар") or before.lower().startswith("доллар")


def _glossary_hits(text: str, tokens: _Words, glossary: Glossary) -> list:
    hits = []
    for i in range(len(tokens.words)):
        for match in glossary.matcher.match_all(tokens.words, i):
            entry = match.value
            if entry.kind == "place" and _near_currency(tokens.words, i, match.size):
                continue
            start, end = tokens.spans[i][0], tokens.spans[i + match.size - 1][1]
            mention = NameMention(entry.name, entry.kind, text[start:end], start, end, entry)
            hits.append((start, mention, set(range(i, i + match.size))))
    return hits


def _given_name(word: str, surname_ending: str) -> str:
    for ending in _GIVEN_NAME_ENDINGS.get(surname_ending, ()):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)]
    return word


def _is_given_name(word: str) -> bool:
    if not word or not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return False
    if not re.fullmatch(r"[А-ЯЁӨҮҢ][а-яёөүң]*(?:-[А-ЯЁӨҮҢ][а-яёөүң]+)?", word):
        return False
    return not word.lower().startswith(_TITLES) and word.lower() not in _NOT_NAMES


def _person(text: str, tokens: _Words, first: int, last: int, cyrillic: list[str]) -> tuple:
    start, end = tokens.spans[first][0], tokens.spans[last][1]
    name = " ".join(_ROMAN_PATRONYMIC.get(w, romanize(w)) for w in cyrillic)
    name = name.replace(" ", ". ", 1) if len(cyrillic[0]) == 1 else name
    mention = NameMention(name, "person", text[start:end], start, end, None, " ".join(cyrillic))
    return start, mention, set(range(first, last + 1))


def _person_hits(text: str, tokens: _Words, taken: set[int]) -> list:
    """Given name + surname pairs the glossary does not know, romanized."""
    hits = []
    words = tokens.words
    for i in range(len(words) - 1):
        first, second = words[i], words[i + 1]
        if i in taken or i + 1 in taken or not _is_given_name(first):
            continue
        third = words[i + 2] if i + 2 < len(words) else ""
        patronymic = next((p for p in _PATRONYMIC_END if inflects(third, p)), None)
        if _is_given_name(second) and patronymic and not _GENITIVE.search(second):
            hits.append(_person(text, tokens, i, i + 2, [first, second, patronymic]))
        elif (split := strip_surname_ending(second)) is not None:
            surname, ending = split
            hits.append(_person(text, tokens, i, i + 1, [_given_name(first, ending), surname]))
    return hits


def _name_word(tokens: _Words, i: int, taken: set[int]) -> bool:
    word = tokens.words[i] if 0 <= i < len(tokens.words) else ""
    return (
        i not in taken
        and _CAPITALIZED.fullmatch(word) is not None
        and not word.lower().startswith(_TITLES)
        and word.lower() not in _NOT_NAMES
    )


def _office_hits(text: str, tokens: _Words, taken: set[int]) -> list:
    """People introduced by an office (after it) or a courtesy title (before it)."""
    hits = []
    words = tokens.words
    for i, word in enumerate(words):
        low = word.lower()
        if low.startswith(_OFFICES):
            run = i + 1
            while run < len(words) and run - i <= 3 and _name_word(tokens, run, taken):
                run += 1
            first, last = (run - 2, run - 1) if run - i - 1 >= 2 else (-1, -1)
        elif any(inflects(low, title) for title in _AFTER_NAME):
            first, last = i - 2, i - 1
        else:
            continue
        if first < 0 or not (_name_word(tokens, first, taken) and _name_word(tokens, last, taken)):
            continue
        written = words[first : last + 1]
        if any(_GENITIVE.search(w) or _NOT_NAME_ENDING.search(w) for w in written):
            continue  # "Президент Эрдогандын Германияга...": a genitive, not a name
        hits.append(_person(text, tokens, first, last, words[first : last + 1]))
        taken |= {first, last}
    return hits
