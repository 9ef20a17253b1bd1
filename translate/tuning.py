"""Threads and batch sizes chosen from the CPU cores this process may really use.

``os.cpu_count()`` counts the machine's cores; a process may be pinned to fewer
(``taskset``, ``os.sched_getaffinity``), limited by a container's CPU quota (cgroups), or told
to use fewer by ``OMP_NUM_THREADS``. Running more compute threads than that only makes them
wait for each other (or be throttled by the quota), so kybrief counts what it may use first.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

#: Sentences per worker in one Translator batch, and padded source tokens per worker. CPU
#: decoding is bound by memory reads (the 256k-word output layer is read once per step for the
#: whole batch), so throughput grows with the batch: a press release's sentences, or a whole
#: direction of the benchmark, go in one batch (bench/results.md).
CPU_SENTENCES_PER_WORKER = 64
CPU_TOKENS_PER_WORKER = 8192
GPU_BATCH_SIZE = 64
GPU_BATCH_TOKENS = 8192
#: Threads per CTranslate2 worker at most: past 4, one matrix product gains little per thread,
#: and a second worker uses the cores better. Below that, one worker with every core beats
#: several workers, which each read the weights for their own share of the batch.
MAX_INTRA_THREADS = 4


@dataclass(frozen=True)
class Tuning:
    """How a Translator uses the machine.

    Attributes:
        cores: CPU cores this process may use (see :func:`usable_cores`).
        device: ``"cpu"`` or ``"cuda..."``.
        inter_threads: batches decoded in parallel (CTranslate2 workers; 1 for transformers).
        intra_threads: threads per worker.
        batch_size: most sentences in one batch sent to the engine.
        batch_tokens: most padded source tokens (sentences × the longest) in one batch.
    """

    cores: int
    device: str
    inter_threads: int
    intra_threads: int
    batch_size: int
    batch_tokens: int

    def to_dict(self) -> dict:
        return asdict(self)


def usable_cores(
    environ: Mapping[str, str] | None = None,
    *,
    cgroup_root: Path = Path("/sys/fs/cgroup"),
    proc_cgroup: Path = Path("/proc/self/cgroup"),
) -> int:
    """CPU cores this process may use: the smallest of its affinity mask, its cgroup CPU
    quota (rounded down, at least 1) and, when an environment is given, ``OMP_NUM_THREADS``.

    Args:
        environ: the environment to read ``OMP_NUM_THREADS`` from. The library reads no
            environment variable itself (``None``: the variable is not consulted); an
            application passes ``os.environ`` — the kybrief command line and servers do.
        cgroup_root: where the cgroup file systems are mounted.
        proc_cgroup: the file naming this process's cgroups.
    """
    environ = {} if environ is None else environ
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_limit(cgroup_root, proc_cgroup)
    if quota is not None:
        cores = min(cores, max(1, math.floor(quota)))
    omp = str(environ.get("OMP_NUM_THREADS", "")).strip()
    if omp.isdigit() and int(omp) >= 1:
        cores = min(cores, int(omp))
    return max(1, cores)


def cgroup_cpu_limit(
    root: Path = Path("/sys/fs/cgroup"), proc_cgroup: Path = Path("/proc/self/cgroup")
) -> float | None:
    """The CPU quota of this process's cgroup in cores (``1.5`` = 150 ms per 100 ms), the
    tightest along its path, or None when there is none.

    Reads cgroup v2 (``cpu.max``: ``"max 100000"`` or ``"150000 100000"``) and v1
    (``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``, ``-1`` for none).
    """
    limits = []
    for folder in _cgroup_folders(root, proc_cgroup):
        limit = _read_v2(folder / "cpu.max")
        if limit is None:
            limit = _read_v1(folder / "cpu.cfs_quota_us", folder / "cpu.cfs_period_us")
        if limit is not None:
            limits.append(limit)
    return min(limits) if limits else None


def _cgroup_folders(root: Path, proc_cgroup: Path) -> list[Path]:
    """The cgroup folders that may hold this process's CPU limits, its own first."""
    paths: list[Path] = []
    try:
        lines = proc_cgroup.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        _, controllers, path = [*line.split(":", 2), "", ""][:3]
        names = set(controllers.split(","))
        if controllers == "":  # cgroup v2: "0::/path"
            bases = [root]
        elif "cpu" in names:  # cgroup v1: "4:cpu,cpuacct:/path"
            bases = [root / controllers, root / "cpu", root / "cpu,cpuacct"]
        else:
            continue
        parts = [p for p in path.strip().split("/") if p and p != ".."]
        for base in bases:
            for depth in range(len(parts), -1, -1):
                paths.append(base.joinpath(*parts[:depth]))
    paths += [root, root / "cpu", root / "cpu,cpuacct"]
    return list(dict.fromkeys(paths))


