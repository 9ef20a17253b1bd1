"""Tests for translate.segment: paragraphs, sentences, long-sentence cutting."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.errors import InputError
from translate.segment import (
    is_untranslatable,
    paragraph_separator,
    split_long_sentence,
    split_paragraphs,
    split_sentences,
)

SEEDS = Path(__file__).parent / "data" / "seeds"
DOCS = ("000_38dde02481074d0c", "003_81dc408626ee1eb4")


def _squash(text: str) -> str:
    return "".join(text.split())


def _seed_rows() -> dict[tuple[str, int], list[dict[str, str]]]:
    rows: dict[tuple[str, int], list[dict[str, str]]] = defaultdict(list)
    for line in (SEEDS / "sentences.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[(row["doc"], row["paragraph"])].append(row)
    return rows


SEED_ROWS = _seed_rows()
SEED_KEYS = sorted(SEED_ROWS)


def _seed_paragraph(doc: str, number: int) -> str:
    text = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    return split_paragraphs(text)[number - 1]


# --- seeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("doc", "expected"), [(DOCS[0], 13), (DOCS[1], 14)])
def test_seed_documents_sentence_counts(doc: str, expected: int) -> None:
    text = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    assert len(split_sentences(text, "ky")) == expected
    assert len(split_sentences(text)) == expected  # "ky" is the default


@pytest.mark.parametrize(("doc", "paragraph"), SEED_KEYS)
def test_seed_paragraph_gives_reference_kyrgyz_sentences(doc: str, paragraph: int) -> None:
    expected = [row["ky"] for row in SEED_ROWS[(doc, paragraph)]]
    assert split_sentences(_seed_paragraph(doc, paragraph), "ky") == expected


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(("doc", "paragraph"), SEED_KEYS)
def test_joined_reference_translations_split_back(doc: str, paragraph: int, language: str) -> None:
    expected = [row[language] for row in SEED_ROWS[(doc, paragraph)]]
    assert split_sentences(" ".join(expected), language) == expected


def test_whole_seed_document_matches_reference_in_order() -> None:
    for doc in DOCS:
        text = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
        expected = [row["ky"] for key in SEED_KEYS if key[0] == doc for row in SEED_ROWS[key]]
        assert split_sentences(text, "ky") == expected


# --- paragraphs -----------------------------------------------------------------------------


def test_one_paragraph_per_line_without_blank_lines() -> None:
    text = "  Биринчи сап. \nЭкинчи сап.\n"
    assert split_paragraphs(text) == ["Биринчи сап.", "Экинчи сап."]


def test_whitespace_only_line_counts_as_blank() -> None:
    text = "  Биринчи сап. \nЭкинчи сап.\n\t\nҮчүнчү."
    assert split_paragraphs(text) == ["Биринчи сап. Экинчи сап.", "Үчүнчү."]


def test_blank_lines_join_hard_wrapped_lines() -> None:
    text = "First line of a\nwrapped paragraph.\n\n\nSecond\r\nparagraph.\n"
    assert split_paragraphs(text) == ["First line of a wrapped paragraph.", "Second paragraph."]
    assert paragraph_separator(text) == "\n\n"


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("a\nb\nc", "\n"),
        ("\n\na\nb\n\n", "\n"),  # blank lines only at the edges separate nothing
        ("a\n\nb", "\n\n"),
        ("a\r\n\r\nb", "\n\n"),
        ("", "\n"),
    ],
)
def test_paragraph_separator(text: str, separator: str) -> None:
    assert paragraph_separator(text) == separator


def test_seed_file_is_one_paragraph_per_line() -> None:
    text = (SEEDS / f"{DOCS[1]}.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert split_paragraphs(text) == lines
    assert paragraph_separator(text) == "\n"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n"])
def test_blank_text_has_no_paragraphs_or_sentences(text: str) -> None:
    assert split_paragraphs(text) == []
    assert split_sentences(text) == []


# --- sentence rules -------------------------------------------------------------------------

CASES = [
    # Kyrgyz abbreviations: шаары, жылы, облусу
    ("ky", "Бишкек ш. мэриясы жыйын өткөрдү. Ал 2021-ж. 5-майда болду.",
     ["Бишкек ш. мэриясы жыйын өткөрдү.", "Ал 2021-ж. 5-майда болду."]),
    ("ky", "Чүй обл. Аламүдүн районунда жыйын болду. Бул маанилүү.",
     ["Чүй обл. Аламүдүн районунда жыйын болду.", "Бул маанилүү."]),
    ("ky", "Бюджет 2 млрд. сом болду. Кирешеси 3 млн. Бул жакшы.",
     ["Бюджет 2 млрд. сом болду.", "Кирешеси 3 млн.", "Бул жакшы."]),
    ("ky", "Соода 2 млн. АКШ долларына жетти.", ["Соода 2 млн. АКШ долларына жетти."]),
    # initials
    ("ky", "Президент А. Жапаров келди. Ж.Б. Бакиев да катышты.",
     ["Президент А. Жапаров келди.", "Ж.Б. Бакиев да катышты."]),
    ("ru", "Выступил А. В. Петров. Затем Дж. Смит.", ["Выступил А. В. Петров.", "Затем Дж. Смит."]),
    ("en", "J. Smith met Mr. Brown. They talked.", ["J. Smith met Mr. Brown.", "They talked."]),
    # decimals and dates
    ("ky", "Өсүш 3,9 пайызды түздү. Инфляция 3.9% болду. Дата 01.05.21 болчу.",
     ["Өсүш 3,9 пайызды түздү.", "Инфляция 3.9% болду.", "Дата 01.05.21 болчу."]),
    # Russian abbreviations
    ("ru", "В 2021 г. Президент подписал указ. Встреча прошла в г. Бишкек.",
     ["В 2021 г. Президент подписал указ.", "Встреча прошла в г. Бишкек."]),
    ("ru", "Это было в 2021 г. Он подписал указ.", ["Это было в 2021 г.", "Он подписал указ."]),
    ("ru", "Т.е. ничего. Мы ждём и т.д. Он пришёл, т. е. вернулся. Было и т. д. Он ушёл.",
     ["Т.е. ничего.", "Мы ждём и т.д.", "Он пришёл, т. е. вернулся.", "Было и т. д.", "Он ушёл."]),
    ("ru", "Рост составил 5 тыс. Рублей не хватает.", ["Рост составил 5 тыс.", "Рублей не хватает."]),
    # English abbreviations
    ("en", "We met Dr. Lee at 3 p.m. on Jan. 5. They talked, e.g. about the U.S. economy.",
     ["We met Dr. Lee at 3 p.m. on Jan. 5.", "They talked, e.g. about the U.S. economy."]),
    ("en", "It grew in the U.S. The rest fell.", ["It grew in the U.S.", "The rest fell."]),
    ("en", '"No, no, no." He left.', ['"No, no, no."', "He left."]),
    # ellipses
    ("ru", "Он сказал… Потом ушёл. Ну... и что?", ["Он сказал…", "Потом ушёл.", "Ну... и что?"]),
    ("en", "He left... And never came back.", ["He left...", "And never came back."]),
    # quotations and attributions
    ("ky", '"Биринчи. Экинчи", - деди Садыр Жапаров.',
     ['"Биринчи.', 'Экинчи", - деди Садыр Жапаров.']),
    ("ky", "«Биринчи. Экинчи!» - деди ал. Андан кийин кетти.",
     ["«Биринчи.", "Экинчи!» - деди ал.", "Андан кийин кетти."]),
    ("ky", "Ал мындай деди: “Биз даярбыз. Ишке киришебиз!” Андан кийин кетти.",
     ["Ал мындай деди: “Биз даярбыз.", "Ишке киришебиз!”", "Андан кийин кетти."]),
    ("ru", "«Первое. Второе», — сказал он. Третье.", ["«Первое.", "Второе», — сказал он.", "Третье."]),
    ("ru", "«Куда?» — спросил он. — Домой! — ответил я.",
     ["«Куда?» — спросил он.", "— Домой! — ответил я."]),
    ("en", "“First. Second,” he said. Then he left.", ["“First.", "Second,” he said.", "Then he left."]),
    # lists and bare numbers are no sentences of their own
    ("ky", "1. Биринчи пункт. 2. Экинчи пункт.", ["1. Биринчи пункт.", "2. Экинчи пункт."]),
    # questions, exclamations, brackets
    ("ky", "Сиз келесизби? Ооба! Жакшы (өтө жакшы). Бүттү.",
     ["Сиз келесизби?", "Ооба!", "Жакшы (өтө жакшы).", "Бүттү."]),
    ("ky", "Ал (Казакстан Республикасы) келди. Бул жакшы.",
     ["Ал (Казакстан Республикасы) келди.", "Бул жакшы."]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_sentence_rules(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


def test_quotation_opening_in_one_paragraph_and_closing_in_the_next() -> None:
    text = (
        '"Казакстан биздин өнөктөш. Биз макулдаштык.\n'
        'Маданият күндөрү өтөт", - деп белгиледи Садыр Жапаров.'
    )
    assert split_sentences(text) == [
        '"Казакстан биздин өнөктөш.',
        "Биз макулдаштык.",
        'Маданият күндөрү өтөт", - деп белгиледи Садыр Жапаров.',
    ]


@pytest.mark.parametrize("language", ["kk", "uz", "de", "", "xx-YY", "kir_Cyrl", "RU"])
def test_other_language_codes_fall_back_by_script(language: str) -> None:
    assert split_sentences("Он пришёл в 2021 г. Он ушёл.", language) == [
        "Он пришёл в 2021 г.",
        "Он ушёл.",
    ]
    assert split_sentences("He came. Mr. Smith left.", language) == ["He came.", "Mr. Smith left."]


def test_cjk_full_stops_split_without_spaces() -> None:
    assert split_sentences("中国是一个国家。北京是首都。", "zh") == [
        "中国是一个国家。",
        "北京是首都。",
    ]


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["a"]])
def test_non_str_text_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        split_sentences(bad)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        split_paragraphs(bad)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        is_untranslatable(bad)  # type: ignore[arg-type]


def test_non_str_language_is_an_input_error() -> None:
    with pytest.raises(InputError):
        split_sentences("Бул сүйлөм.", None)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнңоөпрстуүфхцчшыэюяАБКМНӨҮЖabcXYZ0123456789")
    + list(" \t\n\n\r.,;:!?…\"'«»“”„()-–—")
    + ["...", "т.е.", "ш.", "г.", "млн.", "Mr.", "e.g.", "А.", "J.", "U.S.", " - деди ал", "\u00a0"]
)
_TEXT = st.lists(_ALPHABET, max_size=80).map("".join)
_LANG = st.sampled_from(["ky", "ru", "en", "kk", ""])


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, language=_LANG)
def test_sentences_are_non_empty_and_reproduce_the_text(text: str, language: str) -> None:
    sentences = split_sentences(text, language)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)
    assert _squash(" ".join(sentences)) == _squash(text)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, language=_LANG)
def test_each_paragraph_is_reproduced_by_its_sentences(text: str, language: str) -> None:
    for paragraph in split_paragraphs(text):
        assert paragraph and paragraph == paragraph.strip()
        sentences = split_sentences(paragraph, language)
        assert sentences and all(sentences)
        assert _squash(" ".join(sentences)) == _squash(paragraph)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_unicode_text_never_raises(text: str) -> None:
    sentences = split_sentences(text)
    assert all(sentences)
    assert _squash("".join(sentences)) == _squash(" ".join(split_paragraphs(text)))


# --- long sentences -------------------------------------------------------------------------


def _count_words(text: str) -> int:
    return len(text.split())


def test_sentence_that_fits_is_returned_unchanged() -> None:
    sentence = "Бул кыска сүйлөм."
    assert split_long_sentence(sentence, 3, _count_words) == [sentence]
    assert split_long_sentence(sentence, 100, len) == [sentence]


def test_cuts_at_clause_boundaries_first() -> None:
    sentence = "Бир эки үч; төрт беш алты: жети сегиз тогуз — он он бир"
    assert split_long_sentence(sentence, 4, _count_words) == [
        "Бир эки үч;",
        "төрт беш алты:",
        "жети сегиз тогуз",
        "— он он бир",
    ]


def test_packs_clauses_greedily() -> None:
    sentence = "a b, c d, e f, g h, i j"
    assert split_long_sentence(sentence, 4, _count_words) == ["a b, c d,", "e f, g h,", "i j"]


def test_cuts_before_conjunctions_then_into_word_windows() -> None:
    sentence = "бир эки үч төрт жана беш алты жети сегиз тогуз он"
    pieces = split_long_sentence(sentence, 4, _count_words)
    assert pieces[0] == "бир эки үч төрт"
    assert pieces[1].startswith("жана")
    assert all(_count_words(piece) <= 4 for piece in pieces)
    assert " ".join(pieces) == sentence


def test_giant_word_is_cut_into_character_windows() -> None:
    word = "ж" * 25
    pieces = split_long_sentence(word + " бар", 10, len)
    assert all(len(piece) <= 10 for piece in pieces)
    assert _squash("".join(pieces)) == _squash(word + "бар")
    assert pieces[:2] == ["ж" * 10, "ж" * 10]


def test_long_seed_sentence_is_cut_at_commas() -> None:
    sentence = SEED_ROWS[(DOCS[0], 4)][0]["ky"]
    pieces = split_long_sentence(sentence, 20, _count_words)
    assert len(pieces) > 1
    assert all(_count_words(piece) <= 20 for piece in pieces)
    assert pieces[0].endswith(",")
    assert " ".join(pieces) == sentence


def test_blank_sentence_gives_no_pieces() -> None:
    assert split_long_sentence("   ", 5, len) == []


@pytest.mark.parametrize("max_tokens", [0, -1, 2.5, True, "3"])
def test_bad_max_tokens_is_an_input_error(max_tokens: object) -> None:
    with pytest.raises(InputError):
        split_long_sentence("a b c", max_tokens, len)  # type: ignore[arg-type]


def test_bad_counter_or_sentence_is_an_input_error() -> None:
    with pytest.raises(InputError):
        split_long_sentence("a b c", 2, None)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        split_long_sentence(None, 2, len)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, max_tokens=st.integers(min_value=1, max_value=30))
def test_long_sentence_pieces_fit_and_drop_nothing(text: str, max_tokens: int) -> None:
    pieces = split_long_sentence(text, max_tokens, len)
    assert all(piece.strip() for piece in pieces)
    assert _squash(" ".join(pieces)) == _squash(text)
    if len(text) > max_tokens:
        assert all(len(piece) <= max_tokens for piece in pieces)


# --- untranslatable -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("2022", True),
        ("12 000 000,5 %", True),
        ("— … !!!", True),
        ("🙂🎉", True),
        ("", True),
        ("1000 тонна", False),
        ("ЕАЭБ", False),
        ("a", False),
        ("中国", False),
    ],
)
def test_is_untranslatable(segment: str, expected: bool) -> None:
    assert is_untranslatable(segment) is expected
