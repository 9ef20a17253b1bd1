"""Extractive selection: which source sentences make the headline, the summary, the key points.

Everything here works on the SOURCE side (Kyrgyz, Russian or English), before any translation,
so that fast mode (translate only the chosen sentences) and full mode choose the same ones.

A sentence's score adds up, with the weights of :class:`Weights`:

- **lead**: news puts the main fact first, so the first sentence gets a bonus, every sentence a
  share that falls with its position, and the first sentence of each paragraph a little more;
- **centrality**: its mean TF-IDF cosine similarity to the other sentences (words are cut to
  their first five letters, a crude stem that works for agglutinative Kyrgyz and inflected
  Russian alike), scaled so the most central sentence gets 1;
- **facts**: figures, named people, places and bodies, and dates it carries (capped);
- **penalties**: short attribution lines ("Бул тууралуу ... басма сөз кызматы маалымдады",
  "Об этом сообщила пресс-служба") and fragments of fewer than five words.

Selection is greedy by score (ties go to the earlier sentence) and skips a sentence too similar
to one already chosen. The result is deterministic: no randomness, no model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from summarize.press import BOILERPLATE_RE as _BOILERPLATE_RE
from summarize.source import SourceSentence
from translate import InputError

_STEM = 5
_WORD_RE = re.compile(r"[^\W\d_]+")
_BOILERPLATE_MAX_WORDS = 12
_SHORT_WORDS = 5


@dataclass(frozen=True)
class Weights:
    """How much each signal adds to a sentence's score (see the module docstring)."""

    lead: float = 1.0
    position: float = 0.5
    paragraph_start: float = 0.15
    centrality: float = 1.0
    figure: float = 0.35
    max_figures: int = 2
    entity: float = 0.1
    max_entities: int = 3
    date: float = 0.1
    boilerplate: float = -1.5
    short: float = -0.5
    #: a candidate whose cosine similarity to a chosen sentence exceeds this is skipped.
    redundancy: float = 0.6


@dataclass(frozen=True)
class Selection:
    """The sentences chosen, as indices into :attr:`SourceDocument.sentences`.

    Attributes:
        headline: the top-scored sentence.
        summary: the summary sentences, most important first (the headline is the first).
        key_points: further sentences worth a bullet (those with figures or dates first,
            then by score), in document order.
        scores: every sentence's score (``-inf`` for sentences that cannot be chosen).
    """

    headline: int
    summary: tuple[int, ...]
    key_points: tuple[int, ...]
    scores: tuple[float, ...]

    @property
    def chosen(self) -> tuple[int, ...]:
        """Every chosen sentence, in document order."""
        return tuple(sorted({self.headline, *self.summary, *self.key_points}))

    def to_dict(self) -> dict:
        """Return the fields as a JSON-ready dict."""
        data = asdict(self)
        data["scores"] = [None if math.isinf(s) else round(s, 4) for s in self.scores]
        return data


# ---------------------------------------------------------------------------------- scoring


def _terms(text: str) -> list[str]:
    return [word[:_STEM] for word in _WORD_RE.findall(text.lower()) if len(word) > 2]


