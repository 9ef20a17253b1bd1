"""Glossaries: the official English of people, places, bodies and terms, by their source forms.

The built-in glossary (``translate/data/glossary.tsv``) spells names the way the Kyrgyz
government's own English does (Akylbek Japarov, Jogorku Kenesh, Issyk-Kul). The translation
writes them so (``translate.names.finder``), and the brief's name list reads the same glossary.

A user glossary is a TSV or CSV file (or text) of one entry per line, ``#`` comments::

    source term<TAB>English[<TAB>kind[<TAB>alternatives]]

* source: the Kyrgyz or Russian term as written (``Министрлер Кабинети``); it is matched with
  its case endings (``Министрлер Кабинетинин``, ``Кабинета министров``). Several forms may be
  given, separated by ``;``.
* English: the English to write (``Cabinet of Ministers``).
* kind: ``person``, ``place``, ``org`` or ``term`` (default: ``person`` for a capitalized name
  whose last word is a surname in -ов/-ев/-ин or уулу/кызы, ``org`` for another capitalized
  source, ``term`` otherwise). People, places and bodies are corrected by spelling similarity;
  terms only where the model wrote one of their alternatives.
* alternatives: English renderings to replace with the English, separated by ``;``
  (``Cabinet of Ministries;Ministerial Cabinet``).

Lines in the built-in format (``kind<TAB>English<TAB>ky forms<TAB>ru forms[<TAB>alternatives
[<TAB>also]]``, stems as written there, ``also`` = other English that counts as naming it) are
read too. A user's entry wins over a built-in one that shares a source form with it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from translate.errors import InputError
from translate.names.phrases import PhraseMatcher, split_forms
from translate.names.romanize import inflects, strip_surname_ending

#: Values of :attr:`GlossaryEntry.kind`.
KINDS: tuple[str, ...] = ("person", "place", "org", "term")
BUILTIN_PATH = Path(__file__).resolve().parent.parent / "data" / "glossary.tsv"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_RU_ADJECTIVE = ("ая", "яя", "ое", "ее", "ой", "ый", "ий", "ые", "ие", "ого", "его", "ую", "юю")
_FINAL_VOWEL = "аяоеыиуүюьй"
_MIN_STEM = 4


@dataclass(frozen=True)
class GlossaryEntry:
    """One name or term.

    Attributes:
        kind: ``person``, ``place``, ``org`` or ``term``.
        name: its English, as it is to be written.
        forms: its source forms, each a tuple of stems (the English name is one too).
        alternatives: English renderings that are replaced with ``name``.
        also: other English that names it as well (``Eurasian Economic Union`` for EAEU):
            kept, and counted by the name guard.
    """

    kind: str
    name: str
    forms: tuple[tuple[str, ...], ...]
    alternatives: tuple[str, ...] = ()
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    """A set of names and terms to look for; build with :func:`load_glossary`,
    :func:`parse_glossary` or :func:`glossary_from_items`.

    Attributes:
        entries: the entries.
        origin: where they come from (``"built-in"``, a file name, ``"request"``).
        bases: the glossaries merged into this one (:meth:`merged`): merging one of them with
            this one again gives this one, the same object, so a call's glossary is merged
            once however many layers hand it on.
    """

    entries: tuple[GlossaryEntry, ...]
    origin: str = "built-in"
    matcher: PhraseMatcher[GlossaryEntry] = field(compare=False, repr=False, default=None)
    known_words: frozenset[str] = field(compare=False, repr=False, default=frozenset())
    bases: tuple[Glossary, ...] = field(compare=False, repr=False, default=())

    def __len__(self) -> int:
        return len(self.entries)

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with ``other``'s entries added; ``other`` wins.

        An entry of this glossary that shares a source form with one of ``other`` is folded
        into it: the English, kind and alternatives are ``other``'s, the forms of both count.
        """
        if other is self or not other.entries:
            return self
        if any(base is self for base in other.bases):
            return other  # merged onto this one already
        mine = list(other.entries)
        owner = {_key(f): n for n, e in enumerate(mine) for f in e.forms if _is_source(f)}
        kept = []
        for entry in self.entries:
            hits = [owner[_key(f)] for f in entry.forms if _is_source(f) and _key(f) in owner]
            if not hits:
                kept.append(entry)
                continue
            target = mine[hits[0]]
            extra = tuple(f for f in entry.forms if _is_source(f) and f not in target.forms)
            mine[hits[0]] = GlossaryEntry(
                target.kind,
                target.name,
                target.forms + extra,
                target.alternatives,
                target.also or entry.also,
            )
        merged = build_glossary(mine + kept, f"{self.origin}+{other.origin}")
        return replace(merged, bases=(self, *self.bases, *other.bases))


