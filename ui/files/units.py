"""The paragraphs of any document, translated together: one batched call a file.

Every format reader turns its document into :class:`Unit` s (a paragraph: its runs of text,
each with a format, and how to write them back); :func:`translate_units` plans each paragraph,
translates all of them in one ``translate_plans`` call (the sentences of the whole file share
the batches and the cache), carries the formatting onto each translation
(:func:`ui.files.align.distribute`) and writes it back. A paragraph that cannot be translated
stays in the source language and is reported, never dropped.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from translate import (
    KybriefError,
    Progress,
    TranslatedDocument,
    clean_text,
    describe_flags,
    is_untranslatable,
)
from ui.files.align import Sentence, distribute, locate_sentences

logger = logging.getLogger(__name__)

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]")


@dataclass
class Unit:
    """One paragraph of a document.

    Attributes:
        where: where it is, for reports (``"table 1, row 2, cell 3"``).
        pieces: its runs of text, in order (each of one format).
        styles: each run's format (equal values: same format).
        write: sets each run's new text (called with one string per run).
        breaks: indices of runs that follow a break (line break, tab, image): a space
            separates them from the run before in the text translated.
        mark: puts a mark naming a flagged sentence's flags on the paragraph (a comment,
            a highlight), or None where the format has no place for one.
    """

    where: str
    pieces: list[str]
    styles: list[Hashable]
    write: Callable[[list[str]], None]
    breaks: set[int] = field(default_factory=set)
    mark: Callable[[str], None] | None = None

    def text_and_spans(self) -> tuple[str, list[tuple[int, int]]]:
        """The paragraph's text (newlines as spaces) and each run's span in it."""
        parts, spans, at = [], [], 0
        for i, piece in enumerate(self.pieces):
            if i in self.breaks and i > 0:
                parts.append(" ")
                at += 1
            piece = _NEWLINES.sub(" ", clean_text(piece).replace("\n", " "))
            parts.append(piece)
            spans.append((at, at + len(piece)))
            at += len(piece)
        return "".join(parts), spans


@dataclass(frozen=True)
class KeptParagraph:
    """A paragraph left (wholly or partly) in the source language, and why."""

    where: str
    reason: str
    text: str

    def to_dict(self) -> dict:
        return {"where": self.where, "reason": self.reason, "text": self.text}


@dataclass(frozen=True)
class UnitReport:
    """What translating a document's paragraphs did."""

    paragraphs: int
    translated: int
    sentences: int
    flagged: int
    flags: dict[str, int]
    kept_in_source: tuple[KeptParagraph, ...]
    source_language: str


def translate_units(
    units: list[Unit],
    translator,
    *,
    target: str,
    source: str | None = None,
    marks: bool = True,
    glossary=None,
    progress: Progress | None = None,
) -> UnitReport:
    """Translate the paragraphs of one document in one batched call and write them back.

    Args:
        units: the document's paragraphs.
        translator: a ``translate.Translator`` (or a view of one).
        target: the language to translate into.
        source: the source language, or None to detect it per paragraph.
        marks: mark flagged sentences in the document (``Unit.mark``).
        glossary: the glossary for this call (as ``Translator.translate``'s).
        progress: called with (sentences done, sentences in all).
    """
    texts = [unit.text_and_spans() for unit in units]
    todo = [i for i, (text, _) in enumerate(texts) if text.strip() and not is_untranslatable(text)]
    fallback = _document_language(translator, [texts[i][0] for i in todo], source)
    plans, planned, kept = [], [], []
    for i in todo:
        try:
            plans.append(_plan(translator, texts[i][0], source, fallback))
            planned.append(i)
        except KybriefError as exc:
            kept.append(KeptParagraph(units[i].where, str(exc), texts[i][0][:200]))
    docs = translator.translate_plans(plans, target, progress, glossary=glossary) if plans else []
    names = translator.glossary_for(glossary) if hasattr(translator, "glossary_for") else None
    tally = _Tally(kept)
    for i, doc in zip(planned, docs):
        tally.sentences += len(doc.sentences)
        if all(p.confidence is None and not p.flags for p in doc.sentences):
            continue  # in the target language already: nothing to write
        _write(units[i], *texts[i], doc, names)
        tally.written(units[i], doc, marks, target)
    language = Counter(p.source_language for p in docs).most_common(1)
    return UnitReport(
        len(todo),
        tally.translated,
        tally.sentences,
        tally.flagged,
        dict(tally.flags),
        tuple(tally.kept),
        language[0][0] if language else (source or "und"),
    )


