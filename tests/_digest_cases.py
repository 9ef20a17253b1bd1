"""Helpers of the digest tests: a translator that looks English up, briefs made without a model."""

from __future__ import annotations

import dataclasses

from summarize import Brief, brief
from translate import SentencePair, TranslatedDocument, TranslatedParagraph, Translator

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
HOSTILE = [
    (
        f"Министр Бишкекте 1000 тонна буудай тууралуу айтты {SCRIPT}.",
        f"The minister spoke about 1,000 tonnes of wheat in Bishkek {SCRIPT}.",
    ),
    (f"Бул тууралуу өкмөттүн басма сөз кызматы маалымдады {IMG}.", f"Reported {IMG}."),
]
PLAIN = [
    ("Президент Садыр Жапаров Түркиянын элчисин кабыл алды.", "President Sadyr Japarov received"
     " the Ambassador of Turkey."),
    ("Бул тууралуу Президенттин басма сөз кызматы маалымдады.", "This was reported by the "
     "President's press service."),
]  # fmt: skip


class LookupTranslator(Translator):
    """A Translator whose "model" is a dict: source sentence -> English (for text-logic tests).

    Segmentation, language detection and document assembly are the real Translator's; only
    ``translate_pairs`` (the core every other method goes through) is replaced, so no model is
    loaded. Looked-up sentences are confident and unflagged.
    """

    def __init__(self, english: dict[str, str]) -> None:  # no super().__init__: no model
        self.english = english
        self.max_chars = 200_000

    def translate_pairs(self, sentences, source, target, progress=None, glossary=None):
        # The way back (the meaning check's round trip) looks the English up in reverse, as a
        # model that memorized both directions would: a looked-up sentence comes back exactly.
        table = self.english if target == "en" else {en: s for s, en in self.english.items()}
        return [
            SentencePair(s, table[s], 0.95)
            if s in table
            else SentencePair(s, f"[untranslated {s}]", 0.1, ("low-confidence",))
            for s in sentences
        ]


def lookup_brief(pairs: list[tuple[str, str]], source: str | None = None) -> Brief:
    """The real brief() of the sentences' text, one sentence per line, English looked up."""
    text = "\n".join(src for src, _ in pairs)
    return brief(text, translator=LookupTranslator(dict(pairs)), source=source)


def with_flags(
    made: Brief, flags: tuple[str, ...] = ("low confidence",), *, every: bool = False
) -> Brief:
    """A copy of a brief whose headline sentence (``every``: every sentence) carries
    translation flags."""
    doc = made.translation
    paragraphs = tuple(
        TranslatedParagraph(
            p.source_language,
            tuple(
                dataclasses.replace(pair, flags=flags, confidence=0.41)
                if every or pair.translation == made.headline
                else pair
                for pair in p.sentences
            ),
        )
        for p in doc.paragraphs
    )
    translated = TranslatedDocument(
        doc.source_language, doc.target_language, paragraphs, doc.separators
    )
    return dataclasses.replace(made, translation=translated)