def build_glossary(entries: Iterable[GlossaryEntry], origin: str = "built-in") -> Glossary:
    """A :class:`Glossary` of ``entries`` with its index."""
    entries = tuple(entries)
    matcher = PhraseMatcher([(e.forms, e) for e in entries])
    words = frozenset(
        w.casefold() for e in entries if e.kind != "term" for w in _LETTERS.findall(e.name)
    )
    return Glossary(entries, origin, matcher, words)


def load_glossary(path: str | Path | None = None) -> Glossary:
    """Read a glossary file (TSV, or CSV by its ``.csv`` name), entries of that file only.

    Args:
        path: the file; None gives the built-in glossary (read once, cached).

    Raises:
        InputError: the file is missing, unreadable or malformed (the message names the file
            and the line).
    """
    if path is None:
        return _builtin()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"glossary {path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise InputError(f"cannot read glossary {path}: {exc.strerror or exc}") from exc
    return parse_glossary(text, str(path), csv_format=path.suffix.lower() == ".csv")


@lru_cache(maxsize=1)
def _builtin() -> Glossary:
    text = BUILTIN_PATH.read_text(encoding="utf-8")
    return build_glossary(_parse(text, "built-in glossary", False), "built-in")


def builtin_glossary() -> Glossary:
    """The built-in glossary (``translate/data/glossary.tsv``)."""
    return _builtin()


def parse_glossary(
    text: str, name: str = "glossary", *, csv_format: bool | None = None
) -> Glossary:
    """Read a glossary from text (see the module docstring for the format).

    Args:
        text: the lines.
        name: the file name used in error messages.
        csv_format: comma-separated (True), tab-separated (False), or None to decide from the
            text (tab-separated when any line has a tab).

    Raises:
        InputError: a malformed line (the message gives ``name:line``), or no entry at all.
    """
    if not isinstance(text, str):
        raise InputError(f"glossary {name}: expected text, not {type(text).__name__}")
    if csv_format is None:
        csv_format = "\t" not in text
    entries = _parse(text, name, csv_format)
    if not entries:
        raise InputError(f"glossary {name} has no entries (one per line: source<TAB>English)")
    return build_glossary(entries, name)


def glossary_from_items(items: Iterable[object], name: str = "request") -> Glossary:
    """A glossary from ``{"source": ..., "english": ..., "kind": ..., "alternatives": [...]}``
    mappings or ``(source, english[, kind[, alternatives]])`` tuples (the JSON API's form).

    Raises:
        InputError: an item without a source or English, or another malformed item.
    """
    entries = []
    for number, item in enumerate(items, 1):
        if isinstance(item, Mapping):
            alternatives = item.get("alternatives") or ()
            if isinstance(alternatives, str):
                alternatives = alternatives.split(";")
            cells = [item.get("source"), item.get("english"), item.get("kind") or ""]
            cells.append(";".join(alternatives))
        elif isinstance(item, (list, tuple)):
            cells = list(item)
        else:
            raise InputError(f"glossary {name}: item {number} is not a source/english pair")
        if not all(isinstance(c, str) for c in cells):
            raise InputError(f"glossary {name}: item {number}: source and english must be text")
        entries.append(_user_entry([c.strip() for c in cells], f"{name}: item {number}"))
    if not entries:
        raise InputError(f"glossary {name} has no entries")
    _check_duplicates(entries, [f" item {n}" for n in range(1, len(entries) + 1)], name)
    return build_glossary(entries, name)


# -- reading lines -----------------------------------------------------------------------


def _parse(text: str, name: str, csv_format: bool) -> list[GlossaryEntry]:
    entries, places = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{name}:{number}"
        if csv_format:
            try:
                cells = next(csv.reader([line]))
            except csv.Error as exc:
                raise InputError(f"{where}: not a CSV line ({exc})") from exc
        else:
            cells = line.split("\t")
        cells = [cell.strip() for cell in cells]
        if cells and cells[0].lower() in KINDS and len(cells) >= 3:
            entries.append(_builtin_entry(cells, where))
        elif len(cells) >= 3 and _LATIN_WORD.fullmatch(cells[0]) and _CYRILLIC.search(cells[2]):
            raise InputError(f"{where}: unknown kind {cells[0]!r}; use one of {', '.join(KINDS)}")
        else:
            entries.append(_user_entry(cells, where))
        places.append(str(number))
    _check_duplicates(entries, places, name)
    return entries


def _builtin_entry(cells: list[str], where: str) -> GlossaryEntry:
    cells = cells + [""] * (6 - len(cells))
    kind, name, ky, ru, alternatives, also = (cell.strip() for cell in cells[:6])
    kind = kind.lower()
    if not name:
        raise InputError(f"{where}: the English (second column) is empty")
    forms = split_forms(ky) + split_forms(ru) + (tuple(name.split()),)
    return GlossaryEntry(kind, name, forms, _split(alternatives), _split(also))


