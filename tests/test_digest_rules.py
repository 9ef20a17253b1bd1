"""The digest's text logic without a model: merge rule, release dates, issuing bodies, figures."""

from __future__ import annotations

import datetime

import pytest
from _digest_cases import lookup_brief, with_flags

from summarize import DigestInput, digest
from summarize.digest.group import RELATED_TEXT, SAME_TEXT, same_event
from summarize.digest.profile import CABINET, issuing_body, make_profile, release_date
from translate.errors import InputError

DATELINE_KY = ("Бишкек, 23-март 2024-жыл.", "Bishkek, 23 March 2024.")
SCHOOL_KY = [
    DATELINE_KY,
    (
        "Президент Садыр Жапаров Бишкек шаарында 1200 окуучуга ылайыкталган жаңы мектепти ачты.",
        "President Sadyr Japarov opened a new school for 1,200 pupils in the city of Bishkek.",
    ),
    (
        "Мектептин курулушуна 350 миллион сом жумшалды.",
        "350 million som was spent on the construction of the school.",
    ),
    (
        "Мектепте 40 класс, спорт зал жана китепкана бар.",
        "The school has 40 classrooms, a sports hall and a library.",
    ),
    (
        "Бул тууралуу Президенттин басма сөз кызматы маалымдады.",
        "This was reported by the President's press service.",
    ),
]
SCHOOL_RU = [
    ("Бишкек, 23 марта 2024 года.", "Bishkek, March 23, 2024."),
    (
        "Президент Садыр Жапаров открыл в городе Бишкек новую школу на 1200 учеников.",
        "President Sadyr Japarov opened a new school for 1200 students in Bishkek.",
    ),
    (
        "На строительство школы потрачено 350 миллионов сомов.",
        "350 million soms were spent on building the school.",
    ),
    (
        "В школе 40 классов, спортивный зал и библиотека.",
        "There are 40 classes, a gym and a library in the school.",
    ),
    ("Об этом сообщила пресс-служба Президента.", "The President's press service reported it."),
]
# the same Kyrgyz release as a weak machine translation would render it
SCHOOL_KY_WEAK = [
    DATELINE_KY,
    (SCHOOL_KY[1][0], "President Japarov in the capital opened a school house, 1,200 learners."),
    (SCHOOL_KY[2][0], "On construction 350 million som went."),
    (SCHOOL_KY[3][0], "There 40 rooms, sport zal and book house is."),
    SCHOOL_KY[4],
]
# another event: the same day, the same President, the same press service
AMBASSADOR_KY = [
    DATELINE_KY,
    (
        "Президент Садыр Жапаров Түркиянын Кыргызстандагы элчисин кабыл алды.",
        "President Sadyr Japarov received the Ambassador of Turkey to Kyrgyzstan.",
    ),
    (
        "Тараптар соода жана инвестициялык кызматташтыкты талкуулашты.",
        "The parties discussed trade and investment cooperation.",
    ),
    ("Элчи ишеним грамотасын тапшырды.", "The ambassador presented his credentials."),
    SCHOOL_KY[4],
]


@pytest.fixture(scope="module")
def school_ky():
    return lookup_brief(SCHOOL_KY, "ky")


@pytest.fixture(scope="module")
def school_ru():
    return lookup_brief(SCHOOL_RU, "ru")


def _profile(made, position=0, date=None):
    return make_profile(position, f"doc{position}", made, date)


def test_kyrgyz_and_russian_versions_are_one_event(school_ky, school_ru):
    decision = same_event(_profile(school_ky), _profile(school_ru, 1))
    assert decision.same, decision.reason
    # 1200 pupils, 350 million som ("40 класс" is not read as a count: класс is also a grade)
    assert decision.shared_figures == 2


def test_no_false_merge_same_person_same_date_same_body(school_ky):
    other = lookup_brief(AMBASSADOR_KY, "ky")
    a, b = _profile(school_ky), _profile(other, 1)
    assert a.released == b.released and a.body == b.body and a.people == b.people
    decision = same_event(a, b)
    assert not decision.same, decision.reason
    result = digest([DigestInput(school_ky, "school.txt"), DigestInput(other, "ambassador.txt")])
    assert [len(e.documents) for e in result.entries] == [1, 1]


def test_no_false_split_when_the_kyrgyz_english_is_weak(school_ru):
    weak = lookup_brief(SCHOOL_KY_WEAK, "ky")
    decision = same_event(_profile(weak), _profile(school_ru, 1))
    # the English alone would not do it: the shared source figures decide
    assert RELATED_TEXT <= decision.text < SAME_TEXT
    assert decision.same, decision.reason
    assert "figures" in decision.reason


def test_same_text_days_apart_is_two_events(school_ky):
    first = _profile(school_ky)
    later = lookup_brief([("Бишкек, 29-март 2024-жыл.", "Bishkek, 29 March 2024."), *SCHOOL_KY[1:]])
    decision = same_event(first, _profile(later, 1))
    assert not decision.same
    assert "6 days apart" in decision.reason


