"""What the app and the JSON API do, shared: brief, translate, detect.

Each checks the text (empty, over the size limit), takes a model slot and calls the library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from translate import LANGUAGE_NAMES, check_language, detect_paragraph_languages
from translate.textclean import clean_text
from ui._app_model import ModelService, check_text

Progress = Callable[[int, int], None]


def normalize_source(source: str | None) -> str | None:
    """``"auto"``, ``""`` or None -> None (detect); else the checked ISO code."""
    if source is None or str(source).strip().lower() in ("", "auto"):
        return None
    return check_language(source)


def run_brief(
    service: ModelService,
    text: str,
    *,
    source: str | None = None,
    sentences: int = 3,
    full_translation: bool = True,
    progress: Progress | None = None,
    timeout: float | None = 0,
):
    """The English brief of ``text`` (``summarize.Brief``).

    Args:
        service: the model.
        text: the release.
        source: ISO code, or None / "auto" to detect.
        sentences: sentences in the summary.
        full_translation: include the whole sentence-aligned translation.
        progress: called with (sentences done, sentences in all).
        timeout: seconds to wait for a model that is still loading.
    """
    from summarize import brief

    text = check_text(text, service.settings.max_chars)
    source = normalize_source(source)
    translator = service.get(timeout)
    with service.slot():
        return brief(
            text,
            translator=translator,
            sentences=sentences,
            full_translation=full_translation,
            source=source,
            progress=progress,
        )


def run_translate(
    service: ModelService,
    text: str,
    *,
    source: str | None = None,
    target: str = "en",
    progress: Progress | None = None,
    timeout: float | None = 0,
):
    """The sentence-aligned translation of ``text`` (``TranslatedDocument``)."""
    text = check_text(text, service.settings.max_chars)
    source = normalize_source(source)
    target = check_language(target)
    translator = service.get(timeout)
    with service.slot():
        return translator.translate_document(text, source=source, target=target, progress=progress)


@dataclass(frozen=True)
class ParagraphLanguage:
    """The detected language of one paragraph."""

    language: str
    confidence: float
    text: str

    def to_dict(self) -> dict:
        return {"language": self.language, "confidence": self.confidence, "text": self.text}


@dataclass(frozen=True)
class Detection:
    """The language of a text: the main one (by characters) and each paragraph's."""

    language: str
    confidence: float
    paragraphs: tuple[ParagraphLanguage, ...]

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "name": self.name,
            "confidence": self.confidence,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


def run_detect(text: str, max_chars: int) -> Detection:
    """Detect the language of ``text`` and of each of its paragraphs (no model needed)."""
    text = clean_text(check_text(text, max_chars))
    paragraphs = tuple(
        ParagraphLanguage(guess.code, guess.confidence, paragraph)
        for paragraph, guess in detect_paragraph_languages(text)
    )
    weights: dict[str, int] = {}
    for p in paragraphs:
        weights[p.language] = weights.get(p.language, 0) + len(p.text)
    main = max(weights, key=weights.get) if weights else "und"
    share = [p for p in paragraphs if p.language == main]
    confidence = round(sum(p.confidence * len(p.text) for p in share) / max(weights[main], 1), 4)
    return Detection(main, confidence, paragraphs)
