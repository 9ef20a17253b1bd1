"""How much faster is a fast-mode brief (translate only the key sentences) than a full one?

For each seed release, brief() runs in full mode (every sentence translated) and in fast mode
(``full_translation=False``: headline, summary and key-point sentences only), alternately,
``--repeats`` times after one warm-up of each, with no translation cache. The time spent inside
the translation engine is measured separately, to show that the difference is the translation
cost saved (scoring, figures, dates, names and the guard cost the same in both modes).

    python scripts/bench.py brief-modes                    # the tiny test model
    python scripts/bench.py brief-modes --batch-size 1     # one sentence per model call
    python scripts/bench.py brief-modes --model bench-cache/nllb-600m-graft --repeats 1

The 600M-shape model is built by ``python scripts/bench.py model`` (``benchmarks/model.py`` says
why it is grafted).

Writes (merging with results for other models already there) bench/brief_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks import model as bench_model
from summarize import brief
from translate import Translator

SEEDS = ROOT / "tests" / "data" / "seeds"
SEED_IDS = ("000_38dde02481074d0c", "003_81dc408626ee1eb4")
TINY = ROOT / "tests" / "fixtures" / "tiny-nllb"
ABOUT = (
    "brief() latency, full mode (every sentence translated) vs fast mode "
    "(full_translation=False: headline, summary and key-point sentences only): medians of "
    "`repeats` runs after a warm-up, no translation cache. *_translate_seconds is the time "
    "inside the translation engine, *_other_seconds everything else (segmentation, scoring, "
    "figures, dates, names, guard). Written by `python scripts/bench.py brief-modes`."
)


class EngineTimer:
    """Wraps an engine's translate_batch: seconds spent in it and sentences sent to it."""

    def __init__(self, engine) -> None:
        self.inner = engine.translate_batch
        self.seconds = 0.0
        self.sentences = 0
        engine.translate_batch = self

    def __call__(self, texts, source, target, **kwargs):
        start = time.perf_counter()
        try:
            return self.inner(texts, source, target, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.sentences += len(texts)

    def reset(self) -> None:
        self.seconds, self.sentences = 0.0, 0


def run_once(translator, timer: EngineTimer, text: str, full: bool, sentences: int) -> dict:
    timer.reset()
    start = time.perf_counter()
    result = brief(text, translator, sentences=sentences, full_translation=full)
    total = time.perf_counter() - start
    return {
        "seconds": total,
        "translate_seconds": timer.seconds,
        "other_seconds": total - timer.seconds,
        "translated": timer.sentences,
        "summary": result.summary_sentences,
    }


def measure(translator, timer: EngineTimer, doc_id: str, repeats: int, sentences: int) -> dict:
    text = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    for full in (True, False):  # warm-up: first calls pay for lazy initialisation
        run_once(translator, timer, text, full, sentences)
    runs: dict[str, list[dict]] = {"full": [], "fast": []}
    for _ in range(repeats):
        for mode, full in (("full", True), ("fast", False)):
            runs[mode].append(run_once(translator, timer, text, full, sentences))
    assert runs["full"][0]["summary"] == runs["fast"][0]["summary"], "modes chose differently"
    row: dict = {"doc": doc_id}
    for mode, items in runs.items():
        row[f"{mode}_sentences_translated"] = items[0]["translated"]
        for key in ("seconds", "translate_seconds", "other_seconds"):
            row[f"{mode}_{key}"] = round(statistics.median(i[key] for i in items), 4)
    row["speedup"] = round(row["full_seconds"] / row["fast_seconds"], 2)
    row["saved_seconds"] = round(row["full_seconds"] - row["fast_seconds"], 4)
    row["saved_translate_seconds"] = round(
        row["full_translate_seconds"] - row["fast_translate_seconds"], 4
    )
    return row


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(TINY), help="NLLB model folder or hub id")
    parser.add_argument("--engine", default="transformers")
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--batch-size", type=int, default=16, help="sentences per model call")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=3, help="summary sentences")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads")
    parser.add_argument("--note", default="", help="a remark stored with the result")
    parser.add_argument("--out", default=str(ROOT / "bench" / "brief_latency.json"))
    args = parser.parse_args(argv)
    bench_model.patch_on_import()  # the grafted 600M-shape model needs it (no effect otherwise)
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    load_before = os.getloadavg()[0]
    translator = Translator(
        args.model, engine=args.engine, device=args.device, batch_size=args.batch_size
    )
    timer = EngineTimer(translator.engine)
    rows = [measure(translator, timer, d, args.repeats, args.sentences) for d in SEED_IDS]
    full = sum(r["full_seconds"] for r in rows)
    fast = sum(r["fast_seconds"] for r in rows)
    result = {
        "model": Path(args.model).name if Path(args.model).exists() else args.model,
        "engine": args.engine,
        "batch_size": args.batch_size,
        "device": args.device,
        "repeats": args.repeats,
        "summary_sentences": args.sentences,
        "torch_threads": torch.get_num_threads(),
        "cpus": os.cpu_count(),
        "machine": f"{platform.node()} ({os.cpu_count()} cpus)",
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "note": args.note,
        "docs": rows,
        "total_full_seconds": round(full, 4),
        "total_fast_seconds": round(fast, 4),
        "total_speedup": round(full / fast, 2),
    }
    write(Path(args.out), result)
    print(json.dumps(result, indent=2))
    return 0


def write(path: Path, result: dict) -> None:
    """Store ``result``, replacing an earlier one for the same model, engine and batch size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    key = ("model", "engine", "batch_size", "device", "machine")
    runs = [r for r in data.get("runs", []) if [r.get(k) for k in key] != [result[k] for k in key]]
    data.update(about=ABOUT, runs=[*runs, result])
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