def _read_v2(path: Path) -> float | None:
    try:
        quota, _, period = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return None
    if quota == "max" or not quota.isdigit() or not period.strip().isdigit():
        return None
    return int(quota) / max(1, int(period))


def _read_v1(quota_path: Path, period_path: Path) -> float | None:
    try:
        quota = int(quota_path.read_text(encoding="utf-8").strip())
        period = int(period_path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    if quota <= 0 or period <= 0:
        return None
    return quota / period


def thread_plan(cores: int, device: str = "cpu") -> tuple[int, int]:
    """(inter_threads, intra_threads) for CTranslate2 on ``cores`` cores.

    On CPU, one worker with every core up to ``MAX_INTRA_THREADS`` threads, then more workers
    of that many threads (on 2 cores one 2-thread worker decoding the whole batch beat two
    1-thread workers decoding half each: bench/results.md).
    On a GPU, one worker (it runs one batch at a time) and at most 4 CPU threads for it.
    """
    cores = max(1, int(cores))
    if device.startswith("cuda"):
        return 1, min(cores, MAX_INTRA_THREADS)
    intra = min(MAX_INTRA_THREADS, cores)
    return max(1, cores // intra), intra


def batch_plan(device: str, workers: int = 1) -> tuple[int, int]:
    """(sentences, padded source tokens) per Translator batch for ``workers`` parallel workers."""
    if device.startswith("cuda"):
        return GPU_BATCH_SIZE, GPU_BATCH_TOKENS
    workers = max(1, int(workers))
    return CPU_SENTENCES_PER_WORKER * workers, CPU_TOKENS_PER_WORKER * workers


def token_batches(lengths: list[int], batch_size: int, batch_tokens: int) -> list[range]:
    """Cut items sorted by length (shortest first) into as few, even batches as fit.

    A batch holds at most ``batch_size`` items and at most ``batch_tokens`` padded tokens
    (items × its longest); an item longer than the budget gets a batch of its own. The number
    of batches is the fewest that fit; the items are then shared out evenly, longest first,
    because a batch decodes for as many steps as its longest output: a lone long sentence
    left over in a batch of its own would be decoded one token at a time for its whole length.

    Args:
        lengths: token counts, in ascending order.
        batch_size: most items per batch.
        batch_tokens: most padded tokens per batch.

    Returns:
        Index ranges into ``lengths``, in ascending order, covering every item once.
    """
    full = _cut_from_longest(lengths, batch_size, batch_tokens)
    even = _cut_from_longest(lengths, batch_size, batch_tokens, batches=len(full))
    chosen = even if len(even) == len(full) else full
    return sorted(chosen, key=lambda r: r.start)


def _cut_from_longest(
    lengths: list[int], batch_size: int, batch_tokens: int, batches: int = 0
) -> list[range]:
    """Batches taken from the long end: each as full as the budget allows or, given the number
    of ``batches`` to make, no fuller than the remaining items shared among those left."""
    cut: list[range] = []
    end = len(lengths)
    while end > 0:
        room = min(batch_size, max(1, batch_tokens // max(1, lengths[end - 1])), end)
        if batches:
            room = min(room, -(-end // max(1, batches - len(cut))))
        cut.append(range(end - room, end))
        end -= room
    return cut
