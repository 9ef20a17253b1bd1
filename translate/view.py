"""A Translator seen through another glossary: the same model, cache and settings.

``Translator.with_glossary(...)`` gives one; it costs no model load, so a server can give each
request its own glossary (an upload in the app, a field of the JSON API).
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.names.glossary import Glossary, resolve_glossary


class TranslatorView:
    """Every translating method of ``translator`` with ``glossary`` for each call; anything
    else (``engine``, ``cache``, ``max_chars``, ``batch_size``...) is the translator's own.

    Args:
        translator: a ``translate.Translator``.
        glossary: the glossary to use (None: no names enforced).
    """

    def __init__(self, translator, glossary: Glossary | None) -> None:
        self._translator = translator
        self.glossary = glossary

    def __getattr__(self, name: str):
        return getattr(self._translator, name)

    def _spec(self, glossary) -> Glossary | bool:
        chosen = self.glossary_for(glossary)
        return chosen if chosen is not None else False

    def with_glossary(self, glossary) -> TranslatorView:
        """As ``Translator.with_glossary``, on top of this view's glossary."""
        return TranslatorView(self._translator, self.glossary_for(glossary))

    def glossary_for(self, glossary=None) -> Glossary | None:
        """As ``Translator.glossary_for``, on this view's glossary."""
        return self.glossary if glossary is None else resolve_glossary(glossary, self.glossary)

    def translate(self, text, source=None, target="en", progress=None, *, glossary=None):
        """``Translator.translate`` with this view's glossary."""
        spec = self._spec(glossary)
        return self._translator.translate(text, source, target, progress, glossary=spec)

    def translate_document(
        self, text, source=None, target="en", progress=None, *, glossary=None, verify=False
    ):
        """``Translator.translate_document`` with this view's glossary."""
        spec = self._spec(glossary)
        return self._translator.translate_document(
            text, source, target, progress, glossary=spec, verify=verify
        )

    def translate_documents(
        self, texts: Sequence[str], source=None, target="en", progress=None, *, glossary=None
    ):
        """``Translator.translate_documents`` with this view's glossary."""
        spec = self._spec(glossary)
        return self._translator.translate_documents(texts, source, target, progress, glossary=spec)

    def translate_plans(self, plans, target="en", progress=None, *, glossary=None):
        """``Translator.translate_plans`` with this view's glossary."""
        spec = self._spec(glossary)
        return self._translator.translate_plans(plans, target, progress, glossary=spec)

    def translate_pairs(self, sentences, source, target, progress=None, *, glossary=None):
        """``Translator.translate_pairs`` with this view's glossary."""
        spec = self._spec(glossary)
        return self._translator.translate_pairs(sentences, source, target, progress, glossary=spec)

    def translate_sentences(self, sentences, source, target, progress=None, *, glossary=None):
        """``Translator.translate_sentences`` with this view's glossary."""
        spec = self._spec(glossary)
        return self._translator.translate_sentences(
            sentences, source, target, progress, glossary=spec
        )
