"""The English of a brief: the sentences it needs as aligned pairs, and its headline.

Every translated sentence comes with the translator's ``confidence`` and ``flags``
(``translate.SentencePair``), so the brief can say which of its sentences not to trust, and
never lead with a flagged sentence when an unflagged one can take its place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from summarize.entities import Glossary
from summarize.extractive import NO_LANGUAGE, Selection, SourceDocument, SourceSentence
from summarize.headline import known_names, sentence_case, shorten_headline
from translate import SentencePair, TranslatedDocument, TranslatedParagraph

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
#: Sentence index -> its English, with confidence and flags.
Pairs = dict[int, SentencePair]


@dataclass(frozen=True)
class Headline:
    """The headline and the flags of the sentence it was cut from (empty when trusted)."""

    text: str
    flags: tuple[str, ...] = ()


def translate_all(
    translator, text: str, src: SourceDocument, source: str | None, progress: Progress | None
) -> tuple[TranslatedDocument, Pairs]:
    """Translate the whole text; each source sentence's pair, by index."""
    doc = translator.translate_document(text, source=source, target="en", progress=progress)
    by_source = {pair.source: pair for pair in doc.sentences}
    pairs = {s.index: by_source[s.text] for s in src.sentences if s.text in by_source}
    missing = [s for s in src.sentences if s.index not in pairs]
    if missing:  # the translator segmented differently: translate what the brief needs
        logger.debug("%d sentences not found in the translated document", len(missing))
        pairs.update(translate_some(translator, missing, None))
    return doc, pairs


def translate_some(
    translator, sentences: Sequence[SourceSentence], progress: Progress | None
) -> Pairs:
    """Translate some sentences into English, language by language."""
    pairs = {
        s.index: SentencePair(s.text, s.text)
        for s in sentences
        if s.language in (NO_LANGUAGE, "en")
    }
    by_lang: dict[str, list[SourceSentence]] = {}
    for s in sentences:
        if s.index not in pairs:
            by_lang.setdefault(s.language, []).append(s)
    total, done = sum(len(group) for group in by_lang.values()), 0
    for lang, group in by_lang.items():
        step = _shifted(progress, done, total)
        out = translator.translate_pairs([s.text for s in group], lang, "en", step)
        pairs.update((s.index, pair) for s, pair in zip(group, out))
        done += len(group)
    return pairs


def _shifted(progress: Progress | None, base: int, total: int) -> Progress | None:
    """A progress callback for one group of sentences, counting on from ``base``."""
    if progress is None:
        return None
    return lambda done, _count: progress(base + done, total)


def partial_document(src: SourceDocument, pairs: Pairs) -> TranslatedDocument:
    """A TranslatedDocument of the translated sentences only, paragraphs kept."""
    paragraphs = []
    for number, (lang, _) in enumerate(src.paragraphs):
        kept = tuple(
            pairs[s.index] for s in src.sentences if s.paragraph == number and s.index in pairs
        )
        if kept:
            paragraphs.append(TranslatedParagraph(lang, kept))
    separators = (src.separator,) * max(len(paragraphs) - 1, 0)
    return TranslatedDocument(src.language, "en", tuple(paragraphs), separators)


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
    title = replace(titled[0], text=cased)
    return translate_some(translator, [title], None)[title.index]
