"""Tables of Kyrgyz/Russian word forms (units, nouns, names) and matching them in text.

The tables live in ``summarize/data/*.tsv`` (tab-separated, ``#`` comments). A *form* is one
or more space-separated stems; a text word matches a stem when it is the stem plus a Kyrgyz or
Russian ending (see :func:`translate.names.romanize.inflects`), so ``АКШ доллар`` matches
``АКШ долларына`` and ``Кыргыз Республикасы`` matches ``Кыргыз Республикасынын``.
Nothing is read at import; tables are read on first use and cached. The table reader and the
matcher live in :mod:`translate.names.phrases` (the glossary of names uses them too).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from translate import InputError
from translate.names.phrases import Match, PhraseMatcher, read_table, split_forms

logger = logging.getLogger(__name__)

__all__ = ["DATA_DIR", "Match", "Noun", "PhraseMatcher", "Unit", "noun_matcher", "read_table",
           "split_forms", "unit_matcher"]  # fmt: skip

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


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
