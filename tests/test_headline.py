"""Headlines: a release's own title in sentence case, or its top sentence shortened."""

from __future__ import annotations

import copy
import csv
import json

import pytest
from conftest import DATA, SEED_IDS, cut_from, load_seed_rows, seed_text
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize import brief, read_source
from summarize.headline import (
    MAX_HEADLINE_WORDS,
    find_title,
    known_names,
    sentence_case,
    shorten_headline,
)
from translate.cache import TranslationCache


def _ntrex_english() -> list[str]:
    lines = (DATA / "ntrex128" / "ky_en_ru.tsv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader([x for x in lines if not x.startswith("#")], delimiter="\t")
    return [row["en"] for row in rows]


def _seed_english() -> list[str]:
    return [row["en"] for row in load_seed_rows()]


# ------------------------------------------------------------------------ shortening


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        # parenthetical, "of the Kyrgyz Republic" after a title, trailing "during ..." clause
        (
            "Chairman of the Cabinet of Ministers of the Kyrgyz Republic Akylbek Japarov met with "
            "Prime Minister of the Republic of Kazakhstan Askar Mamin during his working visit to "
            "the city of Nur-Sultan (Republic of Kazakhstan).",
            "Chairman of the Cabinet of Ministers Akylbek Japarov met with Prime Minister of the "
            "Republic of Kazakhstan Askar Mamin.",
        ),
        # a phrase set off by commas
        (
            "Akylbek Japarov noted that, on the instruction of the President of the Kyrgyz "
            "Republic, 2,000 buses will soon be put into service in the city of Bishkek, and that "
            "the question of choosing the supplier of this transport is currently being decided.",
            "Akylbek Japarov noted that 2,000 buses will soon be put into service in the city of "
            "Bishkek",
        ),
        # an opener and a trailing clause after "and"
        (
            "For his part, the Prime Minister of the Republic of Kazakhstan expressed readiness to "
            "implement this project and added that the electric buses produced in the Republic of "
            "Kazakhstan are economical, safe and long-lasting.",
            "The Prime Minister of the Republic of Kazakhstan expressed readiness to implement "
            "this project",
        ),
        (
            "The Minister of Health of the Kyrgyz Republic opened four new hospitals within the "
            "framework of the state programme for the development of healthcare in the regions.",
            "The Minister of Health opened four new hospitals.",
        ),
        (
            "During the talks we discussed cultural cooperation between the two brotherly "
            "peoples, whose roots are common in history, culture, language and traditions.",
            "During the talks we discussed cultural cooperation between the two brotherly peoples",
        ),
    ],
)
def test_shortening_rules(sentence: str, headline: str) -> None:
    assert shorten_headline(sentence) == headline
    assert cut_from(headline, sentence)


def test_a_sentence_that_fits_is_kept_whole() -> None:
    sentence = "It was also noted that the Kazakh side will assist in supplying 1,000 tonnes."
    assert shorten_headline(sentence) == sentence
    assert shorten_headline("  Two   spaces\n here.  ") == "Two spaces here."


def test_the_territory_of_the_kyrgyz_republic_is_not_a_title() -> None:
    long = (
        "The parties discussed wholesale distribution centres on the territory of the Kyrgyz "
        "Republic and a trade and logistics complex near the Ak-Tilek and Karasu checkpoints."
    )
    assert "territory of the Kyrgyz Republic" in shorten_headline(long, max_words=16)


def test_every_seed_and_ntrex_sentence_shortens_by_removing_words() -> None:
    sentences = _seed_english() + _ntrex_english()
    assert len(sentences) > 2000
    wrong = []
    for sentence in sentences:
        headline = shorten_headline(sentence)
        short = len(sentence.split()) <= MAX_HEADLINE_WORDS
        kept = headline == " ".join(sentence.split()) if short else len(headline.split()) >= 5
        if not (cut_from(headline, sentence) and kept):  # never longer, never a stub
            wrong.append((sentence, headline))
    assert wrong == []


_VOCABULARY = (
    "the of Kyrgyz Republic Minister met with during within framework visit ( ) , ; - and that "
    'Chairman President said 12 2,000 tonnes wheat in for on at by " « » . as part which who '
    "For his part In turn"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=60), st.integers(min_value=1, max_value=25))
