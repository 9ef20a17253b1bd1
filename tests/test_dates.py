"""Dates and periods in Kyrgyz, Russian and English text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.dates import extract_dates, month_of
from translate.errors import InputError, UnsupportedLanguageError

SEEDS = Path(__file__).parent / "data" / "seeds"
GOLD = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
DOCS = sorted(key for key in GOLD if key != "about")


@pytest.mark.parametrize("doc", DOCS)
def test_seed_gold_dates(doc: str) -> None:
    text = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    found = {(d.year, d.month) for d in extract_dates(text, "ky")}
    for gold in GOLD[doc]["dates"]:
        assert (gold["year"], gold["month"]) in found


@pytest.mark.parametrize("doc", DOCS)
def test_seed_gold_dates_in_the_english(doc: str) -> None:
    text = (SEEDS / f"{doc}.en.txt").read_text(encoding="utf-8")
    found = {(d.year, d.month) for d in extract_dates(text, "en")}
    for gold in GOLD[doc]["dates"]:
        assert (gold["year"], gold["month"]) in found


@pytest.mark.parametrize(
    ("text", "language", "expected", "english"),
    [
        ("2022-жылдын февраль айында", "ky", (2022, 2, None, None), "February 2022"),
        ("2022-жылы өтөт", "ky", (2022, None, None, None), "2022"),
        ("2020-ж. жыйынтыгы", "ky", (2020, None, None, None), "2020"),
        ("2022 жылы", "ky", (2022, None, None, None), "2022"),
        ("26-июлда жолугушту", "ky", (None, 7, 26, None), "26 July"),
        ("2022-жылдын 5-мартында", "ky", (2022, 3, 5, None), "5 March 2022"),
        ("январь-август айларында", "ky", (None, 1, None, 8), "January-August"),
        ("1-январынан тартып", "ky", (None, 1, 1, None), "1 January"),
        ("сентябрда башталат", "ky", (None, 9, None, None), "September"),
        ("май айында", "ky", (None, 5, None, None), "May"),
        ("5-майда", "ky", (None, 5, 5, None), "5 May"),
        ("в 2022 году", "ru", (2022, None, None, None), "2022"),
        ("5 марта", "ru", (None, 3, 5, None), "5 March"),
        ("5 марта 2021 года", "ru", (2021, 3, 5, None), "5 March 2021"),
        ("в феврале 2022 года", "ru", (2022, 2, None, None), "February 2022"),
        ("в январе-августе 2021 года", "ru", (2021, 1, None, 8), "January-August 2021"),
        ("9 мая", "ru", (None, 5, 9, None), "9 May"),
        ("2022 г.", "ru", (2022, None, None, None), "2022"),
        ("01.05.21", "ru", (2021, 5, 1, None), "1 May 2021"),
        ("15.12.2020", "ky", (2020, 12, 15, None), "15 December 2020"),
        ("in February 2022", "en", (2022, 2, None, None), "February 2022"),
        ("on 26 July", "en", (None, 7, 26, None), "26 July"),
        ("on July 26, 2022", "en", (2022, 7, 26, None), "26 July 2022"),
        ("in 2022.", "en", (2022, None, None, None), "2022"),
        ("January-August", "en", (None, 1, None, 8), "January-August"),
    ],
)
def test_examples(text: str, language: str, expected: tuple, english: str) -> None:
    (mention,) = extract_dates(text, language)
    assert (mention.year, mention.month, mention.day, mention.end_month) == expected
    assert mention.text == english
    assert mention.source
    assert mention.source in text


def test_year_range() -> None:
    (mention,) = extract_dates("2021-2022-жылдары")
    assert (mention.year, mention.end_year, mention.text) == (2021, 2022, "2021-2022")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("өсүмдүк майы 5 тонна", "ky"),  # май: oil
        ("2000 даана автобус", "ky"),  # a count, not a year
        ("в 2000 автобусах", "ru"),
        ("Үстүбүздөгү жылы", "ky"),
        ("2,000 buses", "en"),
        ("they may meet", "en"),
    ],
)
def test_not_dates(text: str, language: str) -> None:
    assert extract_dates(text, language) == []


def test_several_in_text_order() -> None:
    text = "26-июлда жолугушуу болду, 2022-жылы жана 2023-жылдын март айында дагы болот."
    assert [(d.year, d.month, d.day) for d in extract_dates(text)] == [
        (None, 7, 26),
        (2022, None, None),
        (2023, 3, None),
    ]


@pytest.mark.parametrize(
    ("word", "month"),
    [("февраль", 2), ("февралда", 2), ("июлунда", 7), ("августта", 8), ("января", 1),
     ("декабре", 12), ("July", 7), ("июльский", None), ("мартин", None), ("may", None)],
)  # fmt: skip
def test_month_of(word: str, month: int | None) -> None:
    assert month_of(word) == month


def test_to_dict_and_bad_input() -> None:
    (mention,) = extract_dates("2022-жылдын февраль айында")
    assert mention.to_dict()["year"] == 2022
    assert mention.to_dict()["end_month"] is None
    with pytest.raises(InputError):
        extract_dates(b"2022")  # type: ignore[arg-type]
    with pytest.raises(UnsupportedLanguageError):
        extract_dates("2022", "kk")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(text: str) -> None:
    for language in ("ky", "ru", "en"):
        for mention in extract_dates(text, language):
            assert mention.month is None or 1 <= mention.month <= 12


@pytest.mark.parametrize(
    ("text", "language", "expected", "english"),
    [
        ("март-июнь айларында", "ky", (None, 3, 6, None), "March-June"),
        ("январь-август 2021-жылы", "ky", (2021, 1, 8, 2021), "January-August 2021"),
        ("2021-жылдын январь-август айларында", "ky", (2021, 1, 8, 2021), "January-August 2021"),
        ("2022-жылдын март-июнунда", "ky", (2022, 3, 6, 2022), "March-June 2022"),
        ("в марте-июне 2022 года", "ru", (2022, 3, 6, 2022), "March-June 2022"),
        ("в январе–марте 2022 г.", "ru", (2022, 1, 3, 2022), "January-March 2022"),
        ("с января по август 2021 года", "ru", (2021, 1, 8, 2021), "January-August 2021"),
        ("2021-жылдын январынан августуна чейин", "ky", (2021, 1, 8, 2021), "January-August 2021"),
    ],
)
def test_month_periods_carry_the_year_at_both_ends(
    text: str, language: str, expected: tuple, english: str
) -> None:
    (mention,) = extract_dates(text, language)
    assert (mention.year, mention.month, mention.end_month, mention.end_year) == expected
    assert mention.text == english
    assert mention.source in text


def test_a_year_range_keeps_both_years_in_its_text() -> None:
    (mention,) = extract_dates("2021-2022-жылдары", "ky")
    assert (mention.year, mention.end_year, mention.text) == (2021, 2022, "2021-2022")
    (day,) = extract_dates("5 марта по делу", "ru")
    assert (day.month, day.end_month) == (3, None)
