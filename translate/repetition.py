"""Guards over model output: bounded length and degenerate repetition loops.

NLLB sometimes falls into a loop ("the the the ...", or a clause repeated until the length
limit). ``no_repeat_ngram_size`` and a strong ``repetition_penalty`` prevent that but also break
legitimate repeats (press releases repeat names and phrases), so loops are removed after decoding
instead: only a unit repeated back to back at least ``min_repeats`` times is collapsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_WORD = re.compile(r"\S+")


def max_new_tokens_for(input_tokens: int, ceiling: int) -> int:
    """Output budget for an input of ``input_tokens`` tokens: generous, but bounded."""
    return max(8, min(ceiling, 2 * input_tokens + 16))


def collapse_repetitions(text: str, min_repeats: int = 4, max_unit: int = 12) -> str:
    """Collapse a run of a word sequence repeated back to back ``min_repeats``+ times to one copy.

    Args:
        text: decoded model output.
        min_repeats: how many consecutive copies make a loop (two or three copies of a phrase
            are normal in news text; four in a row are not).
        max_unit: longest repeated unit considered, in words.

    Returns:
        The text with every loop reduced to a single copy of its unit.
    """
    words = _WORD.findall(text)
    if len(words) < min_repeats:
        return text
    return keep_one_copy(words, lambda i: _loop_at(words, i, min_repeats, max_unit)) or text


def keep_one_copy(words: list[str], run_at: Callable[[int], tuple[int, int]]) -> str | None:
    """``words`` joined with each repeated run kept once; None when there was none.

    ``run_at(i)`` gives (unit, copies) of the run starting at word ``i``, or (0, 0).
    """
    out: list[str] = []
    i, changed = 0, False
    while i < len(words):
        unit, copies = run_at(i)
        if unit:
            out.extend(words[i : i + unit])
            i += unit * copies
            changed = True
        else:
            out.append(words[i])
            i += 1
    return " ".join(out) if changed else None


def _loop_at(words: list[str], i: int, min_repeats: int, max_unit: int) -> tuple[int, int]:
    """(unit length, copies) of a loop starting at ``i``, or (0, 0) when there is none."""
    for unit in range(1, max_unit + 1):
        if i + unit * min_repeats > len(words):
            break
        first = words[i : i + unit]
        copies = 1
        while words[i + copies * unit : i + (copies + 1) * unit] == first:
            copies += 1
        if copies >= min_repeats:
            return unit, copies
    return 0, 0
