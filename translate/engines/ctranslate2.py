"""NLLB through CTranslate2: int8 on CPU, int8/float16 on GPU, converted once and cached.

Why this engine is the fast one: CTranslate2 runs the same network with quantized weights,
fused kernels and no Python in the decoding loop. This module deliberately avoids importing
torch or transformers (the tokenizer is read with the ``tokenizers`` library when the model
ships a ``tokenizer.json``): that saves about 250 MB of memory and two seconds of start-up.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from functools import lru_cache
from pathlib import Path

from translate.engines import DEFAULT_MAX_INPUT_TOKENS, Hypothesis, confidence_from_log_prob
from translate.engines.convert import (
    ConversionError,
    check_quantization,
    convert_model,
    prepare_vocab_map,
)
from translate.errors import InputError
from translate.tuning import thread_plan, usable_cores

logger = logging.getLogger(__name__)

_EOS = "</s>"


def _cuda_devices() -> int:
    import ctranslate2

    return ctranslate2.get_cuda_device_count()


def resolve_ct2_device(device: str) -> tuple[str, int]:
    """(``"cpu"`` or ``"cuda"``, device index); ``"auto"`` is cuda when CTranslate2 sees a GPU."""
    import ctranslate2

    if device == "auto":
        return ("cuda", 0) if ctranslate2.get_cuda_device_count() > 0 else ("cpu", 0)
    kind, _, index = device.partition(":")
    if kind not in ("cpu", "cuda") or (index and not index.isdigit()):
        raise InputError(f"unknown device {device!r}; use auto, cpu, cuda or cuda:N")
    return kind, int(index or 0)


class CTranslate2Engine:
    """Runs an NLLB checkpoint with CTranslate2, converting it once into a cache folder.

    Args:
        model: hub id or local folder of a transformers NLLB checkpoint.
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.
        cache_dir: the Hugging Face cache (conversions go to ``<cache_dir>/kybrief-ct2``).
        local_files_only: never download; fail at once when the model is not cached.
        compute_type: ``int8`` (CPU default), ``int8_float16`` (GPU default), ``float16``...
        inter_threads: batches translated in parallel (each gets ``intra_threads`` threads);
            ``None`` chooses from ``cores`` (``translate.tuning.thread_plan``).
        intra_threads: threads per batch; ``None`` chooses with ``inter_threads``, 0 divides
            ``cores`` among the ``inter_threads`` workers.
        vocab_map: restrict the output vocabulary (faster; can change output, so off by
            default): a CTranslate2 ``vmap.txt`` file, or a text file of target-language
            sentences to build one from (see ``translate.engines.convert.build_vocab_map``).
        max_batch_tokens: split each batch into sub-batches of at most this many source
            tokens, run on the ``inter_threads`` workers; ``None`` splits a batch evenly
            between the workers (and keeps it whole with one worker).
        ct2_dir: where converted models are kept (default ``<cache_dir>/kybrief-ct2`` or
            ``~/.cache/kybrief/ct2``).
        cores: CPU cores to plan threads for; ``None`` counts them
            (``translate.tuning.usable_cores``).
    """

    name = "ctranslate2"

    def __init__(
        self,
        model: str,
        *,
        device: str = "auto",
        cache_dir: str | Path | None = None,
        local_files_only: bool = False,
        compute_type: str | None = None,
        inter_threads: int | None = None,
        intra_threads: int | None = None,
        vocab_map: str | Path | None = None,
        max_batch_tokens: int | None = None,
        ct2_dir: str | Path | None = None,
        cores: int | None = None,
    ) -> None:
        bad_inter = inter_threads is not None and inter_threads < 1
        if bad_inter or (intra_threads or 0) < 0 or (max_batch_tokens or 1) < 1:
            raise InputError("inter_threads >= 1, intra_threads >= 0, max_batch_tokens >= 1")
        self.model_id = model
        kind, index = resolve_ct2_device(device)
        if kind == "cuda" and _cuda_devices() <= index:
            # Before converting: a conversion for a device that is not there is wasted time.
            raise ConversionError(f"CTranslate2 sees no CUDA device {index} here")
        cores = cores or usable_cores()
        planned = thread_plan(cores, kind)
        if inter_threads is None:
            inter_threads, intra_threads = planned if intra_threads is None else (1, intra_threads)
        if not intra_threads:
            intra_threads = max(1, cores // inter_threads)
        self.device = kind if kind == "cpu" else f"cuda:{index}"
        self.compute_type = check_quantization(compute_type, kind)
        root = Path(ct2_dir).expanduser() if ct2_dir else None  # convert_model's default
        self.converted = convert_model(
            model,
            self.compute_type,
            root=root,
            cache_dir=cache_dir,
            local_files_only=local_files_only,
        )
        self.tokenizer = load_tokenizer(self.converted.path)
        folder = self.converted.path
        self.vocab_map = None
        if vocab_map is not None:
            folder = prepare_vocab_map(self.converted, Path(vocab_map), self.tokenizer.tokenize)
            self.vocab_map = folder / "vmap.txt"
        self.fingerprint = self.converted.fingerprint
        vmap = ""
        if self.vocab_map is not None:
            vmap = hashlib.sha256(self.vocab_map.read_bytes()).hexdigest()[:12]
        self._identity = {"engine": self.name, "compute_type": self.compute_type, "vocab_map": vmap}
        self.max_batch_tokens = max_batch_tokens
        self.inter_threads, self.intra_threads = inter_threads, intra_threads
        self.translator = open_translator(
            folder, self.device, self.compute_type, inter_threads, intra_threads
        )
        positions = self.converted.max_position_embeddings
        self.max_input_tokens = min(DEFAULT_MAX_INPUT_TOKENS, positions - 2)
        self.max_output_tokens = positions - 2
        self._tokens = lru_cache(maxsize=65536)(self.tokenizer.source_tokens)

    def count_tokens(self, text: str, source: str) -> int:
        return len(self._tokens(text, source))

    def cache_identity(self) -> dict[str, str]:
        """What this engine's output depends on besides the sentence (see ``CacheKey``)."""
        return dict(self._identity)

    def translate_batch(
        self,
        texts: list[str],
        source: str,
        target: str,
        *,
        beam_size: int,
        max_new_tokens: int,
        min_new_tokens: int = 0,
    ) -> list[Hypothesis]:
        """Translate one batch; ``min_new_tokens`` (for benchmarks) forces a length.

        Token budgets count the target-language token, as transformers' ``max_new_tokens`` does.
        """
        if not texts:
            return []
        limit = max(2, min(max_new_tokens, self.max_output_tokens))
        split, unit = self._split(len(texts))
        results = self.translator.translate_batch(
            [list(self._tokens(text, source)) for text in texts],
            target_prefix=[[target]] * len(texts),
            beam_size=beam_size,
            max_decoding_length=limit,
            min_decoding_length=max(1, min(min_new_tokens, limit)),
            max_batch_size=split,
            batch_type=unit,
            use_vmap=self.vocab_map is not None,
            return_scores=True,
            return_end_token=True,
        )
        return [self._hypothesis(r.hypotheses[0], r.scores[0]) for r in results]

    def _hypothesis(self, tokens: list[str], score: float) -> Hypothesis:
        """The text and confidence of a hypothesis ``[target code] pieces [</s>]``.

        CTranslate2's score is the sum of the log-probabilities of the tokens after the forced
        prefix, divided by the length with the prefix and end token (``length_penalty=1``,
        its default for greedy and beam search alike).
        """
        written = len(tokens) - 1
        end = written if tokens[-1] != _EOS else written - 1
        confidence = confidence_from_log_prob(score * len(tokens), written)
        return Hypothesis(self.tokenizer.detokenize(tokens[1 : end + 1]), confidence, len(tokens))

    def _split(self, size: int) -> tuple[int, str]:
        """CTranslate2's (max_batch_size, batch_type) for a batch of ``size`` sentences.

        CTranslate2 sorts the batch by length, cuts it into sub-batches and runs them on its
        ``inter_threads`` workers in parallel; with several workers and no token limit, equal
        shares keep every worker busy. One worker decodes the whole batch at once.
        """
        if self.max_batch_tokens:
            return self.max_batch_tokens, "tokens"
        if self.inter_threads > 1 and size > 1:
            return -(-size // self.inter_threads), "examples"
        return 0, "examples"


def open_translator(
    folder: Path, device: str, compute_type: str, inter_threads: int, intra_threads: int
):
    """A ``ctranslate2.Translator`` on ``device`` (``cpu`` or ``cuda:N``).

    Raises:
        ConversionError: CTranslate2 cannot load the model on this device.
    """
    import ctranslate2

    kind, _, index = device.partition(":")
    try:
        translator = ctranslate2.Translator(
            str(folder),
            device=kind,
            device_index=int(index or 0),
            compute_type=compute_type,
            inter_threads=inter_threads,
            intra_threads=intra_threads,
        )
    except (RuntimeError, ValueError, OSError) as exc:
        raise ConversionError(f"CTranslate2 cannot load {folder} on {device}: {exc}") from exc
    vmap = "with" if (folder / "vmap.txt").is_file() else "without"
    logger.info(
        "ctranslate2: %s on %s, %s, %d x %d threads, %s vocabulary map",
        folder.name,
        device,
        compute_type,
        inter_threads,
        intra_threads,
        vmap,
    )
    return translator


def load_tokenizer(folder: Path) -> FastNllbTokens | HFNllbTokens:
    """The NLLB tokenizer of a converted model folder (``tokenizers`` when possible)."""
    if (folder / "tokenizer.json").is_file():
        return FastNllbTokens(folder / "tokenizer.json")
    return HFNllbTokens(folder)


class FastNllbTokens:
    """NLLB tokenization with the ``tokenizers`` library alone (no torch, no transformers).

    NLLB's source layout (non-legacy): ``[source code] pieces </s>``; the stored post-processor
    names whichever language the tokenizer was saved with, so special tokens are added here.
    """

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(path))

    def tokenize(self, text: str) -> list[str]:
        """Sentence pieces of ``text``, no special tokens."""
        return self._tok.encode(text, add_special_tokens=False).tokens

    def source_tokens(self, text: str, source: str) -> tuple[str, ...]:
        return (source, *self.tokenize(text), _EOS)

    def detokenize(self, tokens: list[str]) -> str:
        ids = [self._tok.token_to_id(t) for t in tokens]
        return self._tok.decode([i for i in ids if i is not None], skip_special_tokens=True)

    def vocabulary(self) -> list[str]:
        vocab = self._tok.get_vocab(with_added_tokens=True)
        return sorted(vocab, key=vocab.__getitem__)


class HFNllbTokens:
    """The transformers tokenizer, for checkpoints without a ``tokenizer.json``.

    Its source language is tokenizer state, so every use holds a lock: concurrent requests in
    different languages must not encode under each other's language code.
    """

    def __init__(self, folder: Path) -> None:
        from transformers import AutoTokenizer

        self._tok = AutoTokenizer.from_pretrained(str(folder))
        self._lock = threading.Lock()

    def tokenize(self, text: str) -> list[str]:
        with self._lock:
            return self._tok.tokenize(text)

    def source_tokens(self, text: str, source: str) -> tuple[str, ...]:
        with self._lock:
            # src_lang must be set on the tokenizer: a src_lang= argument to the call is ignored.
            self._tok.src_lang = source
            return tuple(self._tok.convert_ids_to_tokens(self._tok(text).input_ids))

    def detokenize(self, tokens: list[str]) -> str:
        with self._lock:
            ids = self._tok.convert_tokens_to_ids(tokens)
            return self._tok.decode(ids, skip_special_tokens=True)

    def vocabulary(self) -> list[str]:
        vocab = self._tok.get_vocab()
        return sorted(vocab, key=vocab.__getitem__)
