"""Which CTranslate2 settings are fastest while staying token-identical to a plain int8 run?

Every configuration translates the same workload (the memorized seed sentences, see
``benchmarks.model``: natural output lengths, ended by ``</s>``) with greedy decoding on the grafted
600M-shape model. The *peer* is what a careful CTranslate2 user writes: a plain
``ctranslate2.Translator(folder, compute_type="int8")`` (default threads) and a
``translate_batch`` loop over batches of 16 in input order. Each configuration is compared with
the peer's output token for token.

All configurations of one group run in one process, each timed between two runs of the peer
(peer, config 1, peer, config 2, peer, ...), so a change in a shared machine's load cancels out
of the ratio; the ratio reported is the median over ``--passes`` rounds. An untimed pass with
``return_scores=True`` then compares every sentence's score with the peer's: equal scores mean
equal arithmetic, which matters more than equal tokens here (the grafted model is very sure of
its words, so only a large numeric change could flip one).
Settings read from the environment by CTranslate2 (``CT2_FORCE_CPU_ISA``, ``CT2_USE_MKL``) get
a group (a process) of their own, with its own peer measured under the same environment.

    python scripts/bench.py research                       # all groups, writes bench/research.*
    python scripts/bench.py research --groups threads --passes 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import model as bm
from benchmarks.report import machine, write_research


@dataclass
class Config:
    """One way to run the workload: a Translator's threads plus how sentences are batched."""

    name: str
    inter: int = 1
    intra: int = 0  # 0: CTranslate2's default
    order: str = "input"  # "input", or "sorted" by source tokens
    chunk: int | None = 16  # sentences per translate_batch call; None: all in one call
    max_batch: int = 0  # CTranslate2's max_batch_size (0: the whole call; -2: half of it)
    batch_type: str = "examples"
    scores: bool = False  # return_scores
    bound: bool = False  # max_decoding_length = 2 x longest source of the call + 16
    mode: str = "batch"  # "batch", "async" (futures, all calls queued), "iterable"

    @classmethod
    def parse(cls, spec: str) -> Config:
        """A configuration from its name, e.g. ``"2x1 all/1024tok sorted +scores"``.

        Words: ``peer`` (default threads, batches of 16 in input order), ``AxB`` (A workers x B
        threads), ``bN`` (calls of N sentences), ``bN/M`` (... split by CTranslate2 into M),
        ``all/M``, ``all/Mtok``, ``all/half`` (one call per direction, max_batch_size M
        examples, M tokens, or half the call), ``sorted`` (by source length), ``+scores``,
        ``+bound`` (max_decoding_length 2 x input + 16), ``async``, ``iterable``.
        """
        cfg = cls(spec)
        for word in spec.split():
            if "x" in word and word.replace("x", "").isdigit():
                cfg.inter, cfg.intra = (int(n) for n in word.split("x"))
            elif word.startswith(("b", "all")) and word != "bound":
                calls, _, split = word.partition("/")
                cfg.chunk = None if calls == "all" else int(calls[1:])
                cfg.batch_type = "tokens" if split.endswith("tok") else "examples"
                if split:
                    cfg.max_batch = -2 if split == "half" else int(split.removesuffix("tok"))
            elif word in ("sorted", "async", "iterable", "+scores", "+bound"):
                if word == "sorted":
                    cfg.order = word
                elif word.startswith("+"):
                    setattr(cfg, word[1:], True)
                else:
                    cfg.mode = word
            elif word != "peer":
                raise ValueError(f"unknown word {word!r} in configuration {spec!r}")
        return cfg


GROUPS: dict[str, list[str]] = {
    "threads": [
        "peer",
        "1x1 b16",
        "2x2 b16/8",
        "2x1 b16/8",
        "1x2 b16 sorted",
        "2x1 b16/8 sorted",
    ],
    "batching": [
        "peer",
        "2x1 all/16",
        "2x1 all/8",
        "2x1 all/1024tok",
        "2x1 all/2048tok",
        "1x2 all/32",
        "1x2 all/2048tok",
        "2x1 b16 sorted async",
        "2x1 b8 sorted async",
        "2x2 b16 sorted async",
        "2x1 all/1024tok iterable",
    ],
    # one seed release (13 sentences), as brief() translates it: latency, not throughput
    "latency": [
        "peer",
        "1x1 b16",
        "2x1 b16/half",
        "2x1 all/256tok",
        "2x1 all/512tok",
        "2x1 b8 sorted async",
        "2x2 b16/half",
        "2x2 b8 sorted async",
        "1x2 b16 sorted",
    ],
    "options": [
        "peer",
        "peer +scores",
        "peer +bound",
        "2x1 b16 sorted async",
        "2x1 b16 sorted async +scores",
        "2x1 b16 sorted async +scores +bound",
    ],
}
#: Groups run under a CTranslate2 environment variable (their own process and peer).
#: (CT2_USE_MKL=1 is left out: on this AMD CPU MKL's int8 path ran over 15x slower.)
ENV_GROUPS = {"avx512": {"CT2_FORCE_CPU_ISA": "AVX512"}}
GROUPS["avx512"] = ["peer", "1x2 b16 sorted", "2x1 b16 sorted async", "2x1 all/2048tok"]
#: Groups whose workload is one release (doc 000, Kyrgyz to English) instead of every sentence.
RELEASE_GROUPS = {"latency": "000_38dde02481074d0c"}


