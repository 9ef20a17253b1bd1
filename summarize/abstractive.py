"""An optional abstractive summarizer: an English seq2seq model run through ``generate()``.

    from summarize import AbstractiveSummarizer, brief
    s = AbstractiveSummarizer("sshleifer/distilbart-cnn-12-6")
    b = brief(text, summarizer=s)     # b.summary is written by the model

The model reads the English the brief has (the whole translation, or in fast mode the
translated key sentences) and its summary goes through the figure guard: a key figure it drops
and any number in digits the source does not state become warnings. Extractive summaries stay
the default because every sentence of them is a translated source sentence.

torch and transformers are imported in the constructor only, so importing ``summarize``
stays light.
"""

from __future__ import annotations

import logging
from pathlib import Path

from translate import InputError, ModelNotAvailableError

logger = logging.getLogger(__name__)

#: A small CNN/DailyMail news summarizer (306M parameters).
DEFAULT_SUMMARIZER_MODEL = "sshleifer/distilbart-cnn-12-6"
_FALLBACK_POSITIONS = 1024


def _model_source(model: str) -> str:
    path = Path(model).expanduser()
    if model.startswith((".", "/", "~")) or path.exists():
        if not path.is_dir():
            raise ModelNotAvailableError(f"summarization model {model!r}: no such folder")
        return str(path)
    return model


class AbstractiveSummarizer:
    """Summarize English text with a Hugging Face seq2seq model (BART, T5, PEGASUS...).

    The model loads once, here.

    Args:
        model: hub id or local folder (default :data:`DEFAULT_SUMMARIZER_MODEL`).
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.
        cache_dir: where hub downloads live (default: the Hugging Face cache).
        local_files_only: never download; fail at once when the model is not cached.
        max_input_tokens: longer input is truncated (default: what the model takes).
        max_new_tokens: longest summary in tokens.
        num_beams: beam width; ``None`` keeps the model's own generation settings.
        prefix: text put before the input; ``None`` means ``"summarize: "`` for T5, else none.

    Raises:
        ModelNotAvailableError: the model cannot be loaded.
        InputError: a limit is below 1.
    """

    def __init__(
        self,
        model: str = DEFAULT_SUMMARIZER_MODEL,
        device: str = "auto",
        cache_dir: str | Path | None = None,
        local_files_only: bool = False,
        max_input_tokens: int | None = None,
        max_new_tokens: int = 160,
        num_beams: int | None = None,
        prefix: str | None = None,
    ) -> None:
        if max_new_tokens < 1 or (max_input_tokens is not None and max_input_tokens < 1):
            raise InputError("max_new_tokens and max_input_tokens must be at least 1")
        if num_beams is not None and num_beams < 1:
            raise InputError("num_beams must be at least 1")
        from translate import resolve_device

        self.name = model
        self.device = resolve_device(device)
        self.tokenizer, self.model = self._load(model, cache_dir, local_files_only)
        self.model.to(self.device).eval()
        config = self.model.config
        if prefix is None:
            prefix = "summarize: " if getattr(config, "model_type", "") == "t5" else ""
        self.prefix = prefix
        self.max_input_tokens = max_input_tokens or self._positions()
        self.max_new_tokens = max_new_tokens
        self.num_beams = num_beams

    @staticmethod
    def _load(model: str, cache_dir: str | Path | None, local_files_only: bool):
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        source = _model_source(model)
        kwargs = {"cache_dir": str(cache_dir) if cache_dir else None}
        kwargs["local_files_only"] = local_files_only
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, **kwargs)
            # trust_remote_code stays off: a model folder must never run code of its own.
            seq2seq = AutoModelForSeq2SeqLM.from_pretrained(source, **kwargs)
        except Exception as exc:  # missing, corrupt or not a seq2seq model: all the same here
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelNotAvailableError(
                f"summarization model {model!r} is not available: {reason.rstrip('.')}. "
                "Download it once while online, or pass a local folder."
            ) from exc
        return tokenizer, seq2seq

    def _positions(self) -> int:
        """Input tokens the model takes: its position table, or the tokenizer's limit."""
        positions = getattr(self.model.config, "max_position_embeddings", None)
        limit = getattr(self.tokenizer, "model_max_length", None)
        known = [n for n in (positions, limit) if isinstance(n, int) and 0 < n < 100_000]
        return min(known) if known else _FALLBACK_POSITIONS

    def summarize(self, text: str) -> str:
        """Write an English summary of an English text.

        Raises:
            InputError: ``text`` is not a string or is empty.
        """
        import torch

        if not isinstance(text, str) or not text.strip():
            raise InputError("there is no English text to summarize")
        enc = self.tokenizer(
            self.prefix + " ".join(text.split()),
            return_tensors="pt",
            truncation=True,
            max_length=self.max_input_tokens,
        ).to(self.device)
        options: dict[str, int | bool] = {"max_new_tokens": self.max_new_tokens}
        if self.num_beams is not None:
            options["num_beams"] = self.num_beams
        with torch.inference_mode():
            out = self.model.generate(**enc, **options)
        summary = self.tokenizer.decode(out[0], skip_special_tokens=True)
        logger.debug("summary of %d input tokens: %r", enc["input_ids"].shape[1], summary)
        return " ".join(summary.split())
