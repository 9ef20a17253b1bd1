"""The kybrief error hierarchy: every bad input raises one of these."""

from __future__ import annotations


class KybriefError(Exception):
    """Base class of every error kybrief raises on purpose."""


class InputError(KybriefError, ValueError):
    """The input text is empty, not text, or over a configured limit."""


class UnsupportedLanguageError(KybriefError, ValueError):
    """A language code, or the detected language, is not one kybrief translates."""

    def __init__(self, code: str, message: str | None = None) -> None:
        from translate.languages import SUPPORTED_LANGUAGES

        self.code = code
        valid = ", ".join(SUPPORTED_LANGUAGES)
        super().__init__(message or f"unsupported language {code!r}; valid codes: {valid}")


class ModelNotAvailableError(KybriefError, RuntimeError):
    """The model is not in the cache (or not reachable) and cannot be loaded."""
