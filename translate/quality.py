"""Flags over a translation: reasons a reader should not trust a sentence (no model, no torch).

Every translated sentence carries ``flags``, a tuple of short stable strings, in this order:

- ``low-confidence``: the model's confidence (exp of the mean log-probability of the tokens it
  wrote) is below the Translator's ``min_confidence``;
- ``wrong-language``: the output is not in the target language: letters of another script
  (Cyrillic in English, Latin in Kyrgyz or Russian that the source does not have), Kyrgyz-only
  letters ң ө ү in Russian words, or a confident language detection of a long enough output
  that names another language;
- ``repetition``: a degenerate loop, of phrases ("the the the the") or inside a word
  ("ельельель", "tttttt"); the loop is collapsed in the output all the same;
- ``copied``: the output is the source, untranslated;
- ``length``: the output is far shorter or longer than the source warrants (content dropped
  or invented);
- ``meaning``: translated back into the source language by the same model, the output shares
  little with the source (the round trip, ``translate.roundtrip``; only where it was asked for);
- ``name-missing``: a person or body the source sentence names is not in the English in any
  spelling (the name guard, ``translate.names.official``; English output only);
- ``term-missing``: a term of the glossary the source sentence holds is not in the English.

Measured thresholds (``python scripts/evaluate.py --flags-on-references`` repeats it): on
the human translations of NTREX-128 (1,997 sentences, each read as the "output" of all six
directions between ky, ru and en) and the 27 seed sentences, 12,144 pairs, no flag is raised:
a false-alarm rate of 0 for ``wrong-language``, ``repetition``, ``copied`` and ``length``.
Human translations reach a length ratio of 0.29 to 3.5 (short sentences vary most) and up to
43% Latin letters in Kyrgyz or Russian (English names), which set ``_LENGTH_LOW``,
``_LENGTH_HIGH``, ``_LENGTH_MIN_GAP`` and ``_LATIN_SHARE`` with a margin.

How ``DEFAULT_MIN_CONFIDENCE`` (0.5) was chosen: on the committed tiny model (CTranslate2
int8, greedy) the 81 seed translations it memorized score 0.89-0.95; the first 300 NTREX
sentences, which it never saw, score 0.32-0.91 with medians of 0.75 (ky→en), 0.60 (ky→ru)
and 0.74 (ru→en), and their sentence chrF++ rises with confidence (Spearman 0.25-0.37). 0.5
flags 12-26% of those unseen sentences and none of the memorized ones, keeping a wide margin
below everything the model knows; and it reads plainly for any model: below it, the model gave
the words it wrote less than even odds on average. A real NLLB model is calibrated
differently from a 3 MB toy: check the threshold on it with ``scripts/evaluate.py`` (it prints
mean chrF++ per confidence bin and below/above each candidate threshold) before relying on it,
and set ``Translator(min_confidence=...)`` from what it shows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from translate._scripts import script_of
from translate.langid import detect_language
from translate.repetition import collapse_repetitions, keep_one_copy

#: Every flag, in the order they are reported.
FLAGS = (
    "low-confidence",
    "wrong-language",
    "repetition",
    "copied",
    "length",
    "meaning",
    "name-missing",
    "term-missing",
)
#: What each flag means, in words a reader understands (shown beside flagged sentences).
FLAG_LABELS = {
    "low-confidence": "low model confidence",
    "wrong-language": "not in the target language",
    "repetition": "repeats itself",
    "copied": "left untranslated",
    "length": "length does not match the source",
    "meaning": "translated back, it shares little with the source",
    "name-missing": "a name of the source is missing",
    "term-missing": "a glossary term is missing",
}


def describe_flags(flags: Iterable[str]) -> str:
    """The flags in words, e.g. "low model confidence; repeats itself" ("" for none)."""
    return "; ".join(FLAG_LABELS.get(flag, flag) for flag in flags)


#: Default ``Translator(min_confidence=...)`` (see the module docstring for how it was chosen).
DEFAULT_MIN_CONFIDENCE = 0.5

#: The script each target language writes in.
_TARGET_SCRIPT = {"en": "Latin", "ru": "Cyrillic", "ky": "Cyrillic"}
#: Letters of the Kyrgyz alphabet that Russian does not have.
_KYRGYZ_ONLY = frozenset("ңөүҢӨҮ")
#: Language detection is trusted on an output of at least this many words, at this confidence.
_DETECT_MIN_WORDS = 6
_DETECT_MIN_CONFIDENCE = 0.9
#: In-word loops: one letter four or more times in a row ("tttt"), two letters four or more
#: times ("абабабаб"; three is Kyrgyz grammar: "жумушчунунун"), three to six letters three or
#: more times ("ельельель").
_WORD_LOOPS = (
    re.compile(r"([^\W\d_])\1{3,}", re.IGNORECASE),
    re.compile(r"([^\W\d_]{2})\1{3,}", re.IGNORECASE),
    re.compile(r"([^\W\d_]{3,6}?)\1{2,}", re.IGNORECASE),
)
#: Kyrgyz and Russian outputs may quote Latin names; more than this share of Latin letters
#: (outside words of the source) is another language. Human references reach 0.43.
_LATIN_SHARE = 0.5
#: Loops of words: a unit written 3 times in a row.
_MIN_PHRASE_COPIES = 3
#: Output/source length (in letters and digits) outside [low, high] is flagged, when the
#: difference is at least ``_LENGTH_MIN_GAP`` characters (short sentences vary too much).
_LENGTH_LOW = 1 / 3
_LENGTH_HIGH = 3.0
_LENGTH_MIN_GAP = 25
#: A source detected as another language at this confidence is a quote: copying it is right.
#: (On NTREX, 3 of 1,997 Kyrgyz and 1 of 1,997 English sentences reach it.)
_FOREIGN_SOURCE = 0.4
#: Near-copies: at least this many output words, this share of them found in the source.
_COPY_MIN_WORDS = 4
_COPY_SHARE = 0.8
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True)
class Review:
    """A model output after repair, and the flags it raised (``low-confidence`` aside)."""

    text: str
    flags: tuple[str, ...]


def review(source: str, output: str, source_lang: str, target_lang: str) -> Review:
    """Repair an output's loops and flag what looks wrong with it.

    Args:
        source: the source sentence.
        output: the model's output for it, as decoded.
        source_lang: ISO code of the source (``"ky"``, ``"ru"``, ``"en"``).
        target_lang: ISO code of the output's intended language.

    Returns:
        The repaired text and its flags (never ``low-confidence``: that needs the model's
        confidence, see :func:`confidence_flags`).
    """
    text = repair(output)
    flags = []
    if wrong_language(source, text, target_lang):
        flags.append("wrong-language")
    if text != output.strip():
        flags.append("repetition")
    if is_copied(source, text, source_lang):
        flags.append("copied")
    if length_out_of_range(source, text):
        flags.append("length")
    return Review(text, tuple(flags))


def confidence_flags(confidence: float | None, min_confidence: float) -> tuple[str, ...]:
    """``("low-confidence",)`` when ``confidence`` is known and below ``min_confidence``."""
    if confidence is not None and confidence < min_confidence:
        return ("low-confidence",)
    return ()


def ordered(flags: Iterable[str]) -> tuple[str, ...]:
    """Flags without duplicates, in the order of ``FLAGS``."""
    seen = set(flags)
    return tuple(f for f in FLAGS if f in seen)


# -- repetition ------------------------------------------------------------------------------


def repair(output: str) -> str:
    """The output with its loops collapsed to one copy of their unit.

    Collapsed: any words repeated four or more times back to back (``collapse_repetitions``);
    a phrase of two or more words, or a bare word, three times back to back ("in in in";
    "No, no, no," with its commas is emphasis and stays); and in-word loops ("ельельель",
    "tttt"). Words in capitals are left alone: "NOOOOOO" is shouting, not a model loop.
    """
    text = _collapse_triples(collapse_repetitions(output.strip()))
    return _WORD.sub(_collapse_word, text)


def has_loop(text: str) -> bool:
    """Whether :func:`repair` would change the text."""
    return repair(text) != text.strip()


def _collapse_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.isupper():
        return word
    for loop in _WORD_LOOPS:
        word = loop.sub(r"\1", word)
    return word


def _collapse_triples(text: str) -> str:
    words = text.split()
    folded = [w.casefold() for w in words]
    return keep_one_copy(words, lambda i: _triple_at(folded, i)) or text


def _triple_at(words: list[str], i: int) -> tuple[int, int]:
    """(unit length, copies) of three or more copies of a unit starting at ``i``, or (0, 0)."""
    for unit in range(1, (len(words) - i) // _MIN_PHRASE_COPIES + 1):
        first = words[i : i + unit]
        if unit == 1 and not first[0].isalpha():
            continue
        copies = 1
        while words[i + copies * unit : i + (copies + 1) * unit] == first:
            copies += 1
        if copies >= _MIN_PHRASE_COPIES:
            return unit, copies
    return 0, 0


# -- language --------------------------------------------------------------------------------


def wrong_language(source: str, output: str, target_lang: str) -> bool:
    """Whether the output shows another language than ``target_lang``.

    English: any letter of another script. Kyrgyz and Russian: letters of a script other than
    Cyrillic and Latin, or an output mostly in Latin letters that the source does not have
    (Latin names and acronyms are normal in both); in Russian, a word with the Kyrgyz-only
    letters ң ө ү (a capitalized word copied from the source, a name, is allowed). And in every
    target, a confident detection of another of kybrief's languages on an output of at least
    six words (short outputs, names and numbers are left alone).
    """
    script = _TARGET_SCRIPT.get(target_lang)
    if script is None:
        return False
    output = unicodedata.normalize("NFC", output)
    source_words = {w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", source))}
    words = _WORD.findall(output)
    if _foreign_letters(words, script, target_lang, source_words):
        return True
    if len(words) < _DETECT_MIN_WORDS:
        return False
    guess = detect_language(output)
    return (
        guess.code in _TARGET_SCRIPT
        and guess.code != target_lang
        and guess.confidence >= _DETECT_MIN_CONFIDENCE
    )


def _foreign_letters(
    words: list[str], script: str, target_lang: str, source_words: set[str]
) -> bool:
    letters = [ch for w in words for ch in w if ch.isalpha()]
    if script == "Latin":
        return any(script_of(ch) != "Latin" for ch in letters)
    latin = 0
    for word in words:
        copied = word.casefold() in source_words
        scripts = {script_of(ch) for ch in word if ch.isalpha()}
        if scripts - {"Cyrillic", "Latin"} and not copied:
            return True
        kyrgyz = target_lang == "ru" and any(ch in _KYRGYZ_ONLY for ch in word)
        if kyrgyz and not (copied and word[:1].isupper()):
            return True
        if not copied:
            latin += sum(1 for ch in word if ch.isalpha() and script_of(ch) == "Latin")
    return latin > _LATIN_SHARE * len(letters)


# -- copies and length -----------------------------------------------------------------------


def _letters_digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text).casefold() if ch.isalnum())


def is_copied(source: str, output: str, source_lang: str) -> bool:
    """Whether the output is the source again (letters and digits compared), or nearly so.

    A source that is not in its stated language (a French quote in an English text, a Latin
    name in a Kyrgyz one) is expected to come back as it is, and is not flagged.
    """
    src, out = _letters_digits(source), _letters_digits(output)
    letters = [ch for ch in src if ch.isalpha()]
    if not letters or not (src == out or _mostly_source_words(source, output)):
        return False
    script = _TARGET_SCRIPT.get(source_lang)
    if sum(script_of(ch) == script for ch in letters) * 2 < len(letters):
        return False
    guess = detect_language(source)
    return guess.code in (source_lang, "und") or guess.confidence < _FOREIGN_SOURCE


def _mostly_source_words(source: str, output: str) -> bool:
    words = [w.casefold() for w in _WORD.findall(output)]
    if len(words) < _COPY_MIN_WORDS:
        return False
    source_words = {w.casefold() for w in _WORD.findall(source)}
    return sum(w in source_words for w in words) >= _COPY_SHARE * len(words)


def length_out_of_range(source: str, output: str) -> bool:
    """Whether the output is far shorter or longer than the source (letters and digits)."""
    src, out = len(_letters_digits(source)), len(_letters_digits(output))
    if abs(out - src) < _LENGTH_MIN_GAP:
        return False
    return out < _LENGTH_LOW * src or out > _LENGTH_HIGH * src
