"""Paragraphs, sentences and over-long sentences for Kyrgyz, Russian and English text.

The splitter is rule-based: razdel knows Russian but not Kyrgyz abbreviations ("ш.", "ж.") nor
the Kyrgyz attribution dash ("...", - деди ал.), and the rules are few enough to keep in view.
Every cut falls on whitespace, so joining the pieces with spaces gives the text back modulo
whitespace; nothing is ever dropped.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from translate._abbrev import (
    AMOUNT_ABBREVIATIONS,
    CAPITALIZED_ONLY,
    CLOSERS,
    DASHES,
    DIGRAPH_INITIALS,
    OPENERS,
    POSTFIX_ABBREVIATIONS,
    PREFIX_ABBREVIATIONS,
    STARTERS,
)
from translate._cut import split_long_sentence
from translate.errors import InputError

logger = logging.getLogger(__name__)

# Lone surrogates cannot be encoded; C0/C1 controls (NUL included), bidi marks and isolates,
# zero-width characters and soft hyphens are invisible and only confuse tokenizers. Newlines and
# tabs stay: they carry paragraph structure.
_INVISIBLE = re.compile(
    "[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\ufeff]"
)


def clean_text(text: str) -> str:
    """NFC-normalize ``text`` and drop invisible control, bidi and zero-width characters: any
    input is then safe to segment and tokenize, its words unchanged."""
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


__all__ = [
    "clean_text",
    "is_untranslatable",
    "paragraph_separator",
    "split_long_sentence",
    "split_paragraphs",
    "split_sentences",
]

_CLOSE = re.escape(CLOSERS)
# A sentence end: terminal punctuation, closing quotes or brackets, then whitespace. CJK full
# stops end a sentence without any space after them.
_BOUNDARY = re.compile(rf"(?P<term>[.!?…]+)[{_CLOSE}]*(?=\s)|(?P<cjk>[。！？]+)[」』”’）)]*(?=\S)")
_NUMERIC = re.compile(r"^[\d.,\-–/]*\d[\d.,\-–/]*$")
_DOTTED = re.compile(r"^(?:\w\.)+\w$")
_NON_STARTER_PUNCT = ",;:)]}"


def _check_text(text: object, what: str = "text") -> str:
    if not isinstance(text, str):
        raise InputError(f"{what} must be a str, not {type(text).__name__}")
    return text


def _has_blank_separator(lines: list[str]) -> bool:
    """True when a blank line stands between two non-empty lines."""
    seen_text = blank_after_text = False
    for line in lines:
        if line.strip():
            if blank_after_text:
                return True
            seen_text = True
        elif seen_text:
            blank_after_text = True
    return False


def paragraph_separator(text: str) -> str:
    """Return the separator the text uses between paragraphs.

    Args:
        text: the whole document.

    Returns:
        ``"\\n\\n"`` when paragraphs are separated by blank lines, else ``"\\n"``.
    """
    _check_text(text)
    return "\n\n" if _has_blank_separator(text.splitlines()) else "\n"


def split_paragraphs(text: str) -> list[str]:
    """Split a document into non-empty, stripped paragraphs.

    With blank lines in the text, paragraphs are the blocks between them and the single line
    breaks inside a block (hard-wrapped text) become spaces; without blank lines each non-empty
    line is a paragraph.

    Args:
        text: the whole document.

    Raises:
        InputError: ``text`` is not a str.
    """
    lines = _check_text(text).splitlines()
    if not _has_blank_separator(lines):
        return [line.strip() for line in lines if line.strip()]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            paragraphs.append(" ".join(block))
            block = []
    return paragraphs


def _starters(language: str, text: str) -> frozenset[str]:
    key = language.strip().lower()
    if key.startswith(("ky", "kir")):
        primary = STARTERS["ky"] | STARTERS["ru"]
    elif key.startswith(("ru", "rus")):
        primary = STARTERS["ru"]
    elif key.startswith(("en", "eng")):
        primary = STARTERS["en"]
    else:
        cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
        latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
        primary = STARTERS["ru"] if cyrillic >= latin else STARTERS["en"]
    return primary | STARTERS["en"]


def split_sentences(text: str, language: str = "ky") -> list[str]:
    """Split text into sentences; several paragraphs are split one by one and concatenated.

    Handles abbreviations (``ш.``, ``г.``, ``млн.``, ``Mr.``, ``e.g.``), initials (``А. Жапаров``),
    decimals and dates, ellipses, and quotations: a quotation of several sentences is split
    inside, and its last sentence stays together with the attribution that follows
    (``"Биринчи. Экинчи", - деди ал.`` gives ``"Биринчи.`` and ``Экинчи", - деди ал.``).

    Args:
        text: one paragraph or a whole document.
        language: ``"ky"``, ``"ru"`` or ``"en"``; any other code is treated like Russian for
            Cyrillic text and like English otherwise.

    Returns:
        Non-empty, stripped sentences; joined with spaces they give each paragraph back
        modulo whitespace.

    Raises:
        InputError: ``text`` or ``language`` is not a str.
    """
    _check_text(text)
    _check_text(language, "language")
    starters = _starters(language, text)
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        sentences.extend(_split_paragraph(paragraph, starters))
    return sentences


def _split_paragraph(paragraph: str, starters: frozenset[str]) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        # A leading "1." or "2022." alone is no sentence: keep going until letters are seen.
        if not any(ch.isalpha() for ch in paragraph[start:end]):
            continue
        if match.group("cjk") or _is_boundary(paragraph, match, starters):
            sentences.append(paragraph[start:end].strip())
            start = end
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_boundary(paragraph: str, match: re.Match[str], starters: frozenset[str]) -> bool:
    rest = paragraph[match.end() :].lstrip()
    if not rest:
        return True
    if rest[0] in _NON_STARTER_PUNCT:
        return False
    if rest[0] in DASHES:
        # '..."! - деди ал.' continues with an attribution; '— Куда?' opens a dialogue turn.
        after = rest.lstrip(DASHES).lstrip()
        return not after[:1].islower()
    if rest.lstrip(OPENERS)[:1].islower():
        return False
    if match.group("term") != ".":
        return True
    token, prev = _words_before(paragraph, match.start())
    kind = _abbreviation_kind(token, prev)
    if kind is None:
        return True
    if kind == "prefix":
        return False
    return _opens_sentence(rest, starters, amount=kind == "amount")


def _words_before(text: str, end: int) -> tuple[str, str]:
    """The whitespace-delimited word ending at ``end`` and the word before it."""
    words: list[str] = []
    pos = end
    for _ in range(2):
        while pos > 0 and text[pos - 1].isspace():
            pos -= 1
        start = pos
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        words.append(text[start:pos])
        pos = start
    return words[0], words[1]


def _abbreviation_kind(token: str, prev: str) -> str | None:
    """Classify the word before a period: "prefix", "postfix" (incl. initials), "amount", None."""
    word = token.lstrip(OPENERS)
    if not word:
        return None
    lower = word.lower()
    if word[0].isupper() and ((len(word) == 1 and word.isalpha()) or lower in DIGRAPH_INITIALS):
        return "postfix"  # an initial: "А. Жапаров", "J. Smith", "Дж. Буш"
    if lower in CAPITALIZED_ONLY and not word[0].isupper():
        return None
    prev_lower = prev.lstrip(OPENERS).lower()
    after_number = bool(_NUMERIC.match(prev_lower))
    if "-" in lower and lower not in POSTFIX_ABBREVIATIONS:
        head, _, tail = lower.rpartition("-")
        if _NUMERIC.match(head):  # "2021-ж", "1990-гг"
            lower, after_number = tail, True
    if prev_lower.endswith(".") and len(prev_lower) <= 4:
        joined = prev_lower + lower  # spaced forms: "т. д." -> "т.д"
        if joined in PREFIX_ABBREVIATIONS:
            return "prefix"
        if joined in POSTFIX_ABBREVIATIONS:
            return "postfix"
    if lower in PREFIX_ABBREVIATIONS:
        # "г. Бишкек" comes before a name, "2021 г." after a number and may end a sentence.
        return "postfix" if after_number else "prefix"
    if lower in AMOUNT_ABBREVIATIONS:
        return "amount"
    if lower in POSTFIX_ABBREVIATIONS or _DOTTED.match(lower):
        return "postfix"
    return None


def _opens_sentence(rest: str, starters: frozenset[str], amount: bool = False) -> bool:
    """True when the text after an ambiguous period starts with a typical sentence opener.

    After an amount ("млн.") any capitalized word that is not an acronym opens a sentence.
    """
    words = rest.lstrip(OPENERS).split(maxsplit=1)
    if not words:
        return True
    word = words[0]
    core = word.rstrip(".,;:!?…" + CLOSERS)
    if len(core) == 1 and word.endswith("."):
        return False  # another initial: "А. В. Петров"
    if amount and core[:1].isupper() and not core.isupper():
        return True
    return core.lower() in starters


def is_untranslatable(segment: str) -> bool:
    """True when the segment has no letters (digits, punctuation, symbols, emoji only).

    Such segments are passed through untranslated: a translation model invents text for them.

    Raises:
        InputError: ``segment`` is not a str.
    """
    return not any(ch.isalpha() for ch in _check_text(segment, "segment"))
