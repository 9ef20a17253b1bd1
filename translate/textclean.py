"""Make arbitrary input safe to segment and tokenize, without changing its words."""

from __future__ import annotations

import re
import unicodedata

# Lone surrogates cannot be encoded; C0/C1 controls (NUL included), bidi marks and isolates,
# zero-width characters and soft hyphens are invisible and only confuse tokenizers. Newlines and
# tabs stay: they carry paragraph structure.
_INVISIBLE = re.compile(
    "[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\ufeff]"
)


def clean_text(text: str) -> str:
    """NFC-normalize ``text`` and drop invisible control, bidi and zero-width characters."""
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
