"""translate.quality: each flag on hand-built outputs, and no flag on human translations."""

from __future__ import annotations

import csv
from collections import Counter
from itertools import permutations

import pytest
from conftest import DATA, load_seed_rows

from translate.quality import (
    FLAGS,
    confidence_flags,
    has_loop,
    is_copied,
    length_out_of_range,
    ordered,
    repair,
    review,
    wrong_language,
)

NTREX = DATA / "ntrex128" / "ky_en_ru.tsv"


def _ntrex_rows() -> list[dict[str, str]]:
    with NTREX.open(encoding="utf-8") as f:
        next(f)  # the attribution line
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


# -- the flags, one by one ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "target"),
    [
        ("2000 тонн of wheat were delivered to the region.", "en"),  # Cyrillic in English
        ("The minister met the ambassador in Бишкек.", "en"),
        ("The minister 会见 the ambassador.", "en"),
        ("Министр встретился с послом в городе Бишкек и обсудил вопросы торговли.", "ky"),
        ("Министр өкмөттүн жыйынында сүйлөдү и обсудил вопросы.", "ru"),  # ө ү in Russian
        ("The minister met the ambassador and discussed trade and investment.", "ru"),
        ("The minister met the ambassador and discussed trade and investment.", "ky"),
    ],
)
def test_wrong_language(output, target):
    source = "Министр элчи менен жолугуп, соода маселелерин талкуулады."
    assert wrong_language(source, output, target)
    assert "wrong-language" in review(source, output, "ky", target).flags


@pytest.mark.parametrize(
    ("source", "output", "target"),
    [
        # Latin names and acronyms the source has are fine in Kyrgyz and Russian.
        ("Компания Apple открыла офис в Бишкеке.", "Apple компаниясы Бишкекте кеңсе ачты.", "ky"),
        ("Компания Apple открыла офис в Бишкеке.", "Компания Apple открыла офис.", "ru"),
        ("COVID-19 пандемиясы басаңдады.", "Пандемия COVID-19 пошла на спад.", "ru"),
        # A Kyrgyz name copied from the source is allowed in Russian.
        ("Өмүрбек Бабанов сүйлөдү.", "Выступил Өмүрбек Бабанов.", "ru"),
        ("Жыйын 2024-жылы өттү.", "The meeting took place in 2024.", "en"),
        ("Жапаров.", "Japarov.", "en"),
    ],
)
def test_right_language_is_not_flagged(source, output, target):
    assert not wrong_language(source, output, target)


@pytest.mark.parametrize(
    ("output", "repaired"),
    [
        ("2000 тонн озопасился сельельельель.", "2000 тонн озопасился сель."),
        ("The tttttt minister spoke.", "The t minister spoke."),
        ("the the the the meeting", "the meeting"),
        ("Ельельель.", "Ель."),
        # Three copies are enough for a bare word or a phrase.
        ("It is is is fine.", "It is fine."),
        ("He said that he said that he said that it was fine.", "He said that it was fine."),
        ("It was held in the city of of of of Osh.", "It was held in the city of Osh."),
    ],
)
def test_repetition_is_flagged_and_collapsed(output, repaired):
    checked = review("Жыйын Ош шаарында өттү.", output, "ky", "en")
    assert "repetition" in checked.flags
    assert checked.text == repaired == repair(output)


@pytest.mark.parametrize(
    "text",
    [
        "Ошондуктан ар бир жумушчунунун салымын баалайм.",  # Kyrgyz -унунун is grammar
        "Mississippi, www.gov.kg, Hawaii, 1000000 soms.",
        '"NOOOOOOOOOOO," she wrote.',  # shouting in capitals is not a model loop
        "Very, very, very good.",
    ],
)
def test_text_without_loops(text):
    assert not has_loop(text)
    assert repair(text) == text


def test_copied_and_not_copied():
    ky = "Президент Садыр Жапаров бүгүн Ош шаарына келди."
    assert is_copied(ky, ky, "ky")
    assert is_copied(ky, "Президент Садыр Жапаров бүгүн Ош шаарына келди!", "ky")
    assert "copied" in review(ky, ky, "ky", "ru").flags
    assert not is_copied(ky, "Президент Садыр Жапаров сегодня прибыл в Ош.", "ky")
    # A quote in another language, or digits, come back as they are.
    assert not is_copied("Il faut bien le faire.", "Il faut bien le faire.", "en")
    assert not is_copied("2024", "2024", "ky")


def test_length():
    source = "Өкмөт башчысы бүгүн Ош облусуна иш сапары менен барып, дыйкандар менен жолугушту."
    assert length_out_of_range(source, "The head.")
    assert length_out_of_range(source, " ".join(["The head of government visited Osh."] * 8))
    assert not length_out_of_range(source, "The head of government visited Osh and met farmers.")
    # Short sentences vary most: only a gap of 25+ letters counts.
    assert not length_out_of_range("Ооба.", "Yes, that is right.")
    assert length_out_of_range(
        "Ооба.", "Yes, the minister said that this is exactly what happened."
    )


def test_confidence_flag_and_order():
    assert confidence_flags(0.49, 0.5) == ("low-confidence",)
    assert confidence_flags(0.5, 0.5) == ()
    assert confidence_flags(None, 0.5) == ()
    assert ordered(["length", "repetition", "low-confidence", "length"]) == (
        "low-confidence",
        "repetition",
        "length",
    )
    assert set(FLAGS) == {
        *("low-confidence", "wrong-language", "repetition", "copied", "length"),
        "meaning",  # the round trip (translate.roundtrip), where it was asked for
        *("name-missing", "term-missing"),  # the name guard (translate.names.official)
    }


# -- human translations raise no flag --------------------------------------------------------


def test_no_flag_on_human_translations():
    """Every human reference, read as the "output" of every direction, passes every check.

    NTREX-128 (1,997 sentences) and the 27 seed sentences, in all six directions between
    Kyrgyz, Russian and English: 12,144 pairs.
    """
    rows = _ntrex_rows() + load_seed_rows()
    flagged: Counter[tuple[str, str, str]] = Counter()
    examples = []
    for source, target in permutations(("ky", "ru", "en"), 2):
        for row in rows:
            flags = review(row[source], row[target], source, target).flags
            flagged.update((source, target, flag) for flag in flags)
            if flags:
                examples.append((source, target, flags, row[target][:80]))
    assert len(rows) == 2024
    assert not flagged, examples[:10]
