"""Character-trigram naive Bayes over Kyrgyz, Russian and English (profile built from NTREX-128).

The profile is ``translate/data/langid_trigrams.tsv``, written by
``scripts/build_langid_profile.py`` and read on first use only (no I/O at import).
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

PROFILE_PATH = Path(__file__).resolve().parent / "data" / "langid_trigrams.tsv"
PROFILE_LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")

_NON_LETTERS = re.compile(r"[^\w]+|[\d_]+")


def trigrams(text: str) -> Counter[str]:
    """Count the character trigrams of the words of ``text``, each word padded with spaces.

    Lower-cased; digits and punctuation separate words, so " и " or " the" are trigrams too.
    """
    counts: Counter[str] = Counter()
    for word in _NON_LETTERS.sub(" ", text.lower()).split():
        padded = f" {word} "
        counts.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return counts


@dataclass(frozen=True)
class _Profile:
    log_probs: dict[str, dict[str, float]]  # language -> trigram -> log P(trigram | language)
    unseen: dict[str, float]  # language -> log P of a trigram the profile does not keep
    common: dict[str, frozenset[str]]  # language -> trigrams seen at least twice


@functools.lru_cache(maxsize=1)
def load_profile(path: Path = PROFILE_PATH) -> _Profile:
    """Read the TSV profile: ``#`` comments, then ``trigram<TAB>count_ky<TAB>count_ru<TAB>...``."""
    languages: tuple[str, ...] = PROFILE_LANGUAGES
    totals: dict[str, int] = {}
    rows: list[tuple[str, list[int]]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("#languages\t"):
                languages = tuple(line.split("\t")[1:])
            elif line.startswith("#totals\t"):
                totals = dict(zip(languages, map(int, line.split("\t")[1:]), strict=True))
            elif line and not line.startswith("#"):
                gram, *counts = line.split("\t")
                rows.append((gram, [int(c) for c in counts]))
    vocabulary = len(rows) + 1
    log_probs: dict[str, dict[str, float]] = {lang: {} for lang in languages}
    unseen: dict[str, float] = {}
    common: dict[str, frozenset[str]] = {}
    for index, lang in enumerate(languages):
        common[lang] = frozenset(gram for gram, counts in rows if counts[index] >= 2)
        # Add-half smoothing over the kept trigrams; the pruned mass goes to "unseen".
        denominator = math.log(totals[lang] + 0.5 * vocabulary)
        for gram, counts in rows:
            log_probs[lang][gram] = math.log(counts[index] + 0.5) - denominator
        unseen[lang] = math.log(0.5) - denominator
    logger.debug("loaded %d trigrams for %s from %s", len(rows), languages, path)
    return _Profile(log_probs, unseen, common)


def log_likelihoods(text: str, languages: tuple[str, ...] = PROFILE_LANGUAGES) -> dict[str, float]:
    """Log-likelihood of the text's trigrams under each language's profile.

    Returns:
        language -> summed log-probability; all 0.0 when the text has no trigrams.
    """
    profile = load_profile()
    counts = trigrams(text)
    scores: dict[str, float] = {}
    for lang in languages:
        table, floor = profile.log_probs[lang], profile.unseen[lang]
        scores[lang] = sum(n * table.get(gram, floor) for gram, n in counts.items())
    return scores


def common_trigrams(language: str) -> frozenset[str]:
    """The trigrams the profile saw at least twice in ``language``."""
    return load_profile().common[language]


def posteriors(scores: dict[str, float], temperature: float) -> dict[str, float]:
    """Softmax of log-likelihoods divided by ``temperature`` (naive Bayes is overconfident)."""
    top = max(scores.values())
    weights = {lang: math.exp((s - top) / temperature) for lang, s in scores.items()}
    total = sum(weights.values())
    return {lang: w / total for lang, w in weights.items()}
