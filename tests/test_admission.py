"""Bounded waiting: model slots, one queue with --max-queue and --queue-timeout, for every route.

A request that finds the queue full, or gets no slot in time, is refused at once with 503 and
Retry-After; a client that goes away leaves the queue; /healthz never waits behind model work.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import gradio as gr
import httpx
import pytest
from _live_server import live_server
from conftest import load_seed_rows

from ui.admission import Admission, ClientGoneError, ServerBusyError
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.events import Handlers

SETTINGS = ModelSettings(model="tiny", device="cpu")
ROW = load_seed_rows()[1]
KY, EN = ROW["ky"], ROW["en"]
ARGS = [KY, "auto", 3, True]  # the Gradio API's brief takes every argument


def _holder(admission: Admission, release: threading.Event) -> threading.Thread:
    """A thread that takes a slot and keeps it until ``release`` is set."""
    took = threading.Event()

    def hold() -> None:
        with admission.slot():
            took.set()
            release.wait(10)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert took.wait(5)
    return thread


def test_full_queue_and_timeout_are_refused_at_once():
    admission = Admission(1, max_queue=1, timeout=0.5)
    release = threading.Event()
    holder = _holder(admission, release)
    got: list[str] = []

    def wait_for_slot() -> None:
        with admission.slot():
            got.append("served")

    waiter = threading.Thread(target=wait_for_slot)
    waiter.start()
    while admission.waiting < 1:
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(ServerBusyError) as full:
        admission.acquire()
    assert time.monotonic() - started < 0.1  # at once, not after the timeout
    assert full.value.reason == "queue_full" and full.value.retry_after >= 1
    release.set()  # the holder gives its slot to the request that waits
    waiter.join(5)
    holder.join(5)
    assert got == ["served"] and admission.busy == 0 and admission.waiting == 0

    release.clear()
    holder = _holder(admission, release)
    started = time.monotonic()
    with pytest.raises(ServerBusyError) as late:
        admission.acquire()
    assert late.value.reason == "queue_timeout" and 0.4 < time.monotonic() - started < 3
    assert admission.rejected == {"queue_full": 1, "queue_timeout": 1}
    assert admission.waiting == 0
    release.set()
    holder.join(5)
    assert admission.busy == 0


def test_slots_are_given_in_arrival_order_to_threads_and_the_event_loop():
    admission = Admission(1, max_queue=10, timeout=10)
    release = threading.Event()
    holder = _holder(admission, release)
    order: list[str] = []

    async def on_the_loop(name: str) -> None:
        await admission.acquire_async()
        order.append(name)
        admission.release()

    def in_a_thread(name: str) -> None:
        with admission.slot():
            order.append(name)

    async def scenario() -> None:
        first = asyncio.create_task(on_the_loop("loop-1"))
        while admission.waiting < 1:
            await asyncio.sleep(0.01)
        thread = threading.Thread(target=in_a_thread, args=("thread-2",))
        thread.start()
        while admission.waiting < 2:
            await asyncio.sleep(0.01)
        third = asyncio.create_task(on_the_loop("loop-3"))
        while admission.waiting < 3:
            await asyncio.sleep(0.01)
        release.set()
        await asyncio.gather(first, third)
        await asyncio.to_thread(thread.join, 5)

    asyncio.run(scenario())
    holder.join(5)
    assert order == ["loop-1", "thread-2", "loop-3"]
    assert admission.busy == 0 and admission.waiting == 0


def test_a_client_that_goes_away_leaves_the_queue():
    admission = Admission(1, max_queue=5, timeout=10)
    release = threading.Event()
    holder = _holder(admission, release)
    gone = False

    async def disconnected() -> bool:
        return gone

    async def scenario() -> None:
        nonlocal gone
        task = asyncio.create_task(admission.acquire_async(disconnected))
        while admission.waiting < 1:
            await asyncio.sleep(0.01)
        gone = True
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert admission.waiting == 0 and admission.busy == 1  # only the holder
    release.set()
    holder.join(5)
    assert admission.busy == 0


def test_a_waiting_thread_whose_client_goes_away_leaves_the_queue():
    admission = Admission(1, max_queue=2, timeout=30)
    gone = threading.Event()
    admission.departure = lambda: gone.is_set  # asked in the waiting thread
    release = threading.Event()
    holder = _holder(admission, release)
    errors: list[Exception] = []

    def wait_for_slot() -> None:
        try:
            with admission.slot():
                errors.append(AssertionError("served after its client went away"))
        except ClientGoneError as exc:
            errors.append(exc)

    waiter = threading.Thread(target=wait_for_slot)
    waiter.start()
    assert _until(lambda: admission.waiting == 1)
    gone.set()
    waiter.join(2)  # within a poll or two, not --queue-timeout
    assert not waiter.is_alive() and isinstance(errors[0], ClientGoneError)
    assert admission.waiting == 0 and admission.departed == 1
    release.set()
    holder.join(5)
    assert admission.busy == 0  # the slot went back to the free ones, not to the leaver


def test_a_slot_is_held_once_per_context():
    admission = Admission(1, max_queue=0, timeout=1)
    with admission.slot(), admission.slot():  # a digest's briefs inside its own slot
        assert admission.busy == 1
    assert admission.busy == 0

    async def nested() -> int:
        return await admission.run(lambda: _busy_inside(admission))

    assert asyncio.run(nested()) == 1
    assert admission.busy == 0


def test_work_runs_in_nicer_threads_and_again_after_close():
    import os

    admission = Admission(1)

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    loop_nice = niceness()
    assert asyncio.run(admission.run(niceness)) >= min(19, loop_nice + 1)  # the loop first
    admission.close()  # a server stopped; its service served again by the next one
    assert asyncio.run(admission.run(lambda: admission.busy)) == 1
    assert admission.busy == 0


def _busy_inside(admission: Admission) -> int:
    with admission.slot():
        return admission.busy


class _Gate:
    """Holds every brief until ``open`` is set (the model made slow on purpose)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.open = threading.Event()
        self.entered = 0

    def __call__(self, *args, **kwargs):
        self.entered += 1
        self.open.wait(20)
        return self.inner(*args, **kwargs)