def _vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of the texts."""
    bags = [Counter(_terms(t)) for t in texts]
    df = Counter(term for bag in bags for term in bag)
    n = len(texts)
    vectors = []
    for bag in bags:
        vec = {t: c * (math.log((1 + n) / (1 + df[t])) + 1.0) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _centrality(vectors: list[dict[str, float]]) -> list[float]:
    n = len(vectors)
    if n < 2:
        return [1.0] * n
    # The mean similarity to the others is v·(S - v) / (n - 1), S the sum of all vectors:
    # linear in the document's length, where pairwise cosines took a minute at the size limit.
    total: dict[str, float] = {}
    for vec in vectors:
        for term, value in vec.items():
            total[term] = total.get(term, 0.0) + value
    raw = [(_cosine(vec, total) - _cosine(vec, vec)) / (n - 1) for vec in vectors]
    top = max(raw) or 1.0
    return [r / top for r in raw]


def _signals(sentence: SourceSentence, rank: int, total: int, weights: Weights) -> float:
    """Lead, fact and penalty parts of a score (everything but centrality)."""
    score = weights.position * (1.0 - rank / total)
    if rank == 0:
        score += weights.lead
    if sentence.position == 0:
        score += weights.paragraph_start
    score += weights.figure * min(sentence.figures, weights.max_figures)
    score += weights.entity * min(sentence.entities, weights.max_entities)
    score += weights.date * min(sentence.dates, 1)
    words = len(_WORD_RE.findall(sentence.text))
    if words <= _BOILERPLATE_MAX_WORDS and _BOILERPLATE_RE.search(sentence.text):
        score += weights.boilerplate
    if words < _SHORT_WORDS:
        score += weights.short
    return score


def score_sentences(
    sentences: Sequence[SourceSentence], weights: Weights | None = None
) -> list[float]:
    """Score every sentence (higher is more important); unscorable ones get ``-inf``.

    Args:
        sentences: the sentences of one document, in order.
        weights: the weights of the signals (default :class:`Weights`).
    """
    weights = weights or Weights()
    candidates = [s for s in sentences if s.scorable]
    central = _centrality(_vectors([s.text for s in candidates]))
    scores = [-math.inf] * len(sentences)
    for rank, (sentence, centrality) in enumerate(zip(candidates, central)):
        signals = _signals(sentence, rank, len(candidates), weights)
        scores[sentence.index] = signals + weights.centrality * centrality
    return scores


def _pick(
    order: list[int],
    vectors: dict[int, dict[str, float]],
    taken: list[int],
    count: int,
    threshold: float,
) -> list[int]:
    """Up to ``count`` indices from ``order`` not too similar to ``taken`` or to each other."""
    picked: list[int] = []
    for i in order:
        if len(picked) >= count:
            break
        if i in taken or i in picked:
            continue
        if all(_cosine(vectors[i], vectors[j]) <= threshold for j in [*taken, *picked]):
            picked.append(i)
    for i in order:  # everything left was redundant: fill up in score order anyway
        if len(picked) >= count:
            break
        if i not in taken and i not in picked:
            picked.append(i)
    return picked


def select_sentences(
    sentences: Sequence[SourceSentence],
    summary: int = 3,
    key_points: int = 3,
    weights: Weights | None = None,
) -> Selection:
    """Choose the headline, summary and key-point sentences of a document.

    Args:
        sentences: the sentences of one document (:attr:`SourceDocument.sentences`).
        summary: how many summary sentences (the length control; fewer when the document
            has fewer).
        key_points: how many further sentences become key points (0 for none).
        weights: the weights of the signals (default :class:`Weights`).

    Raises:
        InputError: ``summary`` is below 1, ``key_points`` below 0, or no sentence can be chosen.
    """
    if not isinstance(summary, int) or summary < 1:
        raise InputError(f"sentences must be a whole number of at least 1, not {summary!r}")
    if not isinstance(key_points, int) or key_points < 0:
        raise InputError(f"key_points must be a whole number of at least 0, not {key_points!r}")
    weights = weights or Weights()
    scores = score_sentences(sentences, weights)
    candidates = [s.index for s in sentences if s.scorable]
    if not candidates:
        raise InputError("the text has no sentences to brief")
    order = sorted(candidates, key=lambda i: (-scores[i], i))
    vectors = dict(zip(candidates, _vectors([sentences[i].text for i in candidates])))
    chosen = _pick(order, vectors, [], summary, weights.redundancy)
    # Key points are for the facts: sentences with figures or dates come before the rest.
    facts = sorted(order, key=lambda i: sentences[i].figures + sentences[i].dates == 0)
    extra = _pick(facts, vectors, chosen, key_points, weights.redundancy)
    return Selection(chosen[0], tuple(chosen), tuple(sorted(extra)), tuple(scores))
