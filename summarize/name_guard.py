"""The name guard of a brief: people, bodies and terms the English leaves out.

The translation layer flags each such sentence (``name-missing``, ``term-missing``, see
``translate.official``); the brief says which name it is, one warning per name, e.g.
``the source names "Эдил Байсалов" (Edil Baisalov) but the translation leaves the name out``.
"""

from __future__ import annotations

from translate import TranslatedDocument
from translate.glossary import Glossary, builtin_glossary, resolve_glossary
from translate.official import check_names
from translate.translator import Translator
from translate.view import TranslatorView

_NAMED_SOURCES = ("ky", "ru")


def name_warnings(doc: TranslatedDocument | None, glossary: Glossary | None) -> list[str]:
    """One warning per person, body or glossary term of the source that the English of its
    sentence does not name, in any spelling.

    Args:
        doc: the translation (English); None gives no warnings.
        glossary: the glossary the translation was made with; None (names not enforced)
            gives no warnings.
    """
    if doc is None or glossary is None or doc.target_language != "en":
        return []
    warnings: dict[str, None] = {}
    for paragraph in doc.paragraphs:
        if paragraph.source_language not in _NAMED_SOURCES:
            continue
        for pair in paragraph.sentences:
            for mention in check_names(pair.source, pair.translation, glossary).missing:
                if mention.kind == "term":
                    line = (
                        f'the source has "{mention.source}" but the translation has no '
                        f'"{mention.name}"'
                    )
                else:
                    line = (
                        f'the source names "{mention.source}" ({mention.name}) but the '
                        "translation leaves the name out"
                    )
                warnings.setdefault(line)
    return list(warnings)


def names_glossary(translator, glossary) -> Glossary:
    """The glossary a brief reads names with: ``glossary`` (added to the built-in one), else
    the translator's, else the built-in one."""
    if glossary is not None and glossary is not False:
        return resolve_glossary(glossary, builtin_glossary())
    own = getattr(translator, "glossary", None) if _kybrief(translator) else None
    return own if own is not None else builtin_glossary()


def with_glossary(translator, glossary):
    """``translator`` seen through ``glossary`` (a brief's own), or as it is when None."""
    if glossary is None or not _kybrief(translator):
        return translator
    return translator.with_glossary(glossary)


def guard_glossary(translator) -> Glossary | None:
    """The glossary a translator enforces names with (None: it enforces none, or it is not a
    kybrief Translator)."""
    return getattr(translator, "glossary", None) if _kybrief(translator) else None


def _kybrief(translator) -> bool:
    return isinstance(translator, (Translator, TranslatorView))