@dataclass
class _Tally:
    """The counts of a document's translation, as its paragraphs are written."""

    kept: list[KeptParagraph]
    translated: int = 0
    sentences: int = 0
    flagged: int = 0
    flags: Counter = field(default_factory=Counter)

    def written(self, unit: Unit, doc: TranslatedDocument, marks: bool, target: str) -> None:
        """Count a written paragraph; mark its flagged sentences; report Cyrillic left."""
        self.translated += 1
        for pair in doc.sentences:
            self.flags.update(pair.flags)
            if pair.flags:
                self.flagged += 1
                if marks and unit.mark is not None:
                    unit.mark(f"kybrief: {describe_flags(pair.flags)}: “{pair.translation}”")
        if target == "en" and _CYRILLIC.search(doc.translation):
            reason = "Cyrillic left in the translation"
            self.kept.append(KeptParagraph(unit.where, reason, doc.translation[:200]))


def _document_language(translator, texts: list[str], source: str | None) -> str | None:
    """The language of the whole document (for paragraphs too short to tell on their own)."""
    if source not in (None, "", "auto") or not texts:
        return None
    guess = translator.detect(" ".join(texts)[:5000])
    return guess.code if guess.code in ("ky", "ru", "en") else None


def _plan(translator, text: str, source: str | None, fallback: str | None):
    """The paragraph's plan; a paragraph whose language cannot be told on its own (a short
    table cell) takes the document's."""
    try:
        return translator.plan_document(text, source)
    except KybriefError:
        if fallback is None or source not in (None, "", "auto"):
            raise
        return translator.plan_document(text, fallback)


def _write(unit: Unit, text: str, spans, doc: TranslatedDocument, names) -> None:
    """Write the paragraph's translation into its runs, formats carried over."""
    sentences = [pair.source for pair in doc.sentences]
    located = locate_sentences(text, sentences)
    translations = [pair.translation for pair in doc.sentences]
    if located is None:  # the text was cleaned beyond finding: one span for the paragraph
        stripped = text.strip()
        start = text.find(stripped)
        aligned = [Sentence(start, start + len(stripped), " ".join(translations))]
    else:
        aligned = [Sentence(s, e, t) for (s, e), t in zip(located, translations)]
    words = [i for i, piece in enumerate(unit.pieces) if piece.strip()]
    shared = distribute(
        text, [spans[i] for i in words], [unit.styles[i] for i in words], aligned, names
    )
    parts = list(unit.pieces)  # runs of spaces only stay as they are
    for i, part in zip(words, shared):
        opens = i == words[0] or i in unit.breaks
        closes = i == words[-1] or (i + 1) in unit.breaks
        parts[i] = _edges(unit.pieces[i], part, opens, closes)
    for before, after in itertools.pairwise(words):  # no double space where two runs meet
        joined = after - before == 1 and after not in unit.breaks
        if joined and parts[before][-1:].isspace() and parts[after][:1].isspace():
            parts[after] = parts[after].lstrip()
    logger.debug("%s: %d runs written", unit.where, len(parts))
    unit.write(parts)


def _edges(source: str, part: str, opens: bool, closes: bool) -> str:
    """A run's translation with the run's own leading and trailing spaces; next to a break
    (or the paragraph's edge), none where the run had none."""
    if not part:
        return part
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    if lead or opens:
        part = lead + part.lstrip()
    if trail or closes:
        part = part.rstrip() + trail
    return part
