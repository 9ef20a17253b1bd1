"""Score a model and engine with sacrebleu (chrF++ and BLEU) on NTREX-128 ky/en/ru, and check
how far its per-sentence confidence and flags can be trusted.

    python scripts/evaluate.py --model facebook/nllb-200-distilled-600M --limit 500
    python scripts/evaluate.py --model tests/fixtures/tiny-nllb --limit 20 --out eval.json
    python scripts/evaluate.py --flags-on-references          # no model: flags on human text
    python scripts/evaluate.py --model facebook/nllb-200-distilled-600M --round-trip \
        --directions ky-en,ru-en --limit 500                  # the meaning check's threshold

For every direction it prints the corpus scores, then the sentences binned by confidence
(count, mean sentence chrF++, share flagged) and, for candidate thresholds, the mean chrF++ of
the sentences below and above: the numbers to check ``translate.quality``'s default
``min_confidence`` (0.5) against on a real model. ``--flags-on-references`` runs the flag checks
on the human translations themselves (every direction): a flag raised there is a false alarm.
``--round-trip`` also translates every output back (the meaning check, ``translate.roundtrip``)
and reports how the round-trip score follows the sentence chrF++ against the reference
(Spearman), and, per candidate threshold, the ``meaning`` flag's precision and recall for
finding poor translations (sentence chrF++ below ``--poor-chrf``, default 30): the numbers to
check ``min_round_trip`` (0.3) against on a real model.

Published FLORES-200 devtest chrF++ to compare with: kir->eng NLLB-200 distilled-600M 47.4,
1.3B 48.6, 3.3B 48.4; eng->kir 1.3B 40.7; kir->rus 600M 38.6; rus->eng 600M 57.4. NTREX is
news translated from English, so its figures are close to FLORES but not the same test.
NTREX-128 (Federmann et al., SUMEval 2022; WMT19 news) is CC BY-SA 4.0.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import Counter
from itertools import pairwise, permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NTREX = ROOT / "tests" / "data" / "ntrex128" / "ky_en_ru.tsv"
ALL_DIRECTIONS = [f"{a}-{b}" for a, b in permutations(("ky", "ru", "en"), 2)]
#: Confidence bins: [0, 0.3), [0.3, 0.4), ... [0.9, 1.0].
BIN_EDGES = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
ROUND_TRIP_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)


def load_ntrex(path: Path = NTREX, limit: int | None = None) -> list[dict[str, str]]:
    """The aligned lines of the NTREX file (its first line is an attribution comment)."""
    with path.open(encoding="utf-8") as f:
        next(f)
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[:limit] if limit else rows


def score_direction(
    translator, rows, source: str, target: str, round_trip: bool = False, poor: float = 30.0
) -> dict:
    """Translate one direction sentence by sentence (batched) and score it."""
    import sacrebleu

    sources = [r[source] for r in rows]
    refs = [r[target] for r in rows]
    start = time.perf_counter()
    pairs = translator.translate_pairs(sources, source, target)
    seconds = time.perf_counter() - start
    hyps = [p.translation for p in pairs]
    chrf = sacrebleu.corpus_chrf(hyps, [refs], word_order=2)
    bleu = sacrebleu.corpus_bleu(hyps, [refs])
    sentence_chrf = [
        sacrebleu.sentence_chrf(h, [r], word_order=2).score for h, r in zip(hyps, refs)
    ]
    result = {
        "direction": f"{source}-{target}",
        "sentences": len(rows),
        "chrf++": round(chrf.score, 2),
        "bleu": round(bleu.score, 2),
        "seconds": round(seconds, 2),
        "confidence": confidence_report(pairs, sentence_chrf),
    }
    if round_trip:
        checked = translator.verify(pairs, [source] * len(pairs), target)
        result["round_trip"] = round_trip_report(checked, sentence_chrf, poor)
    return result


def round_trip_report(pairs, sentence_chrf: list[float], poor: float) -> dict:
    """How the round trip follows sentence chrF++, and the ``meaning`` flag as a detector of
    poor translations (sentence chrF++ below ``poor``) at each candidate threshold."""
    scored = [(p.round_trip, c) for p, c in zip(pairs, sentence_chrf) if p.round_trip is not None]
    if not scored:
        return {"sentences": 0}
    trips = [t for t, _ in scored]
    bad = [c < poor for _, c in scored]
    table = []
    for threshold in ROUND_TRIP_THRESHOLDS:
        flagged = [t < threshold for t in trips]
        hits = sum(1 for f, b in zip(flagged, bad) if f and b)
        table.append(
            {
                "min_round_trip": threshold,
                "flagged": sum(flagged),
                "precision": round(hits / sum(flagged), 3) if any(flagged) else None,
                "recall": round(hits / sum(bad), 3) if any(bad) else None,
            }
        )
    return {
        "sentences": len(scored),
        "poor_chrf++": poor,
        "poor": sum(bad),
        "median_round_trip": round(statistics.median(trips), 3),
        "spearman": round(spearman(trips, [c for _, c in scored]), 3),
        "thresholds": table,
    }


def confidence_report(pairs, sentence_chrf: list[float]) -> dict:
    """How confidence and flags relate to sentence chrF++ (sentences with a confidence only)."""
    scored = [(p, c) for p, c in zip(pairs, sentence_chrf) if p.confidence is not None]
    if not scored:
        return {"sentences": 0}
    confidences = [p.confidence for p, _ in scored]
    chrfs = [c for _, c in scored]
    flags = Counter(f for p, _ in scored for f in p.flags)
    flagged = [c for p, c in scored if p.flags]
    clean = [c for p, c in scored if not p.flags]
    return {
        "sentences": len(scored),
        "median_confidence": round(statistics.median(confidences), 4),
        "spearman": round(spearman(confidences, chrfs), 4),
        "bins": confidence_bins(scored),
        "thresholds": threshold_table(scored),
        "flags": dict(sorted(flags.items())),
        "flagged_share": round(len(flagged) / len(scored), 4),
        "mean_chrf_flagged": round(statistics.fmean(flagged), 2) if flagged else None,
        "mean_chrf_unflagged": round(statistics.fmean(clean), 2) if clean else None,
    }


def confidence_bins(scored) -> list[dict]:
    """Per confidence bin: sentences, their mean chrF++, and the share flagged."""
    bins = []
    for low, high in pairwise(BIN_EDGES):
        inside = [(p, c) for p, c in scored if low <= p.confidence < high]
        if not inside:
            continue
        bins.append(
            {
                "confidence": f"{low:.1f}-{min(high, 1.0):.1f}",
                "sentences": len(inside),
                "mean_chrf++": round(statistics.fmean(c for _, c in inside), 2),
                "flagged_share": round(sum(bool(p.flags) for p, _ in inside) / len(inside), 4),
            }
        )
    return bins


def threshold_table(scored) -> list[dict]:
    """For each candidate ``min_confidence``: how many sentences fall below, and the mean
    chrF++ below and at or above it."""
    rows = []
    for threshold in THRESHOLDS:
        below = [c for p, c in scored if p.confidence < threshold]
        above = [c for p, c in scored if p.confidence >= threshold]
        rows.append(
            {
                "min_confidence": threshold,
                "below": len(below),
                "mean_chrf_below": round(statistics.fmean(below), 2) if below else None,
                "mean_chrf_above": round(statistics.fmean(above), 2) if above else None,
            }
        )
    return rows


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation (average ranks for ties); 0.0 when undefined."""
    rx, ry = _ranks(xs), _ranks(ys)
    if len(xs) < 2 or statistics.pstdev(rx) == 0 or statistics.pstdev(ry) == 0:
        return 0.0
    return statistics.correlation(rx, ry)


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def flags_on_references(rows, directions: list[str]) -> list[dict]:
    """The flag checks run on the human translations: every flag raised is a false alarm."""
    from translate.quality import review

    report = []
    for direction in directions:
        source, target = direction.strip().split("-")
        flags = Counter(
            flag for row in rows for flag in review(row[source], row[target], source, target).flags
        )
        report.append({"direction": direction, "pairs": len(rows), "false_flags": dict(flags)})
    return report


