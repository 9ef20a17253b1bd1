"""Tables of Kyrgyz/Russian word forms and finding their inflected forms in a list of words.

A *form* is one or more space-separated stems; a text word matches a stem when it is the stem
plus a Kyrgyz or Russian ending (see :func:`translate.romanize.inflects`), so ``АКШ доллар``
matches ``АКШ долларына`` and ``Кыргыз Республикасы`` matches ``Кыргыз Республикасынын``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from translate.errors import InputError
from translate.names.romanize import inflects

T = TypeVar("T")
#: Forms are indexed by the first letters of their first stem (at most this many).
_PREFIX = 3


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
    """Finds multi-word inflected forms at a position in a list of words.

    Forms are indexed by the first (up to three) letters of their first stem, so a word is
    compared only with the forms whose first stem it could start with: the cost per word does
    not grow with the size of the table.
    """

    def __init__(self, entries: Sequence[tuple[tuple[tuple[str, ...], ...], T]]) -> None:
        """Build from ``(forms, value)`` pairs; every form of an entry yields that value."""
        self._index: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for forms, value in entries:
            for form in forms:
                key = form[0][:_PREFIX].lower()
                self._index.setdefault(key, []).append((form, value))

    def match_all(self, words: Sequence[str], i: int) -> list[Match[T]]:
        """Return every entry whose form starts at ``words[i]``, longest first."""
        if i >= len(words) or not words[i]:
            return []
        low = words[i][:_PREFIX].lower()
        candidates = [item for k in range(1, len(low) + 1) for item in self._index.get(low[:k], ())]
        candidates.sort(key=lambda item: (-len(item[0]), -len(item[0][0])))
        found: list[Match[T]] = []
        for form, value in candidates:
            if i + len(form) > len(words):
                continue
            if all(inflects(words[i + k], stem) for k, stem in enumerate(form)):
                found.append(Match(len(form), value))
        return found

    def match(self, words: Sequence[str], i: int) -> Match[T] | None:
        """Return the longest entry whose form starts at ``words[i]``, or None."""
        found = self.match_all(words, i)
        return found[0] if found else None
