"""People, places and official bodies named in Kyrgyz, Russian or English text.

Names come from a glossary (``summarize/data/glossary.tsv``) that spells them the way the
Kyrgyz government's own English does (Akylbek Japarov, Jogorku Kenesh, Issyk-Kul), matched
through Kyrgyz and Russian case endings (``Токаевди`` -> Kassym-Jomart Tokayev, ``Бишкекте``
-> Bishkek). A match inside a longer one is kept too, so ``Казакстан Республикасы`` names both
the Republic of Kazakhstan and Kazakhstan. People the glossary does not know are found as a
capitalized given name followed by a surname in -ов/-ев/-ин (or ``... уулу``/``кызы``) and
written with :func:`summarize.romanize.romanize`, with the case ending removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from summarize.lexicon import DATA_DIR, PhraseMatcher, read_table, split_forms
from summarize.romanize import inflects, romanize, strip_surname_ending
from summarize.types import ENTITY_KINDS, Entity
from translate import InputError, check_language

_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_JOIN_RE = re.compile(r"[ \t\u00a0]*\.?[ \t\u00a0]*|[ \t\u00a0]+")  # what may sit inside a name
_PATRONYMIC_END = ("уулу", "кызы")
_TITLES = (
    "президент", "премьер", "министр", "төрага", "депутат", "мэр", "аким", "посол", "элчи",
    "губернатор", "директор", "глава", "председател", "спикер", "вице", "мамлекет", "өкмөт",
    "жогорку", "кыргыз", "казак", "орус", "генерал", "полковник", "мырза", "айым", "господин",
    "эл", "тарап",
)  # fmt: skip
_GIVEN_NAME_ENDINGS = {"ым": ("ом", "ем"), "ом": ("ом", "ем"), "у": ("у", "ю"), "е": ("е",),
                       "ой": ()}  # fmt: skip


@dataclass(frozen=True)
class GlossaryEntry:
    """One name: its kind, its English spelling and its Cyrillic forms."""

    kind: str
    name: str
    forms: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Glossary:
    """A set of names to look for; build with :func:`load_glossary`."""

    entries: tuple[GlossaryEntry, ...]
    matcher: PhraseMatcher[GlossaryEntry] = field(compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.entries)


def _build(entries: list[GlossaryEntry]) -> Glossary:
    return Glossary(tuple(entries), PhraseMatcher([(e.forms, e) for e in entries]))


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Read a glossary file (columns: kind, english, Kyrgyz forms, Russian forms).

    Args:
        path: a TSV file in the format of ``summarize/data/glossary.tsv``; None reads that
            file (cached). The English spelling itself is always a form too.

    Raises:
        InputError: the file is missing, malformed, or names an unknown kind.
    """
    if path is None:
        return _default_glossary()
    entries = []
    for kind, name, ky_forms, ru_forms in read_table(path, 4):
        if kind not in ENTITY_KINDS:
            raise InputError(f"{path}: unknown kind {kind!r} for {name!r}; use {ENTITY_KINDS}")
        forms = split_forms(ky_forms) + split_forms(ru_forms) + (tuple(name.split()),)
        entries.append(GlossaryEntry(kind, name, forms))
    return _build(entries)


@lru_cache(maxsize=1)
def _default_glossary() -> Glossary:
    return load_glossary(DATA_DIR / "glossary.tsv")


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


def _near_currency(words: list[str], i: int, size: int) -> bool:
    """``АКШ доллары``, ``долларов США``: a country name used for a currency."""
    after = words[i + size] if i + size < len(words) else ""
    before = words[i - 1] if i > 0 else ""
    return after.lower().startswith("доллар") or before.lower().startswith("доллар")


def _glossary_hits(text: str, tokens: _Words, glossary: Glossary) -> list[tuple[int, Entity, set]]:
    hits = []
    for i in range(len(tokens.words)):
        for match in glossary.matcher.match_all(tokens.words, i):
            entry = match.value
            if entry.kind == "place" and _near_currency(tokens.words, i, match.size):
                continue
            start, end = tokens.spans[i][0], tokens.spans[i + match.size - 1][1]
            entity = Entity(name=entry.name, kind=entry.kind, source=text[start:end])
            hits.append((start, entity, set(range(i, i + match.size))))
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
    return not word.lower().startswith(_TITLES)


def _person_hits(text: str, tokens: _Words, taken: set[int]) -> list[tuple[int, Entity, set]]:
    """Given name + surname pairs the glossary does not know, romanized."""
    hits = []
    words = tokens.words
    for i in range(len(words) - 1):
        first, second = words[i], words[i + 1]
        if i in taken or i + 1 in taken or not _is_given_name(first):
            continue
        third = words[i + 2] if i + 2 < len(words) else ""
        if _is_given_name(second) and any(inflects(third, p) for p in _PATRONYMIC_END):
            patronymic = "uulu" if inflects(third, "уулу") else "kyzy"
            name = f"{romanize(first)} {romanize(second)} {patronymic}"
            end = tokens.spans[i + 2][1]
        elif (split := strip_surname_ending(second)) is not None:
            surname, ending = split
            given = _given_name(first, ending)
            initial = len(first) == 1
            name = f"{romanize(given)}{'.' if initial else ''} {romanize(surname)}"
            end = tokens.spans[i + 1][1]
        else:
            continue
        start = tokens.spans[i][0]
        hits.append((start, Entity(name=name, kind="person", source=text[start:end]), {i, i + 1}))
    return hits


def extract_entities(
    text: str, language: str = "ky", glossary: Glossary | None = None
) -> list[Entity]:
    """Find the people, places and bodies a text names, in official English spelling.

    Args:
        text: Kyrgyz, Russian or English text.
        language: ``"ky"``, ``"ru"`` or ``"en"`` (the glossary holds forms of all three, so
            this only validates the code).
        glossary: names to look for; default :func:`load_glossary` ``()``.

    Returns:
        Entities in order of first mention, each name once, e.g.
        ``Entity(name="Akylbek Japarov", kind="person", source="Акылбек Жапаров")``.

    Raises:
        InputError: ``text`` is not a string.
        UnsupportedLanguageError: unknown ``language``.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    check_language(language)
    glossary = glossary if glossary is not None else load_glossary()
    tokens = _words(text)
    hits = _glossary_hits(text, tokens, glossary)
    taken = set().union(*(positions for _, _, positions in hits)) if hits else set()
    hits += _person_hits(text, tokens, taken)
    seen: set[str] = set()
    entities = []
    for _, entity, _ in sorted(hits, key=lambda hit: hit[0]):
        if entity.name not in seen:
            seen.add(entity.name)
            entities.append(entity)
    return entities
