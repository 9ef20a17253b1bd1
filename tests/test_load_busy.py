"""Load: 120 concurrent briefs against `kybrief serve --demo` while /healthz is polled.

Every answer is 200, 429 or 503 with Retry-After (never a 500, never a hang); each 200 carries
the brief of its own release (the two sample releases alternate: their headlines and figures
differ, so a crossed or lost answer shows); /healthz answers within 100 ms at the 99th
percentile all along. The server runs in its own process, on loopback, with the bundled demo
model, as a user would start it; the test is bounded in count and in time.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import SEED_IDS, seed_text

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 120
HEALTH_P99 = 0.100  # seconds
OPTIONS = ["--concurrency", "2", "--max-queue", "64", "--queue-timeout", "8"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`kybrief serve --demo` on a free loopback port; its base URL."""
    unguarded = ("KYBRIEF_AUTH", "KYBRIEF_API_KEYS", "KYBRIEF_API_KEYS_FILE")
    env = {k: v for k, v in os.environ.items() if k not in unguarded}
    env["PYTHONPATH"] = str(ROOT)
    cmd = [sys.executable, "-m", "ui.cli", "serve", "--demo", "--device", "cpu", "--port", "0"]
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    with log.open("w") as err:  # a file, not a pipe: a full pipe would stall the server
        proc = subprocess.Popen(
            cmd + OPTIONS, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True
        )
    try:
        line = proc.stdout.readline()  # the banner names the URL
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, (line, proc.poll())
        url = found.group(0)
        deadline = time.monotonic() + 90
        while httpx.get(url + "/healthz", timeout=10).status_code != 200:
            assert proc.poll() is None and time.monotonic() < deadline, "the model did not load"
            time.sleep(0.2)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    errors = log.read_text()
    assert "Traceback" not in errors and "Error" not in errors, errors[-3000:]


#: GET /healthz every 20 ms on one kept-alive connection until stdin closes; prints the
#: statuses and times as JSON. A process of its own: the test's 120 clients share no GIL with it.
POLLER = """
import json, sys, threading, time
import httpx
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
times, statuses = [], set()
with httpx.Client(timeout=10) as client:
    while not stop.is_set():
        started, at = time.perf_counter(), time.time()
        statuses.add(client.get(sys.argv[1] + "/healthz").status_code)
        times.append((time.perf_counter() - started, at))
        stop.wait(0.02)
print(json.dumps({"times": times, "statuses": sorted(statuses)}))
"""


async def _briefs(url: str, texts: list[str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        return await asyncio.gather(
            *(client.post(url + "/api/v1/brief", json={"text": t}) for t in texts)
        )


def test_many_concurrent_briefs_and_a_fast_healthz(server):
    texts = {doc: seed_text(doc) for doc in SEED_IDS}
    expected = {
        doc: httpx.post(server + "/api/v1/brief", json={"text": t}, timeout=60).json()
        for doc, t in texts.items()
    }
    first, second = (expected[doc] for doc in SEED_IDS)
    assert first["headline"] != second["headline"] and first["figures"] != second["figures"]
    order = [SEED_IDS[i % 2] for i in range(CLIENTS)]

    poller = subprocess.Popen(
        [sys.executable, "-c", POLLER, server], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    time.sleep(1)  # polling before the storm too
    started, at = time.monotonic(), time.time()
    answers = asyncio.run(_briefs(server, [texts[doc] for doc in order]))
    took = time.monotonic() - started
    time.sleep(0.2)  # and after it
    health = json.loads(poller.communicate(timeout=30)[0])

    statuses = [a.status_code for a in answers]
    assert len(answers) == CLIENTS
    assert set(statuses) <= {200, 429, 503}, sorted(set(statuses))
    for answer in answers:
        if answer.status_code != 200:
            assert int(answer.headers["retry-after"]) >= 1
    served = [(doc, a.json()) for doc, a in zip(order, answers) if a.status_code == 200]
    assert len(served) >= 2
    for doc, body in served:
        assert body == expected[doc]  # its own release's brief, whole
    slowest = sorted(health["times"], reverse=True)[:6]
    print(
        "slowest probes (ms, s after the storm began):",
        [(round(t * 1000), round(w - at, 2)) for t, w in slowest],
    )
    times = sorted(t for t, _ in health["times"])
    p99 = times[int(0.99 * (len(times) - 1))]
    print(
        f"\n{CLIENTS} briefs in {took:.1f} s: {statuses.count(200)} x 200, "
        f"{statuses.count(503)} x 503, {statuses.count(429)} x 429; /healthz {len(times)} probes, "
        f"p50 {times[len(times) // 2] * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {times[-1] * 1000:.1f} ms"
    )
    assert health["statuses"] == [200]
    assert len(times) >= 20
    assert p99 < HEALTH_P99, f"/healthz p99 {p99 * 1000:.0f} ms"
