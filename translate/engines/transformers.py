"""NLLB through Hugging Face transformers: ``AutoModelForSeq2SeqLM`` + ``generate()``."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from translate.errors import ModelNotAvailableError

logger = logging.getLogger(__name__)

#: NLLB's encoder was trained on sentences; past this many tokens quality falls, so the
#: Translator cuts longer sentences before they reach the model.
DEFAULT_MAX_INPUT_TOKENS = 256


def missing_model_message(model: str, reason: str) -> str:
    """The one error text a user sees when a model cannot be loaded."""
    return (
        f"model {model!r} is not available: {reason.rstrip('.')}. "
        f"Download it once with `kybrief download --model {model}` "
        "(or pass --model with a local folder); after that it works offline."
    )


def looks_like_path(model: str) -> bool:
    """A model name meant as a folder rather than a hub id."""
    return model.startswith((".", "/", "~")) or Path(model).expanduser().exists()


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
    """

    name = "transformers"

    def __init__(
        self,
        model: str,
        *,
        device: str = "auto",
        cache_dir: str | Path | None = None,
        local_files_only: bool = False,
    ) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        self.model_id = model
        self.device = resolve_device(device)
        source = str(Path(model).expanduser()) if looks_like_path(model) else model
        if looks_like_path(model) and not Path(source).is_dir():
            raise ModelNotAvailableError(missing_model_message(model, "no such folder"))
        kwargs = {"cache_dir": str(cache_dir) if cache_dir else None}
        kwargs["local_files_only"] = local_files_only
        dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
            # trust_remote_code stays off: a model folder must never run code of its own.
            self.model = AutoModelForSeq2SeqLM.from_pretrained(source, dtype=dtype, **kwargs)
        except Exception as exc:  # any loader failure (missing, corrupt, wrong kind) means the same
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelNotAvailableError(missing_model_message(model, reason)) from exc
        if self.tokenizer.convert_tokens_to_ids("kir_Cyrl") == self.tokenizer.unk_token_id:
            raise ModelNotAvailableError(
                f"model {model!r} is not an NLLB-200 model: its tokenizer has no kir_Cyrl code"
            )
        self.model.to(self.device).eval()
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

    def translate_batch(
        self, texts: list[str], source: str, target: str, *, beam_size: int, max_new_tokens: int
    ) -> list[str]:
        import torch

        # src_lang must be set on the tokenizer: a src_lang= argument to the call is ignored.
        with self._tokenizer_lock:
            self.tokenizer.src_lang = source
            enc = self.tokenizer(texts, return_tensors="pt", padding=True).to(self.device)
        with torch.inference_mode():
            out = self.model.generate(
                **enc,
                forced_bos_token_id=self.tokenizer.convert_tokens_to_ids(target),
                max_new_tokens=min(max_new_tokens, self.max_output_tokens),
                num_beams=beam_size,
                do_sample=False,
            )
        return self.tokenizer.batch_decode(out, skip_special_tokens=True)
