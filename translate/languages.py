"""ISO 639-1 codes of the API and the NLLB codes used inside the engines."""

from __future__ import annotations

from translate.errors import UnsupportedLanguageError

#: ISO code -> NLLB-200 (FLORES-200) code. Only these three are translated.
NLLB_CODES: dict[str, str] = {"ky": "kir_Cyrl", "ru": "rus_Cyrl", "en": "eng_Latn"}

#: ISO code -> English name, in the order the UI lists them.
LANGUAGE_NAMES: dict[str, str] = {"ky": "Kyrgyz", "ru": "Russian", "en": "English"}

SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(NLLB_CODES)


def check_language(code: object) -> str:
    """Return the normalized ISO code, or raise UnsupportedLanguageError.

    Args:
        code: an ISO code such as ``"ky"`` (case and surrounding spaces are ignored);
            the NLLB spelling ``"kir_Cyrl"`` is accepted too.
    """
    if not isinstance(code, str):
        raise UnsupportedLanguageError(repr(code), valid=SUPPORTED_LANGUAGES)
    key = code.strip()
    for iso, nllb in NLLB_CODES.items():
        if key.lower() == iso or key == nllb:
            return iso
    raise UnsupportedLanguageError(key, valid=SUPPORTED_LANGUAGES)


def to_nllb(code: str) -> str:
    """Map an ISO code (``"ky"``) to its NLLB code (``"kir_Cyrl"``)."""
    return NLLB_CODES[check_language(code)]
