"""Write the benchmarks' results: bench/results{-gpu}.json and .md (``bench.py``), research."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

#: Targets of issue 12 (2-core CPU, 600M-shape model).
TARGETS = {
    "default_vs_peer": 1.5,
    "brief_warm_s": 8.0,
    "brief_warm_speedup": 4.0,
    "server_peak_rss_mb": 1.2 * 1024,
}


def machine(device: str) -> dict:
    """The machine and library versions a result was measured with."""
    import importlib.metadata as meta

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "device": device,
    }
    for name in ("torch", "transformers", "ctranslate2"):
        try:
            info[name] = meta.version(name)
        except meta.PackageNotFoundError:
            info[name] = None
    if device == "cuda":
        import ctranslate2

        info["gpus"] = ctranslate2.get_cuda_device_count()
    return info


def targets_met(data: dict) -> dict:
    """Each target of the issue: met (True/False), or absent when its part did not run."""
    met = {}
    ratio = data.get("translation", {}).get("ratios", {}).get("default_vs_peer")
    if ratio is not None:
        met["default >= 1.5x peer"] = ratio >= TARGETS["default_vs_peer"]
    briefs = data.get("brief", {}).get("releases", [])
    if briefs and all("after_warm_s" in b for b in briefs):
        met["brief warm <= 8 s"] = all(b["after_warm_s"] <= TARGETS["brief_warm_s"] for b in briefs)
    if briefs and all(b.get("speedup_warm") for b in briefs):
        met["brief warm >= 4x before"] = all(
            b["speedup_warm"] >= TARGETS["brief_warm_speedup"] for b in briefs
        )
    servers = [s for s in data.get("servers", []) if s.get("role") == "after"]
    for s in servers:
        ok = s["peak_rss_tree_mb"] <= TARGETS["server_peak_rss_mb"]
        met[f"{s['command']} peak RSS <= 1.2 GB"] = ok
    return met


def markdown(data: dict) -> str:
    m, s = data["machine"], data["settings"]
    where = f"{m['cpu']}, {m['cores']} cores" if m["device"] == "cpu" else f"{m['device']}"
    lines = [
        f"# kybrief speed ({m['device']}: {where})",
        "",
        f"{s['date']}, `{s['command']}` ({s['wall_s']:.0f} s). {s['load_note']}",
        f"torch {m['torch']}, transformers {m['transformers']}, ctranslate2 {m['ctranslate2']}.",
        "",
        "Model: the nllb-200-distilled-600M shape (d_model 1024, 12 + 12 layers, vocabulary "
        "256,206), grafted so that it computes what the committed tiny model computes "
        "(`scripts/benchmarks/model.py`): the seed sentences come out as real translations "
        "ending in `</s>`, so output lengths are natural and vary per sentence; the dense work "
        "per token is the real model's. Greedy decoding.",
    ]
    lines += _translation(data.get("translation"))
    lines += _briefs(data.get("brief"))
    lines += _servers(data.get("servers"))
    met = data.get("targets_met") or {}
    if met:
        lines += [
            "",
            "Targets: "
            + ", ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in met.items())
            + ".",
        ]
    return "\n".join(lines) + "\n"


def _translation(t: dict | None) -> list[str]:
    if not t:
        return []
    lines = [
        "",
        f"## Translation: {t['sentences']} seed sentences ({t['directions']}), "
        f"{t['peer_tokens']} output tokens",
        "",
        "| run | engine and settings | tokens/s | x peer | identical to peer | load s "
        "| peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in t["runs"].items():
        lines.append(
            f"| {name} | {r['what']} | {r['tokens_per_s']:.1f} | {r['vs_peer']:.2f} | "
            f"{r['identical']} | {r['load_s']:.1f} | {r['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        "tokens/s: output tokens of the fastest pass over its wall time. identical: sentences "
        "whose generated tokens equal the peer's (CTranslate2 runs, recorded at "
        "`translate_batch`), or whose text does (transformers).",
    ]
    return lines


def _briefs(b: dict | None) -> list[str]:
    if not b:
        return []
    lines = [
        "",
        f"## brief() of each seed release (defaults; warm = median of {b['repeats']})",
        "",
        f"before: {b['before']}; after: {b['after']}. cold = a new process: "
        "start, imports, model load and the first brief.",
        "",
        "| release | sentences | before warm s | after warm s | x | before cold s | after cold s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in b["releases"]:
        lines.append(
            f"| {r['doc']} | {r.get('sentences', '-')} | {_num(r.get('before_warm_s'))} | "
            f"{_num(r.get('after_warm_s'))} | {_num(r.get('speedup_warm'))} | "
            f"{_num(r.get('before_cold_s'))} | {_num(r.get('after_cold_s'))} |"
        )
    return lines


def _servers(servers: list | None) -> list[str]:
    if not servers:
        return []
    lines = [
        "",
        "## Start to ready (launch until /healthz answers 200) and memory",
        "",
        "| command | engine | ready s | first translation s | peak RSS MB | processes |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in servers:
        lines.append(
            f"| {r['command']} ({r['role']}) | {r['engine']} | {r['ready_s']:.1f} | "
            f"{r['first_request_s']:.2f} | {r['peak_rss_tree_mb']:.0f} | {r['processes']} |"
        )
    lines += ["", "Peak RSS: VmHWM of the server process plus any child processes."]
    return lines


def _num(value) -> str:
    return "-" if value is None else f"{value:.2f}"


def write(out: Path, data: dict) -> Path:
    """bench/results{-gpu}.json and .md; returns the Markdown file."""
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if data["machine"]["device"] == "cpu" else "-gpu"
    data["targets_met"] = targets_met(data) if data["machine"]["device"] == "cpu" else {}
    rounded = json.loads(json.dumps(data), parse_float=lambda v: round(float(v), 3))
    (out / f"results{suffix}.json").write_text(json.dumps(rounded, indent=1) + "\n", "utf-8")
    md = out / f"results{suffix}.md"
    md.write_text(markdown(data), "utf-8")
    return md


# -- bench.py research --------------------------------------------------------------------


def write_research(out: Path, info: dict, results: list[dict], args) -> None:
    """bench/research.json and bench/research.md (``python scripts/bench.py research``)."""
    out.mkdir(parents=True, exist_ok=True)
    data = {"machine": info, "threads": cpu_budget(), "passes": args.passes, "groups": results}
    (out / "research.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    first = results[0]
    lines = [
        f"# CTranslate2 settings on {info['cpu']} ({info['cores']} cores)",
        "",
        f"{time.strftime('%Y-%m-%d')}; ctranslate2 {info['ctranslate2']}. Grafted 600M-shape model "
        f"(scripts/benchmarks/model.py), greedy, {first['sentences']} seed sentences "
        f"({first['source_tokens']} source tokens), natural output lengths "
        f"{first['output_lengths']['min']}-{first['output_lengths']['max']} tokens "
        f"(mean {first['output_lengths']['mean']}, {first['output_tokens']} in all). "
        f"tokens/s: the fastest of {args.passes} passes. x peer: median over the passes of the "
        "speed over the mean speed of the plain peer run just before and just after it (same "
        "process). identical: sentences whose tokens equal the peer's; same scores: whose "
        "`return_scores` score is bitwise the peer's; max score diff: the largest difference "
        "(log-probability).",
        "",
        "| group | config | tokens/s | x peer | tokens/CPU-s | identical | same scores "
        "| max score diff |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for group in results:
        for r in group["rows"]:
            lines.append(
                f"| {group['group']} | {r['config']} | {r['tokens_per_s']:.1f} | "
                f"{r['vs_peer']:.2f} | {r['tokens_per_cpu_s']:.1f} | "
                f"{r['identical']}/{r['sentences']} | {r['same_scores']}/{r['sentences']} | "
                f"{r['max_score_diff']:.2g} |"
            )
    lines += [
        "",
        "Load average during each group: "
        + ", ".join(f"{g['group']} {g['load_average'][0]:.1f}" for g in results)
        + ".",
        "",
        "Thread budget this machine reports: `" + json.dumps(data["threads"]) + "`.",
    ]
    (out / "research.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def cpu_budget() -> dict:
    """What a thread-count choice can read here: affinity, cgroup CPU quota, OMP_NUM_THREADS."""
    quota = None
    for path, parse in (
        ("/sys/fs/cgroup/cpu.max", lambda t: t.split()),
        (
            "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
            lambda t: [t.strip(), _read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")],
        ),
    ):
        text = _read(path)
        if text:
            quota = {"file": path, "value": " ".join(parse(text))}
            break
    return {
        "os.cpu_count": os.cpu_count(),
        "sched_getaffinity": len(os.sched_getaffinity(0)),
        "cgroup_cpu_quota": quota,
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""
