"""NLLB through Hugging Face transformers: ``AutoModelForSeq2SeqLM`` + ``generate()``."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from translate.engines import DEFAULT_MAX_INPUT_TOKENS, Hypothesis, confidence_from_log_prob
from translate.engines.files import (
    check_hub,
    fingerprint,
    first_line,
    looks_like_path,
    missing_model_message,
)
from translate.errors import ModelNotAvailableError

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_INPUT_TOKENS", "TransformersEngine", "resolve_device"]

#: Most logits (rows × positions × vocabulary) held at once when beam results are scored.
_RESCORE_FLOATS = 2**25


def resolve_device(device: str) -> str:
    """``"auto"`` becomes ``"cuda"`` when a GPU is usable, else ``"cpu"``."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


class TransformersEngine:
    """Runs an NLLB checkpoint with transformers.

    Args:
        model: a Hugging Face hub id (``facebook/nllb-200-distilled-600M``) or a local folder.
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.
        cache_dir: where hub downloads live (default: the Hugging Face cache).
        local_files_only: never touch the network; fail at once when the model is not cached.
        cores: on CPU, use at most this many threads (torch counts the machine's cores, not a
            container's CPU quota); ``None`` leaves torch's setting alone.
    """

    name = "transformers"

    def __init__(
        self,
        model: str,
        *,
        device: str = "auto",
        cache_dir: str | Path | None = None,
        local_files_only: bool = False,
        cores: int | None = None,
    ) -> None:
        source = str(Path(model).expanduser()) if looks_like_path(model) else model
        if looks_like_path(model) and not Path(source).is_dir():
            raise ModelNotAvailableError(missing_model_message(model, "no such folder"))
        kwargs = {"cache_dir": str(cache_dir) if cache_dir else None}
        # The cache first; the hub only for a model not cached, and only once it answers (its
        # client retries a dead network for a minute): both known before torch is imported.
        kwargs["local_files_only"] = _find_locally(model, source, kwargs, local_files_only)
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        self.model_id = model
        self.device = resolve_device(device)
        if cores and self.device == "cpu" and torch.get_num_threads() > cores:
            torch.set_num_threads(cores)  # process-wide; kybrief loads one model per process
        self.inter_threads, self.intra_threads = 1, torch.get_num_threads()
        dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
            # trust_remote_code stays off: a model folder must never run code of its own.
            self.model = AutoModelForSeq2SeqLM.from_pretrained(source, dtype=dtype, **kwargs)
        except Exception as exc:  # any loader failure (missing, corrupt, wrong kind) means the same
            raise ModelNotAvailableError(missing_model_message(model, first_line(exc))) from exc
        if self.tokenizer.convert_tokens_to_ids("kir_Cyrl") == self.tokenizer.unk_token_id:
            raise ModelNotAvailableError(
                f"model {model!r} is not an NLLB-200 model: its tokenizer has no kir_Cyrl code"
            )
        self.model.to(self.device).eval()
        self.compute_type = "float16" if dtype == torch.float16 else "float32"
        self.fingerprint = model_fingerprint(source, cache_dir)
        positions = getattr(self.model.config, "max_position_embeddings", 1024)
        self.max_input_tokens = min(DEFAULT_MAX_INPUT_TOKENS, positions - 2)
        self.max_output_tokens = positions - 2
        self._count = lru_cache(maxsize=65536)(self._count_uncached)
        # src_lang is tokenizer state: concurrent requests must not encode under each other's code.
        self._tokenizer_lock = threading.Lock()

    def count_tokens(self, text: str, source: str) -> int:
        return self._count(text, source)

    def _count_uncached(self, text: str, source: str) -> int:
        with self._tokenizer_lock:
            self.tokenizer.src_lang = source
            return len(self.tokenizer(text).input_ids)

    def cache_identity(self) -> dict[str, str]:
        """What this engine's output depends on besides the sentence (see ``CacheKey``)."""
        return {"engine": self.name, "compute_type": self.compute_type, "vocab_map": ""}

    def translate_batch(
        self, texts: list[str], source: str, target: str, *, beam_size: int, max_new_tokens: int
    ) -> list[Hypothesis]:
        """Translate one batch; each hypothesis carries the model's confidence."""
        import torch
        from transformers import LogitsProcessorList

        # src_lang must be set on the tokenizer: a src_lang= argument to the call is ignored.
        with self._tokenizer_lock:
            self.tokenizer.src_lang = source
            enc = self.tokenizer(texts, return_tensors="pt", padding=True).to(self.device)
        recorder = _GreedyLogProbs() if beam_size == 1 else None
        with torch.inference_mode():
            out = self.model.generate(
                **enc,
                forced_bos_token_id=self.tokenizer.convert_tokens_to_ids(target),
                max_new_tokens=min(max_new_tokens, self.max_output_tokens),
                num_beams=beam_size,
                do_sample=False,
                logits_processor=LogitsProcessorList([recorder] if recorder else []),
                return_dict_in_generate=True,
            )
        with self._tokenizer_lock:  # the fast tokenizer's Rust state is not shared safely
            texts_out = self.tokenizer.batch_decode(out.sequences, skip_special_tokens=True)
        if recorder is not None:
            confidences = recorder.confidences(out.sequences, self.model.config.eos_token_id)
        else:
            confidences = self._beam_confidences(enc, out.sequences)
        # the budget counts the language token, the written ones and the end token
        lengths = [1 + n for n in _written_lengths(out.sequences, self.model.config.eos_token_id)]
        return [Hypothesis(*row) for row in zip(texts_out, confidences, lengths)]

    def _beam_confidences(self, enc, sequences) -> list[float | None]:
        """Confidences of beam search's results, by scoring them again with teacher forcing.

        Beam search's own scores exist only with ``output_scores``, which keeps the whole
        vocabulary per beam and step (gigabytes with NLLB's 256k words); one forward pass
        over the chosen sequences costs a fraction of the search and gives the exact
        log-probabilities. Rows are scored a few at a time to bound the logits' memory.
        """
        import torch

        eos = self.model.config.eos_token_id
        lengths = _written_lengths(sequences, eos)
        vocab = self.model.config.vocab_size
        rows = max(1, _RESCORE_FLOATS // max(1, sequences.shape[1] * vocab))
        totals: list[float] = []
        with torch.inference_mode():
            for start in range(0, sequences.shape[0], rows):
                part = slice(start, start + rows)
                logits = self.model(
                    input_ids=enc["input_ids"][part],
                    attention_mask=enc["attention_mask"][part],
                    decoder_input_ids=sequences[part, :-1],
                ).logits
                logp = torch.log_softmax(logits.float(), dim=-1)
                chosen = logp.gather(-1, sequences[part, 1:].unsqueeze(-1)).squeeze(-1)
                for row, n in zip(chosen, lengths[part]):
                    totals.append(float(row[1 : 1 + n].sum()))  # [0] is the forced language
        return [confidence_from_log_prob(t, n) for t, n in zip(totals, lengths)]


def _find_locally(model: str, source: str, kwargs: dict, local_files_only: bool) -> bool:
    """True when the model is to be loaded from disk (a folder, or a hub model in the cache);
    False when it is to be downloaded and the hub answers.

    Raises:
        ModelNotAvailableError: not on disk, and ``local_files_only`` or the hub cannot be
            reached (``translate.engines.files.check_hub``).
    """
    if looks_like_path(model):
        return True
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(source, "config.json", cache_dir=kwargs["cache_dir"])
    if isinstance(found, str):
        return True
    if local_files_only:
        raise ModelNotAvailableError(missing_model_message(model, "it is not in the cache"))
    try:
        check_hub(model)
    except ModelNotAvailableError as exc:
        raise ModelNotAvailableError(missing_model_message(model, str(exc))) from exc
    return False


class _GreedyLogProbs:
    """A logits processor (run last) that keeps the log-probability of each greedy choice.

    Greedy search takes the arg-max of the processed scores, so the chosen token's
    log-probability is the maximum of their log-softmax: one number per row and step, where
    ``output_scores`` would keep the whole vocabulary (256k floats) per row and step.
    """

    def __init__(self) -> None:
        self.steps: list = []

    def __call__(self, input_ids, scores):
        import torch

        self.steps.append(torch.log_softmax(scores.float(), dim=-1).max(dim=-1).values)
        return scores

    def confidences(self, sequences, eos_id: int) -> list[float | None]:
        """Per row: exp of the mean log-probability of the tokens written after the forced
        language token, up to and including the end token."""
        import torch

        if not self.steps:
            return [None] * sequences.shape[0]
        logp = torch.stack(self.steps, dim=1)  # (rows, steps); step j wrote sequences[:, 1 + j]
        lengths = _written_lengths(sequences, eos_id)
        return [
            confidence_from_log_prob(float(logp[row, 1 : 1 + n].sum()), n)
            for row, n in enumerate(lengths)
        ]


def _written_lengths(sequences, eos_id: int) -> list[int]:
    """Tokens each row wrote after the decoder start and the forced language token, up to and
    including its first end token."""
    lengths = []
    for row in sequences[:, 2:].tolist():
        n = row.index(eos_id) + 1 if eos_id in row else len(row)
        lengths.append(n)
    return lengths


def model_fingerprint(source: str, cache_dir: str | Path | None = None) -> str:
    """A fingerprint of a checkpoint's files (see ``translate.engines.files.fingerprint``).

    A hub model is fingerprinted in its cached snapshot (looked up locally: it was just
    loaded); ``"unknown"`` when no folder is found.
    """
    folder = Path(source)
    if not folder.is_dir():
        try:
            from transformers.utils import cached_file

            config = cached_file(
                source,
                "config.json",
                cache_dir=str(cache_dir) if cache_dir else None,
                local_files_only=True,
            )
        except (OSError, ValueError):
            return "unknown"
        if config is None:
            return "unknown"
        folder = Path(config).parent
    return fingerprint(folder)
