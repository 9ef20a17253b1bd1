"""Figures still missed on real releases (issue 19): one noun for several numbers over time or
per place, and misspelled scale words."""

from __future__ import annotations

import pytest

from summarize.figures.extract import extract_figures


def _counts(text: str, language: str) -> list[tuple[float, str]]:
    return [(f.value, f.unit) for f in extract_figures(text, language)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("2019-жылы 57, быйыл 204 учур катталган.", "ky", [(57, "cases"), (204, "cases")]),
        ("Былтыр 312, быйыл 45 окуучу кабыл алынды.", "ky", [(312, "pupils"), (45, "pupils")]),
        ("Былтыр 312 болсо, быйыл 450 окуучу кабыл алынды.", "ky",
         [(312, "pupils"), (450, "pupils")]),
        ("Өткөн жылдын ушул мезгилинде 57, быйыл 204 учур катталган.", "ky",
         [(57, "cases"), (204, "cases")]),
        ("2019-жылы республика боюнча 57, быйыл 204 учур катталган.", "ky",
         [(57, "cases"), (204, "cases")]),
        ("Былтыр – 3, быйыл – 5 пайызга өстү.", "ky", [(3, "percent"), (5, "percent")]),
        ("В прошлом году 312, в этом году 45 учеников.", "ru", [(312, "pupils"), (45, "pupils")]),
        ("В 2019 году было зарегистрировано 57, в этом году 204 случая.", "ru",
         [(57, "cases"), (204, "cases")]),
        ("За аналогичный период прошлого года – 57, в текущем году – 204 случая.", "ru",
         [(57, "cases"), (204, "cases")]),
    ],
)  # fmt: skip
def test_a_noun_given_once_for_numbers_of_several_years(
    text: str, language: str, expected: list[tuple[float, str]]
) -> None:
    assert _counts(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "first", "unit"),
    [
        # the first number has no date or time word before it: nothing says it counts cases
        ("Министр 12, быйыл 40 учур катталды.", "ky", 12, "cases"),
        ("Президент Жапаров – 12, в этом году 40 случаев.", "ru", 12, "cases"),
        # no separator between the numbers
        ("Былтыр 312 быйыл 45 окуучу.", "ky", 312, "pupils"),
        # each number has its own noun
        ("Былтыр 312 окуучу бүтүрдү, быйыл 45 мугалим келди.", "ky", 312, "teachers"),
        # a verb between the numbers
        ("В прошлом году 312 выбыли, в этом году 45 учеников.", "ru", 312, "pupils"),
        # "including": a part, not a list
        ("В Бишкеке 120, в том числе 40 детей.", "ru", 120, "children"),
        ("Бишкекте 120, анын ичинде 40 бала.", "ky", 120, "children"),
    ],
)
def test_time_words_do_not_join_unrelated_numbers(
    text: str, language: str, first: float, unit: str
) -> None:
    counts = _counts(text, language)
    assert (first, unit) not in counts
    assert counts[-1][1] == unit


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Нарында – 12, Таласта – 40 учур катталды.", "ky",
         [("Нарында – 12", 12, "cases"), ("Таласта – 40 учур", 40, "cases")]),
        ("в Нарыне – 12, в Таласе – 40 случаев.", "ru",
         [("в Нарыне – 12", 12, "cases"), ("в Таласе – 40 случаев", 40, "cases")]),
        ("Чүй облусунда – 120, Ош шаарында – 45, Нарында – 12 учур катталды.", "ky",
         [("Чүй облусунда – 120", 120, "cases"), ("Ош шаарында – 45", 45, "cases"),
          ("Нарында – 12 учур", 12, "cases")]),
        ("в Бишкеке – 300, в Оше – 120 и в Караколе – 45 человек.", "ru",
         [("в Бишкеке – 300", 300, "people"), ("в Оше – 120", 120, "people"),
          ("в Караколе – 45 человек", 45, "people")]),
        ("В Чуйской области – 120, в городе Оше – 45 случаев.", "ru",
         [("В Чуйской области – 120", 120, "cases"), ("в городе Оше – 45 случаев", 45, "cases")]),
        ("Бишкекте 45, Ошто 60 бала окуйт.", "ky",
         [("Бишкекте 45", 45, "children"), ("Ошто 60 бала", 60, "children")]),
    ],
)  # fmt: skip
def test_a_count_per_place_names_the_place_in_its_source(
    text: str, language: str, expected: list[tuple[str, float, str]]
) -> None:
    assert [(f.source, f.value, f.unit) for f in extract_figures(text, language)] == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Жыйынга 45, Ошто 60 бала келди.", "ky"),  # the first number has no place
        ("Асанов 12, Таласта 60 бала.", "ky"),  # a name that is no place (no case, no dash)
        ("Бишкекте 45 мектеп, Ошто 60 бала.", "ky"),  # its own noun
    ],
)
def test_a_name_is_no_place_list_by_itself(text: str, language: str) -> None:
    figures = extract_figures(text, language)
    assert (60, "children") in [(f.value, f.unit) for f in figures]
    assert (45, "children") not in [(f.value, f.unit) for f in figures]


# (миллиярд, милиард, милион were scales already: tests/test_figures.py)
@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("Бюджетке 3 миллард сом бөлүндү.", "ky", 3e9, "som"),
        ("Бюджетке 3 млярд сом бөлүндү.", "ky", 3e9, "som"),
        ("Бюджеттен 1,5 милярддан ашык сом бөлүндү.", "ky", 1.5e9, "som"),
        ("Долбоорго 4 милард сом керек.", "ky", 4e9, "som"),
        ("1,2 миллон сом чогултулду.", "ky", 1.2e6, "som"),
        ("Долбоордун баасы 4 миллард 200 милион сом.", "ky", 4.2e9, "som"),
        ("Выделено 3 млярд сомов.", "ru", 3e9, "som"),
        ("Выделено 3 млр. сомов.", "ru", 3e9, "som"),
        ("Стоимость – 2,3 млярда сомов.", "ru", 2.3e9, "som"),
        ("Выделено 7 миллярдов рублей.", "ru", 7e9, "RUB"),
    ],
)
def test_misspelled_scale_words_are_scales(
    text: str, language: str, value: float, unit: str
) -> None:
    (figure,) = extract_figures(text, language)
    assert (figure.value, figure.unit) == (value, unit)
    assert ("billion" in figure.text) == (value >= 1e9)
    assert not any("а" <= ch.lower() <= "я" for ch in figure.text)  # no source word left


def test_a_misspelled_scale_with_a_case_ending_is_no_count_of_the_next_word() -> None:
    (figure,) = extract_figures("4 милларддык долбоор ишке ашты.", "ky")
    assert (figure.value, figure.text) == (4e9, "4 billion")


def test_a_time_word_is_no_counted_noun() -> None:
    first, second = extract_figures("Былтыр 312 быйыл 45 окуучу келди.", "ky")
    assert (first.value, first.text, second.text) == (312, "312", "45 pupils")