def test_different_people_are_two_events(school_ky):
    swapped = [(s.replace("Садыр Жапаров", "Адылбек Касымалиев"), e) for s, e in SCHOOL_KY]
    decision = same_event(_profile(school_ky), _profile(lookup_brief(swapped, "ky"), 1))
    assert not decision.same
    assert "different people" in decision.reason


def test_release_dates_from_dateline_today_and_metadata(school_ky, school_ru):
    assert release_date(school_ky, None).date == datetime.date(2024, 3, 23)
    assert release_date(school_ru, None).origin == "dateline"
    today = lookup_brief(
        [("Бүгүн, 5-апрелде Президент Садыр Жапаров мектепти ачты.", "Today, on 5 April, ...")]
    )
    found = release_date(today, datetime.date(2024, 1, 9))
    assert (found.date, found.origin) == (datetime.date(2024, 4, 5), "today")
    plain = lookup_brief([SCHOOL_KY[1]])  # no dateline: a date inside the text is not one
    assert release_date(plain, datetime.date(2024, 1, 9)).origin == "metadata"
    assert release_date(plain, None).date is None


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        ("Бул тууралуу өкмөттүн басма сөз кызматы маалымдады.", CABINET),
        (
            "Бул тууралуу Министрлер Кабинетинин басма сөз кызматы билдирди.",
            "Cabinet of Ministers press service",
        ),
        ("Бул тууралуу Президенттин басма сөз кызматы маалымдады.", "Presidential press service"),
        ("Об этом сообщила пресс-служба Кабинета министров.", "Cabinet of Ministers press service"),
        ("Об этом сообщает пресс-служба Президента.", "Presidential press service"),
        (
            "Бул тууралуу Тышкы иштер министрлигинин басма сөз кызматы маалымдады.",
            "Ministry of Foreign Affairs press service",
        ),
        ("Министр жыйынга катышты.", ""),
    ],
)
def test_issuing_body(sentence, body):
    assert issuing_body(lookup_brief([(sentence, "English.")])) == body


def test_figure_in_one_version_only_is_noted(school_ky, school_ru):
    shorter = lookup_brief([p for p in SCHOOL_RU if "350" not in p[0]], "ru")
    result = digest([DigestInput(school_ky, "ky.txt"), DigestInput(shorter, "ru.txt")])
    (entry,) = result.entries
    som = next(f for f in entry.figures if f.unit == "som")
    assert som.status == "only"
    assert any("350 million" in n and "not in ru.txt" in n for n in entry.notes)
    assert not any("differ" in w for w in entry.warnings)


def test_english_from_russian_unless_flagged(school_ky, school_ru):
    plain = digest([DigestInput(school_ky, "ky.txt"), DigestInput(school_ru, "ru.txt")])
    (entry,) = plain.entries
    assert entry.headline == school_ru.headline
    assert [d.id for d in entry.documents if d.english] == ["ru.txt"]
    flagged = digest(
        [DigestInput(school_ky, "ky.txt"), DigestInput(with_flags(school_ru), "ru.txt")]
    )
    (entry,) = flagged.entries
    assert entry.headline == school_ky.headline
    assert [d.id for d in entry.documents if d.english] == ["ky.txt"]
    assert any(f.startswith("ru.txt:") and "low confidence" in f for f in entry.flags)


def test_since_until(school_ky):
    undated = lookup_brief([AMBASSADOR_KY[1]])
    items = [DigestInput(school_ky, "dated.txt"), DigestInput(undated, "undated.txt")]
    kept = digest(items, since=datetime.date(2024, 3, 23), until=datetime.date(2024, 3, 23))
    assert [d.id for e in kept.entries for d in e.documents] == ["dated.txt"]
    assert kept.outside == ("undated.txt",)
    later = digest(items, since=datetime.date(2024, 3, 24))
    assert later.entries == () and set(later.outside) == {"dated.txt", "undated.txt"}
    assert len(digest(items).entries) == 2


def test_entries_by_date_then_body(school_ky):
    earlier = lookup_brief(
        [("Бишкек, 20-март 2024-жыл.", "Bishkek, 20 March 2024."), *AMBASSADOR_KY[1:]]
    )
    undated = lookup_brief([("Министр жыйынга катышты.", "The minister attended the meeting.")])
    result = digest([undated, school_ky, earlier])
    assert [e.date for e in result.entries] == ["2024-03-20", "2024-03-23", ""]
    assert [e.id for e in result.entries] == ["E1", "E2", "E3"]
    assert result.entries[2].documents[0].id == "document-1"


def test_datetimes_count_by_their_day(school_ky):
    undated = lookup_brief([AMBASSADOR_KY[1]])
    stamp = datetime.datetime(2024, 3, 20, 17, 45)
    result = digest([DigestInput(undated, "a.txt", stamp)], since=stamp, until=stamp)
    assert [e.date for e in result.entries] == ["2024-03-20"]
    with pytest.raises(InputError):
        digest([school_ky], since="2024-03-01")
    with pytest.raises(InputError):
        digest([school_ky], since=datetime.date(2024, 3, 2), until=datetime.date(2024, 3, 1))
