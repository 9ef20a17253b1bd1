"""Check the name correction on human English, and time it.

Runs ``translate.official.check_names`` over the human English of every NTREX-128 sentence
(its Kyrgyz and its Russian source), as if the English were the model's: every change it
makes there is a false correction unless justified, and every name-guard report a false alarm
unless the English indeed leaves the name out. Then times the post-processing per 1,000
sentences with the built-in glossary and with a user glossary of 10,000 more entries.

    python scripts/check_names.py            # summary, every change and report listed
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from translate.names.glossary import builtin_glossary, parse_glossary
from translate.names.official import check_names

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT / "tests" / "data" / "ntrex128" / "ky_en_ru.tsv"


def ntrex_rows() -> list[tuple[str, str, str]]:
    """(Kyrgyz, English, Russian) of every NTREX-128 sentence."""
    lines = NTREX.read_text(encoding="utf-8").splitlines()[2:]
    return [tuple(line.split("\t")[2:5]) for line in lines]  # type: ignore[misc]


def big_glossary(size: int = 10_000):
    """The built-in glossary plus ``size`` made-up people (Асанбек Тестов1 ...)."""
    lines = [f"Асылбек{n} Тестов{n}\tAsylbek{n} Testov{n}\tperson" for n in range(size)]
    return builtin_glossary().merged(parse_glossary("\n".join(lines), "synthetic"))


def timed(pairs: list[tuple[str, str]], glossary, repeat: int = 3) -> float:
    """Best seconds per 1,000 sentences over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for source, english in pairs:
            check_names(source, english, glossary)
        best = min(best, time.perf_counter() - started)
    return best / len(pairs) * 1000


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    glossary = builtin_glossary()
    rows = ntrex_rows()
    changes = reports = 0
    for language, column in (("ky", 0), ("ru", 2)):
        for row in rows:
            check = check_names(row[column], row[1], glossary)
            for written, official in check.corrections:
                changes += 1
                print(f"change {language}: {written!r} -> {official!r} | {row[1][:70]}")
            if check.missing:
                reports += 1
                names = ", ".join(f"{m.name} ({m.source})" for m in check.missing)
                print(f"report {language}: {names} | {row[1][:70]}")
    pairs = 2 * len(rows)
    print(f"NTREX-128 human English, {pairs} sentence pairs: {changes} changes, {reports} reports")
    ky = [(row[0], row[1]) for row in rows]
    print(f"post-processing, built-in glossary: {timed(ky, glossary):.3f} s per 1,000 sentences")
    big = big_glossary()
    print(f"post-processing, {len(big)} entries: {timed(ky, big):.3f} s per 1,000 sentences")


if __name__ == "__main__":
    main()