def test_never_longer_never_adds(words: list[str], max_words: int) -> None:
    sentence = " ".join(words)
    headline = shorten_headline(sentence, max_words)
    assert len(headline.split()) <= max_words
    assert cut_from(headline, sentence, max_words) or not headline.strip()


def test_bad_max_words() -> None:
    with pytest.raises(ValueError):
        shorten_headline("A headline.", 0)


# ------------------------------------------------------------------------ titles


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Акылбек Жапаров Аскар Мамин менен жолугушту\nКыргыз Республикасынын ...", "Акылбек "
         "Жапаров Аскар Мамин менен жолугушту"),
        ("\n  КЫРГЫЗСТАН ЖАНА КАЗАКСТАН СООДАНЫ ӨНҮКТҮРӨТ  \n\nТекст.", "КЫРГЫЗСТАН ЖАНА "
         "КАЗАКСТАН СООДАНЫ ӨНҮКТҮРӨТ"),
        ("КЫРГЫЗСТАН ЖАНА КАЗАКСТАН СООДАНЫ ӨНҮКТҮРӨТ.\nТекст.", "КЫРГЫЗСТАН ЖАНА КАЗАКСТАН "
         "СООДАНЫ ӨНҮКТҮРӨТ."),
        ("Кыргызстан и Казахстан обсудили торговлю\nПремьер-министры встретились.", "Кыргызстан "
         "и Казахстан обсудили торговлю"),
        # not titles: a sentence, a wrapped line, a lead-in, too short, too long, nothing after
        ("Бул жолугушуу Бишкекте өттү.\nЭкинчи сүйлөм.", None),
        ("Кыргыз Республикасынын Министрлер Кабинетинин Төрагасы\nАкылбек Жапаров жолугушту.",
         "Кыргыз Республикасынын Министрлер Кабинетинин Төрагасы"),
        ("Кабинеттин Төрагасы Акылбек Жапаров\nжумушчу сапары менен келди.", None),
        ("Министрлик төмөнкүлөрдү билдирет:\nБиринчи.", None),
        ("Жаңылыктар\nТекст.", None),
        ("Бишкек, 5-март\nТекст.", None),
        (" ".join(["сөз"] * 30) + "\nТекст.", None),
        ("КЫРГЫЗСТАН ЖАНА КАЗАКСТАН СООДАНЫ ӨНҮКТҮРӨТ", None),
        ("КЫРГЫЗСТАН ЖАНА КАЗАКСТАН СООДАНЫ ӨНҮКТҮРӨТ\n12.03.2022", None),
    ],
)  # fmt: skip
def test_find_title(text: str, title: str | None) -> None:
    assert find_title(text) == title


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("КЫРГЫЗСТАН ЖАНА КАЗАКСТАН СООДАНЫ ӨНҮКТҮРӨТ", {"Казакстан", "Кыргызстан"},
         "Кыргызстан жана Казакстан сооданы өнүктүрөт"),
        ("ЖАПАРОВДУН КАЗАКСТАНДЫК ИШКЕРЛЕР МЕНЕН ЖОЛУГУШУУСУ", {"Жапаров", "Казакстан"},
         "Жапаровдун казакстандык ишкерлер менен жолугушуусу"),
        ("ПРЕЗИДЕНТ ТОКАЕВ МЕНЕН СҮЙЛӨШТҮ", {"Токаевди"}, "Президент Токаев менен сүйлөштү"),
        ("НУР-СУЛТАНДА КЫРГЫЗ-КАЗАК КЕҢЕШИ ӨТТҮ", {"Нур-Султан"},
         "Нур-Султанда кыргыз-казак кеңеши өттү"),
        ("АКШ ЖАНА ЕАЭБ: ЖАҢЫ КЕЛИШИМ", {"АКШ", "ЕАЭБ"}, "АКШ жана ЕАЭБ: жаңы келишим"),
        ("АКШ ЖАНА ЕАЭБ: ЖАҢЫ КЕЛИШИМ", set(), "Акш жана еаэб: жаңы келишим"),
        ("«ЖОЛ КАРТАСЫ» КАБЫЛ АЛЫНДЫ", set(), "«Жол картасы» кабыл алынды"),
        ("Жапаров Мамин менен жолугушту", set(), "Жапаров Мамин менен жолугушту"),
    ],
)  # fmt: skip
def test_sentence_case(title: str, names: set[str], expected: str) -> None:
    assert sentence_case(title, names) == expected


