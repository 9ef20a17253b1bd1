"""Dates still missed on real releases (issue 19): several days under one month, periods of
days, and months of a year named relative to the release's (with the release's year)."""

from __future__ import annotations

import json

import pytest

from summarize import brief
from summarize.dates import extract_dates, release_year, with_release_year
from summarize.figures.extract import extract_figures
from summarize.source import read_source
from summarize.types import DateMention


def _days(text: str, language: str) -> list[tuple[int | None, int | None, int | None, str]]:
    return [(d.year, d.month, d.day, d.text) for d in extract_dates(text, language)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("2024-жылдын 14, 15-октябрында өтөт.", "ky",
         [(2024, 10, 14, "14 October 2024"), (2024, 10, 15, "15 October 2024")]),
        ("14 жана 15-октябрда өтөт.", "ky", [(None, 10, 14, "14 October"),
                                             (None, 10, 15, "15 October")]),
        ("14 и 15 октября 2024 года", "ru",
         [(2024, 10, 14, "14 October 2024"), (2024, 10, 15, "15 October 2024")]),
        ("Семинары пройдут 14, 15 и 16 октября.", "ru",
         [(None, 10, 14, "14 October"), (None, 10, 15, "15 October"),
          (None, 10, 16, "16 October")]),
        ("Быйыл 3 жана 4-мартта.", "ky", [(None, 3, 3, "3 March this year"),
                                         (None, 3, 4, "4 March this year")]),
    ],
)  # fmt: skip
def test_several_days_under_one_month_are_one_date_each(
    text: str, language: str, expected: list[tuple]
) -> None:
    mentions = extract_dates(text, language)
    assert [(d.year, d.month, d.day, d.text) for d in mentions] == expected
    assert all(d.source in text and d.end_day is None for d in mentions)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a list joined by commas alone is days only after a year: else "14" may be a count
        ("14, 15-октябрда өтөт.", "ky", [(None, 10, 15, "15 October")]),
        # a decimal, not two days
        ("2024-жылдын 1,5-июлунда", "ky", [(2024, None, None, "2024"), (None, 7, 5, "5 July")]),
        ("15 и 14 октября", "ru", [(None, 10, 14, "14 October")]),  # days rise in a list
    ],
)
def test_not_lists_of_days(text: str, language: str, expected: list[tuple]) -> None:
    assert _days(text, language) == expected


def test_the_days_of_a_list_are_no_figures() -> None:
    figures = extract_figures("2024-жылдын 14, 15-октябрында 300 катышуучу келет.", "ky")
    assert [f.value for f in figures] == [300]
    figures = extract_figures("С 14 по 18 октября 2024 года прошли 3 семинара.", "ru")
    assert [f.value for f in figures] == [3]


@pytest.mark.parametrize(
    ("text", "language", "fields", "english"),
    [
        ("2024-жылдын 2-февралынан 9-мартына чейин өтөт.", "ky", (2024, 2, 2, 3, 9, 2024),
         "2 February – 9 March 2024"),
        ("с 2 февраля по 9 марта 2024 года", "ru", (2024, 2, 2, 3, 9, 2024),
         "2 February – 9 March 2024"),
        ("со 2 февраля по 9 марта", "ru", (None, 2, 2, 3, 9, None), "2 February – 9 March"),
        ("2-февралдан тартып 9-мартка чейин", "ky", (None, 2, 2, 3, 9, None),
         "2 February – 9 March"),
        ("2023-жылдын 25-декабрынан 2024-жылдын 5-январына чейин", "ky",
         (2023, 12, 25, 1, 5, 2024), "25 December 2023 – 5 January 2024"),
        ("с 25 декабря 2023 года по 5 января 2024 года", "ru", (2023, 12, 25, 1, 5, 2024),
         "25 December 2023 – 5 January 2024"),
        ("2024-жылдын 14-15-октябрында өтөт.", "ky", (2024, 10, 14, 10, 15, 2024),
         "14–15 October 2024"),
        ("Форум пройдет 14-15 октября 2024 года.", "ru", (2024, 10, 14, 10, 15, 2024),
         "14–15 October 2024"),
        ("с 14 по 18 октября", "ru", (None, 10, 14, 10, 18, None), "14–18 October"),
        ("5-6-июнь күндөрү", "ky", (None, 6, 5, 6, 6, None), "5–6 June"),
        ("Быйыл 2-февралдан 9-мартка чейин текшерилди.", "ky", (None, 2, 2, 3, 9, None),
         "2 February – 9 March this year"),
    ],
)  # fmt: skip
def test_periods_of_days(text: str, language: str, fields: tuple, english: str) -> None:
    (mention,) = extract_dates(text, language)
    got = (mention.year, mention.month, mention.day, mention.end_month, mention.end_day,
           mention.end_year)  # fmt: skip
    assert got == fields
    assert mention.text == english
    assert mention.source in text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("с 25 декабря по 5 января 2024 года", "ru"),  # would run backwards in 2024
        ("2-февралдан 9-мартка өттү", "ky"),  # no чейин: not a period
        ("2 февраля по 9 марта", "ru"),  # no с: not a period
    ],
)
def test_not_periods_of_days(text: str, language: str) -> None:
    mentions = extract_dates(text, language)
    assert len(mentions) == 2
    assert all(m.end_day is None for m in mentions)


