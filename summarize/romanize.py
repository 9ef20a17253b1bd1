"""Kept for compatibility: romanization and case endings moved to :mod:`translate.romanize`
(the translation layer needs them to write names in the English)."""

from translate.romanize import (
    MIN_FREE_STEM,
    inflects,
    is_ending,
    romanize,
    split_ending,
    strip_surname_ending,
)

__all__ = [
    "MIN_FREE_STEM",
    "inflects",
    "is_ending",
    "romanize",
    "split_ending",
    "strip_surname_ending",
]
