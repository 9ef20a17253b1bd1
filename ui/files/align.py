"""Carry a paragraph's inline formatting onto its translation.

A paragraph is translated whole (the model sees every sentence in its context), so its
formatted runs (bold, italic, links) must be found again in the translation. Each run gets a
span of the translation:

- a run that covers whole sentences gets exactly their translations (sentences are translated
  one by one, so their borders are known);
- a formatted run that appears verbatim in the translation (a number, a Latin name, a code)
  or whose words are a glossary name (written officially in the English) gets that span;
- any other run gets the proportional span of its sentence's translation, snapped to word
  borders.

Every character of the translation goes to exactly one run, so nothing is dropped and the
paragraph is never left in the source language because a run could not be found.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from translate import Glossary, find_names

_LETTER_OR_DIGIT = re.compile(r"\w")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the paragraph: where it is in the source text, and its translation."""

    start: int
    end: int
    translation: str


def locate_sentences(text: str, sentences: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each sentence is in ``text`` (in order), or None when one cannot be found."""
    spans, cursor = [], 0
    for sentence in sentences:
        at = text.find(sentence, cursor)
        if at < 0:
            return None
        spans.append((at, at + len(sentence)))
        cursor = at + len(sentence)
    return spans


def distribute(
    text: str,
    pieces: Sequence[tuple[int, int]],
    styles: Sequence[Hashable],
    sentences: Sequence[Sentence],
    glossary: Glossary | None = None,
) -> list[str]:
    """Split a paragraph's translation over its pieces (runs of one format each).

    Args:
        text: the paragraph's source text.
        pieces: each piece's ``(start, end)`` in ``text``, in order, not overlapping.
        styles: each piece's format (equal values: the same format).
        sentences: the paragraph's sentences, in order, with their translations.
        glossary: names to align formatted runs by (their official English).

    Returns:
        Each piece's new text; joined they give the translation (sentences joined by a space).
    """
    translation = " ".join(s.translation for s in sentences)
    if not pieces:
        return []
    groups = _groups(pieces, styles)
    if len(groups) < len(pieces):  # runs split for no visible reason: the first gets the text
        merged = [(pieces[g[0]][0], pieces[g[-1]][1]) for g in groups]
        texts = distribute(text, merged, [styles[g[0]] for g in groups], sentences, glossary)
        out = [""] * len(pieces)
        for group, part in zip(groups, texts):
            out[group[0]] = part
        return out
    starts = [_map(start, sentences, translation) for start, _ in pieces]
    bounds = [*starts[1:], len(translation)]
    bounds = [0, *bounds]
    dominant = _dominant(text, pieces, styles)
    fixed: set[int] = set()
    last_end = 0
    for i, (start, end) in enumerate(pieces):
        if styles[i] == dominant or not _LETTER_OR_DIGIT.search(text[start:end]):
            continue
        guess = bounds[i]
        span = _anchor(text[start:end], translation, guess, glossary)
        if span and span[0] >= last_end and span[0] >= _fixed_floor(bounds, fixed, i):
            bounds[i], bounds[i + 1] = span
            fixed.update((i, i + 1))
            last_end = span[1]
    bounds = _monotonic(bounds, fixed)
    _give_words(bounds, fixed, pieces, styles, dominant, text, translation)
    parts = [translation[bounds[i] : bounds[i + 1]] for i in range(len(pieces))]
    return _spaces_outside(parts, [style != dominant for style in styles])


def _spaces_outside(parts: list[str], marked: list[bool]) -> list[str]:
    """Spaces at the edges of a formatted run go to its unformatted neighbours (a bold
    space is invisible, and Markdown's ``**`` must touch the words it wraps)."""
    for i in range(len(parts) - 1):
        if marked[i] and not marked[i + 1] and parts[i] != parts[i].rstrip():
            parts[i + 1] = parts[i][len(parts[i].rstrip()) :] + parts[i + 1]
            parts[i] = parts[i].rstrip()
        if marked[i + 1] and not marked[i] and parts[i + 1] != parts[i + 1].lstrip():
            parts[i] += parts[i + 1][: len(parts[i + 1]) - len(parts[i + 1].lstrip())]
            parts[i + 1] = parts[i + 1].lstrip()
    return parts


def _groups(pieces, styles) -> list[list[int]]:
    """Consecutive pieces of one format with nothing between them."""
    groups: list[list[int]] = []
    for i, (start, _) in enumerate(pieces):
        if groups and styles[i] == styles[groups[-1][-1]] and pieces[groups[-1][-1]][1] == start:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _fixed_floor(bounds: list[int], fixed: set[int], i: int) -> int:
    return max((bounds[j] for j in fixed if j <= i), default=0)


def _dominant(text: str, pieces, styles) -> Hashable:
    weight: dict[Hashable, int] = {}
    for (start, end), style in zip(pieces, styles):
        weight[style] = weight.get(style, 0) + len(_LETTER_OR_DIGIT.findall(text[start:end]))
    return max(weight, key=weight.get)


def _map(position: int, sentences: Sequence[Sentence], translation: str) -> int:
    """The place in the translation of a place in the source: sentence borders map exactly,
    a place inside a sentence proportionally (then snapped to a word border)."""
    offset = 0
    for sentence in sentences:
        if position <= sentence.start:
            return offset
        length = len(sentence.translation)
        if position < sentence.end:
            share = (position - sentence.start) / max(sentence.end - sentence.start, 1)
            return _snap(translation, offset + round(share * length), offset, offset + length)
        offset += length + 1
    return len(translation)


def _snap(translation: str, at: int, low: int, high: int) -> int:
    """The word border nearest to ``at`` within ``[low, high]``."""
    best = None
    for candidate in range(low, high + 1):
        border = (
            candidate in (low, high)
            or translation[candidate - 1].isspace()
            or translation[candidate].isspace()
        )
        if border and (best is None or abs(candidate - at) < abs(best - at)):
            best = candidate
    return at if best is None else best


def _anchor(
    run: str, translation: str, guess: int, glossary: Glossary | None
) -> tuple[int, int] | None:
    """The span of the translation a formatted run aligns with, or None."""
    words = run.strip()
    if len(words) >= 2 or words.isdigit():
        span = _nearest(translation, words, guess)
        if span:
            return span
    if glossary is not None:
        mentions = find_names(words, glossary)
        letters = len(_LETTER_OR_DIGIT.findall(words))
        if len(mentions) == 1 and (mentions[0].end - mentions[0].start) >= 0.6 * letters:
            return _nearest(translation, mentions[0].name, guess)
    return None


def _nearest(translation: str, words: str, guess: int) -> tuple[int, int] | None:
    found = [m.start() for m in re.finditer(re.escape(words), translation)]
    if not found:
        return None
    at = min(found, key=lambda f: abs(f - guess))
    return at, at + len(words)


def _monotonic(bounds: list[int], fixed: set[int]) -> list[int]:
    """Free borders clamped between the fixed ones around them, never going backwards."""
    out = list(bounds)
    for i in range(1, len(out) - 1):
        if i in fixed:
            continue
        ceiling = min((out[j] for j in fixed if j > i), default=out[-1])
        out[i] = min(max(out[i], out[i - 1]), ceiling)
    return out


def _give_words(bounds, fixed, pieces, styles, dominant, text, translation) -> None:
    """A formatted run with words in the source gets at least one word of the translation
    (its format would otherwise vanish): its end moves to the next word border."""
    for i, (start, end) in enumerate(pieces):
        if styles[i] == dominant or not _LETTER_OR_DIGIT.search(text[start:end]):
            continue
        if translation[bounds[i] : bounds[i + 1]].strip() or (i + 1) in fixed:
            continue
        limit = bounds[i + 2] if i + 2 < len(bounds) else len(translation)
        match = re.compile(r"\s*\S+").match(translation, bounds[i], limit)
        if match:
            bounds[i + 1] = match.end()
