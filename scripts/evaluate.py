"""Score a model and engine with sacrebleu (chrF++ and BLEU) on NTREX-128 ky/en/ru.

    python scripts/evaluate.py --model facebook/nllb-200-distilled-600M --limit 500
    python scripts/evaluate.py --model tests/fixtures/tiny-nllb --limit 20 --out eval.json

Published FLORES-200 devtest chrF++ to compare with: kir->eng NLLB-200 distilled-600M 47.4,
1.3B 48.6, 3.3B 48.4; eng->kir 1.3B 40.7; kir->rus 600M 38.6; rus->eng 600M 57.4. NTREX is
news translated from English, so its figures are close to FLORES but not the same test.
NTREX-128 (Federmann et al., SUMEval 2022; WMT19 news) is CC BY-SA 4.0.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from itertools import permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NTREX = ROOT / "tests" / "data" / "ntrex128" / "ky_en_ru.tsv"
ALL_DIRECTIONS = [f"{a}-{b}" for a, b in permutations(("ky", "ru", "en"), 2)]


def load_ntrex(path: Path = NTREX, limit: int | None = None) -> list[dict[str, str]]:
    """The aligned lines of the NTREX file (its first line is an attribution comment)."""
    with path.open(encoding="utf-8") as f:
        next(f)
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[:limit] if limit else rows


def score_direction(translator, rows, source: str, target: str) -> dict:
    """Translate one direction sentence by sentence (batched) and score it."""
    import sacrebleu

    sources = [r[source] for r in rows]
    refs = [r[target] for r in rows]
    start = time.perf_counter()
    hyps = translator.translate_sentences(sources, source, target)
    seconds = time.perf_counter() - start
    chrf = sacrebleu.corpus_chrf(hyps, [refs], word_order=2)
    bleu = sacrebleu.corpus_bleu(hyps, [refs])
    return {
        "direction": f"{source}-{target}",
        "sentences": len(rows),
        "chrf++": round(chrf.score, 2),
        "bleu": round(bleu.score, 2),
        "seconds": round(seconds, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="facebook/nllb-200-distilled-600M")
    parser.add_argument("--engine", default="transformers")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--beam-size", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--directions", default=",".join(ALL_DIRECTIONS))
    parser.add_argument("--limit", type=int, default=None, help="first N lines only")
    parser.add_argument("--data", type=Path, default=NTREX)
    parser.add_argument("--out", type=Path, default=None, help="write the scores as JSON")
    args = parser.parse_args(argv)

    from translate import Translator

    translator = Translator(
        args.model,
        engine=args.engine,
        device=args.device,
        beam_size=args.beam_size,
        batch_size=args.batch_size,
    )
    rows = load_ntrex(args.data, args.limit)
    results = []
    for direction in args.directions.split(","):
        source, target = direction.strip().split("-")
        results.append(score_direction(translator, rows, source, target))
        print(json.dumps(results[-1]), flush=True)
    report = {"model": args.model, "engine": args.engine, "beam_size": args.beam_size}
    report["results"] = results
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
