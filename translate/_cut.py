"""Cutting an over-long sentence into pieces that fit the model (see ``split_long_sentence``)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from translate._abbrev import DASHES
from translate.errors import InputError

logger = logging.getLogger(__name__)

_CONJUNCTIONS = (
    "жана|бирок|ал эми|анткени|же|болбосо|ошондуктан|"
    "и|а|но|или|однако|который|которая|которое|которые|которых|потому что|так как|"
    "and|but|or|which|while|because|whereas|although"
)
#: Cut points from strongest to weakest; each pattern matches only whitespace.
_TIERS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<=[;:])\s+|\s+(?=[{re.escape(DASHES)}]\s)"),
    re.compile(r"(?<=,)\s+"),
    re.compile(rf"\s+(?=(?:{_CONJUNCTIONS})\s)", re.IGNORECASE),
    re.compile(r"\s+"),
)


def split_long_sentence(
    sentence: str, max_tokens: int, count_tokens: Callable[[str], int]
) -> list[str]:
    """Cut a sentence whose token count is over ``max_tokens`` into pieces that fit.

    Cuts at clause boundaries first (``;`` ``:`` dashes, then commas, then before
    conjunctions), packing clauses greedily up to ``max_tokens``; a piece still too long is cut
    into word windows, and a single giant word into character windows.

    Args:
        sentence: one sentence.
        max_tokens: the most tokens a piece may have (at least 1).
        count_tokens: counts the tokens of a string (the model's tokenizer).

    Returns:
        ``[sentence]`` when it fits; otherwise non-empty pieces that, joined with spaces, give
        the sentence back modulo whitespace. Only a single character can still be over the
        limit (there is nothing left to cut). A blank sentence gives ``[]``.

    Raises:
        InputError: bad argument types or ``max_tokens < 1``.
    """
    if not isinstance(sentence, str):
        raise InputError(f"sentence must be a str, not {type(sentence).__name__}")
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise InputError(f"max_tokens must be an int >= 1, not {max_tokens!r}")
    if not callable(count_tokens):
        raise InputError("count_tokens must be callable")
    if not sentence.strip():
        return []
    memo: dict[str, bool] = {}

    def fits(piece: str) -> bool:
        if piece not in memo:
            memo[piece] = count_tokens(piece) <= max_tokens
        return memo[piece]

    if fits(sentence):
        return [sentence]
    # A last greedy pass joins neighbours that fit together (a word window's short tail and
    # the next clause), so the model gets as few, as long pieces as the limit allows.
    pieces = _pack(_cut(sentence.strip(), 0, fits), fits)
    logger.debug("cut a sentence of %d chars into %d pieces", len(sentence), len(pieces))
    return pieces


def _cut(text: str, tier: int, fits: Callable[[str], bool]) -> list[str]:
    if fits(text):
        return [text]
    if tier == len(_TIERS):
        return _char_windows(text, fits)
    units = [unit for unit in _TIERS[tier].split(text) if unit]
    if len(units) <= 1:
        return _cut(text, tier + 1, fits)
    pieces: list[str] = []
    for chunk in _pack(units, fits):
        pieces.extend(_cut(chunk, tier + 1, fits))
    return pieces


def _pack(units: list[str], fits: Callable[[str], bool]) -> list[str]:
    """Greedily join consecutive units with spaces while the result fits."""
    chunks: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current} {unit}" if current else unit
        if current and not fits(candidate):
            chunks.append(current)
            current = unit
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _char_windows(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut a string with no usable whitespace into the longest prefixes that fit."""
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if fits(rest):
            pieces.append(rest)
            break
        lo, hi, best = 1, len(rest) - 1, 1
        while lo <= hi:  # binary search: the tokenizer may be slow, giant words are long
            mid = (lo + hi) // 2
            if fits(rest[:mid]):
                best, lo = mid, mid + 1
            else:
                hi = mid - 1
        piece, rest = rest[:best].strip(), rest[best:].strip()
        if piece:
            pieces.append(piece)
    return pieces
