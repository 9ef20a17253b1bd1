"""Official spellings inside the English, and the name guard.

For one source sentence and its English, :func:`check_names`:

1. finds the names and terms the source sentence holds (``translate.names.find_names``);
2. replaces every listed alternative of them (``Ministerial Cabinet`` -> ``Cabinet of
   Ministers``);
3. replaces the model's spelling of each person, place and body with the official one:
   spans of capitalized English words are compared with the names *of this sentence's
   source* after folding the usual transliteration differences (``translate.names.spelling``);
   each span goes to the name it is closest to, a span equally close to two different names
   is left alone, and a word that is another name of the glossary (Adylbek beside Akylbek)
   is never changed;
4. reports each person or body (``name-missing``) and each glossary term (``term-missing``)
   of the source that the English does not name in any spelling.

A sentence whose source names nothing is returned as it is, and so is an English that
already writes every name officially: the model's output changes only where a name does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from translate.names.finder import NameMention, find_names
from translate.names.glossary import Glossary
from translate.names.spelling import (
    allowed_edits,
    edit_distance,
    name_key,
    romanization_of,
    spelling_distance,
    strip_case_ending,
)

NAME_MISSING = "name-missing"
TERM_MISSING = "term-missing"
#: English words that are never part of a name's spelling (functions, titles, institutions):
#: a span with one of them is not compared, and an official name's such words are its
#: translated part, found only as written.
COMMON = frozenset(
    """a an and the of for in on at to by with from as or he she it they we i his her its their
    our this that these those also mr mrs ms dr president presidential prime minister ministers
    ministry ministries ministerial chairman chairperson chair head deputy vice ambassador
    cabinet council committee republic region regional city district town village state states
    national security bank united nations union european foreign affairs agriculture economy
    commerce finance health education science supreme interstate interparliamentary
    intergovernmental press service office administration government parliament general
    secretary speaker governor mayor director lake river mountain mountains province
    department agency international federation people people's kyrgyzstan's""".split()  # noqa: SIM905
)
_PATRONYMICS = ("uulu", "kyzy")
_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ова", "ева", "ёва")
_TOKEN = re.compile(r"[^\W\d_]+")
_CONTENT_PREFIX = 5
_GUARDED = {"person": NAME_MISSING, "org": NAME_MISSING, "term": TERM_MISSING}


@dataclass(frozen=True)
class NameCheck:
    """The English of one sentence with official spellings, and the names it lacks.

    Attributes:
        text: the English after correction.
        corrections: ``(as written, official)`` for every span that was changed.
        missing: the people, bodies and terms of the source the English does not name.
    """

    text: str
    corrections: tuple[tuple[str, str], ...] = ()
    missing: tuple[NameMention, ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        """``name-missing`` and/or ``term-missing``."""
        return tuple(dict.fromkeys(_GUARDED[m.kind] for m in self.missing))


@dataclass(frozen=True)
class _Chunk:
    """A part of an official name that is spelled, not translated (``Jogorku Kenesh``)."""

    text: str
    tokens: frozenset[str]
    size: int
    limit: int
    person: bool
    #: a romanized name's Cyrillic: only its romanizations are spellings of it
    cyrillic: str = ""


def check_names(source: str, english: str, glossary: Glossary) -> NameCheck:
    """Write the names of ``source`` officially in ``english`` and report those missing.

    Args:
        source: a Kyrgyz or Russian sentence.
        english: its English translation.
        glossary: the names and terms to enforce (``translate.names.glossary``).
    """
    mentions = _unique(find_names(source, glossary))
    if not mentions:
        return NameCheck(english)
    text, corrections = _replace_alternatives(english, mentions)
    chunks = {m.name: _chunks(m) for m in mentions if m.kind != "term"}
    text, more = _correct_spellings(text, [c for cs in chunks.values() for c in cs], glossary)
    missing = tuple(
        m
        for m in mentions
        if m.kind in _GUARDED and not _present(m, chunks.get(m.name, ()), text, glossary)
    )
    return NameCheck(text, tuple(corrections + more), missing)


def _unique(mentions: Iterable[NameMention]) -> list[NameMention]:
    seen: dict[tuple[str, str], NameMention] = {}
    for mention in mentions:
        seen.setdefault((mention.name, mention.kind), mention)
    return list(seen.values())


# -- alternatives ----------------------------------------------------------------------------


def _phrase(words: str, plural: bool = False) -> re.Pattern[str]:
    ending = r"(?:s|es)?" if plural else ""
    body = r"[\s-]+".join(re.escape(w) + ending for w in words.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def _replace_alternatives(english: str, mentions: Sequence[NameMention]) -> tuple[str, list]:
    corrections = []
    for mention in mentions:
        alternatives = mention.entry.alternatives if mention.entry else ()
        for alternative in sorted(alternatives, key=len, reverse=True):
            for match in list(_phrase(alternative).finditer(english))[::-1]:
                name = mention.name
                if match.group()[:1].isupper() and name[:1].islower():
                    name = name[:1].upper() + name[1:]
                corrections.append((match.group(), name))
                english = english[: match.start()] + name + english[match.end() :]
    return english, corrections


# -- spellings -------------------------------------------------------------------------------


def _chunks(mention: NameMention) -> list[_Chunk]:
    """The spelled parts of a name; a person's surname (with uulu/kyzy) alone too, and their
    name without uulu/kyzy."""
    words = mention.name.split()
    cyrillic = mention.cyrillic.split() if mention.cyrillic else []
    if len(cyrillic) != len(words):
        cyrillic = []
    runs: list[list[int]] = [[]]
    for n, word in enumerate(words):
        if word.casefold().rstrip(".") in COMMON:
            runs.append([])
        else:
            runs[-1].append(n)
    person = mention.kind == "person"
    if person and len(words) >= 2:
        tail = 2 if words[-1].lower() in _PATRONYMICS and len(words) >= 3 else 1
        every = list(range(len(words)))
        runs.append(every[:-1] if tail == 2 else [])
        # A surname alone: always for the glossary's people; for a name kybrief romanized,
        # only a Kyrgyz or Russian surname (-ov, -eva, uulu): "Robin" alone may be anything.
        if not cyrillic or tail == 2 or cyrillic[-1].lower().endswith(_SURNAME_ENDINGS):
            runs.append(every[-tail:])
    chunks = {}
    for run in runs:
        tokens = [t for n in run for t in _TOKEN.findall(words[n])]
        key = name_key("".join(tokens))
        if len(key) < 2:
            continue
        limit = min(sum(allowed_edits(name_key(t)) for t in tokens), allowed_edits(key))
        text = " ".join(words[n] for n in run)
        source = " ".join(cyrillic[n] for n in run) if cyrillic else ""
        folded = frozenset(t.casefold() for t in tokens)
        chunks[text] = _Chunk(text, folded, len(tokens), limit, person, source)
    return list(chunks.values())


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of capitalized English words that may be a name (joined by a space, a hyphen, or
    the dot of an initial)."""
    runs: list[list[re.Match[str]]] = []
    previous = None
    for match in _TOKEN.finditer(text):
        word = match.group()
        usable = (word[:1].isupper() or word in _PATRONYMICS) and word.casefold() not in COMMON
        if not usable:
            previous = None
            continue
        gap = text[previous.end() : match.start()] if previous else None
        joined = gap in (" ", "-", "\u2010", "\u2011") or (
            gap in (". ", ".") and previous is not None and len(previous.group()) == 1
        )
        if joined and runs:
            runs[-1].append(match)
        else:
            runs.append([match])
        previous = match
    return runs


