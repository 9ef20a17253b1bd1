"""Translation engines behind one small protocol; the Translator picks one by name."""

from __future__ import annotations

from typing import Protocol


class Engine(Protocol):
    """What the Translator needs from a model runtime. Language codes here are NLLB codes."""

    name: str
    model_id: str
    device: str
    max_input_tokens: int

    def count_tokens(self, text: str, source: str) -> int:
        """Number of input tokens ``text`` costs, language code and end token included."""

    def translate_batch(
        self, texts: list[str], source: str, target: str, *, beam_size: int, max_new_tokens: int
    ) -> list[str]:
        """Translate one batch of sentences from ``source`` to ``target``."""
