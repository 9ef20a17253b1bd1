"""Which of a brief's English the digest may compare: the sentences whose English is trusted.

A model that does not know a text writes fluent English that is wrong (the demo model turns any
release it was not trained on into sentences of its two seed releases), and two such texts look
alike whatever they say. So the English similarity of the merge rule
(:mod:`summarize.digest.group`) reads only the sentences whose English is trusted:

- the sentence carries no translation flag (``low-confidence``, ``wrong-language``,
  ``repetition``, ``name-missing``...);
- its English keeps its figures: the figure guard finds none dropped, changed or invented
  (:func:`summarize.figures.guard.check_sentence`, as the brief's own check; run where the
  sentence or its English has a digit, which is where it finds something);
- its English names no person or place (from the glossary, in official spelling) that the
  source does not name anywhere: "Askar Mamin" in the English of a measles report is the
  model's invention, as an invented number is.

Attribution lines ("Бул тууралуу … басма сөз кызматы маалымдады") and datelines ("Бишкек,
14-март 2024-жыл.") say nothing about the event and are left out, as are sentences without
English (fast mode).
"""

from __future__ import annotations

import re

from summarize.brief import Brief
from summarize.dates import date_spans
from summarize.entities import extract_entities
from summarize.figures.extract import read_figures
from summarize.figures.guard import check_sentence
from summarize.press import is_attribution
from translate import SUPPORTED_LANGUAGES, SentencePair

#: Names an English may give without the source naming them: the home country ("in the
#: republic" is translated "in the Kyrgyz Republic").
HOME = frozenset({"Kyrgyzstan", "Kyrgyz Republic"})
#: Kinds of names checked against the source (bodies are named too loosely: "the government").
_CHECKED_KINDS = ("person", "place")
#: A dateline is a date and at most this many other words (a place: "Бишкек, 14-март").
_DATELINE_WORDS = 2
_DIGIT = re.compile(r"\d")


def trusted_english(brief: Brief) -> tuple[list[str], float]:
    """The English the similarity may read, and the share of the sentences it is.

    Returns:
        (the trusted English sentences, their share of the sentences about the event that
        have an English); a brief without a translation gives its headline, summary and key
        points, with the share 1.0.
    """
    if brief.translation is None or not brief.translation.sentences:
        return [brief.headline, *brief.summary_sentences, *brief.key_points], 1.0
    named = {e.name for e in brief.entities if e.kind in _CHECKED_KINDS} | HOME
    english, total = [], 0
    for paragraph in brief.translation.paragraphs:
        language = paragraph.source_language
        if language not in SUPPORTED_LANGUAGES:
            language = brief.source_language
        for pair in paragraph.sentences:
            if not _about_the_event(pair, language):
                continue
            total += 1
            if sentence_trusted(pair, language, named):
                english.append(pair.translation)
    return english, (len(english) / total if total else 1.0)


def sentence_trusted(pair: SentencePair, language: str, named: set[str] | frozenset) -> bool:
    """Whether one sentence's English is trusted (see the module docstring).

    Args:
        pair: the sentence and its English.
        language: the sentence's language.
        named: the names (official English) the whole source gives, the home country's too.
    """
    if pair.flags:
        return False
    if pair.confidence is None or language == "en":  # not translated: the source itself
        return True
    if _DIGIT.search(pair.source) or _DIGIT.search(pair.translation):
        figures = [figure for figure, _ in read_figures(pair.source, language)]
        if check_sentence(figures, pair.translation, pair.source, language):
            return False
    english_names = extract_entities(pair.translation, "en")
    return all(e.name in named for e in english_names if e.kind in _CHECKED_KINDS)


def _about_the_event(pair: SentencePair, language: str) -> bool:
    """Not an attribution line, not a dateline alone, and translated."""
    if not pair.translation.strip() or is_attribution(pair.source):
        return False
    text, kept = pair.source, []
    if len(text.split()) > _DATELINE_WORDS + 6:  # longer than a place and a date
        return True
    position = 0
    for start, end, _ in date_spans(text, language):
        kept.append(text[position:start])
        position = end
    if position == 0:
        return True
    kept.append(text[position:])
    return len(" ".join(kept).replace(",", " ").replace(".", " ").split()) > _DATELINE_WORDS
