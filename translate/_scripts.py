"""Writing systems, distinctive letters and marker words for language identification."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from translate._abbrev import words

#: Unicode ranges -> script name (checked in order; the first match wins).
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x3130, 0x318F, "Hangul"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0x3040, 0x30FF, "Kana"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xF900, 0xFAFF, "Han"),
    (0x20000, 0x2FA1F, "Han"),
)

#: Scripts that name one language (or one family we report by one code).
SCRIPT_LANGUAGES: dict[str, str] = {
    "Greek": "el",
    "Armenian": "hy",
    "Hebrew": "he",
    "Arabic": "ar",
    "Devanagari": "hi",
    "Thai": "th",
    "Georgian": "ka",
    "Hangul": "ko",
    "Kana": "ja",
    "Han": "zh",
}


def script_of(char: str) -> str:
    """The script of one letter, or ``"Other"``."""
    point = ord(char)
    for low, high, name in _RANGES:
        if low <= point <= high:
            return name
    return "Other"


def letters(text: str) -> list[str]:
    """The letters of the text (``str.isalpha``), NFC-normalized and lower-cased."""
    return [ch for ch in unicodedata.normalize("NFC", text).lower() if ch.isalpha()]


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_OPENING = '.!?…:;"«“„(—–-'


def content_text(text: str) -> str:
    """The text without its proper names: the words that carry the language.

    A capitalized word inside a sentence is taken for a name ("Қасым-Жомарт Тоқаев" in a
    Kyrgyz sentence, "Өмүрбек" in a Russian one, "Erdoğan" in an English one), and its letters
    say little about the language around it. Returns the whole text when names are most of it.
    """
    text = unicodedata.normalize("NFC", text)
    kept: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group()
        pos = match.start() - 1
        while pos >= 0 and text[pos].isspace():
            pos -= 1
        if word[0].isupper() and pos >= 0 and text[pos] not in _SENTENCE_OPENING:
            continue
        kept.append(word)
    content = " ".join(kept)
    return content if 2 * len(letters(content)) >= len(letters(text)) else text


def script_counts(chars: list[str]) -> Counter[str]:
    """How many of the letters belong to each script."""
    return Counter(script_of(ch) for ch in chars)


# --- Cyrillic -------------------------------------------------------------------------------

#: Letters that only some Cyrillic alphabets have (lower case).
CYRILLIC_MARKS: dict[str, str] = {
    "tg": "ӣӯҷ",
    "uz": "ў",
    "tg_uz": "ҳ",
    "kk_uz": "ғқ",
    "kk": "әұһі",
    "ba": "ҡҙҫ",
    "tt": "җ",
    "uk": "їєґ",
    "sr": "ђћ",
    "mk": "ѓќѕ",
    "sr_mk": "јљњџ",
    "ky": "ң",
    "ky_mn": "өү",
}

#: Frequent words that tell Cyrillic-script languages apart (lower case).
CYRILLIC_WORDS: dict[str, frozenset[str]] = {
    "ky": words(
        "жана менен боюнча үчүн бул ал алар деп деди болуп болот болгон эле дагы бир эки "
        "тууралуу ошондой ошол анын аны ага биз мен сен эмес жок бар керек азыр кийин "
        "мурда чейин бери аркылуу жөнүндө катары ар кандай келди кетти катышты эмне эмнеге "
        "ооба эми бирок эгер кээ"
    ),
    "ru": words(
        "и в во на что не с со по к из за от для о об как это он она они мы но а же бы "
        "было был была были его ее её их также который которые при после году до так все "
        "нет уже только есть меня мне вас нас этот эта эти там где когда если"
    ),
    "mn": words(
        "нь юм байна байгаа бол болон энэ тэр гэж гэсэн гэх хийх улс монгол бас мөн би чи бид "
        "буюу болно байсан өөр дээр хүн юу яаж"
    ),
    "bg": words("е са че от за към този това тази които се ще със във при след беше"),
    "tg": words("ва дар ба аз бо ки ин мешавад буд аст шуд барои онҳо вай ман ту мо шумо он"),
    "uz": words("ва билан учун бу бўйича ҳам эди қилди йил бўлди ўз"),
    "kk": words("және мен бойынша үшін бұл ол деп болды еді жылы осы"),
}

#: Mongolian writes э after consonants ("энэ", "гэж", "нийслэл"), past tenses in -ээ
#: ("хийлээ"), -гч agent nouns, and "нь".
_MN_CONSONANT = "бвгджзклмнпрстфхцчшщ"
MN_PATTERNS = re.compile(rf"[{_MN_CONSONANT}]э(?!э)|\w[{_MN_CONSONANT}]ээ\b|гч\b|\bнь\b")

#: Kyrgyz suffixes on long words; Russian endings. Each hit is weak evidence.
KY_SUFFIXES = re.compile(
    r"\w{2,}(?:дын|дин|тын|тин|нын|нин|дан|ден|тан|тен|нан|нен|ган|ген|кан|кен|"
    r"ды|ди|ты|ти|ны|ни|га|ге|ка|ке|да|де|та|те|ат|ыш|иш|ышты|ишти|дык|дик|лык|лик|"
    r"лар|лер|дар|дер|тар|тер)\b"
)
RU_SUFFIXES = re.compile(
    r"\w{2,}(?:ого|его|ому|ему|ость|ости|ский|ская|ское|ских|ция|ции|ются|ется|ался|"
    r"ение|ения|ать|ять|ить|ыми|ими|ой|ый|ий|ая|яя|ое|ее|ых|их|ешь|ишь|ет|ит|ют|ят)\b"
)


def cyrillic_marks(chars: list[str]) -> Counter[str]:
    """How many distinctive letters of each group (see ``CYRILLIC_MARKS``) the text has."""
    found: Counter[str] = Counter()
    for group, marks in CYRILLIC_MARKS.items():
        found[group] = sum(ch in marks for ch in chars)
    return +found


def word_hits(words: list[str], table: dict[str, frozenset[str]]) -> Counter[str]:
    """How many of the words are marker words of each language in ``table``."""
    hits: Counter[str] = Counter()
    for lang, vocabulary in table.items():
        hits[lang] = sum(word in vocabulary for word in words)
    return +hits


# --- Latin ----------------------------------------------------------------------------------

#: Letters outside ASCII that point to one Latin-script language (lower case).
LATIN_MARKS: dict[str, str] = {
    "tr": "ığş",
    "az": "ə",
    "de": "äß",
    "fr": "èêëîœù",
    "es": "ñ¿¡",
    "pt": "ãõ",
    "pl": "ąęłśźż",
    "cs": "řěů",
}

LATIN_WORDS: dict[str, frozenset[str]] = {
    "en": words(
        "the of and to a in is that for it on was with he as by at from his be are have has "
        "this not but an they will were had said which been would their we who its"
    ),
    "uz": words(
        "va bilan uchun bu bo'yicha bo‘yicha ham edi qildi yil o'z o‘z bo'ldi bo‘ldi esa "
        "yana shu kabi haqida"
    ),
    "de": words("der die das und ist nicht den mit von zu ein eine dem sich auch"),
    "fr": words("le la les des et est une un du que dans pour pas sur qui au il"),
    "es": words("el la los las de y que en un una es por con para del se"),
    "pt": words("o os as de e que em um uma não para com do da dos se"),
    "it": words("il la di che e è un una per non con del della sono gli"),
    "nl": words("de het een en van is niet dat op te met voor zijn"),
    "tr": words("bir ve bu da de için ile çok olarak daha gibi ama"),
}

#: Uzbek Latin spells its o' and g' with an apostrophe-like mark.
UZ_LATIN = re.compile(r"[og][ʻ'‘’`]", re.IGNORECASE)


def latin_marks(chars: list[str]) -> Counter[str]:
    """How many language-specific Latin letters of each language the text has."""
    found: Counter[str] = Counter()
    for lang, marks in LATIN_MARKS.items():
        found[lang] = sum(ch in marks for ch in chars)
    return +found


def words_of(text: str) -> list[str]:
    """Lower-cased words (letters and apostrophes), for marker-word lookups."""
    return re.findall(r"[^\W\d_]+(?:[ʻ'‘’][^\W\d_]+)*", text.lower())
