"""The facts of a brief: figures, dates and names from the source, and the guard's checks.

Helpers of :func:`summarize.brief.brief`, kept apart so each module stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from summarize.dates import date_spans, extract_dates
from summarize.entities import Glossary, extract_entities
from summarize.extractive import NO_LANGUAGE, SourceDocument
from summarize.figures import extract_figures
from summarize.guard import check_figures
from summarize.numbers import EnglishNumber, english_number_spans, render_number
from summarize.types import DateMention, Entity, Figure
from translate import InputError, SentencePair, TranslatedDocument, TranslatedParagraph

_REL_TOLERANCE = 0.005  # as in summarize.guard: "1.44 million" may stand for 1,442,997


def source_facts(
    src: SourceDocument, glossary: Glossary | None = None
) -> tuple[list[Figure], list[DateMention], list[Entity]]:
    """Figures, dates and entities of a source, read paragraph by paragraph in its language.

    Each figure (value, unit, kind, what of), date and name is listed once, at its first
    mention; paragraphs without letters are skipped.
    """
    figures: dict[tuple, Figure] = {}
    dates: dict[tuple, DateMention] = {}
    entities: dict[str, Entity] = {}
    for lang, paragraph in src.paragraphs:
        if lang == NO_LANGUAGE:
            continue
        for f in extract_figures(paragraph, lang):
            figures.setdefault((f.value, f.unit, f.kind, f.of), f)
        for d in extract_dates(paragraph, lang):
            dates.setdefault((d.year, d.month, d.day, d.end_month, d.end_year), d)
        for e in extract_entities(paragraph, lang, glossary):
            entities.setdefault(e.name, e)
    return list(figures.values()), list(dates.values()), list(entities.values())


def english_nouns(
    figures: Sequence[Figure], src: SourceDocument, english: dict[int, str]
) -> list[Figure]:
    """Counts of nouns kybrief does not know, with their English from the translation.

    ``extract_figures`` keeps such a count in its source words ("9 теплиц"); once a sentence
    is translated, the English after the same number ("9 greenhouses") names the noun. A
    figure whose sentence has no English (fast mode), or whose English has no such number,
    stays as it was: the noun is never invented.
    """
    out = []
    for figure in figures:
        if figure.kind != "count" or figure.unit:
            out.append(figure)
            continue
        holders = [s for s in src.sentences if figure.source in s.text and s.index in english]
        found = [
            f
            for s in holders
            for f in extract_figures(s.text, s.language, english=english[s.index])
            if f.source == figure.source and f.value == figure.value and f.unit
        ]
        out.append(found[0] if found else figure)
    return out


def fast_guard(
    figures: Sequence[Figure], src: SourceDocument, english: dict[int, str]
) -> tuple[list[str], list[Figure]]:
    """The figure guard in fast mode, where only some sentences were translated.

    A figure is checked against the English of the translated sentences that contain its
    source words; a figure none of whose sentences was translated cannot be checked, and is
    returned as unchecked rather than reported missing (that would be a false warning).

    Returns:
        (warnings, unchecked figures).
    """
    warnings: list[str] = []
    unchecked: list[Figure] = []
    for figure in figures:
        holders = [s.index for s in src.sentences if figure.source in s.text]
        translated = [english[i] for i in holders if i in english]
        if translated:
            warnings.extend(check_figures([figure], " ".join(translated)))
        else:
            unchecked.append(figure)
    return warnings, unchecked


def abstract_warnings(
    summary: str, figures: Sequence[Figure], chosen: Sequence[str], src: SourceDocument
) -> list[str]:
    """Warnings for an abstractive summary: dropped key figures and numbers not in the source.

    A summary need not repeat every figure of a release, so the figures it must carry are
    those of the sentences the extractive summary would have used (``chosen``); on top of
    that every number written in digits must be one the source states (a model may invent
    or change numbers: "21 thousand tonnes" for "12 миң тонна").
    """
    required = [f for f in figures if any(f.source in sentence for sentence in chosen)]
    warnings = [
        w.replace(" but the translation ", " but the summary ", 1)
        for w in check_figures(required, summary)
    ]
    return warnings + _unsupported_numbers(summary, figures, src)


def _close(number: EnglishNumber, value: float) -> bool:
    gap = abs(number.value - value)
    if gap <= abs(value) * 1e-9:
        return True
    return gap <= number.precision / 2 and gap <= abs(value) * _REL_TOLERANCE


def _unsupported_numbers(summary: str, figures: Sequence[Figure], src: SourceDocument) -> list[str]:
    """Numbers in digits that the summary gives and the source does not."""
    allowed = [v for f in figures for v in (f.value, f.value * 1000)]
    for _, paragraph in src.paragraphs:
        allowed.extend(n.value for n in english_number_spans(paragraph))  # digits, dates too
    dates = [(start, end) for start, end, _ in date_spans(summary, "en")]
    warnings: list[str] = []
    for number in english_number_spans(summary):
        written = summary[number.start : number.end]
        if not any(ch.isdigit() for ch in written):
            continue  # "two countries": words are not worth a warning
        if any(start <= number.start < end for start, end in dates):
            continue
        if not any(_close(number, value) for value in allowed):
            warnings.append(
                f'the summary gives "{written.strip()}" ({render_number(number.value)}), '
                "a number the source does not state"
            )
    return warnings


def document_from_dict(data: dict[str, Any]) -> TranslatedDocument:
    """Rebuild a TranslatedDocument from its ``to_dict()`` output (dicts written before
    sentences had ``confidence`` and ``flags`` load too, without them).

    Raises:
        InputError: the dict is not a translated document.
    """
    try:
        paragraphs = tuple(
            TranslatedParagraph(
                p["source_language"], tuple(_pair_from_dict(s) for s in p["sentences"])
            )
            for p in data["paragraphs"]
        )
        doc = TranslatedDocument(data["source_language"], data["target_language"], paragraphs)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"not a translated document: {type(exc).__name__}: {exc}") from exc
    return _with_separators(doc, data.get("translation"))


def _pair_from_dict(data: dict[str, Any]) -> SentencePair:
    confidence = data.get("confidence")
    flags = data.get("flags") or ()
    if isinstance(flags, str) or not all(isinstance(f, str) for f in flags):
        raise TypeError(f"flags must be a list of strings, not {flags!r}")
    return SentencePair(
        data["source"],
        data["translation"],
        None if confidence is None else float(confidence),
        tuple(flags),
    )


def _with_separators(doc: TranslatedDocument, translation: str | None) -> TranslatedDocument:
    """Recover the paragraph separators ("\\n" or "\\n\\n") from the joined translation."""
    count = max(len(doc.paragraphs) - 1, 0)
    for separator in ("\n\n", "\n"):
        candidate = TranslatedDocument(
            doc.source_language, doc.target_language, doc.paragraphs, (separator,) * count
        )
        if translation is None or candidate.translation == translation:
            return candidate
    return doc