@pytest.mark.parametrize(
    ("text", "language", "fields", "english"),
    [
        ("Үстүбүздөгү жылдын ноябрына чейин бүтөт.", "ky", (11, None, 0), "November this year"),
        ("Быйыл март айында ачылды.", "ky", (3, None, 0), "March this year"),
        ("быйыл 5-мартта", "ky", (3, 5, 0), "5 March this year"),
        ("ушул жылдын 1-июлунан тартып", "ky", (7, 1, 0), "1 July this year"),
        ("былтыр декабрда", "ky", (12, None, -1), "December last year"),
        ("өткөн жылдын 5-мартында", "ky", (3, 5, -1), "5 March last year"),
        ("келерки жылдын январь айында", "ky", (1, None, 1), "January next year"),
        ("в декабре текущего года", "ru", (12, None, 0), "December this year"),
        ("в этом году в марте", "ru", (3, None, 0), "March this year"),
        ("в марте этого года", "ru", (3, None, 0), "March this year"),
        ("5 марта с.г.", "ru", (3, 5, 0), "5 March this year"),
        ("в октябре прошлого года", "ru", (10, None, -1), "October last year"),
        ("в следующем году в январе", "ru", (1, None, 1), "January next year"),
    ],
)
def test_months_of_a_year_named_relative_to_the_release(
    text: str, language: str, fields: tuple, english: str
) -> None:
    (mention,) = extract_dates(text, language)
    assert (mention.month, mention.day, mention.relative_year) == fields
    assert mention.year is None  # never a year of its own: the release's comes later
    assert mention.text == english


@pytest.mark.parametrize(
    ("text", "language"),
    [("Быйыл 45 окуучу кабыл алынды.", "ky"), ("В этом году открыли 5 школ.", "ru"),
     ("ушул жылдын ичинде", "ky")],
)  # fmt: skip
def test_a_relative_year_without_a_month_is_no_date(text: str, language: str) -> None:
    assert extract_dates(text, language) == []


def test_new_fields_stay_out_of_the_dict_of_a_plain_date() -> None:
    (plain,) = extract_dates("2022-жылдын 5-мартында")
    assert set(plain.to_dict()) == {"year", "month", "day", "text", "source", "end_month",
                                    "end_year"}  # fmt: skip
    (period,) = extract_dates("с 2 февраля по 9 марта 2024 года", "ru")
    (relative,) = extract_dates("быйыл март айында")
    for mention in (plain, period, relative):
        data = json.loads(json.dumps(mention.to_dict()))
        assert DateMention(**data) == mention
    assert period.to_dict()["end_day"] == 9
    assert relative.to_dict()["relative_year"] == 0


def _sentences(*texts: str) -> list[tuple[str, list[DateMention]]]:
    return [(text, extract_dates(text)) for text in texts]


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        (("Бишкек, 14-октябрь 2024-ж. Жыйын болду.", "Быйыл март айында ачылды."), 2024),
        (("Быйыл март айында ачылды.", "Бишкек ш., 14.10.2024"), 2024),  # a sign-off
        (("Быйыл март айында ачылды.", "Жыйын 2024-жылдын 14-октябрында өттү."), 2024),
        # full dates of two years and no dateline: the year is not settled
        (("Быйыл март айында ачылды.", "Жыйын 2024-жылдын 14-октябрында жана 2025-жылдын "
          "1-январында өтөт."), None),
        # a cited decree's date is not the release's
        (("Быйыл март айында ачылды.", "Министрлер Кабинетинин 2023-жылдын 12-майындагы "
          "№245 токтому менен."), None),
        (("Постановлением от 12 мая 2023 года утверждено.", "Быйыл март айында ачылды."), None),
        (("Быйыл март айында ачылды.", "2024-жылы 45 окуучу."), None),  # a year alone
        ((), None),
    ],
)  # fmt: skip
def test_release_year(texts: tuple[str, ...], year: int | None) -> None:
    assert release_year(_sentences(*texts)) == year


def test_with_release_year_fills_only_relative_mentions() -> None:
    mentions = extract_dates("быйыл март айында, былтыр 5-декабрда жана 26-июлда")
    filled = with_release_year(mentions, 2024)
    assert [(d.year, d.text) for d in filled] == [
        (2024, "March 2024"), (2023, "5 December 2023"), (None, "26 July")]  # fmt: skip
    assert with_release_year(mentions, None) == mentions


def test_the_documents_dates_carry_the_release_year() -> None:
    text = (
        "Бишкек, 14-октябрь 2024-ж. Быйыл март айында 45 мектеп ачылган.\n"
        "Үстүбүздөгү жылдын ноябрына чейин дагы 10 мектеп ачылат."
    )
    dates = read_source(text).dates()
    assert [(d.year, d.month, d.text) for d in dates] == [
        (2024, 10, "14 October 2024"),
        (2024, 3, "March 2024"),
        (2024, 11, "November 2024"),
    ]
    # without a dated release, the months stay "this year" and are never given a year
    dates = read_source("Быйыл март айында 45 мектеп ачылган. Былтыр март айында 30.").dates()
    assert [(d.year, d.text) for d in dates] == [(None, "March this year"),
                                                 (None, "March last year")]  # fmt: skip


def test_brief_dates_carry_the_release_year(tiny_translator) -> None:
    text = (
        "В этом году в марте открыли 5 школ. "
        "Об этом сообщили 14 октября 2024 года в Министерстве образования."
    )
    made = brief(text, tiny_translator, source="ru")
    assert (2024, 3, "March 2024") in [(d.year, d.month, d.text) for d in made.dates]
    assert all(d.year is not None for d in made.dates)
