"""The brief's checks, sentence by sentence: figures both ways, and names.

One guard for full and fast mode. Each source sentence that has an English (every sentence in
full mode, the chosen ones in fast mode) is checked against the English of *that* sentence
(the pieces of a cut sentence joined), with the facts read from it once
(``summarize.source.SentenceFacts``):

- a figure of the sentence that its English lacks or changes (``summarize.figures.guard``);
- a number the English writes in digits that the sentence does not state (invented);
- a person, body or glossary term the English does not name: found once, when the sentence
  was translated (``SentencePair.missing_names``), with the one glossary of the call.

Every warning says which sentence: ``sentence 4 ("Акылбек Жапаров республиканын 12 миң…"): …``.
A figure none of whose sentences has an English (fast mode) is *unchecked*, never reported
missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarize.figures.extract import name_counted_noun
from summarize.figures.guard import (
    check_figures,
    check_sentence,
    stated_values,
    unstated_numbers,
)
from summarize.figures.numbers import render_number
from summarize.source import SourceDocument, SourceSentence
from summarize.types import Figure
from translate import MissingName, SentencePair

#: Sentence index -> its English, with confidence and flags.
Pairs = Mapping[int, SentencePair]
_QUOTE_WORDS = 6
_NAMED_SOURCES = ("ky", "ru")


@dataclass(frozen=True)
class Checked:
    """What the guard found.

    Attributes:
        warnings: one line per problem, in sentence order.
        unchecked: figures no sentence of which has an English (fast mode only).
    """

    warnings: tuple[str, ...]
    unchecked: tuple[Figure, ...]


def sentence_label(sentence: SourceSentence) -> str:
    """``sentence 4 ("first words of the source…")``: which sentence a warning is about."""
    words = sentence.text.split()
    quote = " ".join(words[:_QUOTE_WORDS]) + ("…" if len(words) > _QUOTE_WORDS else "")
    return f'sentence {sentence.index + 1} ("{quote}")'


def check_sentences(src: SourceDocument, pairs: Pairs) -> Checked:
    """Check every sentence that has an English against its own English.

    Args:
        src: the source, read once (:func:`summarize.source.read_source`).
        pairs: each translated sentence's pair, by sentence index.
    """
    warnings: list[str] = []
    for sentence in src.sentences:
        pair = pairs.get(sentence.index)
        if pair is None or not _translated(sentence, pair):
            continue
        label = sentence_label(sentence)
        warnings += [f"{label}: {line}" for line in sentence_warnings(sentence, pair)]
    checked = {_key(f) for s in src.sentences if s.index in pairs for f in s.facts.figures}
    unchecked = tuple(f for f in src.figures() if _key(f) not in checked)
    return Checked(tuple(warnings), unchecked)


def sentence_warnings(sentence: SourceSentence, pair: SentencePair) -> list[str]:
    """The problems of one sentence's English: figures dropped or changed, numbers it does
    not state, names it leaves out."""
    facts = sentence.facts
    warnings = check_sentence(facts.figures, pair.translation, sentence.text, sentence.language)
    return warnings + [name_warning(missing) for missing in pair.missing_names]


def name_warning(missing: MissingName) -> str:
    """The line for one name the English leaves out."""
    if missing.kind == "term":
        return f'the source has "{missing.source}" but the translation has no "{missing.name}"'
    return (
        f'the source names "{missing.source}" ({missing.name}) but the translation leaves '
        "the name out"
    )


def named_figures(src: SourceDocument, pairs: Pairs) -> list[Figure]:
    """The source's figures, each once; a count of a noun kybrief does not know takes the
    noun's English from the English of a sentence that states it ("9 теплиц" -> "9
    greenhouses"); without one the figure keeps its source word (the noun is never invented).
    """
    out = []
    for figure in src.figures():
        if figure.kind == "count" and not figure.unit:
            figure = _named(figure, src.sentences, pairs)
        out.append(figure)
    return out


def _named(figure: Figure, sentences: Sequence[SourceSentence], pairs: Pairs) -> Figure:
    for sentence in sentences:
        if sentence.index not in pairs:
            continue
        english = pairs[sentence.index].translation
        for own, noun in zip(sentence.facts.figures, sentence.facts.nouns):
            if noun and own.source == figure.source and own.value == figure.value:
                named = name_counted_noun(own, noun, english)
                if named.unit:
                    return named
    return figure


def abstract_warnings(
    summary: str, figures: Sequence[Figure], chosen: Sequence[SourceSentence], src: SourceDocument
) -> list[str]:
    """Warnings for an abstractive summary: dropped key figures and numbers not in the source.

    A summary need not repeat every figure of a release, so the figures it must carry are
    those of the sentences the extractive summary would have used (``chosen``); on top of
    that every number written in digits must be one the source states (a model may invent
    or change numbers: "21 thousand tonnes" for "12 миң тонна").
    """
    keys = {_key(f) for s in chosen for f in s.facts.figures}
    required = [f for f in figures if _key(f) in keys]
    warnings = [
        w.replace(" but the translation ", " but the summary ", 1)
        for w in check_figures(required, summary)
    ]
    stated = [
        value for s in src.sentences for value in stated_values(s.text, s.language, s.facts.figures)
    ]
    for written, value in unstated_numbers(summary, stated):
        warnings.append(
            f'the summary gives "{written}" ({render_number(value)}), '
            "a number the source does not state"
        )
    return warnings


def _translated(sentence: SourceSentence, pair: SentencePair) -> bool:
    """Whether the sentence was translated (not English already, not digits only)."""
    return sentence.language in _NAMED_SOURCES and not (
        pair.confidence is None and pair.translation == pair.source and not pair.flags
    )


def _key(figure: Figure) -> tuple:
    return (figure.value, figure.unit, figure.kind, figure.of)
