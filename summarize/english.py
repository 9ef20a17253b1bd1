"""The English of a brief: the sentences it needs as aligned pairs, and its headline.

Every translated sentence comes with the translator's ``confidence`` and ``flags``
(``translate.SentencePair``), so the brief can say which of its sentences not to trust, and
never lead with a flagged sentence when an unflagged one can take its place.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from summarize.entities import Glossary
from summarize.extractive import Selection
from summarize.headline import known_names, sentence_case, shorten_headline
from summarize.source import SourceDocument
from translate import (
    NO_LANGUAGE,
    InputError,
    Progress,
    SentencePair,
    TranslatedDocument,
    translate_plans,
)

logger = logging.getLogger(__name__)

#: Sentence index -> its English, with confidence and flags.
Pairs = dict[int, SentencePair]


@dataclass(frozen=True)
class Headline:
    """The headline and the flags of the sentence it was cut from (empty when trusted)."""

    text: str
    flags: tuple[str, ...] = ()


def translate_source(
    translator,
    src: SourceDocument,
    progress: Progress | None = None,
    wanted: Collection[int] | None = None,
) -> tuple[TranslatedDocument, Pairs]:
    """Translate the source's plan into English, sentence by position: every sentence, or in
    fast mode only ``wanted`` (the document then holds only those).

    Returns:
        The translated document and each translated sentence's pair, by sentence index.
    """
    plan = src.plan
    if plan is None:
        raise InputError("the source has no document plan: read it with read_source()")
    chosen = None if wanted is None else [wanted]
    (pairs,) = translate_plans(translator, [plan], "en", progress, wanted=chosen)
    doc = plan.assemble(pairs, "en") if wanted is None else plan.partial(pairs, "en")
    return doc, pairs


def choose_headline(
    translator,
    src: SourceDocument,
    selection: Selection,
    pairs: Pairs,
    glossary: Glossary | None = None,
) -> Headline:
    """The headline: the English of the title line (translated in sentence case), else of the
    top sentence, shortened to at most 20 words by removing words.

    A flagged translation never leads while an unflagged one exists: the next candidate in
    score order (among the sentences that were translated) takes its place. When every
    candidate is flagged, the first one stays and its flags go with it.
    """
    candidates = [] if (title := _title_pair(translator, src, glossary)) is None else [title]
    scores = selection.scores
    order = sorted(
        (i for i in pairs if src.sentences[i].scorable),
        key=lambda i: (i != selection.headline, -scores[i], i),
    )
    candidates += [pairs[i] for i in order]
    if not candidates:  # nothing scorable was translated (cannot happen after selection)
        return Headline("")
    best = next((pair for pair in candidates if not pair.flags), candidates[0])
    if best is not candidates[0]:
        logger.debug("headline: the top sentence is flagged %s; using the next", candidates[0])
    return Headline(shorten_headline(best.translation), tuple(best.flags))


def _title_pair(translator, src: SourceDocument, glossary: Glossary | None) -> SentencePair | None:
    """The title line's English (sentence-cased first: NLLB garbles text in capitals)."""
    titled = [s for s in src.sentences if s.title]
    if not titled or src.title is None:
        return None
    body = "\n".join(s.text for s in src.sentences if not s.title)
    cased = sentence_case(src.title, known_names(body, glossary))
    if titled[0].language in (NO_LANGUAGE, "en"):
        return SentencePair(cased, cased)
    return translator.translate_pairs([cased], titled[0].language, "en", None)[0]
