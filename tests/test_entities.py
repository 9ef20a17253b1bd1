"""Named people, places and bodies; romanization and case endings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.entities import extract_entities, load_glossary
from translate.errors import InputError, UnsupportedLanguageError
from translate.names.romanize import inflects, romanize, strip_surname_ending

SEEDS = Path(__file__).parent / "data" / "seeds"
GOLD = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
DOCS = sorted(key for key in GOLD if key != "about")


def _source(doc: str, language: str) -> str:
    if language == "ky":
        return (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    lines = (SEEDS / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    return " ".join(json.loads(line)[language] for line in lines if f'"{doc}"' in line)


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
@pytest.mark.parametrize("doc", DOCS)
def test_seed_gold_entities(doc: str, language: str) -> None:
    found = {(e.name, e.kind) for e in extract_entities(_source(doc, language), language)}
    for kind, names in GOLD[doc]["entities"].items():
        for name in names:
            assert (name, kind) in found, (name, kind)


def test_source_order_unique_and_sources() -> None:
    text = "Акылбек Жапаров Бишкекте. Акылбек Жапаровдун сапары Казакстанга."
    entities = extract_entities(text)
    assert [(e.name, e.source) for e in entities] == [
        ("Akylbek Japarov", "Акылбек Жапаров"),
        ("Bishkek", "Бишкекте"),
        ("Kazakhstan", "Казакстанга"),
    ]


@pytest.mark.parametrize(
    ("text", "language", "name", "kind"),
    [
        ("Ал Токаевди чакырды", "ky", "Kassym-Jomart Tokayev", "person"),
        ("встретился с Аскаром Маминым", "ru", "Askar Mamin", "person"),
        ("Садыр Жапаровдун айтымында", "ky", "Sadyr Japarov", "person"),
        ("Бишкекте өттү", "ky", "Bishkek", "place"),
        ("Казакстандын өкүлдөрү", "ky", "Kazakhstan", "place"),
        ("Кыргызстанга келди", "ky", "Kyrgyzstan", "place"),
        ("Кыргыз Республикасынын Президенти", "ky", "Kyrgyz Republic", "place"),
        ("Кыргызской Республики", "ru", "Kyrgyz Republic", "place"),
        ("Жогорку Кеңештин депутаттары", "ky", "Jogorku Kenesh", "org"),
        ("ЕАЭБдин алкагында", "ky", "EAEU", "org"),
        ("в рамках ЕАЭС", "ru", "EAEU", "org"),
        ("Ысык-Көлдө эс алышты", "ky", "Issyk-Kul", "place"),
        ("Оштогу жыйын", "ky", "Osh", "place"),
        ("Министрлер Кабинетинин отуруму", "ky", "Cabinet of Ministers", "org"),
        ("посетил Ошскую область", "ru", "Osh Region", "place"),
        ("Ош облусуна барды", "ky", "Osh Region", "place"),
    ],
)
def test_case_endings_do_not_leak(text: str, language: str, name: str, kind: str) -> None:
    entities = extract_entities(text, language)
    assert (name, kind) in {(e.name, e.kind) for e in entities}


def test_kyrgyz_republic_is_not_only_kyrgyzstan() -> None:
    names = [e.name for e in extract_entities("Кыргыз Республикасынын экономикасы")]
    assert names == ["Kyrgyz Republic"]


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Министр Эдил Байсаловдун айтымында", "ky", "Edil Baisalov"),
        ("встретился с Улукбеком Кармышаковым", "ru", "Ulukbek Karmyshakov"),
        ("Нурлан Асанбек уулу менен", "ky", "Nurlan Asanbek uulu"),
        ("Айгүл Токтосунова билдирди", "ky", "Aigul Toktosunova"),
        ("А. Мамытов билдирди", "ky", "A. Mamytov"),
    ],
)
def test_unknown_people_are_romanized(text: str, language: str, name: str) -> None:
    people = [e for e in extract_entities(text, language) if e.kind == "person"]
    assert [p.name for p in people] == [name]


@pytest.mark.parametrize(
    "text",
    ["Ошондой эле", "2 млрд АКШ долларына", "долларов США", "Министрлер Кабинетинин Төрагасы"],
)
def test_no_false_names(text: str) -> None:
    assert all(e.kind == "org" for e in extract_entities(text))


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Жапаров", "Japarov"), ("Жогорку Кеңеш", "Jogorku Kenesh"), ("Токаев", "Tokayev"),
     ("Аскар Мамин", "Askar Mamin"), ("Үсөнов", "Usonov"), ("Щукин", "Shchukin"),
     ("Чолпон-Ата", "Cholpon-Ata"), ("Байсалов", "Baisalov"), ("Сооронбай", "Sooronbay"),
     ("Ермек", "Yermek"), ("Хабиб", "Khabib"), ("ЕАЭБ", "YEAEB"), ("Bishkek", "Bishkek")],
)  # fmt: skip
def test_romanize(cyrillic: str, latin: str) -> None:
    assert romanize(cyrillic) == latin


@pytest.mark.parametrize(
    ("word", "stem", "expected"),
    [("Кыргызстанга", "Кыргызстан", True), ("Республикасынын", "Республикасы", True),
     ("долларына", "доллар", True), ("автобустары", "автобус", True),
     ("Бишкектеги", "Бишкек", True), ("Аскаром", "Аскар", True), ("сомов", "сом", True),
     ("Ошондой", "Ош", False), ("университет", "ун", False), ("кантип", "кант", False),
     ("бишкекте", "Бишкек", False)],
)  # fmt: skip
def test_inflects(word: str, stem: str, expected: bool) -> None:
    assert inflects(word, stem) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Жапаровдун", ("Жапаров", "дун")), ("Маминым", ("Мамин", "ым")),
     ("Жапаровой", ("Жапарова", "ой")), ("Кабинетинин", None), ("Казакстандын", None)],
)  # fmt: skip
def test_strip_surname_ending(word: str, expected: tuple[str, str] | None) -> None:
    assert strip_surname_ending(word) == expected


def test_custom_glossary(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text(
        "# kind\tenglish\tky\tru\norg\tMinistry of Digital Development\t"
        "санариптик өнүктүрүү министрлиги\tминистерств цифров развити\n",
        encoding="utf-8",
    )
    glossary = load_glossary(path)
    assert len(glossary) == 1
    text = "Санариптик өнүктүрүү министрлигинин маалыматы боюнча Бишкекте"
    assert [e.name for e in extract_entities(text, glossary=glossary)] == [
        "Ministry of Digital Development"
    ]


def test_bad_glossary_and_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("animal\tCat\tмышык\tкошк\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown kind"):
        load_glossary(bad)
    with pytest.raises(InputError):
        load_glossary(tmp_path / "missing.tsv")
    with pytest.raises(InputError):
        extract_entities(42)  # type: ignore[arg-type]
    with pytest.raises(UnsupportedLanguageError):
        extract_entities("Бишкек", "uz")


def test_to_dict() -> None:
    (entity,) = extract_entities("Бишкек")
    assert entity.to_dict() == {"name": "Bishkek", "kind": "place", "source": "Бишкек"}


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=150))
def test_never_raises(text: str) -> None:
    for entity in extract_entities(text):
        assert entity.kind in ("person", "place", "org")
