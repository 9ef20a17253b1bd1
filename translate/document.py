"""Results of translation: frozen dataclasses with ``to_dict()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SentencePair:
    """One source sentence and its translation, with how far the translation can be trusted.

    Attributes:
        source: the source sentence.
        translation: its translation.
        confidence: the model's confidence in [0, 1] (exp of the mean log-probability of the
            tokens it wrote, see ``translate.quality``); ``None`` when the sentence was not
            translated (already in the target language, or digits and symbols only).
        flags: why the translation may be wrong, short stable strings from
            ``translate.quality.FLAGS`` (``"low-confidence"``, ``"wrong-language"``,
            ``"repetition"``, ``"copied"``, ``"length"``, ``"name-missing"``,
            ``"term-missing"``); empty when nothing was noticed.
    """

    source: str
    translation: str
    confidence: float | None = None
    flags: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """Whether any flag is raised."""
        return bool(self.flags)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["flags"] = list(self.flags)
        return out


@dataclass(frozen=True)
class TranslatedParagraph:
    """A paragraph as aligned sentence pairs, with the language it was translated from."""

    source_language: str
    sentences: tuple[SentencePair, ...]

    @property
    def source(self) -> str:
        return " ".join(p.source for p in self.sentences)

    @property
    def translation(self) -> str:
        return " ".join(p.translation for p in self.sentences)

    def to_dict(self) -> dict:
        return {
            "source_language": self.source_language,
            "sentences": [p.to_dict() for p in self.sentences],
        }


@dataclass(frozen=True)
class TranslatedDocument:
    """A translated text: paragraphs in source order, each a list of aligned sentences.

    ``separators[i]`` is the whitespace that followed paragraph ``i`` in the source, so the
    translation keeps the source's paragraph breaks.
    """

    source_language: str
    target_language: str
    paragraphs: tuple[TranslatedParagraph, ...]
    separators: tuple[str, ...] = ()

    @property
    def sentences(self) -> tuple[SentencePair, ...]:
        return tuple(p for para in self.paragraphs for p in para.sentences)

    @property
    def source(self) -> str:
        return self._join([p.source for p in self.paragraphs])

    @property
    def flagged_count(self) -> int:
        """How many sentences carry at least one flag."""
        return sum(1 for p in self.sentences if p.flags)

    @property
    def mean_confidence(self) -> float | None:
        """The mean confidence of the translated sentences (None when none was translated)."""
        scores = [p.confidence for p in self.sentences if p.confidence is not None]
        return round(sum(scores) / len(scores), 4) if scores else None

    def quality(self) -> dict:
        """For triage: sentences translated, how many are flagged, and their mean confidence."""
        translated = sum(1 for p in self.sentences if p.confidence is not None or p.flags)
        return {
            "sentences": translated,
            "flagged": self.flagged_count,
            "mean_confidence": self.mean_confidence,
        }

    @property
    def translation(self) -> str:
        return self._join([p.translation for p in self.paragraphs])

    def _join(self, parts: list[str]) -> str:
        out = []
        for i, part in enumerate(parts):
            out.append(part)
            if i < len(parts) - 1:
                out.append(self.separators[i] if i < len(self.separators) else "\n\n")
        return "".join(out)

    def to_dict(self) -> dict:
        return {
            "source_language": self.source_language,
            "target_language": self.target_language,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "translation": self.translation,
            "flagged_count": self.flagged_count,
        }
