"""The meaning check with the demo model: what it flags, and what it costs.

1. **Seeds**: the briefs of the two sample releases (Kyrgyz and Russian, full and fast mode):
   how many of the sentences a reader reads (headline, summary, key points) are flagged —
   the demo model memorized them in all six directions, so none should be.
2. **Unseen releases**: briefs of releases the demo model never saw — the eight of
   ``tests/data/digest``, the three of the tests' ``UNSEEN_RELEASES`` and twelve made of
   consecutive NTREX-128 sentences (6 each) — how many read sentences are flagged, and how
   many by ``meaning``.
3. **Cost**: warm briefs of the sample releases with the check off and on, alternating in one
   process (``--rounds`` each), medians and their ratio, and whether the briefs are the same
   apart from the round-trip scores.

    python scripts/bench.py meaning                     # the demo model, CTranslate2 int8
    python scripts/bench.py meaning --engine transformers

Writes bench/meaning.{json,md}.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from summarize import brief
from translate import MEANING, Translator

DEMO = ROOT / "ui" / "demo_model"
DATA = ROOT / "tests" / "data"
SEED_IDS = ("000_38dde02481074d0c", "003_81dc408626ee1eb4")
NTREX = DATA / "ntrex128" / "ky_en_ru.tsv"
OUT = ROOT / "bench"


def unseen_releases() -> dict[str, str]:
    """Name -> text of 23 releases the demo model never saw."""
    files = sorted((ROOT / "tests" / "data" / "digest").glob("*.txt"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in files}
    unseen = (DATA / "unseen_releases.txt").read_text(encoding="utf-8").splitlines()
    texts |= {f"unseen-{i + 1}": t for i, t in enumerate(unseen)}
    with NTREX.open(encoding="utf-8") as f:
        next(f)
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for i in range(12):
        texts[f"ntrex-{i + 1}"] = " ".join(r["ky"] for r in rows[i * 6 : i * 6 + 6])
    return texts


def read_flags(made) -> list[tuple[str, ...]]:
    return [made.headline_flags, *made.summary_flags, *made.key_point_flags]


def count(briefs) -> dict[str, int]:
    flags = [f for made in briefs for f in read_flags(made)]
    return {
        "read": len(flags),
        "flagged": sum(1 for f in flags if f),
        "meaning": sum(1 for f in flags if MEANING in f),
    }


def seed_texts() -> dict[str, str]:
    """The sample releases in Kyrgyz (as published) and Russian (from the aligned rows)."""
    texts = {f"{doc}.ky": (DATA / "seeds" / f"{doc}.txt").read_text("utf-8") for doc in SEED_IDS}
    rows = (DATA / "seeds" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    for doc in SEED_IDS:
        paragraphs: dict[int, list[str]] = {}
        for row in map(json.loads, rows):
            if row["doc"] == doc:
                paragraphs.setdefault(row["paragraph"], []).append(row["ru"])
        texts[f"{doc}.ru"] = "\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))
    return texts


def cost(translator, texts: list[str], rounds: int) -> dict:
    """Warm briefs, check off and on alternating: medians per brief."""
    off, on = [], []
    same = True
    for text in texts:  # warm-up
        brief(text, translator, verify=False), brief(text, translator)
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            a = brief(text, translator, verify=False)
            off.append(time.perf_counter() - start)
            start = time.perf_counter()
            b = brief(text, translator)
            on.append(time.perf_counter() - start)
            same &= _without_round_trips(a.to_dict()) == _without_round_trips(b.to_dict())
    return {
        "rounds": rounds,
        "off_median_s": round(statistics.median(off), 4),
        "on_median_s": round(statistics.median(on), 4),
        "ratio": round(statistics.median(on) / statistics.median(off), 3),
        "same_brief_apart_from_round_trips": same,
    }


def _without_round_trips(data: dict) -> dict:
    for paragraph in (data.get("translation") or {}).get("paragraphs", []):
        for sentence in paragraph["sentences"]:
            sentence.pop("round_trip", None)
    return data


def main(argv: list[str] | None = None, prog: str = "bench.py meaning") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(DEMO), help="model folder (default: the demo model)")
    parser.add_argument("--engine", default="ctranslate2", choices=("ctranslate2", "transformers"))
    parser.add_argument("--rounds", type=int, default=10, help="cost: warm briefs per setting")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as cache:
        translator = Translator(args.model, engine=args.engine, device="cpu", cache_dir=cache)
        seeds = seed_texts()
        seed_briefs = [
            brief(text, translator, full_translation=full)
            for text in seeds.values()
            for full in (True, False)
        ]
        unseen = [brief(text, translator) for text in unseen_releases().values()]
        spent = cost(translator, [seeds[f"{d}.ky"] for d in SEED_IDS], args.rounds)
    result = {
        "model": args.model,
        "engine": args.engine,
        "seeds": count(seed_briefs),
        "unseen": count(unseen) | {"releases": len(unseen)},
        "cost": spent,
        "load_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
        "cpu": platform.processor() or platform.machine(),
        "CT2_USE_MKL": os.environ.get("CT2_USE_MKL", ""),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "meaning.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (OUT / "meaning.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


def markdown(r: dict) -> str:
    s, u, c = r["seeds"], r["unseen"], r["cost"]
    return (
        f"# The meaning check with the demo model ({r['engine']})\n\n"
        f"- Sample releases (ky and ru, full and fast mode): {s['flagged']} of {s['read']} "
        f"sentences a reader reads flagged.\n"
        f"- {u['releases']} unseen releases: {u['flagged']} of {u['read']} read sentences "
        f"flagged ({100 * u['flagged'] / u['read']:.1f}%), {u['meaning']} of them by meaning "
        f"({100 * u['meaning'] / u['read']:.1f}%).\n"
        f"- Cost, warm brief of a sample release, median of {c['rounds']} rounds each, "
        f"alternating: {c['off_median_s']} s without the check, {c['on_median_s']} s with it "
        f"({c['ratio']}x); same brief apart from the round-trip scores: "
        f"{c['same_brief_apart_from_round_trips']}.\n"
        f"- 1-minute load before/after: {r['load_1min'][0]} / {r['load_1min'][1]}; "
        f"CT2_USE_MKL={r['CT2_USE_MKL'] or 'unset'}.\n"
    )


if __name__ == "__main__":
    sys.exit(main())