def _candidates(text: str, chunks: Sequence[_Chunk], glossary: Glossary) -> list[tuple]:
    """``(distance, -size, start, end, chunk)`` for every span of ``text`` that spells a chunk."""
    found = []
    for run in _runs(text):
        for chunk in chunks:
            for size in range(max(1, chunk.size - 1), chunk.size + 2):
                for first in range(0, len(run) - size + 1):
                    window = run[first : first + size]
                    words = {m.group().casefold() for m in window}
                    if any(w in glossary.known_words and w not in chunk.tokens for w in words):
                        continue  # another name of the glossary, however alike
                    written = "".join(m.group() for m in window)
                    distance = _distance(written, chunk)
                    if distance is not None:
                        start, end = window[0].start(), window[-1].end()
                        found.append((distance, -size, start, end, chunk))
    return found


def _distance(written: str, chunk: _Chunk) -> int | None:
    """How far ``written`` is from a chunk; None when it is not a spelling of it. A name kybrief
    romanized itself changes only when the model wrote another romanization of the same
    Cyrillic (Zhaparov): a foreign name's English spelling (Trump for Трамп) stays."""
    if chunk.cyrillic:
        if written == "".join(_TOKEN.findall(chunk.text)):
            return 0
        return 1 if romanization_of(written, chunk.cyrillic) else None
    return spelling_distance(written, chunk.text, person=chunk.person, limit=chunk.limit)


