"""kybrief's speed, in one run: translation vs a plain CTranslate2 loop, brief(), server start.

The default part of ``scripts/bench.py`` (``python scripts/bench.py`` = ``... bench.py speed``):

    python scripts/bench.py                         # full run; writes bench/results.{md,json}
    python scripts/bench.py --quick                 # a short check of the whole script
    python scripts/bench.py --engine ctranslate2    # "after" = this engine, not the default
    python scripts/bench.py --device cuda           # on a GPU: bench/results-gpu.*

The model (built once into ``--cache``; about 2.5 GB, a minute) has the exact
nllb-200-distilled-600M shape and computes what the committed tiny model computes, so the seed
sentences are translated to natural, varying lengths (``benchmarks/model.py`` says how).

Parts, every measured configuration in its own process (its own load time and peak RSS):

1. translation: the *peer* (a plain ``ctranslate2.Translator(folder, compute_type="int8")``,
   default threads, ``translate_batch`` over batches of 16 in input order, greedy) against
   kybrief's default ``Translator(model)`` (and ``--engine``, and transformers = before), the
   same sentences; tokens/s, the ratio to the peer, and how many sentences are identical.
2. brief(): each seed release, cold (a new process: imports, model load, first brief) and
   warm (median of ``--repeats``), before (transformers fp32) and after (the default
   Translator, or ``--engine``).
3. servers: ``kybrief ui`` and ``kybrief serve`` from launch to a 200 from /healthz, the first
   translation, and peak RSS (VmHWM) of the server process tree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import model as bm
from benchmarks import report as bench_report
from benchmarks import servers as bench_servers
from benchmarks import workers as bench_workers

BEFORE = "transformers"


def in_subprocess(args: argparse.Namespace, worker: str, **extra) -> tuple[dict, float | None]:
    """Run ``worker`` in a fresh interpreter: (its final JSON, seconds to its "cold" line)."""
    cmd = [sys.executable, str(bm.BENCH), "speed", "--worker", worker, "--cache", str(args.cache)]
    cmd += ["--device", args.device, "--sentences", str(args.sentences)]
    cmd += ["--passes", str(extra.pop("passes", args.passes)), "--repeats", str(args.repeats)]
    cmd += ["--before-repeats", str(args.before_repeats)]
    for key, value in extra.items():
        if value is not None:
            cmd += [f"--{key}", str(value)]
    env = bench_servers.subprocess_env(args.cache)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=bm.ROOT)
    cold = None
    lines = []
    for line in proc.stdout:
        if line.startswith('{"event": "cold"'):
            cold = time.perf_counter() - start
        lines.append(line)
    if proc.wait() != 0:
        raise RuntimeError(f"worker {worker} {extra} failed with exit status {proc.returncode}")
    done = [json.loads(x) for x in lines if x.startswith("{")]
    return done[-1], cold


# -- part 1: translation ------------------------------------------------------------------


def translation(args: argparse.Namespace) -> dict:
    peer, _ = in_subprocess(args, "peer")
    runs = {"peer": _summary(peer, peer, "plain CTranslate2 int8, default threads, batch 16")}
    default, _ = in_subprocess(args, "kybrief")
    runs["default"] = _summary(default, peer, f"kybrief Translator(model): {_what(default)}")
    if args.engine:
        chosen, _ = in_subprocess(args, "kybrief", engine=args.engine)
        runs[f"engine={args.engine}"] = _summary(chosen, peer, f"kybrief: {_what(chosen)}")
    if default["engine"] != BEFORE:
        before, _ = in_subprocess(args, "kybrief", engine=BEFORE, passes=1)
        runs["before"] = _summary(
            before, peer, f"kybrief: {_what(before)} (the default before CTranslate2)"
        )
    ratios = {f"{k}_vs_peer": round(r["vs_peer"], 3) for k, r in runs.items() if k != "peer"}
    directions = sorted({f"{s[:3]}->{t[:3]}" for s, t, _ in bm.workload()[: args.sentences]})
    return {
        "sentences": peer["sentences"],
        "directions": ", ".join(directions),
        "peer_tokens": sum(len(t) for t in peer["tokens"]),
        "runs": runs,
        "ratios": ratios,
    }


def _what(run: dict) -> str:
    settings = ", ".join(f"{k} {v}" for k, v in run["settings"].items() if v is not None)
    return f"{run['engine']} ({settings})"


def _summary(run: dict, peer: dict, what: str) -> dict:
    """tokens/s, the ratio to the peer and identity, for one worker's result."""
    peer_tokens, peer_texts = peer["tokens"], peer["texts"]
    tokens = run.get("tokens")
    if tokens and all(t is not None for t in tokens):
        same = sum(a == b for a, b in zip(tokens, peer_tokens))
        count = sum(len(t) for t in tokens)
        identical = f"{same}/{len(tokens)} tokens"
    else:  # no CTranslate2 underneath: compare texts; count the peer's tokens where equal
        same = sum(a.strip() == b.strip() for a, b in zip(run["texts"], peer_texts))
        count = sum(len(t) for t in peer_tokens)  # same sentences: the peer's token count
        identical = f"{same}/{len(peer_texts)} texts"
    wall = min(run["walls_s"])
    peer_rate = sum(len(t) for t in peer_tokens) / min(peer["walls_s"])
    rate = count / wall
    return {
        "what": what,
        "engine": run.get("engine", "ctranslate2"),
        "settings": run["settings"],
        "tokens": count,
        "tokens_per_s": rate,
        "tokens_per_cpu_s": count / min(run["cpus_s"]),
        "vs_peer": rate / peer_rate,
        "identical": identical,
        "identical_count": same,
        "walls_s": run["walls_s"],
        "load_s": run["load_s"],
        "peak_rss_mb": run["peak_rss_mb"],
    }


