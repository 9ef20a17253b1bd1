"""The Translator: segment → cache → length-sorted batches → engine → reassemble."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.cache import CacheKey, TranslationCache
from translate.document import SentencePair, TranslatedDocument, TranslatedParagraph
from translate.errors import InputError, UnsupportedLanguageError
from translate.guards import collapse_repetitions, max_new_tokens_for
from translate.langid import LanguageGuess, detect_language
from translate.languages import LANGUAGE_NAMES, SUPPORTED_LANGUAGES, check_language, to_nllb
from translate.segment import (
    is_untranslatable,
    paragraph_separator,
    split_long_sentence,
    split_paragraphs,
    split_sentences,
)
from translate.textclean import clean_text

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "facebook/nllb-200-distilled-600M"
ENGINES = ("transformers", "ctranslate2", "auto")
#: Progress callbacks get (sentences done, sentences in all).
Progress = Callable[[int, int], None]


class Translator:
    """Translate Kyrgyz, Russian and English text with an NLLB-200 model.

    The model loads once, here; share one Translator per process.

    Args:
        model: hub id or local folder of an NLLB-200 checkpoint (600M, 1.3B, 3.3B all work).
        engine: ``"transformers"``, ``"ctranslate2"`` or ``"auto"`` (the fastest installed).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: sentences per model call.
        beam_size: 1 is greedy decoding.
        cache: a ``TranslationCache`` or a path to its SQLite file; ``None`` for no cache.
        cache_dir: where hub models are stored (default: the Hugging Face cache).
        local_files_only: never download; fail at once when the model is not cached.
        max_input_tokens: sentences longer than this are cut before translation.
        max_chars: longest text accepted in one call (longer input raises InputError).
        engine_options: CTranslate2 settings (``compute_type``, ``inter_threads``,
            ``intra_threads``, ``vocab_map``, ``max_batch_tokens``, ``ct2_dir``).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        engine: str = "transformers",
        device: str = "auto",
        batch_size: int = 16,
        beam_size: int = 1,
        cache: TranslationCache | str | Path | None = None,
        cache_dir: str | Path | None = None,
        local_files_only: bool = False,
        max_input_tokens: int | None = None,
        max_chars: int = 200_000,
        engine_options: Mapping[str, object] | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        if batch_size < 1 or beam_size < 1:
            raise InputError("batch_size and beam_size must be at least 1")
        from translate.engines.loader import load_engine

        self.engine = load_engine(
            engine,
            model,
            device=device,
            cache_dir=cache_dir,
            local_files_only=local_files_only,
            **dict(engine_options or {}),
        )
        self.model = model
        self.batch_size = batch_size
        self.beam_size = beam_size
        self.max_chars = max_chars
        limit = self.engine.max_input_tokens
        self.max_input_tokens = min(max_input_tokens or limit, limit)
        self.cache = TranslationCache(cache) if isinstance(cache, (str, Path)) else cache

    # -- public API -----------------------------------------------------------------------

    def translate(
        self,
        text: str | Sequence[str],
        source: str | None = None,
        target: str = "en",
        progress: Progress | None = None,
    ) -> str | list[str]:
        """Translate a text, or a list of texts (a list in gives a list out, same order).

        Paragraph breaks are kept; the sentences of a paragraph are joined by one space.

        Args:
            text: the text, or a list of texts.
            source: ``"ky"``, ``"ru"``, ``"en"``, or ``None`` to detect per paragraph.
            target: the language to translate into.
            progress: called with (sentences done, sentences in all).
        """
        if isinstance(text, str):
            return self.translate_document(text, source, target, progress).translation
        if not isinstance(text, Sequence):
            raise InputError(f"text must be a str or a list of str, not {type(text).__name__}")
        docs = self.translate_documents(list(text), source, target, progress)
        return [doc.translation for doc in docs]

    def translate_document(
        self,
        text: str,
        source: str | None = None,
        target: str = "en",
        progress: Progress | None = None,
    ) -> TranslatedDocument:
        """Translate a text into paragraphs of aligned (source sentence, translation) pairs."""
        return self.translate_documents([text], source, target, progress)[0]

    def translate_documents(
        self,
        texts: Sequence[str],
        source: str | None = None,
        target: str = "en",
        progress: Progress | None = None,
    ) -> list[TranslatedDocument]:
        """Translate many texts at once: their sentences share batches and the cache."""
        target = check_language(target)
        plans = [self.plan_document(text, source) for text in texts]
        jobs: dict[str, list[str]] = {}
        for plan in plans:
            for lang, sentences in plan.paragraphs:
                if lang not in (target, "und"):
                    jobs.setdefault(lang, []).extend(sentences)
        done: dict[tuple[str, str], str] = {}
        total = sum(len(v) for v in jobs.values())
        offset = 0
        for lang, sentences in jobs.items():
            step = _offset_progress(progress, offset, total)
            for src, out in zip(sentences, self.translate_sentences(sentences, lang, target, step)):
                done[(lang, src)] = out
            offset += len(sentences)
        return [plan.assemble(done, target) for plan in plans]

    def translate_sentences(
        self,
        sentences: Sequence[str],
        source: str,
        target: str,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translate sentences one for one (the core every other method goes through).

        Identical sentences are translated once; cached ones are not translated at all;
        over-long sentences are cut into pieces that are all translated and joined.
        """
        source, target = check_language(source), check_language(target)
        if source == target:
            return list(sentences)
        pieces = {s: self._pieces(s, source) for s in dict.fromkeys(sentences)}
        todo = list(dict.fromkeys(p for ps in pieces.values() for p in ps))
        translated = self._translate_pieces(todo, source, target, progress)
        return [" ".join(translated[p] for p in pieces[s]) for s in sentences]

    def detect(self, text: str) -> LanguageGuess:
        """The language of a text (see ``detect_language``)."""
        return detect_language(clean_text(text))

    # -- internals ------------------------------------------------------------------------

    def plan_document(self, text: str, source: str | None = None) -> DocumentPlan:
        """Check and segment a text: the paragraphs, each with its language and sentences.

        Args:
            text: the text (at most ``max_chars`` characters).
            source: ``"ky"``, ``"ru"``, ``"en"``, or ``None`` / ``"auto"`` to detect per paragraph.
        """
        source = None if source in (None, "", "auto") else check_language(source)
        if not isinstance(text, str):
            raise InputError(f"text must be a str, not {type(text).__name__}")
        if len(text) > self.max_chars:
            raise InputError(
                f"text is {len(text):,} characters; the limit is {self.max_chars:,}. "
                "Split it, or raise the limit (max_chars / --max-chars)."
            )
        text = clean_text(text)
        paragraphs = split_paragraphs(text)
        if not paragraphs:
            raise InputError("the text is empty")
        langs = [source or paragraph_language(p) for p in paragraphs]
        return DocumentPlan(
            tuple((lang, tuple(split_sentences(p, lang))) for lang, p in zip(langs, paragraphs)),
            paragraph_separator(text),
        )

    def _pieces(self, sentence: str, source: str) -> list[str]:
        if is_untranslatable(sentence):
            return [sentence]
        code = to_nllb(source)
        return split_long_sentence(
            sentence, self.max_input_tokens, lambda s: self.engine.count_tokens(s, code)
        )

    def _cache_key(self, source: str, target: str) -> CacheKey:
        engine = f"{self.engine.name}:beam{self.beam_size}"
        return CacheKey(self.model, engine, source, target)

    def _translate_pieces(
        self, pieces: list[str], source: str, target: str, progress: Progress | None
    ) -> dict[str, str]:
        out = {p: p for p in pieces if is_untranslatable(p)}
        key = self._cache_key(source, target)
        if self.cache is not None:
            out.update(self.cache.get_many(key, [p for p in pieces if p not in out]))
        todo = [p for p in pieces if p not in out]
        src, tgt = to_nllb(source), to_nllb(target)
        todo.sort(key=lambda p: self.engine.count_tokens(p, src))
        done = len(pieces) - len(todo)
        if progress:
            progress(done, len(pieces))
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            longest = max(self.engine.count_tokens(p, src) for p in batch)
            hyps = self.engine.translate_batch(
                batch,
                src,
                tgt,
                beam_size=self.beam_size,
                max_new_tokens=max_new_tokens_for(longest, 4 * self.max_input_tokens),
            )
            fresh = {p: collapse_repetitions(h.strip()) for p, h in zip(batch, hyps)}
            out.update(fresh)
            if self.cache is not None:
                self.cache.put_many(key, fresh)
            done += len(batch)
            if progress:
                progress(done, len(pieces))
        logger.debug("translated %d pieces (%d from cache)", len(todo), len(pieces) - len(todo))
        return out


@dataclass(frozen=True)
class DocumentPlan:
    """A text segmented for translation: (language, sentences) paragraphs and their separator."""

    paragraphs: tuple[tuple[str, tuple[str, ...]], ...]
    separator: str

    def document(self, target: str, pairs: Sequence[Sequence[SentencePair]]) -> TranslatedDocument:
        """A TranslatedDocument of ``pairs[i]`` for paragraph ``i`` (all or only some of its
        sentences, e.g. while a translation streams in)."""
        paras = tuple(
            TranslatedParagraph(lang, tuple(done))
            for (lang, _), done in zip(self.paragraphs, pairs)
        )
        weights: Counter[str] = Counter()
        for lang, sentences in self.paragraphs:
            weights[lang] += sum(len(s) for s in sentences)
        main = weights.most_common(1)[0][0]
        return TranslatedDocument(main, target, paras, (self.separator,) * (len(paras) - 1))

    def assemble(self, done: dict[tuple[str, str], str], target: str) -> TranslatedDocument:
        """The whole document, with ``done[(language, sentence)]`` as each translation."""
        pairs = [
            [SentencePair(s, done.get((lang, s), s)) for s in sentences]
            for lang, sentences in self.paragraphs
        ]
        return self.document(target, pairs)


def paragraph_language(paragraph: str) -> str:
    """The language to translate a paragraph from ("und" when it has no letters).

    Raises:
        UnsupportedLanguageError: the paragraph is in a language kybrief does not translate.
    """
    if is_untranslatable(paragraph):
        return "und"
    guess = detect_language(paragraph)
    if guess.code in SUPPORTED_LANGUAGES:
        return guess.code
    known = ", ".join(f"{c} ({n})" for c, n in LANGUAGE_NAMES.items())
    raise UnsupportedLanguageError(
        guess.code,
        f"the text looks like {guess.code!r}, not a language kybrief translates ({known}); "
        "set the source language if the detection is wrong",
    )


def _offset_progress(progress: Progress | None, offset: int, total: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, _n: progress(offset + done, total)
