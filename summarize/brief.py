"""The brief: an English digest of a Kyrgyz, Russian or English press release.

One pass (see DESIGN.md): the text is planned once (paragraphs, languages, sentences:
``translate.plan_document``) -> each source sentence's figures, dates and names are read once
(``summarize.source``) -> sentence scores on the source side -> the plan is translated by
position (all sentences, or in fast mode only the chosen ones) -> each sentence's English is
checked against its own facts (``summarize.checks``) -> :class:`Brief`. One glossary per call
(built-in + the translator's + the request's) serves the translation, the names, the
headline's casing and the guards.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from summarize.checks import abstract_warnings, check_sentences, named_figures
from summarize.english import (
    MeaningCheck,
    Pairs,
    choose_headline,
    document_of,
    title_pair,
    translate_source,
)
from summarize.entities import Glossary
from summarize.extractive import Selection, select_sentences
from summarize.source import SourceDocument, read_source
from summarize.types import DateMention, Entity, Figure
from translate import (
    DEFAULT_MAX_CHARS,
    InputError,
    Progress,
    TranslatedDocument,
    Translator,
    TranslatorView,
    builtin_glossary,
    check_length,
    plan_document,
)
from translate.names.glossary import resolve_glossary

logger = logging.getLogger(__name__)

#: Values of :attr:`Brief.mode`.
MODES: tuple[str, ...] = ("full", "fast")
#: Texts longer than this are checked against the translator's limit before they are read
#: (reading a text is linear but not free: about 1 s per 200,000 characters).
_EARLY_CHECK_CHARS = 20_000


class Summarizer(Protocol):
    """What :func:`brief` needs from an abstractive summarizer (see ``summarize.abstractive``)."""

    name: str

    def summarize(self, text: str) -> str:
        """An English summary of an English text."""


@dataclass(frozen=True)
class Brief:
    """An English brief of one press release.

    Attributes:
        headline: one line of at most 20 words: the English of the release's own title
            when it opens with one, else of the top-scored sentence, shortened by removing
            words only (see :mod:`summarize.headline`).
        summary: the summary sentences joined by spaces, most important first.
        key_points: further sentences worth a bullet (figures and dates first), document order.
        figures: quantities stated in the source, rendered in English.
        dates: dates and periods named in the source.
        entities: people, places and bodies named in the source, official spellings.
        warnings: one line per figure the English drops or changes, and per person, body or
            glossary term it leaves out (the name guard).
        translation: the sentence-aligned translation; in fast mode it holds only the
            sentences that were translated (headline, summary and key points).
        source_language: the main language of the source (``"ky"``, ``"ru"``, ``"en"``).
        target_language: always ``"en"``.
        mode: ``"full"`` (every sentence translated) or ``"fast"`` (only the chosen ones).
        summary_sentences: the summary, one sentence per item.
        summarizer: ``"extractive"``, or the name of the abstractive model used.
        unchecked_figures: figures the guard could not check because fast mode did not
            translate their sentence (never in full mode).
        sentence_count: sentences in the source.
        headline_flags: why the headline's sentence may be mistranslated (empty when it is
            trusted; a flagged sentence leads only when every candidate is flagged).
        summary_flags: the flags of each summary sentence, in the order of
            :attr:`summary_sentences` (``translate.FLAGS``: ``low-confidence``,
            ``wrong-language``, ``repetition``, ``copied``, ``length``, ``meaning``...); an
            abstractive summary's sentences carry their meaning check only.
        key_point_flags: the flags of each key point, in the order of :attr:`key_points`.
    """

    headline: str
    summary: str
    key_points: tuple[str, ...]
    figures: tuple[Figure, ...]
    dates: tuple[DateMention, ...]
    entities: tuple[Entity, ...]
    warnings: tuple[str, ...]
    translation: TranslatedDocument | None
    source_language: str
    target_language: str = "en"
    mode: str = "full"
    summary_sentences: tuple[str, ...] = ()
    summarizer: str = "extractive"
    unchecked_figures: tuple[Figure, ...] = ()
    sentence_count: int = 0
    headline_flags: tuple[str, ...] = ()
    summary_flags: tuple[tuple[str, ...], ...] = ()
    key_point_flags: tuple[tuple[str, ...], ...] = ()

    @property
    def translated_count(self) -> int:
        """How many sentences have an English version in :attr:`translation`."""
        return len(self.translation.sentences) if self.translation is not None else 0

    @property
    def flagged_count(self) -> int:
        """How many of the translated sentences are flagged as possibly mistranslated."""
        return self.translation.flagged_count if self.translation is not None else 0

    def to_dict(self) -> dict[str, Any]:
        """Return the brief as a JSON-ready dict (:meth:`from_dict` reads it back)."""
        return {
            "headline": self.headline,
            "summary": self.summary,
            "summary_sentences": list(self.summary_sentences),
            "key_points": list(self.key_points),
            "figures": [f.to_dict() for f in self.figures],
            "dates": [d.to_dict() for d in self.dates],
            "entities": [e.to_dict() for e in self.entities],
            "warnings": list(self.warnings),
            "unchecked_figures": [f.to_dict() for f in self.unchecked_figures],
            "source_language": self.source_language,
            "target_language": self.target_language,
            "mode": self.mode,
            "summarizer": self.summarizer,
            "sentence_count": self.sentence_count,
            "translated_count": self.translated_count,
            "flagged_count": self.flagged_count,
            "headline_flags": list(self.headline_flags),
            "summary_flags": [list(f) for f in self.summary_flags],
            "key_point_flags": [list(f) for f in self.key_point_flags],
            "translation": None if self.translation is None else self.translation.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        """Rebuild a brief from :meth:`to_dict` output (for example read back from JSON).

        Raises:
            InputError: a field is missing or malformed.
        """
        try:
            translation = data.get("translation")
            return cls(
                headline=data["headline"],
                summary=data["summary"],
                key_points=tuple(data["key_points"]),
                figures=tuple(Figure(**f) for f in data["figures"]),
                dates=tuple(DateMention(**d) for d in data["dates"]),
                entities=tuple(Entity(**e) for e in data["entities"]),
                warnings=tuple(data["warnings"]),
                translation=(
                    None if translation is None else TranslatedDocument.from_dict(translation)
                ),
                source_language=data["source_language"],
                target_language=data.get("target_language", "en"),
                mode=data.get("mode", "full"),
                summary_sentences=tuple(data.get("summary_sentences", ())),
                summarizer=data.get("summarizer", "extractive"),
                unchecked_figures=tuple(Figure(**f) for f in data.get("unchecked_figures", ())),
                sentence_count=data.get("sentence_count", 0),
                headline_flags=tuple(data.get("headline_flags", ())),
                summary_flags=tuple(tuple(f) for f in data.get("summary_flags", ())),
                key_point_flags=tuple(tuple(f) for f in data.get("key_point_flags", ())),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"not a brief: {type(exc).__name__}: {exc}") from exc

    def to_markdown(self) -> str:
        """The brief as Markdown (see :func:`summarize.render.to_markdown`)."""
        from summarize.markdown import to_markdown

        return to_markdown(self)


_default_translator = None
_default_lock = threading.Lock()


def default_translator():
    """The process-wide default ``Translator()`` (NLLB-200 600M), created on first use."""
    global _default_translator
    with _default_lock:
        if _default_translator is None:
            from translate import Translator

            logger.info("loading the default translator")
            _default_translator = Translator()
        return _default_translator


def brief(
    text: str,
    translator=None,
    sentences: int = 3,
    full_translation: bool = True,
    source: str | None = None,
    summarizer: Summarizer | None = None,
    *,
    key_points: int = 3,
    glossary: Glossary | None = None,
    progress: Progress | None = None,
    verify: bool = True,
) -> Brief:
    """Make an English brief of a press release.

    Args:
        text: the release (Kyrgyz, Russian or English; paragraphs may mix them).
        translator: a ``translate.Translator``; ``None`` uses :func:`default_translator`.
        sentences: how many sentences the summary has (the length control).
        full_translation: translate every sentence (``True``) or, in fast mode, only the
            headline, summary and key-point sentences, chosen on the source side.
        source: ``"ky"``, ``"ru"``, ``"en"``, or ``None``/``"auto"`` to detect per paragraph.
        summarizer: an abstractive summarizer (``summarize.abstractive``) to write the summary
            from the English instead of picking sentences; ``None`` is extractive.
        key_points: how many key-point sentences (0 for none).
        glossary: a glossary (``translate.Glossary`` or a file) for this brief: its names
            are recognised and written officially in the English, added to the built-in
            ones; ``False`` writes the model's English as it is. Default: the translator's.
        progress: called with (sentences translated, sentences to translate).
        verify: the meaning check of what a reader reads: the headline, summary and key-point
            sentences are translated back into the source language by the same model and
            flagged ``meaning`` when the round trip shares little with the source
            (``translate.roundtrip``; one more batched model call). ``False`` skips it.

    Returns:
        The :class:`Brief`. Figures, dates and names come from the source text; warnings
        list every figure the English drops or changes.

    Raises:
        InputError: empty text, no sentences, a bad argument, or text over the limit.
        UnsupportedLanguageError: the text (or ``source``) is not Kyrgyz, Russian or English.
        ModelNotAvailableError: the default model is needed but cannot be loaded.
    """
    # A long text is measured before it is read; bad input fails before any translator is used.
    early = isinstance(text, str) and len(text) > _EARLY_CHECK_CHARS
    plan = plan_document(text, source, max_chars=_max_chars(translator) if early else None)
    names = _names_glossary(translator, glossary)
    src = read_source(plan, glossary=names, raw=text)
    selection = select_sentences(src.sentences, sentences, key_points)
    if not early:
        check_length(text, _max_chars(translator))
    translator = _through(translator, glossary, names)
    wanted = None if full_translation else selection.chosen
    pairs = translate_source(translator, src, progress, wanted)
    meaning = MeaningCheck(translator, src, pairs, verify)
    title = meaning.check(
        [*selection.summary, *selection.key_points], title_pair(translator, src, names)
    )
    headline = choose_headline(src, selection, pairs, title, meaning)
    doc = document_of(src, pairs, full_translation)
    figures = named_figures(src, pairs)
    checked = check_sentences(src, pairs)
    warnings = list(checked.warnings)
    summary = tuple(pairs[i].translation for i in selection.summary)
    summary_flags = _flags(pairs, selection.summary)
    name = "extractive"
    if summarizer is not None:
        name = str(getattr(summarizer, "name", type(summarizer).__name__))
        summary, extra = _abstractive(summarizer, name, doc, figures, src, selection, summary)
        summary_flags = meaning.summary(summary, " ".join(p.source for p in doc.sentences))
        warnings = [*warnings, *extra]
    return Brief(
        headline=headline.text,
        summary=" ".join(summary),
        key_points=tuple(pairs[i].translation for i in selection.key_points),
        figures=tuple(figures),
        dates=tuple(src.dates()),
        entities=tuple(src.entities()),
        warnings=tuple(warnings),
        translation=doc,
        source_language=src.language,
        mode="full" if full_translation else "fast",
        summary_sentences=summary,
        summarizer=name,
        unchecked_figures=checked.unchecked,
        sentence_count=len(src.sentences),
        headline_flags=headline.flags,
        summary_flags=summary_flags,
        key_point_flags=_flags(pairs, selection.key_points),
    )


def _flags(pairs: Pairs, indices: Sequence[int]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(pairs[i].flags) for i in indices)


def summarize(
    text: str,
    translator=None,
    sentences: int = 3,
    source: str | None = None,
    summarizer: Summarizer | None = None,
) -> str:
    """The English summary of a text, translating only what it needs (fast mode).

    A shortcut for ``brief(text, ..., full_translation=False, verify=False).summary``: a bare
    string carries no flags, so the meaning check would only cost time; use :func:`brief` to
    see them.
    """
    return brief(
        text, translator, sentences, False, source, summarizer, key_points=0, verify=False
    ).summary


def _max_chars(translator) -> int | None:
    """The longest text the translator takes (the default Translator's without one)."""
    if translator is None:
        return DEFAULT_MAX_CHARS
    limit = getattr(translator, "max_chars", None)
    return limit if isinstance(limit, int) else None


def _names_glossary(translator, glossary):
    """The one glossary of the call: the translator's own (built-in + a server's file) with
    ``glossary`` on top, read without loading a model. ``False`` (the model's English as it
    is) still reads the source's names with the translator's own glossary."""
    kybrief = isinstance(translator, (Translator, TranslatorView))
    own = getattr(translator, "glossary", None) if kybrief else None
    base = own if own is not None else builtin_glossary()
    if glossary is None or glossary is False:
        return base
    return resolve_glossary(glossary, base)


def _through(translator, glossary, names):
    """The translator (the default one for None) seen through the call's one glossary
    (``names``, merged once by :func:`_names_glossary`): translation, official spellings and
    the name guard then use the very glossary the source's names were read with."""
    translator = translator if translator is not None else default_translator()
    if glossary is None or not isinstance(translator, (Translator, TranslatorView)):
        return translator
    model = translator._translator if isinstance(translator, TranslatorView) else translator
    return TranslatorView(model, None if glossary is False else names)


def _abstractive(
    summarizer: Summarizer,
    name: str,
    doc: TranslatedDocument,
    figures: Sequence[Figure],
    src: SourceDocument,
    selection: Selection,
    extractive: tuple[str, ...],
) -> tuple[tuple[str, ...], list[str]]:
    """The abstractive summary of the English, as sentences, and its figure warnings.

    The summarizer reads the English the brief has: the whole translation in full mode, the
    translated key sentences in fast mode. When it writes nothing the extractive summary stays.
    """
    from translate import split_sentences

    written = summarizer.summarize(doc.translation)
    if not isinstance(written, str) or not written.strip():
        return extractive, [f"the summarizer {name} wrote nothing; the summary is extractive"]
    written = " ".join(written.split())
    chosen = [src.sentences[i] for i in selection.summary]
    return tuple(split_sentences(written, "en")), abstract_warnings(written, figures, chosen, src)
