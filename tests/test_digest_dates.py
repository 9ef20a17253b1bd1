"""Release dates without a year: the year the text gives for that day or month, "tomorrow" and
"yesterday" shift the day, and a year taken from the file's date is said beside the date."""

from __future__ import annotations

import datetime
import json

import pytest
from _digest_cases import lookup_brief

from summarize import Digest, DigestInput, digest
from summarize.digest.profile import release_date

FILE_DAY = datetime.date(2026, 5, 2)  # a file saved today: its year is not the release's
ASSUMED = "year not in the text: assumed from the file date"


def _brief(lines: list[str], language: str):
    return lookup_brief([(line, "English.") for line in lines], language)


@pytest.mark.parametrize(
    ("lines", "language", "want"),
    [
        (
            [
                "Эртең, 20-майда Бишкекте эл аралык инвестициялык форум ачылат.",
                "Форум 2023-жылдын 20, 21-майында «Ала-Тоо» концерттик залында өтөт.",
            ],
            "ky",
            (datetime.date(2023, 5, 19), "tomorrow", "text"),
        ),
        (
            [
                "Завтра, 20 мая, в Бишкеке откроется международный инвестиционный форум.",
                "Форум пройдет 20-21 мая 2023 года в концертном зале «Ала-Тоо».",
            ],
            "ru",
            (datetime.date(2023, 5, 19), "tomorrow", "text"),
        ),
        (
            ["Кечээ, 13-мартта Токтогул районунда 5 баллдык жер титирөө болду."],
            "ky",
            (datetime.date(2026, 3, 14), "yesterday", "metadata"),
        ),
        (
            ["Вчера, 13 марта, в Токтогульском районе произошло землетрясение силой 5 баллов."],
            "ru",
            (datetime.date(2026, 3, 14), "yesterday", "metadata"),
        ),
        (
            [
                "Бишкек, 23-март. Президент жаңы мектепти ачты.",
                "Мектептин курулушу 2022-жылдын март айында башталган эле.",
            ],
            "ky",
            (datetime.date(2022, 3, 23), "dateline", "text"),
        ),
        (
            ["Бишкек, 31-декабрь. Эртең, 1-январда жаңы мыйзам күчүнө кирет."],
            "ky",
            (datetime.date(2026, 12, 31), "dateline", "metadata"),
        ),
        (
            ["Бүгүн, 5-апрелде мектеп ачылды.", "Курулуш 2024-жылы аяктаган."],
            "ky",
            (datetime.date(2026, 4, 5), "today", "metadata"),  # 2024 is not said of April
        ),
    ],
)
def test_a_date_without_a_year_takes_the_year_the_text_gives(lines, language, want):
    found = release_date(_brief(lines, language), FILE_DAY)
    assert (found.date, found.origin, found.year_from) == want


def test_the_current_year_is_never_assumed():
    found = release_date(_brief(["Эртең, 20-майда форум ачылат."], "ky"), None)
    assert (found.date, found.origin) == (None, "")
    dated = release_date(_brief(["Бишкек, 20-май 2024-жыл. Форум ачылды."], "ky"), FILE_DAY)
    assert (dated.date, dated.year_from) == (datetime.date(2024, 5, 20), "")


@pytest.fixture(scope="module")
def report() -> Digest:
    assumed = _brief(["Кечээ, 13-мартта Токтогул районунда жер титирөө болду."], "ky")
    given = _brief(["Бишкек, 14-март 2024-жыл. Мектеп ачылды."], "ky")
    from_text = _brief(
        ["Эртең, 20-майда форум ачылат.", "Форум 2023-жылдын 20, 21-майында өтөт."], "ky"
    )
    return digest(
        [
            DigestInput(assumed, "quake.txt", FILE_DAY),
            DigestInput(given, "school.txt", FILE_DAY),
            DigestInput(from_text, "forum.txt", FILE_DAY),
        ]
    )


def test_an_assumed_year_is_said_beside_the_date(report):
    by_id = {e.documents[0].id: e for e in report.entries}
    assert by_id["quake.txt"].date == "2026-03-14"
    assert by_id["quake.txt"].year_from == by_id["quake.txt"].documents[0].year_from == "metadata"
    assert by_id["school.txt"].year_from == "" and by_id["forum.txt"].year_from == "text"
    assert by_id["forum.txt"].date == "2023-05-19"
    markdown, html = report.to_markdown(), report.to_html()
    for text in (markdown, html):
        assert text.count(ASSUMED) == 1
    assert f"14 Mar 2026, “yesterday” in the text, the day after, {ASSUMED}" in markdown
    assert f"14 Mar 2026, “yesterday” in the text, the day after, {ASSUMED}" in html
    assert "(Kyrgyz; 19 May 2023, “tomorrow” in the text, the day before; English" in markdown
    data = json.loads(report.to_json())
    years = {e["documents"][0]["id"]: (e["year_from"], e["documents"][0]["year_from"])
             for e in data["entries"]}  # fmt: skip
    assert years == {
        "quake.txt": ("metadata", "metadata"),
        "school.txt": ("", ""),
        "forum.txt": ("text", "text"),
    }
    assert Digest.from_dict(data) == report


def test_a_digest_written_before_year_from_still_reads():
    data = {"entries": [], "skipped": []}
    assert Digest.from_dict(data).entries == ()
    entry = {
        "id": "E1", "headline": "h", "summary": "", "key_points": [], "date": "2024-03-14",
        "date_from": "dateline", "body": "", "languages": ["ky"], "figures": [], "dates": [],
        "entities": [], "warnings": [], "notes": [], "flags": [],
        "documents": [{"id": "a.txt", "language": "ky", "date": "2024-03-14",
                       "date_from": "dateline", "body": "", "mode": "full", "flagged": 0,
                       "english": True}],
    }  # fmt: skip
    read = Digest.from_dict({"entries": [entry]})
    assert read.entries[0].year_from == read.entries[0].documents[0].year_from == ""