@pytest.mark.parametrize("app", [False, True], ids=["serve", "ui"])
def test_busy_server_answers_503_with_retry_after_and_healthz_at_once(tiny_translator, app):
    limits = Limits(concurrency=1, max_queue=1, queue_timeout=2)
    service = ModelService(SETTINGS, limits, translator=tiny_translator)
    gate = _Gate(service.brief)
    service.brief = gate
    with live_server(build_server(service, app=app)) as url, ThreadPoolExecutor(4) as pool:

        def brief() -> httpx.Response:
            return httpx.post(url + "/api/v1/brief", json={"text": KY}, timeout=30)

        first = pool.submit(brief)
        while service.busy < 1:
            time.sleep(0.01)
        second = pool.submit(brief)
        while service.admission.waiting < 1:
            time.sleep(0.01)
        started = time.monotonic()
        third = brief()
        lt = httpx.post(url + "/translate", json={"q": KY, "source": "ky", "target": "en"})
        health = httpx.get(url + "/healthz", timeout=5)
        assert time.monotonic() - started < 1.5  # none of them waited
        assert third.status_code == 503 and third.headers["retry-after"] == "2"
        assert "busy" in third.json()["error"]
        assert lt.status_code == 503 and lt.headers["retry-after"] == "2"
        assert health.status_code == 200 and health.json()["state"] == "ready"
        late = second.result(timeout=10)  # no slot within --queue-timeout
        assert late.status_code == 503 and late.headers["retry-after"] == "2"
        gate.open.set()
        served = first.result(timeout=30)
        assert served.status_code == 200 and EN in served.json()["summary"]
        assert brief().status_code == 200  # the slot came back
    assert service.admission.rejected == {"queue_full": 2, "queue_timeout": 1}


