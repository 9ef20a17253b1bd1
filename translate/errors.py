"""The kybrief error hierarchy: every bad input raises one of these."""

from __future__ import annotations


class KybriefError(Exception):
    """Base class of every error kybrief raises on purpose."""


class InputError(KybriefError, ValueError):
    """The input text is empty, not text, or over a configured limit."""


class TextTooLongError(InputError):
    """The text is over a size limit (``max_chars``, a server's ``--max-chars``: HTTP 413)."""


class UnsupportedLanguageError(KybriefError, ValueError):
    """A language code, or the detected language, is not one kybrief translates."""

    def __init__(
        self, code: str, message: str | None = None, *, valid: tuple[str, ...] = ()
    ) -> None:
        """Keep ``code``; the default message names it and, given ``valid``, the valid codes.

        Args:
            code: the refused code (or the detected language).
            message: the whole message, instead of the default one.
            valid: the codes kybrief translates, listed in the default message
                (``translate.languages`` passes them; this module imports nothing of the package).
        """
        self.code = code
        if message is None:
            message = f"unsupported language {code!r}"
            if valid:
                message += f"; valid codes: {', '.join(valid)}"
        super().__init__(message)


class ModelNotAvailableError(KybriefError, RuntimeError):
    """The model is not in the cache (or not reachable) and cannot be loaded."""
