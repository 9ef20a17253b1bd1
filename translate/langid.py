"""Tell Kyrgyz from Russian from English, and name the other languages instead of guessing.

Three layers, cheapest first:

1. the writing system: no letters gives ``"und"`` with confidence 0.0; Han, Arabic, Greek...
   name their language directly;
2. distinctive letters and marker words for the Cyrillic and Latin alphabets of the region
   (Kazakh ә ғ қ ұ һ і, Uzbek ў қ ғ ҳ, Tajik ӣ ӯ ҷ, Kyrgyz ң ө ү, Ukrainian ї є ґ ...);
3. a character-trigram naive Bayes profile (built from NTREX-128 by
   ``scripts/build_langid_profile.py``) for Kyrgyz against Russian, where short Kyrgyz
   sentences often have none of ң ө ү ("Министр жыйынга катышты.").
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import asdict, dataclass

from translate import ngram
from translate._scripts import (
    CYRILLIC_WORDS,
    KY_SUFFIXES,
    LATIN_WORDS,
    MN_PATTERNS,
    RU_SUFFIXES,
    SCRIPT_LANGUAGES,
    UZ_LATIN,
    content_text,
    cyrillic_marks,
    latin_marks,
    letters,
    script_counts,
    word_hits,
    words_of,
)
from translate.errors import InputError
from translate.segment import split_paragraphs

logger = logging.getLogger(__name__)

__all__ = ["LanguageGuess", "detect_language", "detect_paragraph_languages"]

#: Naive Bayes log-likelihoods are summed over every trigram and so far too sure of themselves;
#: dividing by this before the softmax gives confidences that track the held-out error rate.
_TEMPERATURE = 4.0
#: Log-odds added per Kyrgyz (or Russian) marker word and per suffix hit.
_WORD_BONUS = 3.0
#: The language of a long text shows in its start; looking further only costs time.
_MAX_CHARS = 20_000
_SUFFIX_BONUS = 1.0


@dataclass(frozen=True)
class LanguageGuess:
    """A detected language: an ISO 639-1 code (``"und"`` when unknown) and a confidence.

    Attributes:
        code: ``"ky"``, ``"ru"``, ``"en"``, another ISO code (``"kk"``, ``"uz"``, ``"zh"``...)
            or ``"und"``.
        confidence: in [0, 1]; 0.0 for text with no letters.
    """

    code: str
    confidence: float

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: ``{"code": ..., "confidence": ...}``."""
        return asdict(self)


_UNDETERMINED = LanguageGuess("und", 0.0)


def _guess(code: str, confidence: float) -> LanguageGuess:
    return LanguageGuess(code, round(min(max(confidence, 0.0), 1.0), 4))


def detect_language(text: str) -> LanguageGuess:
    """Detect the language of a text.

    Args:
        text: any text; a sentence or more is best. Only the first 20,000 characters are
            looked at; use :func:`detect_paragraph_languages` for mixed documents.

    Returns:
        The guess. Text without letters (digits, punctuation, emoji) gives
        ``LanguageGuess("und", 0.0)``: never a silent guess.

    Raises:
        InputError: ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    text = text[:_MAX_CHARS]
    chars = letters(text)
    if not chars:
        return _UNDETERMINED
    scripts = script_counts(chars)
    script, count = scripts.most_common(1)[0]
    share = count / len(chars)
    if script == "Han" and scripts["Kana"]:
        script = "Kana"  # Japanese mixes kanji with kana
    if script == "Cyrillic":
        guess = _cyrillic(content_text(text), text, chars)
    elif script == "Latin":
        guess = _latin(content_text(text))
    elif script in SCRIPT_LANGUAGES:
        guess = LanguageGuess(SCRIPT_LANGUAGES[script], 0.9)
    else:
        guess = LanguageGuess("und", 0.1)
    return _guess(guess.code, guess.confidence * share)


def detect_paragraph_languages(text: str) -> list[tuple[str, LanguageGuess]]:
    """Detect the language of each paragraph (see :func:`translate.segment.split_paragraphs`).

    Returns:
        ``(paragraph, guess)`` pairs in document order; ``[]`` for blank text.

    Raises:
        InputError: ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    return [(paragraph, detect_language(paragraph)) for paragraph in split_paragraphs(text)]


# --- Cyrillic -------------------------------------------------------------------------------


def _letter_confidence(evidence: int) -> float:
    return min(0.99, 0.75 + 0.05 * evidence)


def _cyrillic(text: str, full_text: str, all_chars: list[str]) -> LanguageGuess:
    """Decide among the Cyrillic-script languages.

    Args:
        text: the text without its proper names (letters and words are judged on this).
        full_text: the whole text (for naive Bayes, which weighs names at half).
        all_chars: the letters of the whole text.
    """
    chars = letters(text)
    marks = cyrillic_marks(chars)
    words = words_of(text)
    hits = word_hits(words, CYRILLIC_WORDS)
    by_letters = _cyrillic_by_letters(marks, chars, hits, "ы" in all_chars)
    if by_letters is not None:
        return by_letters
    if _looks_mongolian(text, chars, hits):
        return LanguageGuess("mn", _letter_confidence(hits["mn"]))
    # Tajik and Bulgarian may show no letter of their own in a short sentence: marker words,
    # and none of the letters their alphabets lack.
    lacking = {"tg": "ыңөү", "bg": "ыэёңөү"}
    for code, absent in lacking.items():
        strong = hits[code] >= 2 and hits[code] > hits["ru"] + hits["ky"]
        if strong and not any(ch in absent for ch in chars):
            return LanguageGuess(code, 0.6)
    return _kyrgyz_or_russian(text, full_text, words, marks["ky"] + marks["ky_mn"])


