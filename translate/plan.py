"""One document plan: a text checked, cleaned and segmented for translation (no model needed).

A text is planned once (:func:`plan_document`) and the plan is handed on: the Translator
translates plans (:func:`translate_plans`), and the brief (``summarize.source.read_source``)
reads its facts from the same plan, so sentences are identified by their position in the
plan, never matched by their text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from translate.document import Progress, SentencePair, TranslatedDocument, TranslatedParagraph
from translate.errors import InputError, TextTooLongError, UnsupportedLanguageError
from translate.langid import detect_language
from translate.languages import LANGUAGE_NAMES, SUPPORTED_LANGUAGES, check_language
from translate.segment import (
    clean_text,
    is_untranslatable,
    paragraph_separator,
    split_paragraphs,
    split_sentences,
)

#: The language of a paragraph without letters (digits, symbols): passed through untranslated.
NO_LANGUAGE = "und"
#: The longest text a Translator accepts by default (``Translator(max_chars=...)``).
DEFAULT_MAX_CHARS = 200_000


class PairTranslator(Protocol):
    """What :func:`translate_plans` needs: ``Translator.translate_pairs``."""

    def translate_pairs(
        self, sentences: Sequence[str], source: str, target: str, progress: Progress | None
    ) -> list[SentencePair]:
        """Each sentence's pair, one for one."""


@dataclass(frozen=True)
class DocumentPlan:
    """A text segmented for translation.

    Attributes:
        paragraphs: ``(language, sentences)`` per paragraph, in source order; the language is
            ``"ky"``, ``"ru"``, ``"en"``, or ``"und"`` for a paragraph without letters (kept
            whole, as one "sentence", and never translated).
        separator: the whitespace the source puts between paragraphs (``"\\n"`` or ``"\\n\\n"``).
        texts: each paragraph's text as in the cleaned source.
    """

    paragraphs: tuple[tuple[str, tuple[str, ...]], ...]
    separator: str
    texts: tuple[str, ...] = ()

    @property
    def sentences(self) -> tuple[tuple[str, str], ...]:
        """Every sentence as ``(language, text)``, in order: position ``i`` here is sentence
        ``i`` of the document everywhere (the brief's ``SourceSentence.index``)."""
        return tuple((lang, s) for lang, sentences in self.paragraphs for s in sentences)

    @property
    def language(self) -> str:
        """The language most of the text is in, by characters (``"und"`` only when no
        paragraph has letters)."""
        weights: Counter[str] = Counter()
        for lang, sentences in self.paragraphs:
            if lang != NO_LANGUAGE:
                weights[lang] += sum(len(s) for s in sentences)
        return weights.most_common(1)[0][0] if weights else NO_LANGUAGE

    def document(self, target: str, pairs: Sequence[Sequence[SentencePair]]) -> TranslatedDocument:
        """A TranslatedDocument of ``pairs[i]`` for paragraph ``i`` (all or only some of its
        sentences, e.g. while a translation streams in)."""
        paras = tuple(
            TranslatedParagraph(lang, tuple(done))
            for (lang, _), done in zip(self.paragraphs, pairs)
        )
        return TranslatedDocument(
            self.language, target, paras, (self.separator,) * (len(paras) - 1)
        )

    def assemble(self, done: Mapping[int, SentencePair | str], target: str) -> TranslatedDocument:
        """The whole document; ``done[i]`` is sentence ``i``'s translation (a SentencePair,
        or a plain string); a sentence not in ``done`` stands for itself."""
        pairs, position = [], 0
        for _, sentences in self.paragraphs:
            pairs.append([_pair(s, done.get(position + k)) for k, s in enumerate(sentences)])
            position += len(sentences)
        return self.document(target, pairs)

    def partial(self, done: Mapping[int, SentencePair], target: str) -> TranslatedDocument:
        """A document of the translated sentences only (``done[i]`` for sentence ``i``);
        paragraphs with none are left out."""
        paras, position = [], 0
        for lang, sentences in self.paragraphs:
            kept = tuple(done[i] for i in range(position, position + len(sentences)) if i in done)
            position += len(sentences)
            if kept:
                paras.append(TranslatedParagraph(lang, kept))
        seps = (self.separator,) * max(len(paras) - 1, 0)
        return TranslatedDocument(self.language, target, tuple(paras), seps)


def _pair(source: str, done: SentencePair | str | None) -> SentencePair:
    if isinstance(done, SentencePair):
        return done
    return SentencePair(source, source if done is None else done)


