"""Tests for translate.langid: Kyrgyz vs Russian vs English, other languages named, no guesses."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate import ngram
from translate.errors import InputError
from translate.langid import LanguageGuess, detect_language, detect_paragraph_languages

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
NTREX = DATA / "ntrex128" / "ky_en_ru.tsv"
TRAIN_LINES = 1500  # scripts/build_langid_profile.py builds the profile from lines 1-1500


def _ntrex_rows() -> list[dict[str, str]]:
    with NTREX.open(encoding="utf-8") as handle:
        next(handle)
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


KYRGYZ = [
    # none of ң ө ү
    "Министр жыйынга катышты.",
    "Ал Бишкекке келди.",
    "Президент Ташкентке барды.",
    "Жыйында бюджет талкууланды.",
    "Мэр шаарды кыдырды.",
    "Жарандар шайлоого катышты.",
    "Акылбек Жапаров Москвага барды.",
    "Алар келишимге кол коюшту.",
    "Парламент мыйзамды кабыл алды.",
    "Министр катышты.",
    "Президент Қасым-Жомарт Тоқаев менен жолугушту.",  # Kazakh spelling of a name only
    # with ң ө ү
    "Бүгүн Бишкекте жаан жаады.",
    "Бул тууралуу басма сөз кызматы маалымдады.",
    "Кабинет жаңы программаны бекитти.",
    "Бишкекте жыйын өттү.",
]
RUSSIAN = [
    "Министр принял участие в заседании.",
    "Сегодня в Бишкеке прошел дождь.",
    "Он приехал в Бишкек.",
    "Об этом сообщила пресс-служба.",
    "Президент посетил Ташкент.",
    "Парламент принял закон.",
    "Кабинет утвердил новую программу.",
    "Граждане приняли участие в выборах.",
    "Премьер-министр Өмүрбек Бабанов посетил Ош.",  # a Kyrgyz name in Russian text
]
ENGLISH = [
    "The minister attended the meeting.",
    "It rained in Bishkek today.",
    "Parliament adopted the law.",
    "President Erdoğan met the minister.",
]
OTHERS = [
    ("kk", "Қазақстан Республикасының Президенті Қасым-Жомарт Тоқаев сапармен келді."),
    ("kk", "Мен қазақ тілінде сөйлеймін."),
    ("kk", "Бүгін ауа райы жақсы."),
    ("uz", "Ўзбекистон Республикаси Президенти Шавкат Мирзиёев."),
    ("uz", "Бугун ҳаво яхши."),
    ("uz", "Oʻzbekiston Respublikasi Prezidenti Shavkat Mirziyoyev tashrif bilan keldi."),
    ("uz", "Men o'zbek tilida gaplashaman va bu juda yaxshi."),
    ("tg", "Ҷумҳурии Тоҷикистон дар Осиёи Марказӣ ҷойгир аст."),
    ("tg", "Ман ба мактаб рафтам."),
    ("mn", "Монгол Улсын нийслэл Улаанбаатар хот юм."),
    ("mn", "Энэ бол миний ном."),
    ("mn", "Ерөнхийлөгч айлчлал хийлээ."),
    ("uk", "Україна є незалежною державою."),
    ("uk", "Він прийшов додому і ліг спати."),
    ("be", "Беларусь — краіна ў Усходняй Еўропе."),
    ("zh", "中华人民共和国主席习近平会见了吉尔吉斯斯坦总统。"),
    ("ja", "東京は日本の首都です。"),
    ("ko", "대한민국의 수도는 서울이다."),
    ("ar", "مرحبا بكم في بيشكيك"),
    ("el", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."),
    ("tr", "Bakan toplantıya katıldı ve açıklama yaptı."),
    ("de", "Der Minister hat an der Sitzung teilgenommen und die Ergebnisse sind gut."),
    ("fr", "Le ministre a participé à la réunion et il est content."),
]


@pytest.mark.parametrize("text", KYRGYZ)
def test_short_kyrgyz(text: str) -> None:
    guess = detect_language(text)
    assert guess.code == "ky"
    assert guess.confidence > 0.5


@pytest.mark.parametrize("text", RUSSIAN)
def test_short_russian(text: str) -> None:
    guess = detect_language(text)
    assert guess.code == "ru"
    assert guess.confidence > 0.5


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text).code == "en"


@pytest.mark.parametrize(("code", "text"), OTHERS)
def test_other_languages_get_their_own_code(code: str, text: str) -> None:
    guess = detect_language(text)
    assert guess.code == code
    assert guess.code not in ("ky", "ru", "en")


@pytest.mark.parametrize("text", ["", "   ", "12345", "2021-05-01, 3.9%!", "🙂🎉", "— … ()"])
def test_no_letters_is_undetermined_with_zero_confidence(text: str) -> None:
    assert detect_language(text) == LanguageGuess("und", 0.0)


@pytest.mark.parametrize("text", ["Bzzkt grrmpf xqwv", "Oh, no."])
def test_latin_text_without_evidence_is_not_called_english(text: str) -> None:
    guess = detect_language(text)
    assert guess.code == "und"
    assert guess.confidence < 0.5


def test_mixed_scripts_follow_the_majority() -> None:
    text = "Бишкекте жыйын өттү, анда Bishkek Business Club катышты жана сөз сүйлөдү."
    assert detect_language(text).code == "ky"


def test_seed_sentences_all_columns() -> None:
    rows = [json.loads(line) for line in (DATA / "seeds" / "sentences.jsonl").open()]
    for row in rows:
        for language in ("ky", "ru", "en"):
            assert detect_language(row[language]).code == language, row[language]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_held_out_ntrex_accuracy(language: str) -> None:
    rows = [row for row in _ntrex_rows() if int(row["line"]) > TRAIN_LINES]
    assert len(rows) > 400
    right = sum(detect_language(row[language]).code == language for row in rows)
    assert right / len(rows) >= 0.99


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_held_out_ntrex_first_three_words(language: str) -> None:
    rows = [row for row in _ntrex_rows() if int(row["line"]) > TRAIN_LINES]
    texts = [" ".join(row[language].split()[:3]) for row in rows]
    right = sum(detect_language(text).code == language for text in texts)
    assert right / len(texts) >= 0.95


def test_paragraph_languages_of_a_mixed_document() -> None:
    text = (
        "Бүгүн Бишкекте министрлер жыйыны өттү.\n\n"
        "Министр принял участие в заседании.\n\n"
        "The minister attended the meeting.\n\n"
        "2021"
    )
    result = detect_paragraph_languages(text)
    assert [paragraph for paragraph, _ in result] == [
        "Бүгүн Бишкекте министрлер жыйыны өттү.",
        "Министр принял участие в заседании.",
        "The minister attended the meeting.",
        "2021",
    ]
    assert [guess.code for _, guess in result] == ["ky", "ru", "en", "und"]


def test_paragraph_languages_of_a_seed_document() -> None:
    text = (DATA / "seeds" / "003_81dc408626ee1eb4.txt").read_text(encoding="utf-8")
    result = detect_paragraph_languages(text)
    assert len(result) == 7
    assert all(guess.code == "ky" and guess.confidence > 0.9 for _, guess in result)
    assert detect_paragraph_languages("") == []


def test_guess_is_frozen_and_serializes() -> None:
    guess = detect_language("Министр жыйынга катышты.")
    assert guess.to_dict() == {"code": "ky", "confidence": guess.confidence}
    with pytest.raises(dataclasses.FrozenInstanceError):
        guess.code = "ru"  # type: ignore[misc]


@pytest.mark.parametrize("bad", [None, 42, b"\xd0\x9c", ["text"]])
def test_non_str_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        detect_language(bad)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        detect_paragraph_languages(bad)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=120))
def test_never_raises_and_confidence_in_range(text: str) -> None:
    guess = detect_language(text)
    assert isinstance(guess.code, str) and guess.code
    assert 0.0 <= guess.confidence <= 1.0
    if not any(ch.isalpha() for ch in text):
        assert guess == LanguageGuess("und", 0.0)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="абвгңөүжыэхқғәіўҳӣӯҷ .,-", max_size=60))
def test_never_raises_on_cyrillic_soup(text: str) -> None:
    assert 0.0 <= detect_language(text).confidence <= 1.0


# --- the committed profile -------------------------------------------------------------------


def test_profile_is_small_and_attributed() -> None:
    assert ngram.PROFILE_PATH.stat().st_size < 300 * 1024
    first = ngram.PROFILE_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert "NTREX-128" in first and "CC BY-SA 4.0" in first


def test_profile_matches_its_builder() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_langid_profile", ROOT / "scripts" / "build_langid_profile.py"
    )
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    rows = [row for row in builder.read_ntrex() if int(row["line"]) <= TRAIN_LINES]
    totals, table = builder.build(rows, 3000)
    committed = ngram.PROFILE_PATH.read_text(encoding="utf-8").splitlines()
    assert committed[2] == "#totals\t" + "\t".join(str(totals[lang]) for lang in ("ky", "ru", "en"))
    assert committed[3:] == [gram + "\t" + "\t".join(map(str, row)) for gram, row in table]


def test_import_reads_no_profile() -> None:
    code = (
        "import translate.langid, translate.ngram as n; print(n.load_profile.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0"
