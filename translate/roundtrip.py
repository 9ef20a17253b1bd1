"""The meaning check: a translation translated back, compared with its source.

Confidence sees a model that hesitates; it cannot see a model that is fluently wrong. The round
trip can: the English of a sentence is translated back into the sentence's language by the
same model, and the back-translation is compared with the source by chrF (character n-grams,
which suit Kyrgyz and Russian morphology: ``жаан``/``жамгыр`` differ, ``Бишкекте`` matches
``Бишкекте``). The score (0–1) travels with the pair (``SentencePair.round_trip``); below the
threshold the pair is flagged ``meaning``.

What it can miss: a back-translation can undo an error (a model that maps two words to one
English word maps it back), and a wrong figure or name may leave most characters in place, so
the figure and name guards stay. What it costs: one more batched model call over the checked
sentences, in the other direction.

How ``DEFAULT_MIN_ROUND_TRIP`` was chosen: only sentences whose back-translation shares little
with the source are flagged — a paraphrase ("жамгыр" for "жаан") keeps most character
n-grams (chrF 0.76 in that example) while an unrelated sentence of the same language shares
its endings only (0.10 in the same example); the committed tiny model's memorized sentences come
back exactly (1.0) and unseen text comes back as another sentence (see the README's Trust
section and ``scripts/evaluate.py --round-trip`` for the measurements, and to measure it on a
real model before relying on it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from translate.document import SentencePair, TranslatedDocument, TranslatedParagraph
from translate.plan import NO_LANGUAGE
from translate.quality import ordered

logger = logging.getLogger(__name__)

#: The flag of a translation whose round trip shares little with its source.
MEANING = "meaning"
#: Default threshold of :func:`verify_pairs` (``Translator(min_round_trip=...)``).
DEFAULT_MIN_ROUND_TRIP = 0.3


@lru_cache(maxsize=2)
def _chrf(beta: int):
    from sacrebleu.metrics import CHRF  # imported on first use: most calls never verify

    return CHRF(beta=beta)


def round_trip_score(source: str, back: str, *, precision: bool = False) -> float:
    """How much of ``source`` its back-translation ``back`` keeps: chrF in [0, 1].

    Args:
        source: the source text (one sentence, or the source a summary was written from).
        back: the translation translated back into the source's language.
        precision: score only how much of ``back`` is found in ``source`` (chrF with β = 0),
            for a summary, which keeps a part of its source by design.
    """
    if not source.strip() or not back.strip():
        return 0.0
    score = _chrf(0 if precision else 2).sentence_score(back, [source]).score
    return round(score / 100, 4)


def verify_pairs(
    translator,
    pairs: Sequence[SentencePair],
    languages: Sequence[str],
    target: str = "en",
    *,
    min_round_trip: float = DEFAULT_MIN_ROUND_TRIP,
    against: Sequence[str] | None = None,
) -> list[SentencePair]:
    """Each pair with its round trip, flagged ``meaning`` below ``min_round_trip``.

    The translations are translated back by ``translator.translate_pairs`` from ``target``
    into each pair's source language, one batched call per language. A pair that was not
    translated (its source is in the target language, or has no letters) stays as it is.

    Args:
        translator: anything with ``translate_pairs`` (a ``Translator`` or a view of one).
        pairs: the pairs to check.
        languages: the source language of each pair.
        target: the language the pairs were translated into.
        min_round_trip: the threshold in [0, 1].
        against: for each pair, the source text to compare with instead of ``pair.source``
            (a summary's sentences are compared, by precision, with the whole source).
    """
    out = list(pairs)
    jobs: dict[str, list[int]] = {}
    for index, (pair, lang) in enumerate(zip(pairs, languages, strict=True)):
        if lang not in (target, NO_LANGUAGE) and pair.translation.strip():
            jobs.setdefault(lang, []).append(index)
    for lang, where in jobs.items():
        texts = [pairs[i].translation for i in where]
        back = translator.translate_pairs(texts, target, lang, None)
        for index, returned in zip(where, back, strict=True):
            source = pairs[index].source if against is None else against[index]
            score = round_trip_score(source, returned.translation, precision=against is not None)
            out[index] = _scored(pairs[index], score, min_round_trip)
    logger.debug("round trip of %d sentences", sum(len(w) for w in jobs.values()))
    return out


def verify_document(
    translator, doc: TranslatedDocument, min_round_trip: float = DEFAULT_MIN_ROUND_TRIP
) -> TranslatedDocument:
    """The document with every translated sentence checked by :func:`verify_pairs`."""
    langs = [p.source_language for p in doc.paragraphs for _ in p.sentences]
    checked = iter(
        verify_pairs(
            translator, doc.sentences, langs, doc.target_language, min_round_trip=min_round_trip
        )
    )
    paragraphs = tuple(
        TranslatedParagraph(p.source_language, tuple(next(checked) for _ in p.sentences))
        for p in doc.paragraphs
    )
    return replace(doc, paragraphs=paragraphs)


def _scored(pair: SentencePair, score: float, threshold: float) -> SentencePair:
    flags = ordered([*pair.flags, MEANING]) if score < threshold else pair.flags
    return SentencePair(
        pair.source, pair.translation, pair.confidence, flags, pair.missing_names, score
    )