def plan_document(
    text: str, source: str | None = None, *, max_chars: int | None = 200_000
) -> DocumentPlan:
    """Check, clean and segment a text: its paragraphs, each with its language and sentences.

    The text is cleaned (``clean_text``), cut into paragraphs, each paragraph's language
    detected (or taken from ``source``), and each paragraph cut into sentences. A paragraph
    without letters gets the language ``"und"`` and stays one piece.

    Args:
        text: the text.
        source: ``"ky"``, ``"ru"``, ``"en"``, or ``None`` / ``""`` / ``"auto"`` to detect the
            language of each paragraph.
        max_chars: longest text accepted; ``None`` for no limit.

    Raises:
        InputError: ``text`` is not a str, is over ``max_chars``, or is empty.
        UnsupportedLanguageError: ``source`` is unknown, or a paragraph is in a language
            kybrief does not translate.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    source = None if source in (None, "", "auto") else check_language(source)
    check_length(text, max_chars)
    text = clean_text(text)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise InputError("the text is empty")
    planned = []
    for paragraph in paragraphs:
        if is_untranslatable(paragraph):
            planned.append((NO_LANGUAGE, (paragraph,)))
        else:
            lang = source or paragraph_language(paragraph)
            planned.append((lang, tuple(split_sentences(paragraph, lang))))
    return DocumentPlan(tuple(planned), paragraph_separator(text), tuple(paragraphs))


def check_length(
    text: str,
    max_chars: int | None,
    advice: str = "Split it, or raise the limit (max_chars / --max-chars).",
) -> None:
    """The one text-length check of every layer (the Translator, the brief, the servers).

    Args:
        text: the text.
        max_chars: the longest text accepted; ``None`` for no limit.
        advice: what the message tells the user to do.

    Raises:
        TextTooLongError: ``text`` is longer than ``max_chars``.
    """
    if max_chars is not None and len(text) > max_chars:
        raise TextTooLongError(
            f"the text is {len(text):,} characters; the limit is {max_chars:,}. {advice}"
        )


def translate_plans(
    translator: PairTranslator,
    plans: Sequence[DocumentPlan],
    target: str,
    progress: Progress | None = None,
    *,
    wanted: Sequence[Collection[int]] | None = None,
    glossary: object = None,
) -> list[dict[int, SentencePair]]:
    """Translate planned documents, sentence by position: each plan's pairs, by index.

    The sentences of every plan share the model calls, one ``translate_pairs`` call per
    source language. A sentence in the target language already, or without letters, stands
    for itself.

    Args:
        translator: anything with ``translate_pairs`` (a ``Translator`` or a view of one).
        plans: the documents, planned once (:func:`plan_document`).
        target: the language to translate into.
        progress: called with (sentences done, sentences in all).
        wanted: per plan, the sentence indices to translate (``None``: all of them).
        glossary: passed on to ``translate_pairs`` when not ``None``.
    """
    out: list[dict[int, SentencePair]] = [{} for _ in plans]
    jobs: dict[str, list[tuple[int, int]]] = {}
    flat = [plan.sentences for plan in plans]
    for number, sentences in enumerate(flat):
        chosen = None if wanted is None else wanted[number]
        for index, (lang, sentence) in enumerate(sentences):
            if chosen is not None and index not in chosen:
                continue
            if lang in (target, NO_LANGUAGE):
                out[number][index] = SentencePair(sentence, sentence)
            else:
                jobs.setdefault(lang, []).append((number, index))
    total, offset = sum(len(where) for where in jobs.values()), 0
    extra = {} if glossary is None else {"glossary": glossary}
    for lang, where in jobs.items():
        texts = [flat[number][index][1] for number, index in where]
        step = _offset_progress(progress, offset, total)
        pairs = translator.translate_pairs(texts, lang, target, step, **extra)
        for (number, index), pair in zip(where, pairs, strict=True):
            out[number][index] = pair
        offset += len(where)
    return out


def _offset_progress(progress: Progress | None, offset: int, total: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, _n: progress(offset + done, total)


def paragraph_language(paragraph: str) -> str:
    """The language to translate a paragraph from (``"und"`` when it has no letters).

    Raises:
        UnsupportedLanguageError: the paragraph is in a language kybrief does not translate.
    """
    if is_untranslatable(paragraph):
        return NO_LANGUAGE
    guess = detect_language(paragraph)
    if guess.code in SUPPORTED_LANGUAGES:
        return guess.code
    known = ", ".join(f"{c} ({n})" for c, n in LANGUAGE_NAMES.items())
    raise UnsupportedLanguageError(
        guess.code,
        f"the text looks like {guess.code!r}, not a language kybrief translates ({known}); "
        "set the source language if the detection is wrong",
    )
