"""Results of translation: frozen dataclasses with ``to_dict()``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from translate.errors import InputError

#: Progress callbacks get (sentences done, sentences in all): the one type every layer uses.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MissingName:
    """A person, body or glossary term of a source sentence that its English does not name.

    Attributes:
        kind: ``"person"``, ``"org"`` or ``"term"``.
        source: the words as the source writes them (``"Эдил Байсалов"``).
        name: the official English (``"Edil Baisalov"``).
    """

    kind: str
    source: str
    name: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "source": self.source, "name": self.name}


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
        missing_names: the names behind ``name-missing`` and ``term-missing``, found once,
            when the translation was checked (``translate.names.official``).
        round_trip: the meaning check in [0, 1]: chrF of the translation translated back into
            the source language against the source (``translate.roundtrip``); ``None`` when
            it was not asked for. Below the threshold the pair is flagged ``meaning``.
    """

    source: str
    translation: str
    confidence: float | None = None
    flags: tuple[str, ...] = ()
    missing_names: tuple[MissingName, ...] = ()
    round_trip: float | None = None

    @property
    def flagged(self) -> bool:
        """Whether any flag is raised."""
        return bool(self.flags)

    def to_dict(self) -> dict:
        out = {
            "source": self.source,
            "translation": self.translation,
            "confidence": self.confidence,
            "flags": list(self.flags),
        }
        if self.missing_names:  # additive: only where the name guard found something
            out["missing_names"] = [m.to_dict() for m in self.missing_names]
        if self.round_trip is not None:  # additive: only where the meaning check ran
            out["round_trip"] = self.round_trip
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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TranslatedDocument:
        """Rebuild a document from its ``to_dict()`` output (dicts written before sentences
        had ``confidence``, ``flags`` and ``missing_names`` load too, without them).

        Raises:
            InputError: the dict is not a translated document.
        """
        try:
            paragraphs = tuple(
                TranslatedParagraph(
                    p["source_language"], tuple(_pair_from_dict(s) for s in p["sentences"])
                )
                for p in data["paragraphs"]
            )
            doc = cls(data["source_language"], data["target_language"], paragraphs)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not a translated document: {type(exc).__name__}: {exc}") from exc
        return doc._with_separators(data.get("translation"))

    def _with_separators(self, translation: str | None) -> TranslatedDocument:
        """Recover the paragraph separators ("\\n" or "\\n\\n") from the joined translation."""
        count = max(len(self.paragraphs) - 1, 0)
        for separator in ("\n\n", "\n"):
            candidate = TranslatedDocument(
                self.source_language, self.target_language, self.paragraphs, (separator,) * count
            )
            if translation is None or candidate.translation == translation:
                return candidate
        return self


def _pair_from_dict(data: dict[str, Any]) -> SentencePair:
    confidence = data.get("confidence")
    flags = data.get("flags") or ()
    if isinstance(flags, str) or not all(isinstance(f, str) for f in flags):
        raise TypeError(f"flags must be a list of strings, not {flags!r}")
    missing = tuple(
        MissingName(m["kind"], m["source"], m["name"]) for m in data.get("missing_names") or ()
    )
    round_trip = data.get("round_trip")
    return SentencePair(
        data["source"],
        data["translation"],
        None if confidence is None else float(confidence),
        tuple(flags),
        missing,
        None if round_trip is None else float(round_trip),
    )