class Workload:
    """The sentences as CTranslate2 source tokens, grouped by direction."""

    def __init__(self, folder: Path, directions, doc: str | None = None) -> None:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.groups: list[tuple[str, list[list[str]]]] = []
        for src, tgt, field_name in directions:
            rows = [row[field_name] for row in bm.seed_rows() if doc in (None, row["doc"])]
            tokens = [[src, *tok.encode(t, add_special_tokens=False).tokens, "</s>"] for t in rows]
            self.groups.append((tgt, tokens))
        self.sentences = sum(len(t) for _, t in self.groups)
        self.source_tokens = sum(len(s) for _, t in self.groups for s in t)


def run_config(translator, cfg: Config, work: Workload) -> list[tuple[list[str], float | None]]:
    """(hypothesis without the target prefix, its score or None) per sentence, in order."""
    out: list[tuple[list[str], float | None]] = []
    for target, sources in work.groups:
        order = list(range(len(sources)))
        if cfg.order == "sorted":
            order.sort(key=lambda i: len(sources[i]))
        calls = [order] if cfg.chunk is None else _chunks(order, cfg.chunk)
        hyps: dict[int, list[str]] = {}
        if cfg.mode == "iterable":
            batch = [sources[i] for i in order]
            results = translator.translate_iterable(
                batch, [[target]] * len(batch), **_options(cfg, batch)
            )
            hyps.update(zip(order, map(_best, results)))
        elif cfg.mode == "async":
            pending = []
            for ids in calls:
                batch = [sources[i] for i in ids]
                futures = translator.translate_batch(
                    batch, [[target]] * len(batch), asynchronous=True, **_options(cfg, batch)
                )
                pending.append((ids, futures))
            for ids, futures in pending:
                hyps.update((i, _best(f.result())) for i, f in zip(ids, futures))
        else:
            for ids in calls:
                batch = [sources[i] for i in ids]
                results = translator.translate_batch(
                    batch, [[target]] * len(batch), **_options(cfg, batch)
                )
                hyps.update((i, _best(r)) for i, r in zip(ids, results))
        out += [hyps[i] for i in range(len(sources))]
    return out


def _best(result) -> tuple[list[str], float | None]:
    return result.hypotheses[0][1:], (result.scores[0] if result.scores else None)