def _cyrillic_by_letters(
    marks: Counter[str], chars: list[str], hits: Counter[str], has_yeru: bool
) -> LanguageGuess | None:
    """Decide from letters only some alphabets have; None when they do not settle it."""
    exclusive = ("tg", "ba", "tt", "uk", "sr", "mk", "sr_mk")
    codes = {"sr_mk": "sr"}
    for group in exclusive:
        if marks[group]:
            return LanguageGuess(codes.get(group, group), _letter_confidence(marks[group]))
    if marks["uz"]:  # ў: Uzbek, or Belarusian when і is there too
        return LanguageGuess("be" if "і" in chars else "uz", _letter_confidence(marks["uz"]))
    kazakh = marks["kk"] - chars.count("і")
    if marks["kk"] and not (kazakh or marks["kk_uz"] or marks["ky"] or marks["ky_mn"]):
        return LanguageGuess("uk", _letter_confidence(marks["kk"]))  # і alone
    if marks["kk"]:
        return LanguageGuess("kk", _letter_confidence(marks["kk"] + marks["kk_uz"]))
    if marks["tg_uz"]:  # ҳ
        code = "tg" if hits["tg"] > hits["uz"] else "uz"
        return LanguageGuess(code, _letter_confidence(marks["tg_uz"]) - 0.1)
    if marks["kk_uz"]:  # ғ қ without ә ұ һ і: Uzbek has no ы, Kazakh has
        kazakh_like = has_yeru or marks["ky"] or marks["ky_mn"]
        return LanguageGuess("kk" if kazakh_like else "uz", _letter_confidence(marks["kk_uz"]))
    return None


def _looks_mongolian(text: str, chars: list[str], hits: Counter[str]) -> bool:
    """Mongolian shares ө ү with Kyrgyz but has no ң; its words and spelling tell it apart."""
    if "ң" in chars:
        return False
    lowered = text.lower()
    evidence = 2 * hits["mn"]
    if "ө" in chars or "ү" in chars:
        evidence += len(MN_PATTERNS.findall(lowered))
    elif not hits["mn"]:
        return False  # without ө ү only Mongolian words will do
    against = 2 * max(hits["ky"], hits["ru"]) + len(KY_SUFFIXES.findall(lowered))
    return evidence >= 2 and evidence > against


def _kyrgyz_or_russian(
    text: str, full_text: str, words: list[str], kyrgyz_letters: int
) -> LanguageGuess:
    """Kyrgyz against Russian: naive Bayes plus marker words, suffixes and ң ө ү.

    The trigrams of names weigh half (a Kyrgyz name is some evidence of Kyrgyz, but Russian
    news names Kyrgyz people too); words, suffixes and letters are counted outside names only.
    """
    content = ngram.log_likelihoods(text, ("ky", "ru"))
    everything = ngram.log_likelihoods(full_text, ("ky", "ru"))
    scores = {lang: (content[lang] + everything[lang]) / 2 for lang in content}
    hits = word_hits(words, {"ky": CYRILLIC_WORDS["ky"], "ru": CYRILLIC_WORDS["ru"]})
    lowered = text.lower()
    ky_suffixes = len(KY_SUFFIXES.findall(lowered))
    ru_suffixes = len(RU_SUFFIXES.findall(lowered))
    scores["ky"] += _WORD_BONUS * hits["ky"] + _SUFFIX_BONUS * ky_suffixes
    scores["ru"] += _WORD_BONUS * hits["ru"] + _SUFFIX_BONUS * ru_suffixes
    if kyrgyz_letters:
        scores["ru"] -= 10.0 * kyrgyz_letters  # ң ө ү are not Russian letters
    posterior = ngram.posteriors(scores, _TEMPERATURE)
    code = max(posterior, key=posterior.__getitem__)
    logger.debug("ky/ru scores %s -> %s", scores, posterior)
    return LanguageGuess(code, posterior[code])


# --- Latin ----------------------------------------------------------------------------------


def _latin(text: str) -> LanguageGuess:
    chars = letters(text)
    words = words_of(text)
    hits = word_hits(words, LATIN_WORDS)
    marks = latin_marks(chars)
    scores: Counter[str] = Counter()
    for lang in set(hits) | set(marks):
        scores[lang] = 2 * hits[lang] + marks[lang]
    scores["uz"] += 2 * len(UZ_LATIN.findall(text))
    fit = _english_fit(text)
    scores["en"] += 2 * fit
    best, score = max(scores.items(), key=lambda item: (item[1], item[0] == "en"))
    if score <= 0 or (best == "en" and not hits["en"] and fit < 0.8):
        return LanguageGuess("und", 0.2)
    total = sum(max(s, 0) for s in scores.values())
    confidence = score / total if total else 0.0
    return LanguageGuess(best, confidence * (1 - math.exp(-score)))


def _english_fit(text: str) -> float:
    """Share of the text's trigrams that English uses commonly (0 when it has none)."""
    grams = ngram.trigrams(text)
    if not grams:
        return 0.0
    common = ngram.common_trigrams("en")
    return sum(n for gram, n in grams.items() if gram in common) / sum(grams.values())