def _correct_spellings(
    text: str, chunks: Sequence[_Chunk], glossary: Glossary
) -> tuple[str, list[tuple[str, str]]]:
    found = _candidates(text, chunks, glossary)
    best: dict[tuple[int, int], set[str]] = {}
    for distance, _, start, end, chunk in sorted(found, key=lambda c: c[0]):
        closest = best.setdefault((start, end), set())
        if not closest or min(d for d, _ in closest) == distance:
            closest.add((distance, chunk.text))
    chosen: list[tuple[int, int, str]] = []
    # The longest span first: it is the span the model wrote for the name ("Piter Lange", not
    # just "Lange"); among equally long ones the closest.
    for _distance, _size, start, end, chunk in sorted(found, key=lambda c: (c[1], c[0], c[2])):
        names = {name for _, name in best[(start, end)]}
        if len(names) > 1 or any(s < end and start < e for s, e, _ in chosen):
            continue  # as close to two names: not ours to choose; or already taken
        chosen.append((start, end, chunk.text))
    corrections = []
    for start, end, official in sorted(chosen, reverse=True):
        if text[start:end] != official:
            corrections.append((text[start:end], official))
            text = text[:start] + official + text[end:]
    return text, corrections[::-1]


# -- presence --------------------------------------------------------------------------------


def _present(mention: NameMention, chunks: Sequence[_Chunk], text: str, glossary: Glossary) -> bool:
    entry = mention.entry
    phrases = [mention.name, *(entry.alternatives + entry.also if entry else ())]
    if any(_phrase(p, plural=True).search(text) for p in phrases):
        return True
    if mention.kind == "term":
        return False
    if chunks and _candidates(text, chunks, glossary):
        return True
    if mention.kind == "person":
        return _loosely_named(chunks, text)
    content = [w for w in mention.name.split() if w.casefold() not in ("of", "the", "and", "for")]
    written = {t.casefold()[:_CONTENT_PREFIX] for t in _TOKEN.findall(text)}
    shared = sum(w.casefold()[:_CONTENT_PREFIX] in written for w in content)
    return bool(content) and shared * 2 >= len(content)


def _loosely_named(chunks: Sequence[_Chunk], text: str) -> bool:
    """A person named by any one word of their name, spelled however (Palin for Пейлин,
    "Akylbek said"): the guard reports a name only when nothing like it is there."""
    tokens = {t for c in chunks for t in c.tokens}
    words = {name_key(t) for t in tokens} | {name_key(strip_case_ending(t)) for t in tokens}
    words = {w for w in words if len(w) >= 2}
    for token in {name_key(t) for t in _TOKEN.findall(text) if t[:1].isupper()}:
        for word in words:
            if not token or token[0] != word[0]:
                continue
            if len(word) < 3:
                if token == word:
                    return True
                continue
            limit = max(1, len(word) // 3)
            if edit_distance(token, word, limit) <= limit:
                return True
            if len(word) >= 4 and _consonants(token) == _consonants(word):
                return True
    return False


def _consonants(key: str) -> str:
    return "".join(ch for ch in key if ch not in "aeiou")
