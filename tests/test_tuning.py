"""Cores, threads and batches from what the process may use; batches by token budget."""

from __future__ import annotations

import copy
import os

import pytest
from conftest import load_seed_rows

from translate import Translator, batch_plan, thread_plan, usable_cores
from translate.tuning import cgroup_cpu_limit, token_batches

ROWS = load_seed_rows()


def _cgroup(tmp_path, proc_line: str, files: dict[str, str]):
    """A fake /sys/fs/cgroup tree and /proc/self/cgroup."""
    root = tmp_path / "cgroup"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    root.mkdir(exist_ok=True)
    proc = tmp_path / "proc-cgroup"
    proc.write_text(proc_line + "\n", encoding="utf-8")
    return {"cgroup_root": root, "proc_cgroup": proc}


@pytest.fixture
def eight_cores(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)


def test_affinity_mask(eight_cores, tmp_path):
    paths = _cgroup(tmp_path, "0::/", {})
    assert usable_cores({}, **paths) == 8


def test_cgroup_v2_quota(eight_cores, tmp_path):
    paths = _cgroup(
        tmp_path,
        "0::/kybrief.slice/app",
        {"cpu.max": "max 100000\n", "kybrief.slice/app/cpu.max": "250000 100000\n"},
    )
    assert cgroup_cpu_limit(paths["cgroup_root"], paths["proc_cgroup"]) == 2.5
    assert usable_cores({}, **paths) == 2  # rounded down: 3 threads would be throttled


def test_cgroup_v2_parent_limit_counts(eight_cores, tmp_path):
    paths = _cgroup(
        tmp_path,
        "0::/outer/inner",
        {"outer/cpu.max": "150000 100000", "outer/inner/cpu.max": "max 100000"},
    )
    assert usable_cores({}, **paths) == 1


def test_cgroup_v1_quota(eight_cores, tmp_path):
    paths = _cgroup(
        tmp_path,
        "4:cpu,cpuacct:/docker/abc",
        {
            "cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "400000",
            "cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000",
        },
    )
    assert usable_cores({}, **paths) == 4
    unlimited = _cgroup(
        tmp_path / "b",
        "4:cpu,cpuacct:/",
        {"cpu,cpuacct/cpu.cfs_quota_us": "-1", "cpu,cpuacct/cpu.cfs_period_us": "100000"},
    )
    assert usable_cores({}, **unlimited) == 8


def test_omp_num_threads(eight_cores, tmp_path):
    paths = _cgroup(tmp_path, "0::/", {"cpu.max": "600000 100000"})
    assert usable_cores({"OMP_NUM_THREADS": "3"}, **paths) == 3
    assert usable_cores({"OMP_NUM_THREADS": "32"}, **paths) == 6
    assert usable_cores({"OMP_NUM_THREADS": "zero"}, **paths) == 6
    assert usable_cores({"OMP_NUM_THREADS": "0"}, **paths) == 6


def test_this_machine():
    """Whatever the machine: at least one core, never more than the affinity mask."""
    cores = usable_cores()
    assert 1 <= cores <= len(os.sched_getaffinity(0))


@pytest.mark.parametrize(
    ("cores", "plan"),
    [(1, (1, 1)), (2, (1, 2)), (3, (1, 3)), (4, (1, 4)), (8, (2, 4)), (16, (4, 4)), (64, (16, 4))],
)
def test_thread_plan(cores, plan):
    inter, intra = thread_plan(cores)
    assert (inter, intra) == plan and inter * intra <= cores
    assert thread_plan(cores, "cuda:0") == (1, min(cores, 4))


def test_batch_plan():
    assert batch_plan("cpu", 2) == (128, 16384)
    assert batch_plan("cpu", 1) == (64, 8192)
    assert batch_plan("cuda:0", 1) == (64, 8192)


def test_token_batches():
    lengths = [3, 5, 5, 8, 10, 40, 60, 300]
    batches = token_batches(lengths, batch_size=3, batch_tokens=100)
    assert [list(b) for b in batches] == [[0, 1], [2, 3], [4, 5], [6], [7]]
    assert token_batches([], 3, 100) == []
    # the fewest batches (3), shared out evenly: no lone item left over at the end
    assert [list(b) for b in token_batches([7] * 7, 100, 21)] == [[0, 1], [2, 3], [4, 5, 6]]
    # 27 + 1 sentences over budget by one: two halves, not 27 and a long one decoded alone
    lengths = [*range(60, 114, 2), 130]
    assert [len(b) for b in token_batches(lengths, 64, 3072)] == [14, 14]


def test_the_translator_uses_the_plan(tiny_ct2_translator):
    tuning = tiny_ct2_translator.tuning
    engine = tiny_ct2_translator.engine
    plan = (tuning.inter_threads, tuning.intra_threads)
    assert plan == (engine.inter_threads, engine.intra_threads)
    assert plan == thread_plan(tuning.cores)
    assert (tuning.batch_size, tuning.batch_tokens) == batch_plan("cpu", tuning.inter_threads)
    assert engine.translator.num_active_batches == 0  # a live CTranslate2 translator


def test_batches_are_length_sorted_and_within_the_token_budget(tiny_ct2_translator):
    translator = copy.copy(tiny_ct2_translator)
    translator.batch_size, translator.batch_tokens = 8, 200
    batches: list[list[str]] = []
    inner = translator.engine

    class Spy:
        def __getattr__(self, name):
            return getattr(inner, name)

        def translate_batch(self, texts, *args, **kwargs):
            batches.append(list(texts))
            return inner.translate_batch(texts, *args, **kwargs)

    translator.engine = Spy()
    sentences = [row["ky"] for row in ROWS]
    assert translator.translate_sentences(sentences, "ky", "en") == [r["en"] for r in ROWS]
    lengths = [[inner.count_tokens(t, "kir_Cyrl") for t in batch] for batch in batches]
    flat = [n for batch in lengths for n in batch]
    assert flat == sorted(flat) and sorted(t for b in batches for t in b) == sorted(sentences)
    for batch in lengths:
        assert len(batch) <= 8 and (len(batch) == 1 or len(batch) * max(batch) <= 200)
    assert len(batches) > 27 // 8 + 1  # the token budget, not only the count, cut batches


def test_threads_option(tmp_path):
    translator = Translator(
        "tests/fixtures/tiny-nllb", device="cpu", threads=1, engine_options={"ct2_dir": tmp_path}
    )
    assert translator.tuning.cores == 1
    assert (translator.engine.inter_threads, translator.engine.intra_threads) == (1, 1)
    assert (translator.batch_size, translator.batch_tokens) == batch_plan("cpu", 1)
