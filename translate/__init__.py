"""kybrief's translation layer: NLLB-200 for Kyrgyz, Russian and English.

from translate import Translator
Translator().translate("Бүгүн Бишкекте жаан жаады.", target="en")
"""

from translate.cache import CacheKey, CacheStats, TranslationCache
from translate.document import (
    MissingName,
    Progress,
    SentencePair,
    TranslatedDocument,
    TranslatedParagraph,
)
from translate.engines import Hypothesis
from translate.engines.transformers import resolve_device
from translate.errors import (
    InputError,
    KybriefError,
    ModelNotAvailableError,
    TextTooLongError,
    UnsupportedLanguageError,
)
from translate.langid import LanguageGuess, detect_language, detect_paragraph_languages
from translate.languages import LANGUAGE_NAMES, NLLB_CODES, SUPPORTED_LANGUAGES, check_language
from translate.names.finder import NameMention, find_names
from translate.names.glossary import (
    Glossary,
    GlossaryEntry,
    builtin_glossary,
    glossary_from_items,
    load_glossary,
    parse_glossary,
)
from translate.names.official import NAME_MISSING, TERM_MISSING, NameCheck, check_names
from translate.names.romanize import romanize
from translate.plan import (
    DEFAULT_MAX_CHARS,
    NO_LANGUAGE,
    DocumentPlan,
    check_length,
    paragraph_language,
    plan_document,
    translate_plans,
)
from translate.quality import (
    DEFAULT_MIN_CONFIDENCE,
    FLAG_LABELS,
    FLAGS,
    Review,
    describe_flags,
    review,
)
from translate.roundtrip import (
    DEFAULT_MIN_ROUND_TRIP,
    MEANING,
    round_trip_score,
    verify_pairs,
)
from translate.segment import (
    clean_text,
    is_untranslatable,
    paragraph_separator,
    split_long_sentence,
    split_paragraphs,
    split_sentences,
)
from translate.translator import DEFAULT_MODEL, Translator
from translate.tuning import Tuning, batch_plan, thread_plan, usable_cores
from translate.view import TranslatorView

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MIN_CONFIDENCE",
    "DEFAULT_MIN_ROUND_TRIP",
    "DEFAULT_MODEL",
    "FLAGS",
    "FLAG_LABELS",
    "LANGUAGE_NAMES",
    "MEANING",
    "NAME_MISSING",
    "NLLB_CODES",
    "NO_LANGUAGE",
    "SUPPORTED_LANGUAGES",
    "TERM_MISSING",
    "CacheKey",
    "CacheStats",
    "DocumentPlan",
    "Glossary",
    "GlossaryEntry",
    "Hypothesis",
    "InputError",
    "KybriefError",
    "LanguageGuess",
    "MissingName",
    "ModelNotAvailableError",
    "NameCheck",
    "NameMention",
    "Progress",
    "Review",
    "SentencePair",
    "TextTooLongError",
    "TranslatedDocument",
    "TranslatedParagraph",
    "TranslationCache",
    "Translator",
    "TranslatorView",
    "Tuning",
    "UnsupportedLanguageError",
    "batch_plan",
    "builtin_glossary",
    "check_language",
    "check_length",
    "check_names",
    "clean_text",
    "describe_flags",
    "detect_language",
    "detect_paragraph_languages",
    "find_names",
    "glossary_from_items",
    "is_untranslatable",
    "load_glossary",
    "paragraph_language",
    "paragraph_separator",
    "parse_glossary",
    "plan_document",
    "resolve_device",
    "review",
    "romanize",
    "round_trip_score",
    "split_long_sentence",
    "split_paragraphs",
    "split_sentences",
    "thread_plan",
    "translate_plans",
    "usable_cores",
    "verify_pairs",
]
