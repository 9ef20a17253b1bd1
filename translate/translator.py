"""The Translator: plan → cache → length-sorted token-budget batches → engine → review → pairs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from translate.cache import CacheKey, TranslationCache
from translate.document import SentencePair, TranslatedDocument
from translate.errors import InputError
from translate.guards import max_new_tokens_for
from translate.langid import LanguageGuess, detect_language
from translate.languages import check_language, to_nllb
from translate.plan import DocumentPlan, paragraph_language, plan_document
from translate.quality import DEFAULT_MIN_CONFIDENCE, confidence_flags, ordered, review
from translate.segment import is_untranslatable, split_long_sentence
from translate.textclean import clean_text
from translate.tuning import Tuning, batch_plan, token_batches, usable_cores

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_MODEL", "ENGINES", "Progress", "Translator", "paragraph_language"]

DEFAULT_MODEL = "facebook/nllb-200-distilled-600M"
ENGINES = ("transformers", "ctranslate2", "auto")
#: Progress callbacks get (sentences done, sentences in all).
Progress = Callable[[int, int], None]


class Translator:
    """Translate Kyrgyz, Russian and English text with an NLLB-200 model.

    The model loads once, here; share one Translator per process. Every translated sentence
    comes with the model's confidence and flags (see ``translate.quality``).

    Args:
        model: hub id or local folder of an NLLB-200 checkpoint (600M, 1.3B, 3.3B all work).
        engine: ``"auto"`` (CTranslate2, int8 on CPU and int8_float16 on a GPU, converted once
            on first use; transformers when CTranslate2 cannot run it, with a warning saying
            why), ``"ctranslate2"`` or ``"transformers"`` (float32 on CPU).
        device: ``"auto"``, ``"cpu"`` or ``"cuda"``.
        batch_size: most sentences per model call; ``None`` chooses from the machine
            (``translate.tuning.batch_plan``).
        beam_size: 1 is greedy decoding.
        cache: a ``TranslationCache`` or a path to its SQLite file; ``None`` for no cache.
        cache_dir: where hub models are stored (default: the Hugging Face cache); converted
            models go to ``<cache_dir>/kybrief-ct2`` unless ``engine_options["ct2_dir"]``.
        local_files_only: never download; fail at once when the model is not cached.
        max_input_tokens: sentences longer than this are cut before translation.
        max_chars: longest text accepted in one call (longer input raises InputError).
        engine_options: CTranslate2 settings (``compute_type``, ``inter_threads``,
            ``intra_threads``, ``vocab_map``, ``max_batch_tokens``, ``ct2_dir``).
        threads: CPU cores to use; ``None`` counts what this process may use (affinity mask
            and cgroup CPU quota: ``translate.tuning.usable_cores``). To honour
            ``OMP_NUM_THREADS`` as the command line does, pass ``usable_cores(os.environ)``.
        batch_tokens: most padded source tokens (sentences × the longest) per model call;
            ``None`` chooses from the machine.
        min_confidence: a sentence whose confidence is below this is flagged
            ``low-confidence`` (default ``translate.quality.DEFAULT_MIN_CONFIDENCE``).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        engine: str = "auto",
        device: str = "auto",
        batch_size: int | None = None,
        beam_size: int = 1,
        cache: TranslationCache | str | Path | None = None,
        cache_dir: str | Path | None = None,
        local_files_only: bool = False,
        max_input_tokens: int | None = None,
        max_chars: int = 200_000,
        engine_options: Mapping[str, object] | None = None,
        *,
        threads: int | None = None,
        batch_tokens: int | None = None,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ) -> None:
        if engine not in ENGINES:
            raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        if (batch_size is not None and batch_size < 1) or beam_size < 1:
            raise InputError("batch_size and beam_size must be at least 1")
        if (threads is not None and threads < 1) or (batch_tokens is not None and batch_tokens < 1):
            raise InputError("threads and batch_tokens must be at least 1")
        if not 0.0 <= min_confidence <= 1.0:
            raise InputError(f"min_confidence must be in [0, 1], not {min_confidence!r}")
        from translate.engines.loader import load_engine

        cores = threads or usable_cores()
        self.engine = load_engine(
            engine,
            model,
            device=device,
            cache_dir=cache_dir,
            local_files_only=local_files_only,
            cores=cores,
            **dict(engine_options or {}),
        )
        self.model = model
        workers = getattr(self.engine, "inter_threads", 1)
        auto_size, auto_tokens = batch_plan(self.engine.device, workers)
        self.batch_size = batch_size or auto_size
        self.batch_tokens = batch_tokens or auto_tokens
        self.tuning = Tuning(
            cores,
            self.engine.device,
            workers,
            getattr(self.engine, "intra_threads", cores),
            self.batch_size,
            self.batch_tokens,
        )
        self.beam_size = beam_size
        self.max_chars = max_chars
        self.min_confidence = min_confidence
        limit = self.engine.max_input_tokens
        self.max_input_tokens = min(max_input_tokens or limit, limit)
        self.cache = TranslationCache(cache) if isinstance(cache, (str, Path)) else cache
        logger.info("translator ready: %s, %s", self.engine.name, self.tuning.to_dict())

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
        """Translate a text into paragraphs of aligned sentence pairs, with their confidence
        and flags (``TranslatedDocument.flagged_count`` counts the flagged ones)."""
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
        done: dict[tuple[str, str], SentencePair] = {}
        total = sum(len(v) for v in jobs.values())
        offset = 0
        for lang, sentences in jobs.items():
            step = _offset_progress(progress, offset, total)
            for pair in self.translate_pairs(sentences, lang, target, step):
                done[(lang, pair.source)] = pair
            offset += len(sentences)
        return [plan.assemble(done, target) for plan in plans]

    def translate_pairs(
        self,
        sentences: Sequence[str],
        source: str,
        target: str,
        progress: Progress | None = None,
    ) -> list[SentencePair]:
        """Translate sentences one for one into pairs with confidence and flags (the core
        every other method goes through).

        Identical sentences are translated once; cached ones are not translated at all;
        over-long sentences are cut into pieces that are all translated and joined (the
        sentence's confidence is its least confident piece's, its flags those of all its
        pieces). Sentences in the target language already, or without letters, come back
        as they are, with no confidence and no flags.
        """
        source, target = check_language(source), check_language(target)
        if source == target:
            return [SentencePair(s, s) for s in sentences]
        pieces = {s: self._pieces(s, source) for s in dict.fromkeys(sentences)}
        todo = list(dict.fromkeys(p for ps in pieces.values() for p in ps))
        translated = self._translate_pieces(todo, source, target, progress)
        joined = {s: self._join(s, [translated[p] for p in ps]) for s, ps in pieces.items()}
        return [joined[s] for s in sentences]

    def translate_sentences(
        self,
        sentences: Sequence[str],
        source: str,
        target: str,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translate sentences one for one (see :meth:`translate_pairs`); only the texts."""
        pairs = self.translate_pairs(sentences, source, target, progress)
        return [pair.translation for pair in pairs]

    def detect(self, text: str) -> LanguageGuess:
        """The language of a text (see ``detect_language``)."""
        return detect_language(clean_text(text))

    def plan_document(self, text: str, source: str | None = None) -> DocumentPlan:
        """Check and segment a text (``translate.plan_document`` with this ``max_chars``)."""
        return plan_document(text, source, max_chars=self.max_chars)

    def cache_key(self, source: str, target: str) -> CacheKey:
        """The translation-memory key of this Translator's translations from ``source`` to
        ``target`` (ISO codes): model, engine, compute type, beam size, vocabulary map and
        the model files' fingerprint."""
        identity = self.engine.cache_identity()
        return CacheKey(
            self.model,
            identity["engine"],
            identity["compute_type"],
            self.beam_size,
            identity["vocab_map"],
            self.engine.fingerprint,
            source,
            target,
        )

    # -- internals ------------------------------------------------------------------------

    def _pieces(self, sentence: str, source: str) -> list[str]:
        if is_untranslatable(sentence):
            return [sentence]
        code = to_nllb(source)
        return split_long_sentence(
            sentence, self.max_input_tokens, lambda s: self.engine.count_tokens(s, code)
        )

    def _join(self, sentence: str, pieces: list[SentencePair]) -> SentencePair:
        scores = [p.confidence for p in pieces if p.confidence is not None]
        confidence = min(scores) if scores else None
        flags = [f for p in pieces for f in p.flags]
        flags += confidence_flags(confidence, self.min_confidence)
        text = " ".join(p.translation for p in pieces)
        return SentencePair(sentence, text, confidence, ordered(flags))

    def _translate_pieces(
        self, pieces: list[str], source: str, target: str, progress: Progress | None
    ) -> dict[str, SentencePair]:
        """Each piece's pair: translation, confidence and the flags of ``review`` (the
        ``low-confidence`` flag is added per sentence, so the cache does not depend on it)."""
        out = {p: SentencePair(p, p) for p in pieces if is_untranslatable(p)}
        key = self.cache_key(source, target) if self.cache is not None else None
        if key is not None:
            out.update(self.cache.get_many(key, [p for p in pieces if p not in out]))
        src, tgt = to_nllb(source), to_nllb(target)
        todo = sorted((p for p in pieces if p not in out), key=lambda p: self._count(p, src))
        done = len(pieces) - len(todo)
        if progress:
            progress(done, len(pieces))
        lengths = [self._count(p, src) for p in todo]
        for batch_range in token_batches(lengths, self.batch_size, self.batch_tokens):
            batch = [todo[i] for i in batch_range]
            hyps = self.engine.translate_batch(
                batch,
                src,
                tgt,
                beam_size=self.beam_size,
                max_new_tokens=max_new_tokens_for(
                    lengths[batch_range[-1]], 4 * self.max_input_tokens
                ),
            )
            fresh = [self._reviewed(p, h, source, target) for p, h in zip(batch, hyps)]
            out.update((pair.source, pair) for pair in fresh)
            if key is not None:
                self.cache.put_many(key, fresh)
            done += len(batch)
            if progress:
                progress(done, len(pieces))
        logger.debug("translated %d pieces (%d from cache)", len(todo), len(pieces) - len(todo))
        return out

    def _count(self, piece: str, source_code: str) -> int:
        return self.engine.count_tokens(piece, source_code)

    @staticmethod
    def _reviewed(piece: str, hypothesis, source: str, target: str) -> SentencePair:
        checked = review(piece, hypothesis.text, source, target)
        return SentencePair(piece, checked.text, hypothesis.confidence, checked.flags)


def _offset_progress(progress: Progress | None, offset: int, total: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, _n: progress(offset + done, total)
