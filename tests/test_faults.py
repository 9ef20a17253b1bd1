"""Faults: the batch killed with SIGKILL at random points, several times, then resumed; and a
failure inside one document or one request that never takes the batch or the server down.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, TINY_MODEL, seed_paragraphs, seed_text
from test_batch import ROOT, by_id, run_cli, slow_archive, summary_of, without_timings

from summarize import brief
from translate.engines.transformers import TransformersEngine
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService

pytestmark = pytest.mark.timeout(300)

SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", batch_size=8)
#: A word in a sentence that makes the (patched) model fail.
POISON = "Бузулган"
POISONED = f"Бүгүн Бишкекте {POISON} жыйын өттү жана маселелер талкууланды."


# -- SIGKILL at random points, three times, then --resume ---------------------------------


def _kill_at_random_point(command: list[str], out, rng: random.Random, after_lines: int) -> int:
    """Start a batch, wait until ``after_lines`` records are out plus a random moment, kill -9.

    Returns the process's exit status (negative: killed by that signal).
    """
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while process.poll() is None and time.monotonic() < deadline:
            written = out.read_bytes().count(b"\n") if out.exists() else 0
            if written >= after_lines:
                break
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.05))  # mid-chunk, mid-write or between chunks
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    return process.returncode


@pytest.mark.slow
def test_killed_three_times_at_random_then_resumed_equals_an_uninterrupted_run(tmp_path):
    count, rng = 14, random.Random(20240607)
    slow_archive(tmp_path / "in", count)
    common = ["--batch-size", "1", "--chunk-size", "1"]
    out, tm = tmp_path / "killed.jsonl", tmp_path / "killed.tm.sqlite"
    args = [str(tmp_path / "in"), "-o", str(out), "--tm-cache", str(tm), *common]
    cli = [sys.executable, "-m", "ui.cli", "batch", *args, "--model", str(TINY_MODEL)]
    cli += ["--device", "cpu"]
    # three kill points, in records written: the first may fall before any record is out
    points = sorted(rng.sample(range(0, count - 6), 3))
    statuses, lines = [], []
    for n, point in enumerate(points):
        statuses.append(_kill_at_random_point(cli + (["--resume"] if n else []), out, rng, point))
        lines.append(out.read_bytes().count(b"\n") if out.exists() else 0)
    assert statuses == [-signal.SIGKILL] * 3, statuses  # each run was cut short
    assert lines == sorted(lines) and lines[-1] < count  # progress kept, run not finished
    status, stderr = run_cli(*args, "--resume")
    assert summary_of(stderr)["skipped"] == lines[-1]
    reference = tmp_path / "reference.jsonl"
    ref_args = [str(tmp_path / "in"), "-o", str(reference), "--tm-cache", str(tmp_path / "r.tm")]
    ref_status, _ = run_cli(*ref_args, *common)
    assert status == ref_status == 0
    resumed = by_id(out)  # asserts no document twice
    assert sorted(resumed) == [f"doc-{n:03d}" for n in range(count)]  # none lost
    assert without_timings(resumed) == without_timings(by_id(reference))
    assert out.read_bytes().endswith(b"\n")


# -- a document that breaks the model -----------------------------------------------------


@pytest.fixture
def poisoned_model(monkeypatch, tiny_translator):
    """The model fails (RuntimeError) on any batch holding the poisoned sentence."""
    original = TransformersEngine.translate_batch
    seen: list[str] = []

    def translate_batch(self, texts, *args, **kwargs):
        seen.extend(texts)
        if any(POISON in t for t in texts):
            raise RuntimeError("the model broke on this input")
        return original(self, texts, *args, **kwargs)

    monkeypatch.setattr(TransformersEngine, "translate_batch", translate_batch)
    # The shared engine too: an earlier test's undone instance patch may shadow the class.
    engine = tiny_translator.engine
    monkeypatch.setattr(engine, "translate_batch", translate_batch.__get__(engine))
    return seen


def _archive(folder, texts: dict[str, str]) -> None:
    folder.mkdir()
    lines = [json.dumps({"id": doc_id, "text": text}) for doc_id, text in texts.items()]
    (folder / "docs.jsonl").write_text("\n".join(lines), encoding="utf-8")


def test_one_broken_document_gets_an_error_record_and_the_run_goes_on(
    tmp_path, tiny_translator, poisoned_model
):
    texts = {
        "good-1": seed_text(SEED_IDS[0]),
        "broken": f"{seed_paragraphs(SEED_IDS[1], 'ky')[0]}\n{POISONED}",
        "good-2": seed_text(SEED_IDS[1]),
    }
    _archive(tmp_path / "in", texts)
    out = tmp_path / "out.jsonl"
    args = [str(tmp_path / "in"), "-o", str(out), "--tm-cache", ":memory:"]
    status, stderr = run_cli(*args, "--model-engine", "transformers")  # the patched engine
    assert status == 1  # a document failed: the run finished and says so
    records = by_id(out)
    assert list(records) == list(texts)
    assert records["broken"]["error"].startswith("internal error (RuntimeError: the model")
    for doc_id, seed in (("good-1", SEED_IDS[0]), ("good-2", SEED_IDS[1])):
        want = brief(seed_text(seed), translator=tiny_translator).to_dict()
        assert records[doc_id]["error"] is None
        assert records[doc_id]["brief"] == json.loads(json.dumps(want))
    assert (summary_of(stderr)["done"], summary_of(stderr)["failed"]) == (2, 1)


def test_a_chunk_that_fails_entirely_stops_the_run_and_resume_finishes_it(tmp_path, monkeypatch):
    _archive(tmp_path / "in", {f"doc-{n}": seed_text(SEED_IDS[n % 2]) for n in range(4)})
    out = tmp_path / "out.jsonl"
    args = [str(tmp_path / "in"), "-o", str(out), "--chunk-size", "2"]
    args += ["--model-engine", "transformers"]  # the engine patched below
    original = TransformersEngine.translate_batch
    with monkeypatch.context() as patch:  # the machine, not a document, is at fault
        patch.setattr(TransformersEngine, "translate_batch", _always_fails)
        with pytest.raises(RuntimeError, match="out of memory"):
            run_cli(*args, "--tm-cache", str(tmp_path / "tm.sqlite"))
    assert TransformersEngine.translate_batch is original
    assert not out.exists() or out.read_text() == ""  # no document was marked as failed
    status, _ = run_cli(*args, "--tm-cache", str(tmp_path / "tm.sqlite"), "--resume")
    assert status == 0 and sorted(by_id(out)) == [f"doc-{n}" for n in range(4)]


def _always_fails(self, texts, *args, **kwargs):
    raise RuntimeError("CUDA out of memory (simulated)")


# -- a request that breaks the model, among good ones, on a live server -------------------


@pytest.fixture(scope="module")
def url(tiny_translator):
    with live_server(
        build_server(ModelService(SETTINGS, Limits(concurrency=2), translator=tiny_translator))
    ) as base:
        assert wait_ready(base)["state"] == "ready"
        yield base


def test_a_failing_request_gets_an_error_and_the_server_serves_the_others(
    url, tiny_translator, poisoned_model
):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    good = {doc: brief(seed_text(doc), translator=tiny_translator).to_dict() for doc in SEED_IDS}
    client = Client(url + "/", verbose=False, download_files=False)

    def rest(text: str) -> httpx.Response:
        return httpx.post(f"{url}/api/v1/brief", json={"text": text}, timeout=60)

    # more failures than the server has model slots: a leaked slot would hang what follows
    for _ in range(3):
        response = rest(POISONED)
        assert response.status_code == 500
        assert response.json()["error"].startswith("internal error (RuntimeError)")
        assert "Traceback" not in response.text and "model broke" not in response.text
        with pytest.raises(AppError, match="Something went wrong"):
            client.predict(POISONED, api_name="/brief")

    jobs = [SEED_IDS[i % 2] if i % 3 else POISONED for i in range(6)]  # mixed, concurrent
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(rest, [seed_text(j) if j in good else j for j in jobs]))
    for job, response in zip(jobs, answers):
        if job in good:
            assert response.status_code == 200 and response.json() == good[job]
        else:
            assert response.status_code == 500
    assert client.predict(seed_text(SEED_IDS[1]), api_name="/brief") == good[SEED_IDS[1]]
    assert httpx.get(f"{url}/healthz", timeout=10).json()["state"] == "ready"
    assert any(POISON in t for t in poisoned_model)  # the failure did happen in the model
