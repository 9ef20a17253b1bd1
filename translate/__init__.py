"""kybrief's translation layer: NLLB-200 for Kyrgyz, Russian and English.

from translate import Translator
Translator().translate("Бүгүн Бишкекте жаан жаады.", target="en")
"""

from translate.cache import CacheKey, CacheStats, TranslationCache
from translate.document import SentencePair, TranslatedDocument, TranslatedParagraph
from translate.errors import (
    InputError,
    KybriefError,
    ModelNotAvailableError,
    UnsupportedLanguageError,
)
from translate.langid import LanguageGuess, detect_language, detect_paragraph_languages
from translate.languages import LANGUAGE_NAMES, NLLB_CODES, SUPPORTED_LANGUAGES, check_language
from translate.segment import split_long_sentence, split_paragraphs, split_sentences
from translate.translator import DEFAULT_MODEL, DocumentPlan, Translator, paragraph_language

__all__ = [
    "DEFAULT_MODEL",
    "LANGUAGE_NAMES",
    "NLLB_CODES",
    "SUPPORTED_LANGUAGES",
    "CacheKey",
    "CacheStats",
    "DocumentPlan",
    "InputError",
    "KybriefError",
    "LanguageGuess",
    "ModelNotAvailableError",
    "SentencePair",
    "TranslatedDocument",
    "TranslatedParagraph",
    "TranslationCache",
    "Translator",
    "UnsupportedLanguageError",
    "check_language",
    "detect_language",
    "detect_paragraph_languages",
    "paragraph_language",
    "split_long_sentence",
    "split_paragraphs",
    "split_sentences",
]