def test_known_names_from_the_text_and_the_glossary() -> None:
    names = known_names("Өкмөт башчылар Акылбек Жапаров жана ЕАЭБ өкүлдөрү жолугушту. Тараптар...")
    assert {"Акылбек", "Жапаров", "ЕАЭБ"} <= names
    assert "Өкмөт" not in names and "Тараптар" not in names  # sentence starts prove nothing
    assert {"Касым-Жомарт", "Бишкек"} & names  # from the bundled glossary


# ------------------------------------------------------------------------ brief()


def _rows(doc: str) -> list[dict]:
    return [row for row in load_seed_rows() if row["doc"] == doc]


def _titled_release(doc: str, sentence: dict) -> str:
    """The seed release, that sentence removed from its body and put on top in capitals."""
    lines = [line for line in seed_text(doc).splitlines() if line.strip() != sentence["ky"]]
    body = "\n".join(line.replace(sentence["ky"], "").strip() for line in lines)
    return sentence["ky"].upper() + "\n" + body


# Seed sentences whose caps turn back into the memorized sentence only with the names
# the rest of the release (or the glossary) shows: Касым-Жомарт Токаевди, Кыргыз Республикасынын.
_TITLES = [
    (SEED_IDS[1], "Ал Касым-Жомарт Токаевди Кыргызстанга"),
    (SEED_IDS[0], "Ошондой эле ал казакстандык ишкерлер Кыргыз"),
]


@pytest.fixture(scope="module")
def remembering(tiny_translator):
    translator = copy.copy(tiny_translator)
    translator.cache = TranslationCache(":memory:")
    return translator


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize(("doc", "start"), _TITLES)
def test_a_release_with_a_title_line_is_headed_by_its_english(remembering, doc, start, full):
    (sentence,) = [row for row in _rows(doc) if row["ky"].startswith(start)]
    text = _titled_release(doc, sentence)
    title = find_title(text)
    assert title == sentence["ky"].upper()
    assert (
        sentence_case(title, known_names(seed_text(doc).replace(sentence["ky"], "")))
        == (sentence["ky"])
    )
    b = brief(text, remembering, sentences=3, full_translation=full)
    assert b.headline == sentence["en"]  # the memorized English of the sentence-cased title
    assert len(b.headline.split()) <= MAX_HEADLINE_WORDS
    # the title line is no summary sentence and no key point: those are the body's English
    body = {row["en"] for row in _rows(doc)} - {sentence["en"]}
    assert set(b.summary_sentences) <= body and set(b.key_points) <= body
    src = read_source(text)
    assert src.title == title and src.sentences[0].title and not src.sentences[0].scorable


@pytest.mark.parametrize("doc", SEED_IDS)
def test_seed_headlines_are_the_top_sentence_shortened(remembering, doc):
    b = brief(seed_text(doc), remembering, sentences=2)
    top = b.summary_sentences[0]
    assert len(top.split()) > MAX_HEADLINE_WORDS  # the seeds' lead sentences are long
    assert b.headline == shorten_headline(top) and cut_from(b.headline, top)
    assert read_source(seed_text(doc)).title is None


def test_seed_headlines_read_as_a_person_would_write_them(remembering):
    first = brief(seed_text(SEED_IDS[0]), remembering, sentences=1)
    assert first.headline == (
        "Chairman of the Cabinet of Ministers Akylbek Japarov met with Prime Minister of the "
        "Republic of Kazakhstan Askar Mamin."
    )
    second = brief(seed_text(SEED_IDS[1]), remembering, sentences=1)
    assert second.headline.startswith("The Head of State noted that")
    assert json.dumps(second.to_dict())  # still a plain string in the record
