"""Digest merges that hold up, without a model: people of one surname with different given names
are different people, and English that cannot be trusted does not make two events one (the
source decides then)."""

from __future__ import annotations

import datetime

import pytest
from _digest_cases import lookup_brief, with_flags
from test_digest_rules import SCHOOL_KY

from summarize import DigestInput, digest
from summarize.digest.group import same_event
from summarize.digest.profile import (
    make_profile,
    people_agree,
    person_key,
    same_person,
    shared_full_names,
)
from summarize.digest.trust import trusted_english

DAY = datetime.date(2024, 3, 14)
DATELINE_KY = ("Бишкек, 14-март 2024-жыл.", "Bishkek, 14 March 2024.")
DATELINE_RU = ("Бишкек, 14 марта 2024 года.", "Bishkek, 14 March 2024.")
# what the demo model writes for any text it was not trained on: its seed releases' sentences
SEED_TALK = "I would like to note that the talks show the consistent nature of our cooperation."
SEED_TRADE = "We agreed to continue creating the necessary conditions and to improve mutual trade."
SEED_NAMES = (
    "The parties discussed the government Akylbek Japarov and Askar Mamin discussed issues."
)
MEASLES_KY = [
    DATELINE_KY,
    ("Кыргызстанда жыл башынан бери кызамыктын 1245 учуру катталды.", SEED_TALK),
    ("Ооругандардын 70 пайызы эмдөө албаган балдар.", SEED_TRADE),
    ("Учурда ооруканаларда 312 бала дарыланып жатат.", SEED_TALK),
    ("Министрлик ата-энелерди балдарын өз убагында эмдетүүгө чакырат.", SEED_TRADE),
    ("Дарыгерлер оорунун белгилери байкалганда дароо кайрылууну сунушташат.", SEED_TALK),
    ("Бул тууралуу Саламаттык сактоо министрлигинин басма сөз кызматы маалымдады.", "Reported."),
]
MEASLES_RU = [
    DATELINE_RU,
    ("В Кыргызстане с начала года зарегистрировано 1245 случаев кори.", "Sugar beet was grown."),
    ("70 процентов заболевших составляют непривитые дети.", "The delegation was satisfied."),
    ("В настоящее время в больницах проходят лечение 312 детей.", "Buses will be launched."),
    ("Министерство призывает родителей своевременно прививать детей.", "Roads were paved."),
    ("Врачи рекомендуют сразу обращаться за медицинской помощью.", "Culture days are held."),
    ("Об этом сообщила пресс-служба Министерства здравоохранения.", "Reported."),
]
TALKS_KY = [
    DATELINE_KY,
    (
        "Министрлер Кабинетинин Төрагасы Акылбек Жапаров Өзбекстандын Премьер-министри Абдулла "
        "Арипов менен телефон аркылуу сүйлөштү.",
        SEED_TALK,
    ),
    ("Өкмөт башчылар эки тараптуу кызматташтыктын маселелерин талкуулашты.", SEED_TRADE),
    ("Тараптар чек ара маселелерин чечүүдөгү жетишкендиктерди жогору баалашты.", SEED_TALK),
    ("Акылбек Жапаров соода жүгүртүүнү көбөйтүү зарылдыгын белгиледи.", SEED_TRADE),
    ("Тараптар Өкмөттөр аралык комиссиянын жыйынын өткөрүүгө макулдашты.", SEED_TALK),
    ("Бул тууралуу Министрлер Кабинетинин басма сөз кызматы маалымдады.", "Reported."),
]


def _profile(made, position=0):
    return make_profile(position, f"doc{position}", made, DAY)


def _english(pairs: list[tuple[str, str]], english: str) -> list[tuple[str, str]]:
    """The sentences (not the dateline) all translated as ``english``."""
    return [pairs[0], *((source, english) for source, _ in pairs[1:])]


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Sadyr Japarov", "Akylbek Japarov", False),  # the President, the Chairman until 2024
        ("S. Japarov", "Akylbek Japarov", False),
        ("A. Japarov", "Akylbek Japarov", True),
        ("Japarov A.", "Akylbek Japarov", True),
        ("Aqylbek Zhaparov", "Akylbek Japarov", True),
        ("Djeremi Korbina", "Jeremi Korbin", True),
        ("Yevgeny Ivanov", "Evgeny Ivanov", True),
        ("Japarov", "Akylbek Japarov", True),  # a surname alone may be either
        ("Japarov", "Sadyr Japarov", True),
        ("Sadyr Japarov", "Sadyr Kasymov", False),
    ],
)
def test_one_surname_with_two_given_names_is_two_people(first, second, same):
    assert same_person(person_key(first), person_key(second)) is same
    assert same_person(person_key(second), person_key(first)) is same