def render(result: dict) -> str:
    """One direction's results as text: scores, confidence bins and thresholds."""
    if "false_flags" in result:
        flags = ", ".join(f"{k} {v}" for k, v in result["false_flags"].items()) or "none"
        return f"{result['direction']}: {result['pairs']} human pairs, false flags: {flags}"
    conf = result["confidence"]
    lines = [
        f"{result['direction']}: {result['sentences']} sentences, chrF++ {result['chrf++']}, "
        f"BLEU {result['bleu']}, {result['seconds']} s",
    ]
    if not conf["sentences"]:
        return lines[0]
    lines += _render_round_trip(result.get("round_trip"))
    lines.append(
        f"  confidence median {conf['median_confidence']}, Spearman with sentence chrF++ "
        f"{conf['spearman']}; flagged {conf['flagged_share']:.0%} {conf['flags']} "
        f"(mean chrF++ {conf['mean_chrf_flagged']} flagged, {conf['mean_chrf_unflagged']} not)"
    )
    lines.append("  confidence  sentences  mean chrF++  flagged")
    for b in conf["bins"]:
        lines.append(
            f"  {b['confidence']:>10}  {b['sentences']:>9}  {b['mean_chrf++']:>11}  "
            f"{b['flagged_share']:>7.0%}"
        )
    lines.append("  min_confidence  below  mean chrF++ below / at or above")
    for t in conf["thresholds"]:
        lines.append(
            f"  {t['min_confidence']:>14}  {t['below']:>5}  "
            f"{t['mean_chrf_below']} / {t['mean_chrf_above']}"
        )
    return "\n".join(lines)


