"""One document plan: a text checked, cleaned and segmented for translation (no model needed).

Both the Translator and the brief (``summarize.extractive.read_source``) start here, so the
sentences a brief scores are exactly the sentences the Translator translates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from translate.document import SentencePair, TranslatedDocument, TranslatedParagraph
from translate.errors import InputError, UnsupportedLanguageError
from translate.langid import detect_language
from translate.languages import LANGUAGE_NAMES, SUPPORTED_LANGUAGES, check_language
from translate.segment import (
    is_untranslatable,
    paragraph_separator,
    split_paragraphs,
    split_sentences,
)
from translate.textclean import clean_text

#: The language of a paragraph without letters (digits, symbols): passed through untranslated.
NO_LANGUAGE = "und"


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

    def assemble(
        self, done: Mapping[tuple[str, str], SentencePair | str], target: str
    ) -> TranslatedDocument:
        """The whole document; ``done[(language, sentence)]`` is each sentence's translation
        (a SentencePair, or a plain string); a sentence not in ``done`` stands for itself."""
        pairs = [
            [_pair(s, done.get((lang, s))) for s in sentences]
            for lang, sentences in self.paragraphs
        ]
        return self.document(target, pairs)


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
    if max_chars is not None and len(text) > max_chars:
        raise InputError(
            f"text is {len(text):,} characters; the limit is {max_chars:,}. "
            "Split it, or raise the limit (max_chars / --max-chars)."
        )
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
