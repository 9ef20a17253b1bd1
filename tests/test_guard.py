"""The figure guard over English translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.figures.extract import extract_figures
from summarize.figures.guard import check_figures
from summarize.types import Figure
from translate.errors import InputError

SEEDS = Path(__file__).parent / "data" / "seeds"
DOCS = sorted(p.name[: -len(".en.txt")] for p in SEEDS.glob("*.en.txt"))


def _pair(doc: str) -> tuple[list[Figure], str]:
    source = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    english = (SEEDS / f"{doc}.en.txt").read_text(encoding="utf-8")
    return extract_figures(source), english


@pytest.mark.parametrize("doc", DOCS)
def test_human_translation_passes(doc: str) -> None:
    figures, english = _pair(doc)
    assert figures
    assert check_figures(figures, english) == []


def test_changed_figure_is_reported() -> None:
    figures, english = _pair(DOCS[0])
    changed = english.replace("12 thousand", "21 thousand")
    assert changed != english
    (warning,) = check_figures(figures, changed)
    assert '"12 миң тонна буудайга"' in warning
    assert "no 12,000" in warning


def test_dropped_sentence_is_reported() -> None:
    figures, english = _pair(DOCS[0])
    lines = [line for line in english.splitlines() if "2 billion" not in line]
    assert check_figures(figures, "\n".join(lines)) == [
        'the source gives "2 млрд АКШ долларына" but the translation has no 2 billion'
    ]


def test_every_figure_dropped_gives_one_warning_each() -> None:
    figures, _ = _pair(DOCS[0])
    warnings = check_figures(figures, "The heads of government met.")
    assert len(warnings) == len(figures)
    assert all(f'"{f.source}"' in w for f, w in zip(figures, warnings, strict=True))


def test_rank_is_looked_for_as_an_ordinal() -> None:
    figures, english = _pair(DOCS[1])
    assert any(f.kind == "rank" for f in figures)
    assert check_figures(figures, english.replace("third", "3rd")) == []
    (warning,) = check_figures(figures, english.replace("third", "second"))
    assert "үчүнчү орунда" in warning
    assert "third (3rd)" in warning


def test_changed_currency_is_reported() -> None:
    figures, english = _pair(DOCS[0])
    (warning,) = check_figures(figures, english.replace("2 billion US dollars", "2 billion som"))
    assert "in som, not USD" in warning
    assert check_figures(figures, english.replace("2 billion US dollars", "$2bn")) == []


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("12 миң тонна буудай", "12,000 tonnes of wheat"),
        ("12 миң тонна буудай", "12 thousand tonnes of wheat"),
        ("12 миң тонна буудай", "twelve thousand tonnes"),
        ("12 миң тонна буудай", "12 million kilograms of wheat"),
        ("2 млрд АКШ доллары", "2 billion US dollars"),
        ("2 млрд АКШ доллары", "US$2 billion"),
        ("3,9 млрд сом", "3.9 billion som"),
        ("1 млн 442 миң 997 сом", "1,442,997 som"),
        ("1 млн 442 миң 997 сом", "1.443 million som"),
        ("15 пайызга", "by 15 percent"),
        ("2000 даана автобус", "two thousand buses"),
    ],
)
def test_equal_values_match(source: str, english: str) -> None:
    assert check_figures(extract_figures(source), english) == []


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("12 миң тонна буудай", "21,000 tonnes of wheat"),
        ("2 млрд АКШ доллары", "2 million US dollars"),
        ("3,9 млрд сом", "3 billion som"),
        ("1 млн 442 миң 997 сом", "1.4 million som"),
        ("15 пайызга", "by 1.5 percent"),
    ],
)
def test_different_values_warn(source: str, english: str) -> None:
    (warning,) = check_figures(extract_figures(source), english)
    assert warning.startswith("the source gives")


def test_no_figures_no_warnings_and_bad_input() -> None:
    assert check_figures([], "anything") == []
    with pytest.raises(InputError):
        check_figures([], None)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        check_figures(["12 000"], "12,000")  # type: ignore[list-item]