def _user_entry(cells: list[str], where: str) -> GlossaryEntry:
    separator = "a tab" if len(cells) < 2 else ""
    if len(cells) < 2 or not cells[0] or not cells[1]:
        raise InputError(
            f"{where}: expected a source term and its English ({separator or 'both non-empty'},"
            " e.g. Министрлер Кабинети<TAB>Cabinet of Ministers)"
        )
    if len(cells) > 4 and any(cells[4:]):
        raise InputError(f"{where}: too many columns (source, English, kind, alternatives)")
    source, english = cells[0], cells[1]
    kind = cells[2].lower() if len(cells) > 2 and cells[2] else ""
    if kind and kind not in KINDS:
        raise InputError(f"{where}: unknown kind {cells[2]!r}; use one of {', '.join(KINDS)}")
    if not _CYRILLIC.search(source):
        raise InputError(f"{where}: the source term {source!r} is not Kyrgyz or Russian")
    if _CYRILLIC.search(english) or not _LETTER.search(english):
        raise InputError(f"{where}: the English {english!r} is not English")
    written = [tuple(form.split()) for form in source.split(";") if form.split()]
    # As written (Kyrgyz endings follow a vowel: экономика-ны) and stemmed (Russian ones
    # replace it: экономик-е, зелен-ой).
    forms = tuple(dict.fromkeys(f for words in written for f in (words, _stems(list(words)))))
    kind = kind or _guess_kind(source.split(";")[0].split())
    alternatives = _split(cells[3]) if len(cells) > 3 else ()
    return GlossaryEntry(kind, english, (*forms, tuple(english.split())), alternatives)


def _check_duplicates(entries: list[GlossaryEntry], places: list[str], name: str) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for n, entry in enumerate(entries):
        for form in entry.forms:
            if not _is_source(form):
                continue
            first = seen.setdefault(_key(form), n)
            if first != n and entries[first].name != entry.name:
                where = places[first].strip()
                where = f"line {where}" if where.isdigit() else where
                raise InputError(
                    f"{name}:{places[n]}: {' '.join(form)!r} is already given on {where} "
                    f"as {entries[first].name!r}"
                )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(" ".join(part.split()) for part in cell.split(";") if part.strip())


def _stems(words: list[str]) -> tuple[str, ...]:
    """The stems a user's source term is matched by: each word without a final vowel or a
    Russian adjective ending (``Кабинети`` -> ``Кабинет``, ``Кыргызская`` -> ``Кыргызск``), so
    that every case ending follows; feminine surnames (``Жапарова``) are kept whole."""
    out = []
    for word in words:
        stem = word
        low = word.lower()
        ending = next((e for e in _RU_ADJECTIVE if low.endswith(e)), "")
        feminine = low.endswith(("ова", "ева", "ёва", "ина", "ына"))
        if ending and len(word) - len(ending) >= _MIN_STEM:
            stem = word[: -len(ending)]
        elif low[-1:] in _FINAL_VOWEL and not feminine and len(word) - 1 >= _MIN_STEM:
            stem = word[:-1]
        out.append(stem if inflects(word, stem) else word)
    return tuple(out)


def _guess_kind(words: list[str]) -> str:
    if not words or not words[0][:1].isupper():
        return "term"
    last = words[-1].lower()
    person = len(words) >= 2 and all(w[:1].isupper() for w in words[:2])
    if person and (last in ("уулу", "кызы") or strip_surname_ending(words[-1]) is not None):
        return "person"
    return "org"


def _key(form: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(stem.casefold() for stem in form)


def _is_source(form: tuple[str, ...]) -> bool:
    return any(_CYRILLIC.search(stem) for stem in form)


def resolve_glossary(spec: object, base: Glossary | None) -> Glossary | None:
    """The glossary a ``glossary=`` argument asks for.

    Args:
        spec: None (``base`` as it is), False (none: no names enforced), True (``base``, or
            the built-in glossary when ``base`` is None), a :class:`Glossary` or the path of a
            glossary file (``base``, or the built-in one, with these entries added; they win).
        base: the glossary in force so far.

    Raises:
        InputError: a bad file, or a value of another type.
    """
    if spec is None:
        return base
    if spec is False:
        return None
    base = base if base is not None else builtin_glossary()
    if spec is True:
        return base
    if isinstance(spec, (str, Path)):
        spec = load_glossary(spec)
    if not isinstance(spec, Glossary):
        raise InputError(
            "glossary must be a file path, a Glossary, True/False or None, "
            f"not {type(spec).__name__}"
        )
    return base.merged(spec)
