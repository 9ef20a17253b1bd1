"""People, places and official bodies named in Kyrgyz, Russian or English text.

The names come from the translation layer, which writes the same names in the English:
the glossary (``translate.names.glossary``: ``translate/data/glossary.tsv`` and any user glossary)
spells them the way the Kyrgyz government's own English does (Akylbek Japarov, Jogorku
Kenesh, Issyk-Kul), matched through Kyrgyz and Russian case endings (``Токаевди`` ->
Kassym-Jomart Tokayev, ``Бишкекте`` -> Bishkek); people the glossary does not know are found
by the shape of their name or by their office, and romanized (``translate.names.finder``).
"""

from __future__ import annotations

from summarize.types import ENTITY_KINDS, Entity
from translate import InputError, check_language
from translate.names.finder import find_names
from translate.names.glossary import Glossary, GlossaryEntry, load_glossary

__all__ = ["Glossary", "GlossaryEntry", "extract_entities", "load_glossary"]


def extract_entities(
    text: str, language: str = "ky", glossary: Glossary | None = None
) -> list[Entity]:
    """Find the people, places and bodies a text names, in official English spelling.

    Args:
        text: Kyrgyz, Russian or English text.
        language: ``"ky"``, ``"ru"`` or ``"en"`` (the glossary holds forms of all three, so
            this only validates the code).
        glossary: names to look for; default :func:`load_glossary` ``()`` (the built-in one).
            Its terms (kind ``term``) are not entities and are left out.

    Returns:
        Entities in order of first mention, each name once, e.g.
        ``Entity(name="Akylbek Japarov", kind="person", source="Акылбек Жапаров")``.

    Raises:
        InputError: ``text`` is not a string.
        UnsupportedLanguageError: unknown ``language``.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    check_language(language)
    glossary = glossary if glossary is not None else load_glossary()
    seen: set[str] = set()
    entities = []
    for mention in find_names(text, glossary):
        if mention.kind in ENTITY_KINDS and mention.name not in seen:
            seen.add(mention.name)
            entities.append(Entity(mention.name, mention.kind, mention.source))
    return entities
