"""The source of a brief, read once: sentences by position, each with the facts it states.

:func:`read_source` takes the document plan (``translate.plan_document``: paragraphs,
languages, sentences — made once per text) and reads each sentence's figures, dates and names
once (:class:`SentenceFacts`). Everything after it — scoring, the headline, the brief's facts,
the figure and name guards — uses those facts and identifies a sentence by its position
(:attr:`SourceSentence.index`, the same as in the plan and in the translation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from summarize.dates import date_key, extract_dates, release_year, with_release_year
from summarize.entities import Glossary, extract_entities
from summarize.figures.extract import read_figures
from summarize.headline import find_title
from summarize.types import DateMention, Entity, Figure
from translate import NO_LANGUAGE, DocumentPlan, InputError, plan_document


@dataclass(frozen=True)
class SentenceFacts:
    """What one source sentence states, read once.

    Attributes:
        figures: its figures (``summarize.figures.read_figures``), in source order.
        nouns: for each figure, the source word of a counted noun the tables do not know
            (its English comes from the sentence's translation), else ``""``.
        dates: its dates and periods.
        entities: the people, places and bodies it names, in official spelling.
    """

    figures: tuple[Figure, ...] = ()
    nouns: tuple[str, ...] = ()
    dates: tuple[DateMention, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class SourceSentence:
    """One sentence of the source, where it stands, and the facts it carries.

    Attributes:
        index: position among all sentences of the document (0-based): the same position
            in the plan and in the translation.
        paragraph: index of its paragraph.
        position: position inside its paragraph (0 = first).
        language: ``"ky"``, ``"ru"``, ``"en"`` or ``"und"`` (no letters).
        text: the sentence.
        figures: number of figures in it (what scoring counts).
        entities: number of named people, places and bodies in it.
        dates: number of dates in it.
        title: it is (part of) the release's own title line (see
            :func:`summarize.headline.find_title`): the headline, never a summary sentence.
        facts: the figures, dates and names themselves.
    """

    index: int
    paragraph: int
    position: int
    language: str
    text: str
    figures: int = 0
    entities: int = 0
    dates: int = 0
    title: bool = False
    facts: SentenceFacts = SentenceFacts()

    @property
    def scorable(self) -> bool:
        """Whether the sentence can be chosen (it has letters and is not the title)."""
        return self.language != NO_LANGUAGE and not self.title


@dataclass(frozen=True)
class SourceDocument:
    """A source text split into paragraphs and sentences, each paragraph with its language.

    Attributes:
        paragraphs: ``(language, paragraph text)`` in source order.
        sentences: every sentence of every paragraph, in source order.
        separator: the whitespace the source puts between paragraphs.
        plan: the document plan the sentences come from (translate it, not the text).
    """

    paragraphs: tuple[tuple[str, str], ...]
    sentences: tuple[SourceSentence, ...]
    separator: str = "\n"
    plan: DocumentPlan | None = None

    @property
    def title(self) -> str | None:
        """The release's own title line, when it opens with one."""
        return " ".join(s.text for s in self.sentences if s.title) or None

    @property
    def language(self) -> str:
        """The language most sentences are in (``"und"`` only when none has letters)."""
        counts = Counter(s.language for s in self.sentences if s.scorable)
        return counts.most_common(1)[0][0] if counts else NO_LANGUAGE

    def figures(self) -> list[Figure]:
        """Every figure once (by value, unit, kind and what of), at its first mention."""
        return list(_first(((f.value, f.unit, f.kind, f.of), f) for f in self._all("figures")))

    def dates(self) -> list[DateMention]:
        """Every date once, at its first mention; a month named relative to the release's year
        (``быйыл март айында``) with that year when the text dates the release
        (:func:`summarize.dates.release_year`)."""
        year = release_year([(s.text, s.facts.dates) for s in self.sentences])
        return list(_first((date_key(d), d) for d in with_release_year(self._all("dates"), year)))

    def entities(self) -> list[Entity]:
        """Every person, place and body once, at its first mention."""
        return list(_first((e.name, e) for e in self._all("entities")))

    def _all(self, kind: str) -> Iterable:
        return (item for s in self.sentences for item in getattr(s.facts, kind))


def _first(items: Iterable[tuple[object, object]]) -> Iterable:
    seen: dict[object, object] = {}
    for key, item in items:
        seen.setdefault(key, item)
    return seen.values()


def read_source(
    text: str | DocumentPlan,
    source: str | None = None,
    glossary: Glossary | None = None,
    *,
    raw: str | None = None,
) -> SourceDocument:
    """Split a source into sentences and read the facts of each sentence, once.

    Args:
        text: the press release, or its plan (``translate.plan_document``) when the caller
            has made it already (then it is not segmented again).
        source: ``"ky"``, ``"ru"``, ``"en"``, or ``None``/``"auto"`` to detect per paragraph
            (only for a text; a plan knows its languages).
        glossary: names to look for (default: the bundled glossary).
        raw: with a plan, the text it was made from (to find the release's title line).

    Raises:
        InputError: ``text`` is not a string, is empty, or has no sentence with letters.
        UnsupportedLanguageError: ``source`` is unknown, or a paragraph is in another language.
    """
    if isinstance(text, DocumentPlan):
        plan = text
    else:
        plan, raw = plan_document(text, source, max_chars=None), text
    labelled = tuple((lang, part) for (lang, _), part in zip(plan.paragraphs, plan.texts))
    sentences: list[SourceSentence] = []
    for number, (lang, parts) in enumerate(plan.paragraphs):
        for position, sentence in enumerate(parts):
            sentences.append(_sentence(len(sentences), number, position, lang, sentence, glossary))
    sentences = _mark_title(raw, labelled, sentences)
    if not any(s.scorable for s in sentences):
        raise InputError("the text has no sentences to brief (no words, only numbers or symbols)")
    return SourceDocument(labelled, tuple(sentences), plan.separator, plan)


def _mark_title(
    text: str | None, labelled: tuple[tuple[str, str], ...], sentences: list[SourceSentence]
) -> list[SourceSentence]:
    """Flag the sentences of the first paragraph when it is the release's title line."""
    title = find_title(text) if text is not None else None
    lang, first = labelled[0]
    if title is None or lang == NO_LANGUAGE or first.strip() != title:
        return sentences
    return [replace(s, title=True) if s.paragraph == 0 else s for s in sentences]


def _sentence(
    index: int, paragraph: int, position: int, lang: str, text: str, glossary: Glossary | None
) -> SourceSentence:
    if lang == NO_LANGUAGE:
        return SourceSentence(index, paragraph, position, lang, text)
    read = read_figures(text, lang)
    facts = SentenceFacts(
        figures=tuple(figure for figure, _ in read),
        nouns=tuple(noun for _, noun in read),
        dates=tuple(extract_dates(text, lang)),
        entities=tuple(extract_entities(text, lang, glossary)),
    )
    return SourceSentence(
        index,
        paragraph,
        position,
        lang,
        text,
        figures=len(facts.figures),
        entities=len(facts.entities),
        dates=len(facts.dates),
        facts=facts,
    )
