"""Write the benchmark's results: JSON, a Markdown table and a PNG plot (scripts/bench.py)."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path


def machine(device: str) -> dict:
    """The machine and library versions a result was measured with."""
    import ctranslate2
    import torch
    import transformers

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
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "ctranslate2": ctranslate2.__version__,
        "device": device,
    }
    if device == "cuda":
        info["gpu"] = torch.cuda.get_device_name(0)
    return info


DESCRIPTIONS = {
    "naive": "transformers fp32, one sentence at a time, greedy",
    "batched": "transformers fp32, batch 16 (length-sorted), greedy",
    "peer": "CTranslate2 int8, batch 16, default settings, greedy",
    "best": "kybrief best: CTranslate2Engine, tuned (settings below)",
    "best_no_vmap": "kybrief best without the vocabulary map",
    "default": "kybrief CTranslate2Engine, default settings, batch 16",
}
#: Targets on the 2-core CPU machine (issue 6).
TARGETS = {"best_vs_naive": 15.0, "best_vs_peer": 1.5, "best_peak_rss_mb": 1536}


def ratios(runs: dict) -> dict:
    """Throughput ratios between runs (only the ones both sides of which ran)."""
    pairs = (
        ("best", "naive"),
        ("best", "peer"),
        ("best_no_vmap", "peer"),
        ("default", "peer"),
        ("peer", "naive"),
        ("best", "best_no_vmap"),
    )
    out = {}
    for a, b in pairs:
        if a in runs and b in runs:
            out[f"{a}_vs_{b}"] = round(runs[a]["tokens_per_s"] / runs[b]["tokens_per_s"], 2)
    return out


def targets_met(runs: dict, ratio: dict) -> dict:
    met = {}
    if "best_vs_naive" in ratio:
        met["best_vs_naive>=15"] = ratio["best_vs_naive"] >= TARGETS["best_vs_naive"]
    if "best_vs_peer" in ratio:
        met["best_vs_peer>=1.5"] = ratio["best_vs_peer"] >= TARGETS["best_vs_peer"]
    if "best" in runs:
        met["best_peak_rss<1.5GB"] = runs["best"]["peak_rss_mb"] < TARGETS["best_peak_rss_mb"]
    return met


def markdown(machine: dict, settings: dict, runs: dict, ratio: dict) -> str:
    naive = runs.get("naive", {}).get("tokens_per_s")
    where = machine.get("gpu") or f"{machine['cpu']}, {machine['cores']} cores"
    lines = [
        f"# Translation speed ({machine['device']}: {where})",
        "",
        f"Model: {settings['model']}. {settings['sentences']} seed sentences, exactly "
        f"{settings['new_tokens_per_sentence']} output tokens each ({settings['decoding']}). "
        f"torch {machine['torch']}, transformers {machine['transformers']}, "
        f"ctranslate2 {machine['ctranslate2']}.",
        "",
        "| run | what | sentences | tokens/s | sentences/s | load s | peak RSS MB | x naive "
        "| tokens/CPU-s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in runs.items():
        speedup = f"{r['tokens_per_s'] / naive:.1f}" if naive else "-"
        lines.append(
            f"| {name} | {DESCRIPTIONS.get(name, name)} | {r['sentences']} | "
            f"{r['tokens_per_s']:.1f} | {r['sentences_per_s']:.2f} | {r['load_s']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | "
            f"{speedup} | {r['tokens_per_cpu_s']:.1f} |"
        )
    if "best" in runs:
        best = {k: v for k, v in runs["best"].items() if k not in _MEASURED}
        lines += ["", f"best settings: `{json.dumps(best)}`."]
    lines += [
        "",
        f"Vocabulary map: {settings['vmap_size']:,} always-allowed pieces of 256,206, plus "
        "copies of the source pieces (a random model has no real vocabulary, so only the "
        "size matters). transformers runs use an even subset of the sentences (see the "
        f"sentences column); the other runs keep the fastest of {settings['passes']} passes. "
        "tokens/CPU-s counts the CPU time of all threads (less sensitive to other load on a "
        "shared machine than tokens/s).",
    ]
    lines += ["", "Ratios (tokens/s): " + ", ".join(f"{k} {v}x" for k, v in ratio.items())]
    return "\n".join(lines) + "\n"


_MEASURED = {
    "load_s",
    "translate_s",
    "sentences",
    "tokens",
    "tokens_per_s",
    "sentences_per_s",
    "peak_rss_mb",
    "passes_s",
    "cpu_s",
    "tokens_per_cpu_s",
    "mean_source_tokens",
}


def plot(path: Path, machine: dict, runs: dict) -> bool:
    """Bar charts of tokens/s and peak RSS; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = list(runs)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    speed = [runs[n]["tokens_per_s"] for n in names]
    bars = ax1.bar(names, speed, color="#3b6ea8")
    ax1.bar_label(bars, fmt="%.0f")
    ax1.set_ylabel("output tokens / s (higher is better)")
    rss = [runs[n]["peak_rss_mb"] / 1024 for n in names]
    bars = ax2.bar(names, rss, color="#a85a3b")
    ax2.bar_label(bars, fmt="%.2f")
    ax2.axhline(1.5, color="grey", linestyle="--", linewidth=1)
    ax2.set_ylabel("peak RSS, GB (lower is better)")
    where = machine.get("gpu") or f"{machine['cpu']} ({machine['cores']} cores)"
    for ax in (ax1, ax2):
        ax.tick_params(axis="x", labelrotation=25)
    fig.suptitle(f"NLLB-200 600M-size model, {machine['device']}: {where}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_reports(out: Path, suffix: str, machine: dict, settings: dict, runs: dict) -> None:
    """bench/results{suffix}.json, .md and .png."""
    out.mkdir(parents=True, exist_ok=True)
    ratio = ratios(runs)
    data = {
        "machine": machine,
        "settings": settings,
        "runs": {k: {kk: _round(vv) for kk, vv in v.items()} for k, v in runs.items()},
        "ratios": ratio,
        "targets_met": targets_met(runs, ratio) if machine["device"] == "cpu" else {},
    }
    (out / f"results{suffix}.json").write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    (out / f"results{suffix}.md").write_text(markdown(machine, settings, runs, ratio), "utf-8")
    plot(out / f"results{suffix}.png", machine, runs)


def _round(value):
    return round(value, 3) if isinstance(value, float) else value
