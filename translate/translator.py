"""The Translator: plan → cache → length-sorted token-budget batches → engine → review → pairs."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from translate.cache import CacheKey, TranslationCache
from translate.document import (
    MissingName,
    Progress,
    SentencePair,
    TranslatedDocument,
)
from translate.errors import InputError
from translate.langid import LanguageGuess, detect_language
from translate.languages import check_language, to_nllb
from translate.names.glossary import Glossary, builtin_glossary, resolve_glossary
from translate.names.official import check_names
from translate.plan import (
    DEFAULT_MAX_CHARS,
    DocumentPlan,
    paragraph_language,
    plan_document,
    translate_plans,
)
from translate.quality import DEFAULT_MIN_CONFIDENCE, confidence_flags, ordered, review
from translate.repetition import max_new_tokens_for
from translate.roundtrip import DEFAULT_MIN_ROUND_TRIP, verify_document, verify_pairs
from translate.segment import clean_text, is_untranslatable, split_long_sentence
from translate.tuning import Tuning, batch_plan, token_batches, usable_cores
from translate.view import TranslatorView

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_MODEL", "ENGINES", "Progress", "Translator", "paragraph_language"]

DEFAULT_MODEL = "facebook/nllb-200-distilled-600M"
ENGINES = ("transformers", "ctranslate2", "auto")
#: What a ``glossary=`` argument may be (see ``translate.glossary.resolve_glossary``).
GlossarySpec = Glossary | str | Path | bool | None
#: Languages whose names are written officially in the English.
_NAMED_SOURCES = ("ky", "ru")
#: Glossaries given per call that are kept merged (the app and the API pass one per request).
_CALL_GLOSSARIES = 8


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
        min_round_trip: with ``verify=True`` (and in briefs), a sentence whose round trip
            (``translate.roundtrip``) is below this is flagged ``meaning``.
        glossary: the names and terms written officially in English translations from
            Kyrgyz and Russian, and checked by the name guard (``translate.names.official``):
            ``None`` (default) the built-in glossary; ``False`` none (the model's output as
            it is); a glossary file's path or a ``Glossary``: the built-in one plus these
            entries, which win. Every method also takes a ``glossary=`` for one call.
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
        max_chars: int = DEFAULT_MAX_CHARS,
        engine_options: Mapping[str, object] | None = None,
        *,
        threads: int | None = None,
        batch_tokens: int | None = None,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        min_round_trip: float = DEFAULT_MIN_ROUND_TRIP,
        glossary: GlossarySpec = None,
    ) -> None:
        if engine not in ENGINES:
            raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        if (batch_size is not None and batch_size < 1) or beam_size < 1:
            raise InputError("batch_size and beam_size must be at least 1")
        if (threads is not None and threads < 1) or (batch_tokens is not None and batch_tokens < 1):
            raise InputError("threads and batch_tokens must be at least 1")
        for name, value in (("min_confidence", min_confidence), ("min_round_trip", min_round_trip)):
            if not 0.0 <= value <= 1.0:
                raise InputError(f"{name} must be in [0, 1], not {value!r}")
        self.glossary = resolve_glossary(glossary, builtin_glossary())
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
        self.min_round_trip = min_round_trip
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
        *,
        glossary: GlossarySpec = None,
    ) -> str | list[str]:
        """Translate a text, or a list of texts (a list in gives a list out, same order).

        Paragraph breaks are kept; the sentences of a paragraph are joined by one space.

        Args:
            text: the text, or a list of texts.
            source: ``"ky"``, ``"ru"``, ``"en"``, or ``None`` to detect per paragraph.
            target: the language to translate into.
            progress: called with (sentences done, sentences in all).
            glossary: for this call: ``None`` this Translator's glossary, ``False`` none, a
                path or ``Glossary``: these entries added to this Translator's (or to the
                built-in one).
        """
        if isinstance(text, str):
            return self.translate_document(
                text, source, target, progress, glossary=glossary
            ).translation
        if not isinstance(text, Sequence):
            raise InputError(f"text must be a str or a list of str, not {type(text).__name__}")
        docs = self.translate_documents(list(text), source, target, progress, glossary=glossary)
        return [doc.translation for doc in docs]

    def translate_document(
        self,
        text: str,
        source: str | None = None,
        target: str = "en",
        progress: Progress | None = None,
        *,
        glossary: GlossarySpec = None,
        verify: bool = False,
    ) -> TranslatedDocument:
        """Translate a text into paragraphs of aligned sentence pairs, with their confidence
        and flags (``TranslatedDocument.flagged_count`` counts the flagged ones); ``glossary``
        as in :meth:`translate`; ``verify``: every sentence gets the meaning check (its round
        trip, see :meth:`verify`)."""
        docs = self.translate_documents([text], source, target, progress, glossary=glossary)
        return self.verify_document(docs[0]) if verify else docs[0]

    def translate_documents(
        self,
        texts: Sequence[str],
        source: str | None = None,
        target: str = "en",
        progress: Progress | None = None,
        *,
        glossary: GlossarySpec = None,
    ) -> list[TranslatedDocument]:
        """Translate many texts at once: their sentences share batches and the cache."""
        plans = [self.plan_document(text, source) for text in texts]
        return self.translate_plans(plans, target, progress, glossary=glossary)

    def translate_plans(
        self,
        plans: Sequence[DocumentPlan],
        target: str = "en",
        progress: Progress | None = None,
        *,
        glossary: GlossarySpec = None,
    ) -> list[TranslatedDocument]:
        """Translate documents planned already (:meth:`plan_document`): each plan's
        sentences by position (``translate.plan.translate_plans``), as documents."""
        target = check_language(target)
        done = translate_plans(self, plans, target, progress, glossary=glossary)
        return [plan.assemble(pairs, target) for plan, pairs in zip(plans, done)]

    def verify(self, pairs: Sequence[SentencePair], languages: Sequence[str], target: str = "en"):
        """The meaning check of translated pairs: each translation translated back into its
        source language by this model (one batched call per language), scored by chrF against
        the source (``SentencePair.round_trip``) and flagged ``meaning`` below
        ``min_round_trip`` (``translate.roundtrip``).

        Args:
            pairs: translated pairs.
            languages: each pair's source language.
            target: the language they were translated into.
        """
        return verify_pairs(self, pairs, languages, target, min_round_trip=self.min_round_trip)

    def verify_document(self, doc: TranslatedDocument) -> TranslatedDocument:
        """The document with every translated sentence checked by :meth:`verify`."""
        return verify_document(self, doc, self.min_round_trip)

    def translate_pairs(
        self,
        sentences: Sequence[str],
        source: str,
        target: str,
        progress: Progress | None = None,
        *,
        glossary: GlossarySpec = None,
    ) -> list[SentencePair]:
        """Translate sentences one for one into pairs with confidence and flags (the core
        every other method goes through).

        Identical sentences are translated once; cached ones are not translated at all;
        over-long sentences are cut into pieces that are all translated and joined (the
        sentence's confidence is its least confident piece's, its flags those of all its
        pieces). Sentences in the target language already, or without letters, come back
        as they are, with no confidence and no flags. Into English from Kyrgyz or Russian,
        the glossary's names are then written officially and the name guard runs, per piece
        (``translate.names.official``; ``glossary`` as in :meth:`translate`); the cache holds the
        model's own output.
        """
        source, target = check_language(source), check_language(target)
        if source == target:
            return [SentencePair(s, s) for s in sentences]
        pieces = {s: self._pieces(s, source) for s in dict.fromkeys(sentences)}
        todo = list(dict.fromkeys(p for ps in pieces.values() for p in ps))
        translated = self._translate_pieces(todo, source, target, progress)
        names = self.glossary_for(glossary)
        if names is not None and target == "en" and source in _NAMED_SOURCES:
            # per piece, like every other check: a long sentence stays the join of its pieces
            translated = {p: _with_names(pair, names) for p, pair in translated.items()}
        joined = {s: self._join(s, [translated[p] for p in ps]) for s, ps in pieces.items()}
        return [joined[s] for s in sentences]

    def translate_sentences(
        self,
        sentences: Sequence[str],
        source: str,
        target: str,
        progress: Progress | None = None,
        *,
        glossary: GlossarySpec = None,
    ) -> list[str]:
        """Translate sentences one for one (see :meth:`translate_pairs`); only the texts."""
        pairs = self.translate_pairs(sentences, source, target, progress, glossary=glossary)
        return [pair.translation for pair in pairs]

    def glossary_for(self, glossary: GlossarySpec = None) -> Glossary | None:
        """The glossary a call's ``glossary=`` argument asks for (None: no names enforced).

        Raises:
            InputError: a bad glossary file or value.
        """
        own = getattr(self, "glossary", None)  # (subclasses in tests may skip __init__)
        if glossary is None:
            return own
        if not isinstance(glossary, Glossary):
            return resolve_glossary(glossary, own)
        merged = self.__dict__.setdefault("_call_glossaries", {})
        known = merged.get(id(glossary))
        if known is None or known[0] is not glossary:
            if len(merged) >= _CALL_GLOSSARIES:
                merged.clear()
            known = (glossary, resolve_glossary(glossary, own))
            merged[id(glossary)] = known
        return known[1]

    def with_glossary(self, glossary: GlossarySpec) -> TranslatorView:
        """This Translator (same model, cache, settings) with another glossary for every call:
        ``glossary`` as in :meth:`translate` (``False``: none). Nothing is loaded again."""
        return TranslatorView(self, self.glossary_for(glossary))

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
        missing = tuple(dict.fromkeys(m for p in pieces for m in p.missing_names))
        return SentencePair(sentence, text, confidence, ordered(flags), missing)

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


def _with_names(pair: SentencePair, glossary: Glossary) -> SentencePair:
    """The pair with its names written officially and the name guard's flags."""
    if pair.confidence is None and pair.translation == pair.source:
        return pair  # not translated (digits, or already English)
    check = check_names(pair.source, pair.translation, glossary)
    if check.text == pair.translation and not check.missing:
        return pair
    flags = ordered(pair.flags + check.flags)
    missing = tuple(MissingName(m.kind, m.source, m.name) for m in check.missing)
    return SentencePair(pair.source, check.text, pair.confidence, flags, missing)
