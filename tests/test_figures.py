"""Figures from Kyrgyz and Russian text; English number reading and rendering."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.figures.extract import extract_figures
from summarize.figures.numbers import english_numbers, render_number
from summarize.types import Figure
from translate.errors import InputError, UnsupportedLanguageError

SEEDS = Path(__file__).parent / "data" / "seeds"
GOLD = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
DOCS = sorted(key for key in GOLD if key != "about")


def _russian(doc: str) -> str:
    lines = (SEEDS / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    return " ".join(json.loads(line)["ru"] for line in lines if json.loads(line)["doc"] == doc)


def _source(doc: str, language: str) -> str:
    if language == "ru":
        return _russian(doc)
    return (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")


def _values(figures: list[Figure]) -> set[tuple[float, str]]:
    return {(round(f.value, 6), f.unit) for f in figures}


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("doc", DOCS)
def test_seed_gold_figures_are_found(doc: str, language: str) -> None:
    figures = extract_figures(_source(doc, language), language)
    found = _values(figures)
    for gold in GOLD[doc]["figures"]:
        assert (float(gold["value"]), gold["unit"]) in found, (gold, figures)
    for rank in GOLD[doc].get("ranks", []):
        assert (float(rank["value"]), "rank") in found
        assert any(f.kind == "rank" and f.text == "3rd place" for f in figures)


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("doc", DOCS)
def test_seed_years_are_not_figures(doc: str, language: str) -> None:
    figures = extract_figures(_source(doc, language), language)
    years = {float(d["year"]) for d in GOLD[doc]["dates"] if d["year"]}
    assert years
    assert not years & {f.value for f in figures}
    assert all("жыл" not in f.source for f in figures)
    assert all("году" not in f.source for f in figures)


@pytest.mark.parametrize(
    ("text", "language", "value", "unit", "english"),
    [
        ("1 млн 442 миң 997 сом", "ky", 1442997, "som", "1,442,997 som"),
        ("21 тонна 968 кг", "ky", 21.968, "tonnes", "21.968 tonnes"),
        ("3,9 млрд сом", "ky", 3.9e9, "som", "3.9 billion som"),
        ("19 586 сом", "ky", 19586, "som", "19,586 som"),
        ("19\u00a0586 сом", "ky", 19586, "som", "19,586 som"),
        ("2 млрд АКШ долларына дейре", "ky", 2e9, "USD", "2 billion US dollars"),
        ("12 миң тонна буудайга", "ky", 12000, "tonnes", "12,000 tonnes of wheat"),
        ("1000 тонна күздүк буудайды", "ky", 1000, "tonnes", "1,000 tonnes of winter wheat"),
        ("4458 ашуун жаран", "ky", 4458, "citizens", "more than 4,458 citizens"),
        ("335 техника", "ky", 335, "units of machinery", "335 units of machinery"),
        ("2000 даана автобусту", "ky", 2000, "buses", "2,000 buses"),
        ("316 миң", "ky", 316000, "", "316,000"),
        ("эки миң тонна", "ky", 2000, "tonnes", "2,000 tonnes"),
        ("дээрлик 500 миң сом", "ky", 500000, "som", "almost 500,000 som"),
        ("болжол менен 3 миң гектар", "ky", 3000, "hectares", "about 3,000 hectares"),
        ("15 пайызга өстү", "ky", 15, "percent", "15%"),
        ("5 миң теңге", "ky", 5000, "KZT", "5,000 tenge"),
        ("3 миң еврого", "ky", 3000, "EUR", "3,000 euros"),
        ("100 км жол", "ky", 100, "km", "100 km"),
        ("35 жаңы мектеп курулду", "ky", 35, "schools", "35 schools"),
        ("2,3 миллион АКШ долларынын долбоору", "ky", 2.3e6, "USD", "2.3 million US dollars"),
        ("120 МВт кубаттуулуктагы", "ky", 120, "MW", "120 MW"),
        ("3,9 млрд сомов", "ru", 3.9e9, "som", "3.9 billion som"),
        ("более 200 тыс. тонн", "ru", 200000, "tonnes", "more than 200,000 tonnes"),
        ("15 процентов", "ru", 15, "percent", "15%"),
        ("выросла на 12%", "ru", 12, "percent", "12%"),
        ("свыше 4 тыс. граждан", "ru", 4000, "citizens", "more than 4,000 citizens"),
        ("2 млрд долларов США", "ru", 2e9, "USD", "2 billion US dollars"),
        ("около 50 млн рублей", "ru", 5e7, "RUB", "about 50 million roubles"),
        ("в 12 тысячах тонн пшеницы", "ru", 12000, "tonnes", "12,000 tonnes of wheat"),
        ("$2 млн", "ru", 2e6, "USD", "2 million US dollars"),
    ],
)
def test_examples(text: str, language: str, value: float, unit: str, english: str) -> None:
    figures = extract_figures(text, language)
    assert len(figures) == 1, figures
    figure = figures[0]
    assert math.isclose(figure.value, value, rel_tol=1e-9)
    assert (figure.unit, figure.text) == (unit, english)
    assert figure.source
    assert figure.source in text


@pytest.mark.parametrize(
    ("text", "approximate"),
    [("4458 ашуун жаран", True), ("более 200 тыс. тонн", True), ("около 5 тонн", True),
     ("1000ге жакын адам", True), ("5 миллиондой адам", True), ("4458 жаран", False)],
)  # fmt: skip
def test_approximation_flag(text: str, approximate: bool) -> None:
    (figure,) = extract_figures(text, "ru" if text.isascii() else "ky")
    assert figure.approximate is approximate


def test_of_noun_and_kind() -> None:
    figures = extract_figures("12 миң тонна буудай, 2000 даана автобус, 12% жана 3 миң сом")
    assert [(f.kind, f.of) for f in figures] == [
        ("amount", "wheat"),
        ("count", "buses"),
        ("percent", ""),
        ("amount", ""),
    ]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [("үчүнчү орунда турат", "ky", 3), ("3-орунду ээледи", "ky", 3),
     ("занимает третье место", "ru", 3), ("вышла на первое место", "ru", 1),
     ("заняла 5 место", "ru", 5)],
)  # fmt: skip
def test_ranks(text: str, language: str, value: int) -> None:
    (figure,) = extract_figures(text, language)
    assert (figure.kind, figure.unit, figure.value) == ("rank", "rank", value)


@pytest.mark.parametrize(
    "text",
    [
        "2022-жылы өтөт",
        "2022-жылдын февраль айында",
        "2020-ж. жыйынтыгы",
        "26-июлда жолугушту",
        "в 2022 году",
        "5 марта 2021 года",
        "01.05.21 күнү",
        "1. Биринчи пункт\n2) экинчи пункт",
        "5-пунктка ылайык",
        "COVID-19 менен күрөш",
        "тел.: +996 312 62 50 06",
        "№ 45 токтом",
        "саат 10:00дө башталат",
        "2021-2022 окуу жылы",
        "пять мест",
        "бир катар чечимдер жана эки өлкө",
        "миллиондорду сарптады",
        "тысячи домов",
    ],
)
def test_not_figures(text: str) -> None:
    assert extract_figures(text, "ru" if "году" in text or "мест" in text else "ky") == []


def test_range_and_sub_units() -> None:
    figures = extract_figures("10-15 тонна жүк жана 100 сом 50 тыйын")
    assert [(f.value, f.unit) for f in figures] == [(10, "tonnes"), (15, "tonnes"), (100.5, "som")]


def test_comma_grouping_versus_decimal() -> None:
    assert extract_figures("350,000 доллар")[0].value == 350000
    assert extract_figures("3,125 млрд сом")[0].value == 3.125e9
    assert extract_figures("1,442,997 сом")[0].value == 1442997


def test_duplicates_are_dropped_in_source_order() -> None:
    figures = extract_figures("5 тонна буудай. Кайра 5 тонна буудай жана 7 тонна.")
    assert [f.value for f in figures] == [5, 7]


def test_english_source_gets_a_light_reading() -> None:
    figures = extract_figures("Trade reached 2 billion dollars and grew 15% in 2022.", "en")
    assert [(f.value, f.kind) for f in figures] == [(2e9, "count"), (15, "percent")]


def test_to_dict() -> None:
    figure = extract_figures("12 миң тонна буудай")[0]
    assert figure.to_dict() == {
        "value": 12000.0, "unit": "tonnes", "text": "12,000 tonnes of wheat",
        "source": "12 миң тонна буудай", "approximate": False, "of": "wheat", "kind": "amount",
    }  # fmt: skip


def test_bad_input() -> None:
    with pytest.raises(InputError):
        extract_figures(None)  # type: ignore[arg-type]
    with pytest.raises(UnsupportedLanguageError):
        extract_figures("5 тонна", "de")


@pytest.mark.parametrize(
    ("value", "text"),
    [(12000, "12,000"), (2e9, "2 billion"), (3.9e9, "3.9 billion"), (1442997, "1,442,997"),
     (21.968, "21.968"), (316000, "316,000"), (1.5e6, "1.5 million"), (1e12, "1 trillion"),
     (0.5, "0.5"), (4458, "4,458"), (1234.5, "1,234.5")],
)  # fmt: skip
def test_render_number(value: float, text: str) -> None:
    assert render_number(value) == text


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("12,000 tonnes", [12000]),
        ("12 thousand tonnes", [12000]),
        ("2 billion US dollars", [2e9]),
        ("1.5 million people", [1.5e6]),
        ("3.9 bn som", [3.9e9]),
        ("two thousand buses", [2000]),
        ("twenty-five thousand", [25000]),
        ("grew by 15% and 7 percent", [15, 7]),
        ("$2m and €3.1billion", [2e6, 3.1e9]),
        ("12 000 t", [12000]),
        ("one hundred and fifty", [150]),
        ("3,9 billion", [3.9e9]),
        ("the 50th anniversary", [50]),
        ("COVID-19", [19]),
        ("a 2m wall", []),
        ("12.000 tonnes", [12, 12000]),
    ],
)
def test_english_numbers(text: str, values: list[float]) -> None:
    found = english_numbers(text)
    assert len(found) == len(values)
    assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(found, values, strict=True))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-%$№\nмиңлнрдтонасуАКШ")), max_size=60))
def test_never_raises_on_number_like_text(text: str) -> None:
    for figure in extract_figures(text):
        assert isinstance(figure, Figure)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    assert isinstance(extract_figures(text, "ru"), list)


_UNITS = {"тонна": "tonnes", "сом": "som", "АКШ доллары": "USD", "гектар": "hectares",
          "пайыз": "percent", "кг": "kg", "евро": "EUR"}  # fmt: skip
_SCALES = {"": 1, "миң": 10**3, "млн": 10**6, "млрд": 10**9}


@settings(max_examples=200, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    tenths=st.one_of(st.none(), st.integers(min_value=1, max_value=9)),
    scale=st.sampled_from(sorted(_SCALES)),
    unit=st.sampled_from(sorted(_UNITS)),
)
def test_amounts_round_trip_through_english(
    whole: int, tenths: int | None, scale: str, unit: str
) -> None:
    number = f"{whole},{tenths}" if tenths else str(whole)
    expected = (whole + (tenths or 0) / 10) * _SCALES[scale]
    (figure,) = extract_figures(f"Быйыл {number} {scale} {unit} бөлүндү.".replace("  ", " "))
    assert math.isclose(figure.value, expected, rel_tol=1e-9)
    assert figure.unit == _UNITS[unit]
    assert any(math.isclose(v, figure.value, rel_tol=1e-9) for v in english_numbers(figure.text))


# ------------------------------------------------------------- counts of any noun (issue 14)


@pytest.mark.parametrize(
    ("text", "language", "value", "unit", "english", "source"),
    [
        ("Быйыл төрт жаңы оорукана курулду.", "ky", 4, "hospitals", "4 hospitals",
         "төрт жаңы оорукана"),
        ("12 айыл газдалды.", "ky", 12, "villages", "12 villages", "12 айыл"),
        ("12 айылда суу жок.", "ky", 12, "villages", "12 villages", "12 айылда"),
        ("Построено пять новых школ.", "ru", 5, "schools", "5 schools", "пять новых школ"),
        ("Он төрт киши жаракат алды.", "ky", 14, "people", "14 people", "Он төрт киши"),
        ("үч миллион адам жашайт", "ky", 3e6, "people", "3 million people", "үч миллион адам"),
        ("три миллиона человек", "ru", 3e6, "people", "3 million people",
         "три миллиона человек"),
        ("төрт шектүү кармалды", "ky", 4, "suspects", "4 suspects", "төрт шектүү"),
        ("восемь новых скважин", "ru", 8, "wells", "8 wells", "восемь новых скважин"),
        ("Тогуз теплица курулду.", "ky", 9, "", "9 теплица", "Тогуз теплица"),
        ("построено девять теплиц", "ru", 9, "", "9 теплиц", "девять теплиц"),
        ("9 теплица курулду", "ky", 9, "", "9 теплица", "9 теплица"),
    ],
)  # fmt: skip
def test_counts_of_any_noun(
    text: str, language: str, value: float, unit: str, english: str, source: str
) -> None:
    (figure,) = extract_figures(text, language)
    assert (figure.value, figure.unit, figure.text, figure.source) == (value, unit, english, source)
    assert figure.kind == "count"


@pytest.mark.parametrize(
    ("text", "language", "translation", "unit", "english"),
    [
        ("Тогуз теплица курулду.", "ky", "Nine greenhouses were built.", "greenhouses",
         "9 greenhouses"),
        ("9 теплица курулду", "ky", "9 new greenhouses built in 2021", "new greenhouses",
         "9 new greenhouses"),
        ("построено девять теплиц", "ru", "nine greenhouses have been built", "greenhouses",
         "9 greenhouses"),
        # the translation lacks the number, or has nothing after it: the source word stays
        ("Тогуз теплица курулду.", "ky", "Greenhouses were built.", "", "9 теплица"),
        ("Тогуз теплица курулду.", "ky", "There are 9.", "", "9 теплица"),
        ("Тогуз теплица курулду.", "ky", "8 greenhouses were built.", "", "9 теплица"),
        # a known noun keeps its own English whatever the translation says
        ("төрт жаңы оорукана", "ky", "four new clinics", "hospitals", "4 hospitals"),
    ],
)  # fmt: skip
def test_english_of_an_unknown_noun_comes_from_the_translation(
    text: str, language: str, translation: str, unit: str, english: str
) -> None:
    (figure,) = extract_figures(text, language, english=translation)
    assert (figure.unit, figure.text) == (unit, english)


def test_translation_must_be_a_string() -> None:
    with pytest.raises(InputError):
        extract_figures("9 теплица", "ky", english=9)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("2020-жылы 45, 2021-жылы 60 бала окуйт.", "ky", [(45, "children"), (60, "children")]),
        ("в 2020 году 45, в 2021 году 60 детей", "ru", [(45, "children"), (60, "children")]),
        ("45 жана 60 бала", "ky", [(45, "children"), (60, "children")]),
        ("10, 20 жана 30 пайыз", "ky", [(10, "percent"), (20, "percent"), (30, "percent")]),
        ("5 и 7 тонн", "ru", [(5, "tonnes"), (7, "tonnes")]),
        # a name between the numbers, and no place for the first: the noun is not shared
        # (a count per place, "Бишкекте 45, Ошто 60 бала", is: see test_figure_lists.py)
        ("Жыйынга 45, Ошто 60 бала", "ky", [(60, "children")]),
        # a decimal is no count of children
        ("рейтинг 2,53 и 300 детей", "ru", [(2.53, ""), (300, "children")]),
    ],
)
def test_a_noun_given_once_for_several_numbers(
    text: str, language: str, expected: list[tuple[float, str]]
) -> None:
    figures = extract_figures(text, language)
    assert [(f.value, f.unit) for f in figures] == expected
    assert not {2020.0, 2021.0} & {f.value for f in figures}


def test_shared_noun_keeps_each_figures_own_source() -> None:
    first, second = extract_figures("2020-жылы 45, 2021-жылы 60 бала", "ky")
    assert (first.source, first.text) == ("45", "45 children")
    assert (second.source, second.text) == ("60 бала", "60 children")


@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("5 милион сом", "ky", 5e6, "som"),
        ("2 милиард сом", "ky", 2e9, "som"),
        ("2 трилион сом", "ky", 2e12, "som"),
        ("5 мин сом", "ky", 5000, "som"),
        ("3 млн. сом", "ky", 3e6, "som"),
        ("3 млрд. сомго", "ky", 3e9, "som"),
        ("5 миллиону рублей", "ru", 5e6, "RUB"),
        ("100 сомго", "ky", 100, "som"),
        ("100 сомдон", "ky", 100, "som"),
        ("5 т. көмүр", "ky", 5, "tonnes"),
        ("5 тыс. тонн", "ru", 5000, "tonnes"),
        ("10 тысяч тонн", "ru", 10000, "tonnes"),
        ("72км", "ky", 72, "km"),
        ("500 $ берилди", "ky", 500, "USD"),
        ("100 долл. США", "ru", 100, "USD"),
        ("5000 тг", "ru", 5000, "KZT"),
        ("385 миль", "ru", 385, "miles"),
        ("30 градус", "ky", 30, "degrees"),
    ],
)
def test_scales_and_units_as_people_type_them(
    text: str, language: str, value: float, unit: str
) -> None:
    (figure,) = extract_figures(text, language)
    assert math.isclose(figure.value, value, rel_tol=1e-9)
    assert figure.unit == unit


def test_kyrgyz_min_is_a_scale_only_in_kyrgyz_after_a_number() -> None:
    assert extract_figures("5 мин сом", "ky")[0].value == 5000
    assert all(f.value == 5 for f in extract_figures("через 5 мин.", "ru"))
    assert all(f.value != 5000 for f in extract_figures("5 мин.", "ky"))


def test_unit_with_a_count_noun_is_not_of_it() -> None:
    (figure,) = extract_figures("85 миль саат ылдамдыкта", "ky")
    assert (figure.unit, figure.text, figure.of) == ("miles", "85 miles", "")
    assert extract_figures("5 т. көмүр", "ky")[0].text == "5 tonnes of coal"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("39 жаштагы үй-бүлө", "ky"),  # ages
        ("32 жашар киши кармалды", "ky"),
        ("в возрасте 33, 34 и 39 лет", "ru"),
        ("1-0 эсебинде утту", "ky"),  # scores
        ("со счетом 5-3", "ru"),
        ("2-2 тең чыгышты", "ky"),
        ("токтом 123 менен бекитилди", "ky"),  # decree and article numbers
        ("Указом УП-45 утверждено", "ru"),
        ("согласно статьи 5 закона", "ru"),
        ("5 пункт боюнча", "ky"),
        ("позвонить по номеру 101 сегодня", "ru"),
        ("эки өлкө ортосундагы соода", "ky"),  # the two countries of a visit
        ("двух стран", "ru"),
        ("эки тарап тең макул", "ky"),
        ("үч өлкө тең макул", "ky"),
        ("эки тараптуу келишим", "ky"),  # compounds: bilateral, decade-long, four-day
        ("он жылдык тартыш", "ky"),
        ("төрт күндүк жумушчу апта", "ky"),
        ("эки эсе көп", "ky"),  # times
        ("жети жолу утту", "ky"),
        ("в два раза больше", "ru"),
        ("две трети голосов", "ru"),
        ("на сорок пятой минуте", "ru"),  # an ordinal in words
        ("в районе Четырех углов", "ru"),  # a name
        ("он сказал, что", "ru"),  # Russian "он" is "he"
        ("бир нече адам", "ky"),  # one / several
        ("один человек", "ru"),
        ("2019 коллекциялары", "ky"),  # a year with a noun
        ("төрт көмүр", "ky"),  # a mass noun is not counted
    ],
)
def test_not_counts(text: str, language: str) -> None:
    assert extract_figures(text, language) == []


def test_a_number_before_times_is_a_figure_but_no_count() -> None:
    (figure,) = extract_figures("Видео 77 000 жолу көрүлдү.", "ky")
    assert (figure.value, figure.unit, figure.text) == (77000, "", "77,000")
    (seats,) = extract_figures("300 орундуу мектеп курулду", "ky")
    assert (seats.value, seats.unit) == (300, "")  # a 300-seat school, not 300 schools


@pytest.mark.parametrize(
    ("source", "language", "english"),
    [
        ("Быйыл төрт жаңы оорукана курулду.", "ky", "Four new hospitals were built this year."),
        ("Быйыл төрт жаңы оорукана курулду.", "ky", "4 hospitals were built."),
        ("Построено пять новых школ.", "ru", "Five new schools were built."),
        ("2020-жылы 45, 2021-жылы 60 бала окуйт.", "ky", "45 children in 2020 and sixty in 2021."),
        ("Тогуз теплица курулду.", "ky", "Nine greenhouses were built."),
    ],
)
def test_new_counts_are_checkable_by_the_guard(source: str, language: str, english: str) -> None:
    from summarize.figures.guard import check_figures

    figures = extract_figures(source, language)
    assert figures
    assert check_figures(figures, english) == []
    (warning, *_) = check_figures(figures, "Three new buildings were built.")
    assert warning.startswith(f'the source gives "{figures[0].source}"')
