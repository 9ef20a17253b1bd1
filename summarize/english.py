"""The English of a brief: the sentences it needs as aligned pairs, and its headline.

Every translated sentence comes with the translator's ``confidence`` and ``flags``
(``translate.SentencePair``), so the brief can say which of its sentences not to trust, and
never lead with a flagged sentence when an unflagged one can take its place.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
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
    verify_pairs,
)
from translate.roundtrip import DEFAULT_MIN_ROUND_TRIP

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
) -> Pairs:
    """Translate the source's plan into English, sentence by position: every sentence, or in
    fast mode only ``wanted``.

    Returns:
        Each translated sentence's pair, by sentence index.
    """
    if src.plan is None:
        raise InputError("the source has no document plan: read it with read_source()")
    chosen = None if wanted is None else [wanted]
    (pairs,) = translate_plans(translator, [src.plan], "en", progress, wanted=chosen)
    return pairs


def document_of(src: SourceDocument, pairs: Pairs, full: bool) -> TranslatedDocument:
    """The translated document: every sentence (``full``), or only those in ``pairs``."""
    plan = src.plan
    if plan is None:
        raise InputError("the source has no document plan: read it with read_source()")
    return plan.assemble(pairs, "en") if full else plan.partial(pairs, "en")


class MeaningCheck:
    """The round trip of the sentences a reader reads, checked on demand and once each.

    ``pairs`` (sentence index -> pair) is updated in place with the checked pairs, so the
    document built from it afterwards shows their ``round_trip`` and ``meaning`` flags.

    Args:
        translator: the brief's translator (anything with ``translate_pairs``).
        src: the source.
        pairs: the translated sentences by index.
        enabled: False checks nothing (every pair stays as it is).
    """

    def __init__(self, translator, src: SourceDocument, pairs: Pairs, enabled: bool = True):
        self.translator, self.src, self.pairs, self.enabled = translator, src, pairs, enabled
        self.threshold = getattr(translator, "min_round_trip", DEFAULT_MIN_ROUND_TRIP)
        self.checked: set[int] = set()

    def check(
        self, indices: Iterable[int], title: SentencePair | None = None
    ) -> SentencePair | None:
        """Check these sentences (and the title's pair) in one batched call; the checked
        title pair is returned."""
        todo = [i for i in dict.fromkeys(indices) if i in self.pairs and i not in self.checked]
        items = [self.pairs[i] for i in todo]
        langs = [self.src.sentences[i].language for i in todo]
        if title is not None:
            items.append(title)
            langs.append(self.src.language)
        if not self.enabled or not items:
            return title
        done = verify_pairs(self.translator, items, langs, "en", min_round_trip=self.threshold)
        self.pairs.update(zip(todo, done))
        self.checked.update(todo)
        return done[-1] if title is not None else None

    def pair(self, index: int) -> SentencePair:
        """Sentence ``index``'s pair, checked first if it was not."""
        self.check([index])
        return self.pairs[index]

    def summary(self, sentences: Sequence[str], source: str) -> tuple[tuple[str, ...], ...]:
        """The flags of an abstractive summary's sentences: each translated back and compared
        with the source it was written from (by precision: a summary keeps a part of it)."""
        if not self.enabled:
            return ((),) * len(sentences)
        items = [SentencePair(source, sentence) for sentence in sentences]
        done = verify_pairs(
            self.translator,
            items,
            [self.src.language] * len(items),
            "en",
            min_round_trip=self.threshold,
            against=[source] * len(items),
        )
        return tuple(pair.flags for pair in done)


def title_pair(translator, src: SourceDocument, glossary: Glossary | None) -> SentencePair | None:
    """The title line's English (sentence-cased first: NLLB garbles text in capitals), or
    None when the release opens with no title line."""
    titled = [s for s in src.sentences if s.title]
    if not titled or src.title is None:
        return None
    body = "\n".join(s.text for s in src.sentences if not s.title)
    cased = sentence_case(src.title, known_names(body, glossary))
    if titled[0].language in (NO_LANGUAGE, "en"):
        return SentencePair(cased, cased)
    return translator.translate_pairs([cased], titled[0].language, "en", None)[0]


def choose_headline(
    src: SourceDocument,
    selection: Selection,
    pairs: Pairs,
    title: SentencePair | None = None,
    meaning: MeaningCheck | None = None,
) -> Headline:
    """The headline: the English of the title line (``title``), else of the top sentence,
    shortened to at most 20 words by removing words.

    A flagged translation never leads while an unflagged one exists: the next candidate in
    score order (among the sentences that were translated) takes its place; with ``meaning``,
    each candidate gets its round trip before it may lead (``meaning`` is a flag like the
    others). When every candidate is flagged, the first one stays and its flags go with it.
    """
    scores = selection.scores
    order = sorted(
        (i for i in pairs if src.sentences[i].scorable),
        key=lambda i: (i != selection.headline, -scores[i], i),
    )
    if title is None and not order:  # nothing scorable was translated (cannot happen)
        return Headline("")
    first = title if title is not None else _checked(pairs, order[0], meaning)
    best = first if not first.flags else None
    if best is None and meaning is not None:
        meaning.check(order)  # the other candidates in one batched call, not one by one
    for index in order if best is None else ():
        pair = _checked(pairs, index, meaning)
        if not pair.flags:
            best = pair
            break
    if best is None:
        best = first if title is not None else _checked(pairs, order[0], meaning)
    elif best is not first:
        logger.debug("headline: the top candidate is flagged %s; using the next", first.flags)
    return Headline(shorten_headline(best.translation), tuple(best.flags))


def _checked(pairs: Pairs, index: int, meaning: MeaningCheck | None) -> SentencePair:
    return meaning.pair(index) if meaning is not None else pairs[index]
