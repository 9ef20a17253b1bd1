"""Build the character-trigram profile behind ``translate.langid`` from NTREX-128.

Trains on the Kyrgyz, Russian and English columns of the first ``--train-lines`` lines of
``tests/data/ntrex128/ky_en_ru.tsv`` (the rest is held out for measuring), keeps the ``--top``
most frequent trigrams of each language and writes their counts in all three languages, with the
CC BY-SA attribution the data requires, to ``translate/data/langid_trigrams.tsv``.

    python scripts/build_langid_profile.py                 # rebuild the committed profile
    python scripts/build_langid_profile.py --evaluate      # also print held-out accuracy
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.ngram import PROFILE_LANGUAGES, PROFILE_PATH, trigrams

NTREX = ROOT / "tests" / "data" / "ntrex128" / "ky_en_ru.tsv"
ATTRIBUTION = (
    "# Character-trigram counts built by scripts/build_langid_profile.py from NTREX-128 "
    "(MicrosoftTranslator/NTREX @ 8561f6a; C. Federmann, T. Kocmi, Y. Xin, SUMEval 2022; WMT19 "
    "news test), Kyrgyz/Russian/English columns, lines 1-{train}. License: CC BY-SA 4.0."
)
logger = logging.getLogger("build_langid_profile")


def read_ntrex(path: Path = NTREX) -> list[dict[str, str]]:
    """The NTREX rows (line, doc_id, ky, en, ru), skipping the comment line."""
    with path.open(encoding="utf-8") as handle:
        next(handle)
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def build(rows: list[dict[str, str]], top: int) -> tuple[dict[str, int], list[tuple[str, list]]]:
    """Count trigrams per language; keep the union of each language's ``top`` trigrams."""
    counts = {lang: Counter() for lang in PROFILE_LANGUAGES}
    for row in rows:
        for lang in PROFILE_LANGUAGES:
            counts[lang].update(trigrams(row[lang]))
    kept: set[str] = set()
    for lang in PROFILE_LANGUAGES:
        kept.update(gram for gram, _ in counts[lang].most_common(top))
    totals = {lang: sum(counts[lang].values()) for lang in PROFILE_LANGUAGES}
    table = [(gram, [counts[lang][gram] for lang in PROFILE_LANGUAGES]) for gram in sorted(kept)]
    return totals, table


def write(path: Path, train: int, totals: dict[str, int], table: list) -> None:
    """Write the profile TSV (comments, languages, totals, then one trigram per line)."""
    lines = [
        ATTRIBUTION.format(train=train),
        "#languages\t" + "\t".join(PROFILE_LANGUAGES),
        "#totals\t" + "\t".join(str(totals[lang]) for lang in PROFILE_LANGUAGES),
    ]
    lines += [gram + "\t" + "\t".join(map(str, row)) for gram, row in table]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def evaluate(rows: list[dict[str, str]]) -> None:
    """Print detect_language accuracy per column on the held-out rows."""
    from translate.langid import detect_language
    from translate.ngram import load_profile

    load_profile.cache_clear()
    for lang in PROFILE_LANGUAGES:
        guesses = [detect_language(row[lang]).code for row in rows]
        right = sum(code == lang for code in guesses)
        wrong = Counter(code for code in guesses if code != lang)
        print(f"{lang}: {right}/{len(rows)} = {right / len(rows):.4f}  errors: {dict(wrong)}")


def main(argv: list[str] | None = None) -> int:
    """Build (and optionally evaluate) the profile; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-lines", type=int, default=1500)
    parser.add_argument("--top", type=int, default=3000)
    parser.add_argument("--out", type=Path, default=PROFILE_PATH)
    parser.add_argument("--evaluate", action="store_true")
    args = parser.parse_args(argv)
    rows = read_ntrex()
    train = [row for row in rows if int(row["line"]) <= args.train_lines]
    held_out = [row for row in rows if int(row["line"]) > args.train_lines]
    totals, table = build(train, args.top)
    write(args.out, args.train_lines, totals, table)
    size = args.out.stat().st_size
    print(f"wrote {len(table)} trigrams, {size / 1024:.0f} KiB, to {args.out}")
    if args.evaluate:
        evaluate(held_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
