"""Translation engines behind one small protocol; the Translator picks one by name."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

#: NLLB's encoder was trained on sentences; past this many tokens quality falls, so the
#: Translator cuts longer sentences before they reach the model.
DEFAULT_MAX_INPUT_TOKENS = 256


@dataclass(frozen=True)
class Hypothesis:
    """One translation an engine wrote, and the model's confidence in it.

    Attributes:
        text: the decoded translation (special tokens removed; no repair applied).
        confidence: exp of the mean log-probability of the tokens the model wrote, in [0, 1]:
            the geometric mean of their probabilities. The forced target-language token is left
            out; the end-of-sentence token counts as a written token (stopping is a decision
            too: a model unsure where a sentence ends is unsure of the sentence). A hypothesis
            cut by the length limit has no end token. Rounded to 4 decimals. ``None`` when it
            cannot be known.
        length: the tokens decoded, as a length budget (``max_new_tokens``) counts them: the
            forced target-language token, the written ones and the end token if there is one.
            A hypothesis shorter than a budget ended by itself, so that budget did not cut it
            (``translate.engines.gather`` relies on this). ``None`` when not known.
    """

    text: str
    confidence: float | None = None
    length: int | None = None


#: Confidences are rounded to this many decimals: the same sentence batched with others gets
#: float sums in another order (differences near 1e-8), which must not show in results.
CONFIDENCE_DECIMALS = 4


def confidence_from_log_prob(total: float, tokens: int) -> float | None:
    """exp(total / tokens), clamped to [0, 1] and rounded to ``CONFIDENCE_DECIMALS``;
    None when no token was written."""
    if tokens < 1 or math.isnan(total):
        return None
    return round(min(1.0, max(0.0, math.exp(total / tokens))), CONFIDENCE_DECIMALS)


class Engine(Protocol):
    """What the Translator needs from a model runtime. Language codes here are NLLB codes.

    Engines must be safe to call from several threads at once, with different languages.
    """

    name: str
    model_id: str
    device: str
    max_input_tokens: int
    #: a digest of the model's files (``translate.engines.files.fingerprint``).
    fingerprint: str

    def count_tokens(self, text: str, source: str) -> int:
        """Number of input tokens ``text`` costs, language code and end token included."""

    def translate_batch(
        self, texts: list[str], source: str, target: str, *, beam_size: int, max_new_tokens: int
    ) -> list[Hypothesis]:
        """Translate one batch of sentences from ``source`` to ``target``, one for one."""

    def cache_identity(self) -> dict[str, str]:
        """Everything about this engine that can change its output (see ``CacheKey``)."""