def _options(cfg: Config, batch: list[list[str]]) -> dict:
    max_batch = cfg.max_batch
    if max_batch == -2:  # half the call, so both workers get a share
        max_batch = -(-len(batch) // 2)
    opts: dict = {"beam_size": 1, "return_scores": cfg.scores, "batch_type": cfg.batch_type}
    opts["max_batch_size"] = max_batch
    if cfg.bound:
        opts["max_decoding_length"] = 2 * max(len(s) for s in batch) + 16
    return opts


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_group(name: str, args: argparse.Namespace) -> dict:
    """Time one group's configurations, each between two runs of the peer, in this process.

    Each round runs: peer, config 1, peer, config 2, peer, ...; a configuration's ratio in a
    round is its speed over the mean speed of the two peer runs around it, so a change in the
    machine's load between configurations cancels out. The reported ratio is the median over
    rounds. A last, untimed pass with ``return_scores`` compares scores with the peer's.
    """
    import ctranslate2

    folder = bm.convert_plain(args.cache)
    directions = bm.DIRECTIONS_ALL if args.all_directions else bm.DIRECTIONS
    doc = RELEASE_GROUPS.get(name)
    work = Workload(folder, directions[:1] if doc else directions, doc)
    configs = [Config.parse(spec) for spec in (args.configs or GROUPS[name])]
    assert configs[0].name == "peer", "a group starts with the peer"
    translators: dict[tuple[int, int], object] = {}
    for cfg in configs:
        key = (cfg.inter, cfg.intra)
        if key not in translators:
            kwargs = {"inter_threads": cfg.inter}
            if cfg.intra:
                kwargs["intra_threads"] = cfg.intra
            translators[key] = ctranslate2.Translator(str(folder), compute_type="int8", **kwargs)
            run_config(translators[key], Config("peer"), _first(work))

    def timed(cfg: Config) -> tuple[float, float, list]:
        start, cpu = time.perf_counter(), time.process_time()
        out = run_config(translators[(cfg.inter, cfg.intra)], cfg, work)
        return time.perf_counter() - start, time.process_time() - cpu, out

    peer, others = configs[0], configs[1:]
    runs: dict[str, list[tuple[float, float]]] = {c.name: [] for c in configs}
    ratios: dict[str, list[float]] = {c.name: [] for c in others}
    outputs: dict[str, list] = {}
    for _ in range(args.passes):
        wall, cpu, outputs[peer.name] = timed(peer)
        runs[peer.name].append((wall, cpu))
        for cfg in others:
            before = wall
            cwall, ccpu, outputs[cfg.name] = timed(cfg)
            wall, cpu, _ = timed(peer)
            runs[cfg.name].append((cwall, ccpu))
            runs[peer.name].append((wall, cpu))
            ratios[cfg.name].append((before + wall) / 2 / cwall)
    scored = {c.name: timed(_with_scores(c))[2] for c in configs}
    rows = [_row(c, runs[c.name], ratios.get(c.name), outputs, scored) for c in configs]
    lengths = [len(h) for h, _ in outputs[peer.name]]
    return {
        "group": name,
        "env": ENV_GROUPS.get(name, {}),
        "release": doc,
        "sentences": work.sentences,
        "source_tokens": work.source_tokens,
        "output_tokens": sum(lengths),
        "output_lengths": {"min": min(lengths), "max": max(lengths), "mean": _mean(lengths)},
        "load_average": os.getloadavg(),
        "rows": rows,
    }


def _with_scores(cfg: Config) -> Config:
    scored = Config.parse(cfg.name)
    scored.scores = True
    return scored


def _row(cfg: Config, runs, ratios, outputs: dict, scored: dict) -> dict:
    hyps = [h for h, _ in outputs[cfg.name]]
    peer = [h for h, _ in outputs["peer"]]
    tokens = sum(len(h) for h in hyps)
    walls = [w for w, _ in runs]
    score_diff = [abs(a[1] - b[1]) for a, b in zip(scored[cfg.name], scored["peer"])]
    return {
        "config": cfg.name,
        "settings": _settings(cfg),
        "tokens": tokens,
        "tokens_per_s": tokens / min(walls),
        "median_tokens_per_s": tokens / statistics.median(walls),
        "tokens_per_cpu_s": tokens / min(c for _, c in runs),
        "vs_peer": statistics.median(ratios) if ratios else 1.0,
        "vs_peer_rounds": [round(r, 3) for r in ratios or []],
        "identical": sum(a == b for a, b in zip(hyps, peer)),
        "sentences": len(hyps),
        "same_scores": sum(d == 0 for d in score_diff),
        "max_score_diff": max(score_diff),
        "passes_s": [round(w, 2) for w in walls],
    }


def _first(work: Workload) -> Workload:
    small = object.__new__(Workload)
    small.groups = [(work.groups[0][0], work.groups[0][1][:2])]
    return small


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1)


def _settings(cfg: Config) -> dict:
    keys = ("inter", "intra", "order", "chunk", "max_batch", "batch_type", "scores", "bound")
    return {k: getattr(cfg, k) for k in keys} | {"mode": cfg.mode}


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    p.add_argument("--cache", type=Path, default=bm.ROOT / "bench-cache")
    p.add_argument("--out", type=Path, default=bm.ROOT / "bench")
    p.add_argument("--passes", type=int, default=2)
    p.add_argument("--groups", default=",".join(GROUPS))
    p.add_argument("--all-directions", action="store_true", help="also ky->ru (81 sentences)")
    p.add_argument("--configs", help="'|'-separated configurations instead of the groups'")
    p.add_argument("--group", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.configs = args.configs.split("|") if args.configs else None
    args.cache = args.cache.resolve()
    if args.group:
        print(json.dumps(run_group(args.group, args)))
        return 0
    args.cache.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(bm.BENCH), "model", "--cache", str(args.cache)], check=True)
    results = []
    for name in args.groups.split(","):
        cmd = [sys.executable, str(bm.BENCH), "research", "--group", name]
        cmd += ["--cache", str(args.cache)]
        cmd += ["--passes", str(args.passes)]
        cmd += ["--all-directions"] if args.all_directions else []
        cmd += ["--configs", "|".join(args.configs)] if args.configs else []
        env = {**os.environ, **ENV_GROUPS.get(name, {})}
        proc = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(result)
        for row in result["rows"]:
            print(
                f"{name:9s} {row['config']:32s} {row['tokens_per_s']:7.1f} tok/s "
                f"{row['vs_peer']:5.2f}x  identical {row['identical']}/{row['sentences']}",
                file=sys.stderr,
            )
    write_research(args.out, machine("cpu"), results, args)
    return 0