def test_a_surname_alone_agrees_but_is_no_shared_full_name():
    def keys(*names):
        return frozenset(person_key(name) for name in names)

    assert people_agree(keys("Japarov"), keys("Sadyr Japarov"))
    assert not people_agree(keys("Sadyr Japarov"), keys("Akylbek Japarov"))
    assert shared_full_names(keys("Japarov"), keys("Akylbek Japarov")) == 0
    assert shared_full_names(keys("A. Japarov", "Askar Mamin"), keys("Akylbek Japarov")) == 1


def test_the_president_and_the_chairman_are_two_events():
    president = lookup_brief(SCHOOL_KY, "ky")
    chairman = [
        (source.replace("Президент Садыр", "Министрлер Кабинетинин Төрагасы Акылбек"),
         english.replace("President Sadyr", "Chairman of the Cabinet of Ministers Akylbek"))
        for source, english in SCHOOL_KY
    ]  # fmt: skip
    decision = same_event(_profile(president), _profile(lookup_brief(chairman, "ky"), 1))
    assert not decision.same
    assert decision.reason == "they name different people"
    initial = [(s.replace("Садыр Жапаров", "С. Жапаров"), e) for s, e in SCHOOL_KY]
    decision = same_event(_profile(president), _profile(lookup_brief(initial, "ky"), 1))
    assert decision.same, decision.reason  # S. Japarov is Sadyr Japarov


@pytest.mark.parametrize(
    ("measles", "talks"),
    [
        # the demo model's English, flagged (as it mostly is)
        (
            with_flags(lookup_brief(MEASLES_KY, "ky"), every=True),
            with_flags(lookup_brief(TALKS_KY, "ky"), every=True),
        ),
        # the same, unflagged, but naming people neither source names
        (
            lookup_brief(_english(MEASLES_KY, SEED_NAMES), "ky"),
            lookup_brief(_english(TALKS_KY, SEED_NAMES), "ky"),
        ),
    ],
    ids=["flagged", "invented-names"],
)
def test_english_that_cannot_be_trusted_does_not_merge_two_events(measles, talks):
    a, b = _profile(measles), _profile(talks, 1)
    assert a.released == b.released and a.language == b.language == "ky"
    assert a.trusted < 0.5 and b.trusted < 0.5
    decision = same_event(a, b)
    assert not decision.same, decision.reason
    assert not decision.trusted and "not trusted" in decision.reason
    result = digest(
        [DigestInput(measles, "measles.txt", DAY), DigestInput(talks, "talks.txt", DAY)]
    )
    entries = sorted([d.id for d in e.documents] for e in result.entries)
    assert entries == [["measles.txt"], ["talks.txt"]]


def test_the_source_holds_versions_together_when_the_english_is_not_trusted():
    kyrgyz = with_flags(lookup_brief(MEASLES_KY, "ky"), every=True)
    russian = with_flags(lookup_brief(MEASLES_RU, "ru"), every=True)
    decision = same_event(_profile(kyrgyz), _profile(russian, 1))
    assert decision.text < 0.3  # their (wrong) English says nothing alike
    assert decision.same, decision.reason
    assert decision.shared_figures == 3 and "the sources agree" in decision.reason
    result = digest([DigestInput(kyrgyz, "measles.ky.txt"), DigestInput(russian, "ru.txt")])
    assert len(result.entries) == 1


def test_trusted_english_leaves_out_flags_wrong_figures_invented_names_and_datelines():
    pairs = [
        DATELINE_KY,
        ("Учурда ооруканаларда 312 бала дарыланып жатат.", "312 children are in hospital."),
        ("Министрлик ата-энелерди балдарын эмдетүүгө чакырат.", "The ministry calls on parents."),
        ("Ооругандардын 70 пайызы эмдөө албаган балдар.", "Half of the sick were not vaccinated."),
        ("Дарыгерлер дароо кайрылууну сунушташат.", "Askar Mamin advises to see a doctor."),
        MEASLES_KY[-1],
    ]
    english, share = trusted_english(lookup_brief(pairs, "ky"))
    assert english == [pairs[1][1], pairs[2][1]]  # 70% lost; Askar Mamin invented
    assert share == 0.5  # of four: the dateline and the attribution line are left out
    flagged = with_flags(lookup_brief(pairs[:3], "ky"), every=True)
    assert trusted_english(flagged) == ([], 0.0)
