"""Tables of Kyrgyz/Russian word forms (units, nouns, names) and matching them in text.

The tables live in ``summarize/data/*.tsv`` (tab-separated, ``#`` comments). A *form* is one
or more space-separated stems; a text word matches a stem when it is the stem plus a Kyrgyz or
Russian ending (see :func:`summarize.romanize.inflects`), so ``АКШ доллар`` matches
``АКШ долларына`` and ``Кыргыз Республикасы`` matches ``Кыргыз Республикасынын``.
Nothing is read at import; tables are read on first use and cached.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from summarize.romanize import inflects
from translate import InputError

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().with_name("data")

T = TypeVar("T")


def read_table(path: str | Path, columns: int) -> list[list[str]]:
    """Read a tab-separated table, skipping blank and ``#`` lines.

    Args:
        path: the file.
        columns: how many columns each row must have at least; missing trailing ones are
            filled with ``""``.

    Raises:
        InputError: the file cannot be read or a row has too few columns.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read table {path}: {exc}") from exc
    rows: list[list[str]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < columns - 1 or not all(cells[: columns - 1]):
            raise InputError(f"{path}:{number}: expected {columns} tab-separated columns")
        rows.append(cells + [""] * (columns - len(cells)))
    return rows


def split_forms(cell: str) -> tuple[tuple[str, ...], ...]:
    """``"АКШ доллар;доллар"`` -> ``(("АКШ", "доллар"), ("доллар",))``."""
    return tuple(tuple(form.split()) for form in cell.split(";") if form.split())


@dataclass(frozen=True)
class Match(Generic[T]):
    """A table entry found at some word position: how many words it spans, and its value."""

    size: int
    value: T


class PhraseMatcher(Generic[T]):
    """Finds multi-word inflected forms at a position in a list of words."""

    def __init__(self, entries: Sequence[tuple[tuple[tuple[str, ...], ...], T]]) -> None:
        """Build from ``(forms, value)`` pairs; every form of an entry yields that value."""
        self._by_initial: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for forms, value in entries:
            for form in forms:
                key = form[0][:1].lower()
                self._by_initial.setdefault(key, []).append((form, value))
        for bucket in self._by_initial.values():
            bucket.sort(key=lambda item: (-len(item[0]), -len(item[0][0])))

    def match_all(self, words: Sequence[str], i: int) -> list[Match[T]]:
        """Return every entry whose form starts at ``words[i]``, longest first."""
        if i >= len(words) or not words[i]:
            return []
        found: list[Match[T]] = []
        for form, value in self._by_initial.get(words[i][:1].lower(), ()):
            if i + len(form) > len(words):
                continue
            if all(inflects(words[i + k], stem) for k, stem in enumerate(form)):
                found.append(Match(len(form), value))
        return found

    def match(self, words: Sequence[str], i: int) -> Match[T] | None:
        """Return the longest entry whose form starts at ``words[i]``, or None."""
        found = self.match_all(words, i)
        return found[0] if found else None


@dataclass(frozen=True)
class Unit:
    """A unit of measure or currency (a row of ``units.tsv``)."""

    code: str
    kind: str  # money, measure or percent
    singular: str
    plural: str
    part_of: str = ""
    factor: float = 1.0


@dataclass(frozen=True)
class Noun:
    """A counted or measured thing (a row of ``nouns.tsv``)."""

    of: str
    count_unit: str
    singular: str


@lru_cache(maxsize=4)
def unit_matcher(path: str | None = None) -> PhraseMatcher[Unit]:
    """The units table as a matcher (cached)."""
    entries = []
    for code, kind, singular, plural, forms, part in read_table(path or DATA_DIR / "units.tsv", 6):
        if kind not in ("money", "measure", "percent"):
            raise InputError(f"units table: unknown kind {kind!r} for {code!r}")
        parent, _, factor = part.partition(":")
        unit = Unit(code, kind, singular, plural, parent, float(factor) if factor else 1.0)
        entries.append((split_forms(forms), unit))
    logger.debug("loaded %d units", len(entries))
    return PhraseMatcher(entries)


@lru_cache(maxsize=4)
def noun_matcher(path: str | None = None) -> PhraseMatcher[Noun]:
    """The nouns table as a matcher (cached)."""
    entries = []
    for of, count_unit, singular, forms in read_table(path or DATA_DIR / "nouns.tsv", 4):
        count_unit = "" if count_unit == "-" else count_unit
        singular = count_unit if singular in ("-", "") else singular
        entries.append((split_forms(forms), Noun(of, count_unit, singular)))
    logger.debug("loaded %d nouns", len(entries))
    return PhraseMatcher(entries)
