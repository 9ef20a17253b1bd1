"""Official names in the English, end to end, on the tiny model that writes NLLB-like variants.

``tests/fixtures/tiny-nllb-names`` memorizes ``tests/data/names_corpus.jsonl`` (ky→en and
ru→en): its English says Zhaparov, Dzheenbekov, Kulubayev, Ysyk-Kul, Japarova, and drops
Edil Baisalov from one sentence. Every entry point must show the official spellings.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import httpx
import pytest
from conftest import DATA, TESTS, TINY_MODEL, load_seed_rows

from summarize import brief
from translate import Translator
from ui.cli import main

NAMES_MODEL = TESTS / "fixtures" / "tiny-nllb-names"
ROWS = {
    row["id"]: row
    for row in map(json.loads, (DATA / "names_corpus.jsonl").read_text().splitlines())
}
#: What the model writes (variant) -> what the English must say (official), per row.
OFFICIAL = {
    "zh": [("Akylbek Zhaparov", "Akylbek Japarov")],
    "dzh": [("Sadyr Dzhaparov", "Sadyr Japarov"), ("Ysyk-Kul", "Issyk-Kul")],
    "ay": [("Zheenbek Kulubayev", "Jeenbek Kulubaev")],
    "yi": [("Sooronbai Dzheenbekov", "Sooronbay Jeenbekov")],
    "ending": [("Akylbek Japarova", "Akylbek Japarov"), ("Kasym-Zhomart Tokaev",
               "Kassym-Jomart Tokayev")],
    "near-miss": [("Kasymaliyev", "Kasymaliev"), ("Zhogorku Kenesh", "Jogorku Kenesh")],
    "office": [("Zherar Dyupon", "Jerar Dyupon")],
    "user-name": [("Dzhalal-Abad", "Jalal-Abad")],
    "alternative": [("Ministerial Cabinet", "Cabinet of Ministers")],
}  # fmt: skip
USER_GLOSSARY = (
    "# source\tEnglish\tkind\talternatives\n"
    "Нурбек Сатыбалдиев\tNurbek Satybaldiev\tperson\n"
    "жашыл экономика;зеленая экономика\tgreen economy\tterm\tecological economy\n"
)


@pytest.fixture(scope="session")
def names_translator(ct2_root):
    """The default Translator (CTranslate2 int8) on the names model, built-in glossary."""
    return Translator(str(NAMES_MODEL), device="cpu", engine_options={"ct2_dir": str(ct2_root)})


@pytest.fixture
def glossary_file(tmp_path) -> Path:
    path = tmp_path / "names.tsv"
    path.write_text(USER_GLOSSARY, encoding="utf-8")
    return path


def _languages(row: dict) -> list[str]:
    return [lang for lang in ("ky", "ru") if lang in row]


@pytest.mark.parametrize("row_id", sorted(ROWS))
def test_glossary_off_is_the_model_output_untouched(names_translator, row_id) -> None:
    row = ROWS[row_id]
    for lang in _languages(row):
        assert names_translator.translate(row[lang], lang, glossary=False) == row["en"]


@pytest.mark.parametrize("row_id", sorted(OFFICIAL))
def test_translate_writes_official_spellings(names_translator, row_id) -> None:
    row = ROWS[row_id]
    want = row["en"]
    for variant, official in OFFICIAL[row_id]:
        assert variant in want  # the model writes the variant...
        want = want.replace(variant, official)
    for lang in _languages(row):
        assert names_translator.translate(row[lang], lang) == want  # ...the English does not


def test_near_miss_names_are_kept(names_translator) -> None:
    english = names_translator.translate(ROWS["near-miss"]["ky"], "ky")
    assert english.startswith("Akylbek Japarov and Adylbek Kasymaliev ")


def test_the_dropped_name_is_flagged(names_translator) -> None:
    for lang in ("ky", "ru"):
        [pair] = names_translator.translate_pairs([ROWS["dropped"][lang]], lang, "en")
        assert pair.translation == ROWS["dropped"]["en"]
        assert pair.flags == ("name-missing",)
        [plain] = names_translator.translate_pairs(
            [ROWS["dropped"][lang]], lang, "en", glossary=False
        )
        assert plain.flags == ()
    others = [r for k, r in ROWS.items() if k not in ("dropped", "term-dropped")]
    pairs = names_translator.translate_pairs([r["ky"] for r in others], "ky", "en")
    assert not [p.source for p in pairs if p.flags]


def _release() -> str:
    ids = ("zh", "dzh", "dropped", "ay", "ending", "near-miss")
    return "\n".join(ROWS[i]["ky"] for i in ids)


def test_brief_english_is_official_and_warns_of_the_dropped_name(names_translator) -> None:
    made = brief(_release(), translator=names_translator)
    english = " ".join([made.headline, made.summary, *made.key_points])
    english += " " + made.translation.translation
    for variant in ("Zhaparov", "Dzhaparov", "Ysyk-Kul", "Kulubayev", "Japarova", "Zhogorku"):
        assert variant not in english
    for official in ("Akylbek Japarov", "Sadyr Japarov", "Issyk-Kul", "Jeenbek Kulubaev"):
        assert official in made.translation.translation
    names = {e.name for e in made.entities}
    assert {"Akylbek Japarov", "Edil Baisalov", "Jeenbek Kulubaev", "Issyk-Kul"} <= names
    assert [w for w in made.warnings if "Эдил Байсалов" in w] == [
        'sentence 3 ("Министр Эдил Байсалов жаңы мектепти ачты."): '
        'the source names "Эдил Байсалов" (Edil Baisalov) but the translation leaves the name out'
    ]
    assert len([w for w in made.warnings if "leaves the name out" in w]) == 1
    fast = brief(_release(), translator=names_translator, full_translation=False, sentences=5)
    assert "Zhaparov" not in fast.summary
    plain = brief(_release(), translator=names_translator.with_glossary(False))
    assert "Akylbek Zhaparov" in plain.translation.translation
    assert not [w for w in plain.warnings if "leaves the name out" in w]


def test_user_glossary_from_python(names_translator, glossary_file, ct2_root) -> None:
    row, term = ROWS["user-name"], ROWS["user-term"]
    assert "Satybaldiyev" in names_translator.translate(row["ky"], "ky")  # romanized as written
    options = {"ct2_dir": str(ct2_root)}
    mine = Translator(
        str(NAMES_MODEL), device="cpu", glossary=glossary_file, engine_options=options
    )
    assert mine.translate(row["ky"], "ky") == "Nurbek Satybaldiev visited the Jalal-Abad region."
    assert mine.translate(term["ru"], "ru") == (
        "The government approved a programme on the green economy."
    )
    [dropped] = mine.translate_pairs([ROWS["term-dropped"]["ky"]], "ky", "en")
    assert dropped.flags == ("term-missing",)
    # the same glossary for one call of the shared Translator, and as a view of it
    doc = names_translator.translate_document(row["ru"], "ru", glossary=glossary_file)
    assert "Nurbek Satybaldiev " in doc.translation
    view = names_translator.with_glossary(glossary_file)
    assert view.translate(term["ky"], "ky").endswith("on the green economy.")
    assert view.engine is names_translator.engine  # no second model
    made = brief(row["ky"] + "\n" + term["ky"], translator=names_translator, glossary=glossary_file)
    assert "Nurbek Satybaldiev" in {e.name for e in made.entities}
    assert "green economy" in made.translation.translation


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([*args, "--model", str(NAMES_MODEL), "--device", "cpu"])
    return status, out.getvalue(), err.getvalue()


def test_user_glossary_from_the_command_line(tmp_path, glossary_file) -> None:
    source = tmp_path / "release.txt"
    source.write_text(ROWS["user-name"]["ky"] + "\n" + ROWS["zh"]["ky"], encoding="utf-8")
    status, out, _ = _cli("translate", str(source), "-s", "ky", "--glossary", str(glossary_file))
    assert status == 0
    assert out == (
        "Nurbek Satybaldiev visited the Jalal-Abad region.\n"
        "Chairman of the Cabinet of Ministers Akylbek Japarov held a meeting in Bishkek.\n"
    )
    status, out, _ = _cli("translate", str(source), "-s", "ky", "--no-glossary")
    assert "Nurbek Satybaldiyev visited the Dzhalal-Abad region." in out
    status, out, _ = _cli("brief", str(source), "--json", "--glossary", str(glossary_file))
    assert "Nurbek Satybaldiev" in {e["name"] for e in json.loads(out)["entities"]}
    bad = tmp_path / "bad.tsv"
    bad.write_text("Нурбек Сатыбалдиев\tNurbek Satybaldiev\n\nжашыл экономика\n", encoding="utf-8")
    status, _, err = _cli("translate", str(source), "--glossary", str(bad))
    assert status == 1 and "bad.tsv:3: expected a source term and its English" in err


def test_user_glossary_in_a_batch(tmp_path, glossary_file) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ROWS["user-name"]["ky"], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    status, _, err = _cli(
        "batch", str(folder), "-o", str(out), "--mode", "both", "--glossary", str(glossary_file)
    )
    assert status == 0, err
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["translation"]["translation"] == (
        "Nurbek Satybaldiev visited the Jalal-Abad region."
    )
    assert "Nurbek Satybaldiev" in {e["name"] for e in record["brief"]["entities"]}


def test_user_glossary_in_the_app_and_the_json_api(names_translator, glossary_file) -> None:
    from _live_server import live_server

    from ui.options import ModelSettings
    from ui.server import build_server
    from ui.service import ModelService
    from ui.web.events import Handlers

    service = ModelService(ModelSettings(model=str(NAMES_MODEL)), translator=names_translator)
    handlers = Handlers(service)
    text = ROWS["user-name"]["ky"]
    *_, last = handlers.translate(text, "ky", "en", str(glossary_file))
    assert last[2] == "Nurbek Satybaldiev visited the Jalal-Abad region."
    *_, last = handlers.translate(text, "ky", "en", None)
    assert last[2] == "Nurbek Satybaldiyev visited the Jalal-Abad region."
    outputs = handlers.brief(text, "ky", 3, str(glossary_file))
    assert "Nurbek Satybaldiev" in outputs[7]  # the full translation
    with live_server(build_server(service, app=False, libretranslate=False)) as url:
        items = [{"source": "Нурбек Сатыбалдиев", "english": "Nurbek Satybaldiev"}]
        for glossary in (items, "Нурбек Сатыбалдиев\tNurbek Satybaldiev\n"):
            body = {"text": text, "source": "ky", "glossary": glossary}
            reply = httpx.post(url + "/api/v1/translate", json=body, timeout=60).json()
            assert reply["translation"] == "Nurbek Satybaldiev visited the Jalal-Abad region."
        body = {"text": text, "source": "ky", "glossary": False}
        reply = httpx.post(url + "/api/v1/translate", json=body, timeout=60).json()
        assert reply["translation"] == ROWS["user-name"]["en"]
        body = {"text": text, "glossary": [{"source": "Нурбек", "english": "Нурбек"}]}
        bad = httpx.post(url + "/api/v1/brief", json=body, timeout=60)
        assert bad.status_code == 400 and "item 1" in bad.json()["error"]


def test_first_tiny_model_seeds_are_unchanged_by_the_default_glossary(tiny_ct2_translator):
    rows = load_seed_rows()
    for lang in ("ky", "ru"):
        sentences = [row[lang] for row in rows]
        named = tiny_ct2_translator.translate_pairs(sentences, lang, "en")
        plain = tiny_ct2_translator.translate_pairs(sentences, lang, "en", glossary=False)
        assert [p.translation for p in named] == [p.translation for p in plain]
        assert [p.translation for p in plain] == [row["en"] for row in rows]  # memorized
        assert not [p.source for p in named if {"name-missing", "term-missing"} & set(p.flags)]
    assert TINY_MODEL.exists()