def _render_round_trip(report: dict | None) -> list[str]:
    if not report or not report["sentences"]:
        return []
    lines = [
        f"  round trip median {report['median_round_trip']}, Spearman with sentence chrF++ "
        f"{report['spearman']}; {report['poor']} of {report['sentences']} poor "
        f"(chrF++ < {report['poor_chrf++']})",
        "  min_round_trip  flagged  precision  recall",
    ]
    for t in report["thresholds"]:
        lines.append(
            f"  {t['min_round_trip']:>14}  {t['flagged']:>7}  {t['precision']!s:>9}  "
            f"{t['recall']!s:>6}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="facebook/nllb-200-distilled-600M")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--beam-size", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--directions", default=",".join(ALL_DIRECTIONS))
    parser.add_argument("--limit", type=int, default=None, help="first N lines only")
    parser.add_argument("--data", type=Path, default=NTREX)
    parser.add_argument(
        "--cache-dir", default=None, help="Hugging Face cache (conversions in <it>/kybrief-ct2)"
    )
    parser.add_argument("--out", type=Path, default=None, help="write the scores as JSON")
    parser.add_argument(
        "--flags-on-references",
        action="store_true",
        help="no model: run the flag checks on the human translations (false alarms)",
    )
    parser.add_argument(
        "--round-trip",
        action="store_true",
        help="also translate every output back and report the meaning check against chrF++",
    )
    parser.add_argument(
        "--poor-chrf",
        type=float,
        default=30.0,
        help="with --round-trip: a translation below this sentence chrF++ counts as poor",
    )
    args = parser.parse_args(argv)
    rows = load_ntrex(args.data, args.limit)
    directions = [d for d in args.directions.split(",") if d.strip()]
    if args.flags_on_references:
        report = {"data": str(args.data), "results": flags_on_references(rows, directions)}
    else:
        report = evaluate_model(args, rows, directions)
    for result in report["results"]:
        print(render(result), flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


def evaluate_model(args, rows, directions: list[str]) -> dict:
    from translate import Translator

    translator = Translator(
        args.model,
        engine=args.engine,
        device=args.device,
        beam_size=args.beam_size,
        batch_size=args.batch_size,
        cache_dir=args.cache_dir,
    )
    results = []
    for direction in directions:
        source, target = direction.strip().split("-")
        results.append(
            score_direction(translator, rows, source, target, args.round_trip, args.poor_chrf)
        )
    return {
        "model": args.model,
        "engine": translator.engine.name,
        "compute_type": translator.cache_key("ky", "en").compute_type,
        "beam_size": args.beam_size,
        "min_confidence": translator.min_confidence,
        "min_round_trip": translator.min_round_trip,
        "results": results,
    }


if __name__ == "__main__":
    sys.exit(main())
