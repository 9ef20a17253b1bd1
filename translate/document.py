"""Results of translation: frozen dataclasses with ``to_dict()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SentencePair:
    """One source sentence and its translation.

    ``confidence`` is the model's confidence in the translation (None when not measured);
    ``flags`` name problems found in it (empty when none).
    """

    source: str
    translation: str
    confidence: float | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["flags"] = list(self.flags)  # JSON-ready: equal to its JSON round trip
        return data


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
        }
