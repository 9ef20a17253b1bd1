"""Counted nouns the tables do not know: which word after a number is the thing counted.

``төрт жаңы оорукана``, ``12 кудук``, ``пять новых школ``: a number followed by a noun counts
that noun, whether or not ``data/nouns.tsv`` knows it. Without a tagger for Kyrgyz, the noun is
found by what it is not: a function word, a lexical adjective (``жаңы``, ``новых``: skipped),
a derived adjective that makes the number part of a compound (``он жылдык`` "ten-year", ``эки
тараптуу`` "bilateral": no count at all), or a word that turns the number into something other
than a count (``эки эсе`` "twice", ``39 жаштагы`` an age, ``5 пункт`` a clause number).

The English of an unknown noun is never made up: :func:`english_noun` takes it from the
aligned English translation, the words right after the same number; without one, the figure
keeps the source word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.figures.numbers import english_number_spans
from translate.names.romanize import inflects, is_ending


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KY_ADJECTIVES = _words(
    "жаңы ири чоң кичи кичинекей заманбап негизги башка жеке кошумча жогорку төмөнкү "
    "бүтүндөй толук түрдүү улуу алгачкы акыркы кийинки мурунку соңку көк кызыл ак кара "
    "сары жашыл боордош достук"
)
# After these the number is no figure at all: an age, a clause, article, grade or rank number
# (stems, with case endings: жаштагы, пунктами, места).
_NO_FIGURE = {
    "ky": ("жаш", "жашар", "пункт", "берене", "бап", "класс", "курс", "орун", "этап", "номер",
           "статья"),
    "ru": ("пункт", "стать", "глав", "класс", "курс", "мест", "этап", "номер"),
}  # fmt: skip
# After these the number is a figure but not a count of things: times, fractions, scores.
_NOT_A_COUNT = {
    "ky": ("эсе", "эсеп", "эсеб", "жолу", "жолку", "ирет", "нече", "катар", "жарым", "тур"),
    "ru": ("раз", "трет", "четверт", "половин", "процентн", "подряд", "тур"),
}
_FUNCTION = {
    "ky": _words(
        "жана же менен деп деген эле гана да дагы тең эмес бар жок ашык ашуун көп аз чейин "
        "кийин мурун мурда жакын бою ичинде үчүн боюнча болуп болгон болду болот ал бул ошол "
        "ар бардык бири бирөө экөө үчөө ким эч тууралуу жөнүндө сайын ашыгыраак кем бүт "
        "алдын быйыл былтыр"
    ),
    "ru": _words(
        "из на в во и а но с со по до от к ко за под над при так как уже еще ещё лишь только "
        "же ли бы назад спустя тому более менее или либо против между после через для без "
        "около свыше всего также них нас вас их его ее её этих тех всех вместо кроме у о об"
    ),
}
# Kyrgyz -лык/-луу on a word of measure makes "number + word" one adjective: он жылдык
# "ten-year", эки тараптуу "bilateral", 300 орундуу "300-seat". On other words it is a plain
# adjective (тарыхтык "historical", маанилүү "important") that a noun follows.
_KY_DERIVED_RE = re.compile(
    r"^(?P<base>[^\W\d_]{2,}?)(?P<d>[лдт])(?:[ыиуү][кг]|уу|үү)(?P<e>[^\W\d_]*)$"
)
_KY_VOWELS = set("аеёиоөуүыэюя")
_KY_VOICELESS = set("кпстфхцчшщ")
# -ган "that did": a participle before the noun it describes (он даярдалган эксперт)
_KY_PARTICIPLE_RE = re.compile(r"[гк][аеоө]н$")
_KY_MEASURE_BASES = (
    "жыл", "ай", "күн", "саат", "апта", "мүнөт", "секунд", "жол", "тарап", "жак", "барак",
    "кабат", "орун", "бөлмө", "балл", "пайыз", "тонна", "миллион", "миллиард", "миң", "жаш",
    "класс", "курс", "кадам", "метр", "чакырым", "гектар", "литр", "ватт", "сом", "доллар",
    "градус", "эсе", "түр", "бет", "сатр", "калк", "адам", "киши", "үй", "бала", "баш",
)  # fmt: skip
_KY_DERIVED_NOUNS = ("шектүү",)  # nouns that look like such adjectives: "suspect"
_RU_ADJECTIVE_RE = re.compile(r"(?:ых|их|ые|ие|ого|его|ая|яя|ое|ее|ой|ую|юю|ым|им|ыми|ими)$")
# Verbs that follow a number (which then counts nothing named): Kyrgyz бол- "be", кыл- "do";
# Russian reflexive and past forms (numbers govern the genitive, so nouns do not end so).
_VERB_STEMS = {"ky": ("бол", "кыл"), "ru": ("был", "будет", "есть")}
_VERB_END = {
    # converbs (утуп, кылып) and passive pasts (катталды, берилди)
    "ky": re.compile(r"(?:[ыиуү]п|[ыиуү]л[дт][ыиуү]|[ыиуү]н[дт][ыиуү])$"),
    "ru": re.compile(r"(?:тся|ться|лись|лось|лся|лась)$"),
}
_RU_ORDINAL_RE = re.compile(
    r"(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят)"
    r"(?:ый|ой|ая|ое|ого|ому|ую|ом|ые|ых|ым|ыми|ий|ье|ья|ьего|ьей|ьему|ьим|ьи|ьих)$"
)
_KY_ORDINAL_RE = re.compile(r"(?:[ыи]нчы|[ыи]нчи|[уү]нчу|[уү]нчү|нчы|нчи|нчу|нчү)$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MAX_ADJECTIVES = 2


def _inflects_any(low: str, stems: tuple[str, ...]) -> bool:
    return bool(low) and any(inflects(low, stem) for stem in stems)


def _lang(language: str) -> str:
    return "ru" if language == "ru" else "ky"


def _ky_derived(low: str) -> str | None:
    """The base of a Kyrgyz -лык/-луу adjective (``жылдык`` -> ``жыл``), else None."""
    if low.startswith(_KY_DERIVED_NOUNS):
        return None
    found = _KY_DERIVED_RE.match(low)
    if found is None or not is_ending(found.group("e")):
        return None
    base, first = found.group("base"), found.group("d")
    if len(base) < 3 and base != "ай":
        return None  # кудук "well" is a noun
    last = base[-1]
    # the suffix's consonant follows the stem: -лык after a vowel, р or й, -тык after a
    # voiceless consonant, -дык after the other voiced ones (наркотик is no -тык word)
    expected = "л" if last in _KY_VOWELS or last in "рй" else "т" if last in _KY_VOICELESS else "д"
    return base if first == expected else None


def _is_adjective(low: str, language: str) -> bool:
    if language == "ky":
        return (
            low in _KY_ADJECTIVES
            or _ky_derived(low) is not None
            or _KY_PARTICIPLE_RE.search(low) is not None
        )
    return _RU_ADJECTIVE_RE.search(low) is not None and len(low) > 4


def no_figure_after(word: str, language: str) -> bool:
    """Whether a number followed by ``word`` is no figure at all.

    An age (``39 жаштагы``), a clause, article, grade or rank number (``5 пункт``,
    ``3 статья``, ``пять мест``).
    """
    return _inflects_any(word.lower(), _NO_FIGURE[_lang(language)])


def not_a_count(word: str, language: str) -> bool:
    """Whether ``word`` right after a number makes it something other than a count of it.

    Times and fractions (``эки эсе``, ``77 000 жолу``, ``в 200 раз``, ``две трети``), and
    Kyrgyz compound adjectives on a word of measure (``он жылдык`` "ten-year", ``эки
    тараптуу`` "bilateral", ``300 орундуу`` "300-seat"). A number in digits before such a
    word may still be a figure; it has no noun.
    """
    language = _lang(language)
    low = word.lower()
    if not low or not low[0].isalpha() or low in _FUNCTION[language]:
        return False
    if no_figure_after(low, language) or _inflects_any(low, _NOT_A_COUNT[language]):
        return True
    if low.startswith(_VERB_STEMS[language]) or _VERB_END[language].search(low):
        return True  # 29 числятся, 5 кылып, 7 болоюн: a verb follows
    if language == "ky" and low.startswith("эсе"):
        return True  # эселеп, эселенди: "doubled"
    if language == "ru" and _RU_ORDINAL_RE.match(low):
        return True  # сорок пятой минуте: an ordinal, not 40
    if language == "ky" and _KY_ORDINAL_RE.search(low):
        return True
    base = _ky_derived(low) if language == "ky" else None
    return base is not None and base.startswith(_KY_MEASURE_BASES)


def source_noun(words: Sequence[str], i: int, language: str) -> int | None:
    """Find the counted noun at or just after ``words[i]`` (the word after a number).

    Up to two adjectives are skipped (``жаңы``, ``новых``); a Russian participle used as a
    noun (``восемь заключенных``) is the noun itself when nothing follows it.

    Args:
        words: the words of the text; ``""`` for punctuation and numbers.
        i: the index of the first word after the number.
        language: ``"ky"`` or ``"ru"``.

    Returns:
        The index of the noun in ``words``, or None when no counted noun follows.
    """
    language = _lang(language)
    adjective = None
    for k in range(i, min(i + _MAX_ADJECTIVES + 1, len(words))):
        word = words[k]
        if len(word) < 2 or not word[0].isalpha() or not word[0].islower():
            break
        low = word.lower()
        if low in _FUNCTION[language] or not_a_count(low, language):
            break
        if _is_adjective(low, language) and k < i + _MAX_ADJECTIVES:
            adjective = k
            continue
        return k
    if adjective is None:
        return None
    # an adjective used as a noun: восемь заключенных, 40 000 жаңы оорулуу катталды
    if language == "ru" or _ky_derived(words[adjective].lower()) is not None:
        return adjective
    return None


_EN_STOP = _words(
    "of in on at to for from with by and or but nor were was are is be been being have "
    "has had will would can could may might shall should must do does did that which who "
    "whom whose the a an this these those than as per across during since each more less "
    "its their his her our your my it they them we you he she there here about over "
    "under into onto out up down after before between among against through around ago "
    "later earlier also only so not no new-found percent cent thousand million billion "
    "trillion hundred built made held sold bought given taken put set left brought kept paid found "
    "lost won spent sent dug grown known shown seen done gone become begun run cut hit got"
)
_EN_TAIL_RE = re.compile(r"[ \u00a0]+([a-z][a-z'-]*)")
_MAX_EN_WORDS = 3


def english_noun(english: str, value: float) -> str | None:
    """The English words for what a number counts, read from an aligned translation.

    ``english_noun("Four new hospitals were built.", 4)`` gives ``"new hospitals"``: the
    lowercase words right after the same number, up to the first function word (at most
    three; a trailing participle such as ``built`` is dropped).

    Args:
        english: the English translation of the sentence the figure is in.
        value: the figure's value.

    Returns:
        The words, or None when the translation has no such number or no noun after it.
    """
    for number in english_number_spans(english):
        if abs(number.value - value) > abs(value) * 1e-9:
            continue
        words: list[str] = []
        end = number.end
        while len(words) < _MAX_EN_WORDS and (match := _EN_TAIL_RE.match(english, end)):
            if match.group(1) in _EN_STOP:
                break
            words.append(match.group(1))
            end = match.end()
        while len(words) > 1 and words[-1].endswith(("ed", "ing")):
            words.pop()
        if words and not words[-1].endswith(("ed", "ing", "ly")):
            return " ".join(words)
    return None


def source_words(text: str) -> list[str]:
    """The words of a text, for tests and callers without a tokenizer of their own."""
    return _WORD_RE.findall(text)