def test_http_client_that_goes_away_leaves_the_queue(tiny_translator):
    limits = Limits(concurrency=1, max_queue=4, queue_timeout=30)
    service = ModelService(SETTINGS, limits, translator=tiny_translator)
    gate = _Gate(service.brief)
    service.brief = gate
    with live_server(build_server(service, app=False)) as url, ThreadPoolExecutor(2) as pool:
        holder = pool.submit(httpx.post, url + "/api/v1/brief", json={"text": KY}, timeout=30)
        while service.busy < 1:
            time.sleep(0.01)
        with pytest.raises(httpx.ReadTimeout):  # the client gives up and closes its connection
            httpx.post(url + "/api/v1/brief", json={"text": KY}, timeout=1)
        deadline = time.monotonic() + 5
        while service.admission.waiting and time.monotonic() < deadline:
            time.sleep(0.05)
        assert service.admission.waiting == 0
        gate.open.set()
        assert holder.result(timeout=30).status_code == 200
    assert service.busy == 0


def test_uploads_are_parsed_under_the_same_limits(tiny_translator, tmp_path):
    limits = Limits(concurrency=1, max_queue=0, queue_timeout=1, upload_bytes=1000)
    service = ModelService(SETTINGS, limits, translator=tiny_translator)
    handlers = Handlers(service)
    small = tmp_path / "release.txt"
    small.write_text(KY, encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("а" * 600, encoding="utf-8")  # 1,200 bytes
    assert handlers.upload(str(small)) == KY
    with pytest.raises(gr.Error, match="limit of an upload is 1,000"):
        handlers.upload(str(big))
    release = threading.Event()
    holder = _holder(service.admission, release)  # a brief holds the only slot
    with pytest.raises(gr.Error, match="busy") as busy:
        handlers.upload(str(small))
    assert busy.value.title == "The server is busy"
    release.set()
    holder.join(5)
    assert handlers.upload(str(small)) == KY


def _until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_gradio_event_whose_client_goes_away_leaves_the_queue(tiny_translator):
    limits = Limits(concurrency=1, max_queue=4, queue_timeout=30)
    service = ModelService(SETTINGS, limits, translator=tiny_translator)
    release = threading.Event()
    with live_server(build_server(service)) as url:
        holder = _holder(service.admission, release)  # the only slot is taken
        call = url + "/gradio_api/call/brief"
        event = httpx.post(call, json={"data": ARGS}, timeout=10).json()["event_id"]
        with httpx.stream("GET", f"{call}/{event}", timeout=10):  # the client listens...
            assert _until(lambda: service.admission.waiting == 1)
        # ... and goes away: its event leaves the queue long before --queue-timeout
        assert _until(lambda: service.admission.waiting == 0)
        assert service.admission.departed == 1
        release.set()
        holder.join(5)
        served = httpx.post(url + "/api/v1/brief", json={"text": KY}, timeout=30)
        assert served.status_code == 200 and EN in served.json()["summary"]
    assert service.busy == 0 and service.admission.rejected["queue_timeout"] == 0


def test_gradio_queue_full_answers_503_with_retry_after(tiny_translator):
    limits = Limits(concurrency=1, max_queue=0, queue_timeout=3)
    service = ModelService(SETTINGS, limits, translator=tiny_translator)
    gate = _Gate(service.brief)
    service.brief = gate
    with live_server(build_server(service)) as url:
        call = url + "/gradio_api/call/brief"
        first = httpx.post(call, json={"data": ARGS}, timeout=10)  # runs, held at the gate
        assert first.status_code == 200 and _until(lambda: gate.entered == 1)
        second = httpx.post(call, json={"data": ARGS}, timeout=10)  # Gradio's queue holds it
        third = httpx.post(call, json={"data": ARGS}, timeout=10)  # Gradio's queue is full
        gate.open.set()
        assert second.status_code == 200
        assert third.status_code == 503 and third.headers["retry-after"] == "3"
        answer = httpx.get(f"{call}/{second.json()['event_id']}", timeout=30).text
        assert "event: complete" in answer and EN.split()[0] in answer
