"""One pass from source to brief: the text planned once, facts read once per sentence, each
sentence's figures checked against its own English both ways, one glossary per call."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import SEED_IDS, load_seed_rows, seed_text

import summarize.figures.extract as extract_module
import summarize.source as source_module
import translate.plan as plan_module
from summarize import brief
from translate import Translator, plan_document

KY = seed_text(SEED_IDS[0])
RU = seed_text(SEED_IDS[0], "ru")
# The wheat sentence says "12 миң тонна"; an earlier sentence says "1000 тонна" (the delivery).
KY_WHEAT, RU_WHEAT = "республиканын 12 миң тонна буудайга", "в 12 тысячах тонн пшеницы"
# The figure changed to the one the other sentence states: checked against the whole English
# it would pass (the delivery sentence's English has 1,000); its own English has 12 thousand.
MASKED = {
    "ky": KY.replace(KY_WHEAT, "республиканын 1000 тонна буудайга"),
    "ru": RU.replace(RU_WHEAT, "в 1000 тоннах пшеницы"),
}
# The figure taken out of the source, while the English still says "12 thousand tonnes" (the
# ``inventing`` fixture makes the model give the memorized English for the changed sentence).
INVENTED_WHEAT = {"ky": "республиканын буудайга", "ru": "в пшенице"}
INVENTED = {
    "ky": KY.replace(KY_WHEAT, INVENTED_WHEAT["ky"]),
    "ru": RU.replace(RU_WHEAT, INVENTED_WHEAT["ru"]),
}
WHEAT_EN = next(row["en"] for row in load_seed_rows() if "12 thousand tonnes" in row["en"])


@pytest.fixture
def inventing(tiny_ct2_translator, monkeypatch):
    """The test model, which now gives the wheat sentence's memorized English (with its
    "12 thousand") for the sentence the figure was taken out of: a number it invents."""
    inner = tiny_ct2_translator.engine.translate_batch

    def invent(texts, source, target, **kwargs):
        out = inner(texts, source, target, **kwargs)
        changed = [any(w in t for w in INVENTED_WHEAT.values()) for t in texts]
        return [
            dataclasses.replace(o, text=WHEAT_EN) if c and target == "eng_Latn" else o
            for c, o in zip(changed, out)
        ]

    monkeypatch.setattr(tiny_ct2_translator.engine, "translate_batch", invent)
    return tiny_ct2_translator


class _Calls:
    """Wraps a function and counts its calls."""

    def __init__(self, inner) -> None:
        self.inner, self.count = inner, 0

    def __call__(self, *args, **kwargs):
        self.count += 1
        return self.inner(*args, **kwargs)


def _count(monkeypatch, module, name) -> _Calls:
    calls = _Calls(getattr(module, name))
    monkeypatch.setattr(module, name, calls)
    return calls


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_text_is_segmented_and_detected_once(tiny_ct2_translator, monkeypatch, lang, full):
    text = seed_text(SEED_IDS[1], lang)
    paragraphs = len(plan_document(text).paragraphs)
    split = _count(monkeypatch, plan_module, "split_paragraphs")
    sentences = _count(monkeypatch, plan_module, "split_sentences")
    detect = _count(monkeypatch, plan_module, "detect_language")
    brief(text, tiny_ct2_translator, full_translation=full)
    assert split.count == 1  # one plan
    assert sentences.count == detect.count == paragraphs  # each paragraph once


@pytest.mark.parametrize("full", [True, False])
def test_each_sentence_is_read_for_facts_once(tiny_ct2_translator, monkeypatch, full):
    parsers = _count(monkeypatch, extract_module, "Parser")
    dates = _count(monkeypatch, source_module, "extract_dates")
    names = _count(monkeypatch, source_module, "extract_entities")
    made = brief(KY, tiny_ct2_translator, full_translation=full)
    with_letters = sum(1 for _ in plan_document(KY).sentences)
    assert made.sentence_count == with_letters
    assert parsers.count == dates.count == names.count == with_letters


def _wheat_warnings(made) -> list[str]:
    return [w for w in made.warnings if "sentence 7 (" in w]


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_a_figure_is_checked_against_its_own_sentence(tiny_ct2_translator, lang, full):
    made = brief(
        MASKED[lang], tiny_ct2_translator, full_translation=full, sentences=6, key_points=6
    )
    (own,) = [s for s in made.translation.sentences if "Жапаров" in s.source and "1000" in s.source]
    assert "1000 тонн" in own.source and not {"1,000", "1000"} & set(own.translation.split())
    assert "1,000" in made.translation.translation  # another sentence has it: not enough
    (warning,) = _wheat_warnings(made)
    assert warning.startswith('sentence 7 ("Акылбек Жапаров')
    assert "1000 тонн" in warning and "1,000" in warning


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_a_number_the_source_does_not_state_is_warned(inventing, lang, full):
    made = brief(INVENTED[lang], inventing, full_translation=full, sentences=6, key_points=6)
    english = [s.translation for s in made.translation.sentences]
    assert any("12 thousand tonnes of wheat" in e for e in english)  # the model invented it
    (warning,) = _wheat_warnings(made)
    assert '"12 thousand" (12,000), a number the source does not state' in warning


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_seeds_as_written_have_no_warning_either_way(tiny_ct2_translator, lang):
    for doc_id in SEED_IDS:
        made = brief(seed_text(doc_id, lang), tiny_ct2_translator)
        assert made.warnings == ()


def test_fast_mode_never_reports_a_sentence_it_did_not_translate(inventing):
    made = brief(INVENTED["ky"], inventing, full_translation=False, sentences=1)
    assert not any("12 миң" in s.source for s in made.translation.sentences)
    assert _wheat_warnings(made) == []


def _tsv(path, *rows: str):
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_servers_glossary_reaches_the_names_and_the_guard(tiny_model_path, tmp_path):
    server = _tsv(
        tmp_path / "server.tsv",
        "org\tKazakh Party\tказак тарап\tказахстанская сторона",
        "term\tseed wheat\tбуудай\tпшениц",
    )
    request = _tsv(tmp_path / "request.tsv", "term\tcane sugar\tкант\tсахар")
    translator = Translator(str(tiny_model_path), engine="transformers", glossary=server)
    made = brief(KY, translator, glossary=request)
    assert "Kazakh Party" in {e.name for e in made.entities}  # read with the server's names
    missing = [w for w in made.warnings if "but the translation has no" in w]
    assert any('"seed wheat"' in w for w in missing)  # the server's term, guarded
    assert any('"cane sugar"' in w for w in missing)  # and the request's
    plain = brief(KY, translator.with_glossary(False))
    assert not [w for w in plain.warnings if "seed wheat" in w or "cane sugar" in w]


def test_one_glossary_object_serves_the_whole_call(tiny_model_path, tmp_path, monkeypatch):
    import translate.translator as translator_module

    server = _tsv(tmp_path / "server.tsv", "term\tseed wheat\tбуудай\tпшениц")
    request = _tsv(tmp_path / "request.tsv", "term\tcane sugar\tкант\tсахар")
    translator = Translator(str(tiny_model_path), engine="transformers", glossary=server)
    seen: list[object] = []

    def spy(inner, position):
        def wrapped(*args, **kwargs):
            seen.append(args[position] if len(args) > position else kwargs["glossary"])
            return inner(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(source_module, "extract_entities", spy(source_module.extract_entities, 2))
    monkeypatch.setattr(translator_module, "check_names", spy(translator_module.check_names, 2))
    brief(KY, translator, glossary=request)
    assert len(seen) > 10 and all(g is seen[0] for g in seen)
    assert {e.name for e in seen[0].entries} >= {"seed wheat", "cane sugar", "Akylbek Japarov"}
