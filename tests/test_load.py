"""Load: 50 concurrent gradio_client requests against the live app with the tiny model.

Every request must come back with the brief the Python API gives for the same release and
options, the app's queue must never run more briefs at once than its concurrency limit, and
the server's memory must stay bounded.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, TINY_MODEL, seed_text

from summarize import brief
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", batch_size=8)
REQUESTS = 50
LIMIT = 2  # the server's concurrency limit (--concurrency)
RSS_BOUND_MB = 500


def rss_mb() -> float:
    """Resident memory of this process (the server runs in it), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status here")


class Gauge:
    """Counts the model blocks running at once (``ModelService.model``: past the admission
    queue, inside a model slot); each brief runs in one."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.lock = threading.Lock()
        self.active = self.peak = self.calls = 0

    @contextmanager
    def __call__(self):
        with self.inner() as translator:
            with self.lock:
                self.active += 1
                self.calls += 1
                self.peak = max(self.peak, self.active)
            try:
                time.sleep(0.02)  # widen the window in which a second brief could overlap
                yield translator
            finally:
                with self.lock:
                    self.active -= 1


@pytest.fixture(scope="module")
def served(tiny_ct2_translator):
    # every request is served, however long the machine takes (test_load_busy.py: the timeout)
    limits = Limits(concurrency=LIMIT, queue_timeout=600)
    # (CTranslate2, kybrief's default engine: a third of the transformers engine's time)
    service = ModelService(SETTINGS, limits, translator=tiny_ct2_translator)
    gauge = Gauge(service.model)
    service.model = gauge  # every brief takes the service's model (and a slot) once
    with live_server(build_server(service)) as url:
        assert wait_ready(url)["state"] == "ready"
        yield url, gauge


def test_fifty_concurrent_clients_get_correct_briefs(served, tiny_ct2_translator):
    from gradio_client import Client

    url, gauge = served
    options = [(doc, sentences) for doc in SEED_IDS for sentences in (1, 2, 3)]
    expected = {
        (doc, n): brief(seed_text(doc), translator=tiny_ct2_translator, sentences=n).to_dict()
        for doc, n in options
    }
    client = Client(url + "/", verbose=False, download_files=False)
    client.predict(seed_text(SEED_IDS[0]), api_name="/brief")  # warm: first-call costs
    before, calls_before = rss_mb(), gauge.calls

    def one(i: int) -> tuple[tuple[str, int], dict]:
        doc, n = options[i % len(options)]
        return (doc, n), client.predict(seed_text(doc), "auto", n, True, api_name="/brief")

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    grown = rss_mb() - before

    assert len(results) == REQUESTS
    for key, got in results:
        assert got == expected[key], key
    assert gauge.calls - calls_before == REQUESTS  # each request briefed exactly once
    assert gauge.peak == LIMIT  # briefs ran side by side, never more than the slots
    assert grown < RSS_BOUND_MB, f"RSS grew by {grown:.0f} MB under load"
    assert httpx.get(f"{url}/healthz", timeout=10).json()["state"] == "ready"