# -- part 2: brief() ------------------------------------------------------------------------


def briefs(args: argparse.Namespace) -> dict:
    roles = {"after": args.engine, "before": BEFORE}
    releases = []
    for doc in bench_workers.SEED_RELEASES:
        row: dict = {"doc": doc}
        for role, engine in roles.items():
            result, cold = in_subprocess(args, "brief", doc=doc, engine=engine)
            row[f"{role}_engine"] = result["engine"]
            row[f"{role}_warm_s"] = result["warm_median_s"]
            row[f"{role}_cold_s"] = cold
            row[f"{role}_load_s"] = result["load_s"]
            row[f"{role}_peak_rss_mb"] = result["peak_rss_mb"]
            row["sentences"] = result["translated_sentences"]
        row["speedup_warm"] = row["before_warm_s"] / row["after_warm_s"]
        row["speedup_cold"] = row["before_cold_s"] / row["after_cold_s"]
        releases.append(row)
    after = releases[0]["after_engine"]
    return {
        "repeats": args.repeats,
        "before": "Translator(model, engine='transformers') (fp32)",
        "after": f"Translator(model{', engine=' + repr(args.engine) if args.engine else ''})"
        f" -> {after}",
        "releases": releases,
    }


# -- part 3: servers ------------------------------------------------------------------------


def servers(args: argparse.Namespace) -> list[dict]:
    roles = [("after", args.engine)] + ([] if args.quick else [("before", BEFORE)])
    rows = []
    for role, engine in roles:
        for command in ("ui", "serve"):
            row = bench_servers.measure_server(command, args, engine)
            rows.append({"role": role, **row})
            print(f"{command:5s} {role:6s} ready {row['ready_s']:5.1f} s", file=sys.stderr)
    return rows


# -- driver ---------------------------------------------------------------------------------


def prepare(args: argparse.Namespace) -> None:
    """Build the model and every conversion before anything is timed."""
    subprocess.run(
        [
            sys.executable,
            str(bm.BENCH),
            "model",
            "--cache",
            str(args.cache),
            "--quantization",
            args.quantization,
        ],
        check=True,
    )
    for engine in dict.fromkeys([None, args.engine]):
        in_subprocess(args, "prepare", engine=engine, passes=1)


def load_note(before: float, after: float, shared: bool) -> str:
    """What the results say of the machine's load: measured facts, and ``--shared``."""
    note = f"1-minute load average {before:.1f} before the run, {after:.1f} after"
    return note + ("; other jobs ran on the machine (--shared)." if shared else ".")


def parse_args(argv: list[str] | None, **parser: str) -> argparse.Namespace:
    """The options; ``parser``: prog, usage, description, epilog (``bench.py --help``)."""
    parser.setdefault("description", __doc__.split("\n")[0])
    p = argparse.ArgumentParser(formatter_class=argparse.RawDescriptionHelpFormatter, **parser)
    p.add_argument("--quick", action="store_true", help="16 sentences, 1 pass, 1 repeat")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--cache", type=Path, default=bm.ROOT / "bench-cache")
    p.add_argument("--out", type=Path, default=bm.ROOT / "bench")
    p.add_argument("--engine", help="kybrief engine for 'after' (default: the Translator's)")
    p.add_argument("--sentences", type=int, default=len(bm.workload()))
    p.add_argument("--passes", type=int, default=2, help="timed passes (the fastest is kept)")
    p.add_argument("--repeats", type=int, default=3, help="warm briefs per release")
    p.add_argument(
        "--before-repeats", type=int, default=2, help="warm briefs per release, transformers"
    )
    p.add_argument("--parts", default="translation,brief,servers")
    p.add_argument("--shared", action="store_true", help="say the machine ran other jobs")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--doc", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.sentences, args.passes, args.repeats, args.before_repeats = 16, 1, 1, 1
    args.cache = args.cache.resolve()
    args.model = bm.model_folder(args.cache)
    args.quantization = "int8_float16" if args.device == "cuda" else "int8"
    return args


def main(argv: list[str] | None = None, **parser: str) -> int:
    args = parse_args(argv, **parser)
    if args.worker == "prepare":
        bm.patch_on_import()
        from translate import Translator

        Translator(str(args.model), **bench_workers.translator_kwargs(args))
        bench_workers.emit(event="done")
        return 0
    if args.worker:
        return bench_workers.main(args)
    load_before = os.getloadavg()
    started = time.perf_counter()
    args.cache.mkdir(parents=True, exist_ok=True)
    prepare(args)
    data: dict = {"machine": bench_report.machine(args.device)}
    parts = args.parts.split(",")
    if "translation" in parts:
        data["translation"] = translation(args)
    if "brief" in parts:
        data["brief"] = briefs(args)
    if "servers" in parts:
        data["servers"] = servers(args)
    shared = args.shared
    note = load_note(load_before[0], os.getloadavg()[0], shared)
    data["settings"] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "command": "python scripts/bench.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "wall_s": time.perf_counter() - started,
        "load_average_before_after": [load_before[0], os.getloadavg()[0]],
        "load_note": note,
        "shared": shared,
        "sentences": args.sentences,
        "passes": args.passes,
        "repeats": args.repeats,
        "quick": args.quick,
        "architecture": bm.ARCH,
    }
    md = bench_report.write(args.out, data)
    print(md.read_text(encoding="utf-8"))
    return 0
