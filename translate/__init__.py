"""kybrief's translation layer: NLLB-200 for Kyrgyz, Russian and English.

from translate import Translator
Translator().translate("Бүгүн Бишкекте жаан жаады.", target="en")
"""

from translate.cache import CacheKey, CacheStats, TranslationCache
from translate.document import SentencePair, TranslatedDocument, TranslatedParagraph
from translate.engines import Hypothesis
from translate.engines.transformers import resolve_device
from translate.errors import (
    InputError,
    KybriefError,
    ModelNotAvailableError,
    UnsupportedLanguageError,
)
from translate.langid import LanguageGuess, detect_language, detect_paragraph_languages
from translate.languages import LANGUAGE_NAMES, NLLB_CODES, SUPPORTED_LANGUAGES, check_language
from translate.plan import NO_LANGUAGE, DocumentPlan, paragraph_language, plan_document
from translate.quality import (
    DEFAULT_MIN_CONFIDENCE,
    FLAG_LABELS,
    FLAGS,
    Review,
    describe_flags,
    review,
)
from translate.segment import (
    is_untranslatable,
    paragraph_separator,
    split_long_sentence,
    split_paragraphs,
    split_sentences,
)
from translate.textclean import clean_text
from translate.translator import DEFAULT_MODEL, Translator
from translate.tuning import Tuning, batch_plan, thread_plan, usable_cores

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "DEFAULT_MODEL",
    "FLAGS",
    "FLAG_LABELS",
    "LANGUAGE_NAMES",
    "NLLB_CODES",
    "NO_LANGUAGE",
    "SUPPORTED_LANGUAGES",
    "CacheKey",
    "CacheStats",
    "DocumentPlan",
    "Hypothesis",
    "InputError",
    "KybriefError",
    "LanguageGuess",
    "ModelNotAvailableError",
    "Review",
    "SentencePair",
    "TranslatedDocument",
    "TranslatedParagraph",
    "TranslationCache",
    "Translator",
    "Tuning",
    "UnsupportedLanguageError",
    "batch_plan",
    "check_language",
    "clean_text",
    "describe_flags",
    "detect_language",
    "detect_paragraph_languages",
    "is_untranslatable",
    "paragraph_language",
    "paragraph_separator",
    "plan_document",
    "resolve_device",
    "review",
    "split_long_sentence",
    "split_paragraphs",
    "split_sentences",
    "thread_plan",
    "usable_cores",
]
