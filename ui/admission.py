"""Model slots and the bounded queue in front of them, one for every route of a server.

``Admission`` hands out ``--concurrency`` slots. A request that finds none free waits in one
first-come-first-served queue, but only while fewer than ``--max-queue`` requests wait, and at
most ``--queue-timeout`` seconds; otherwise it is refused at once with :class:`ServerBusyError`
(HTTP 503 with Retry-After). Requests wait two ways, in the same queue:

- the HTTP routes wait **on the event loop** (:meth:`Admission.run`): a waiting request holds no
  thread, a client that disconnects leaves the queue, and the work then runs in the server's
  own model threads (one per slot), so it never takes a thread from the pool that other routes
  use and ``/healthz`` never waits behind it;
- the Gradio app's handlers, which Gradio runs in its own threads, wait in their thread
  (:meth:`Admission.slot`), bounded the same way; the app sets :attr:`Admission.departure`, so
  an event whose browser (or ``gradio_client``) went away leaves the queue too.

A slot is held per context: code that already holds one (a digest that briefs many releases,
the work :meth:`Admission.run` started) does not take a second one.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from translate import KybriefError

logger = logging.getLogger(__name__)

#: How much nicer (lower CPU priority) model threads are than the event loop's.
MODEL_NICENESS = 10
#: Whether the current context holds a slot already.
_HELD: contextvars.ContextVar[bool] = contextvars.ContextVar("kybrief_slot_held", default=False)
#: How often a waiting HTTP request checks whether its client is still there (seconds).
DISCONNECT_POLL = 0.25


class ServerBusyError(KybriefError):
    """No model slot within ``--queue-timeout``, or ``--max-queue`` requests wait already
    (HTTP 503 with Retry-After).

    Attributes:
        reason: ``"queue_full"`` or ``"queue_timeout"``.
        retry_after: seconds a client should wait before it tries again.
    """

    def __init__(self, message: str, reason: str, retry_after: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.retry_after = retry_after


class ClientGoneError(KybriefError):
    """The client went away while its request waited for a model slot (nobody reads this)."""


class _Waiter:
    """One request in the queue; ``wake`` is called (under the lock) when it gets a slot."""

    __slots__ = ("granted", "wake")

    def __init__(self, wake: Callable[[], None]) -> None:
        self.granted = False
        self.wake = wake


class Admission:
    """``slots`` model slots and a queue of at most ``max_queue`` waiting requests.

    Args:
        slots: requests served at once (``--concurrency``).
        max_queue: most requests waiting for a slot (``--max-queue``); 0: none wait.
        timeout: longest wait for a slot, in seconds (``--queue-timeout``).
    """

    def __init__(self, slots: int, max_queue: int = 64, timeout: float = 60.0) -> None:
        self.slots = slots
        self.max_queue = max_queue
        self.timeout = timeout
        self._free = slots
        self._waiters: deque[_Waiter] = deque()
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        #: Requests refused so far, by reason (``queue_full``, ``queue_timeout``).
        self.rejected: dict[str, int] = {"queue_full": 0, "queue_timeout": 0}
        #: Requests that left the queue because their client went away.
        self.departed = 0
        #: For requests that wait in their thread (:meth:`acquire`): called in that thread,
        #: it returns a check that says whether the request's client went away (or None when
        #: there is no way to tell). The Gradio app sets it (``ui.web.events``).
        self.departure: Callable[[], Callable[[], bool] | None] | None = None

    @property
    def busy(self) -> int:
        """Slots in use now."""
        return self.slots - self._free

    @property
    def waiting(self) -> int:
        """Requests waiting for a slot now."""
        return len(self._waiters)

    @property
    def retry_after(self) -> int:
        """The Retry-After of a refusal: the queue's timeout, at least 1 s, at most 30 s."""
        return max(1, min(30, math.ceil(self.timeout)))

    # -- taking and giving back a slot -----------------------------------------------------

    def _try_take(self, waiter: _Waiter) -> bool:
        """Under the lock: take a free slot (True), or join the queue, or refuse."""
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return True
        if len(self._waiters) >= self.max_queue:
            raise self._refuse("queue_full")
        self._waiters.append(waiter)
        return False

    def _refuse(self, reason: str) -> ServerBusyError:
        self.rejected[reason] += 1
        if reason == "queue_full":
            message = f"the server is busy ({self.max_queue} requests wait already)"
        else:
            message = f"the server is busy (no model slot free within {self.timeout:g} s)"
        return ServerBusyError(
            f"{message}; try again in {self.retry_after} s", reason, self.retry_after
        )

    def _give_up(self, waiter: _Waiter) -> bool:
        """Under the lock: leave the queue; True when the slot came first (keep it)."""
        if waiter.granted:
            return True
        self._waiters.remove(waiter)
        return False

    def release(self) -> None:
        """Give a slot back: to the first request waiting, else to the free ones."""
        with self._lock:
            if self._waiters:
                waiter = self._waiters.popleft()
                waiter.granted = True
                waiter.wake()
            else:
                self._free += 1

    def acquire(self) -> None:
        """Take a slot, waiting in this thread (at most ``timeout`` seconds).

        Raises:
            ServerBusyError: the queue is full, or no slot came in time.
            ClientGoneError: the client went away meanwhile (see :attr:`departure`).
        """
        event = threading.Event()
        waiter = _Waiter(event.set)
        with self._lock:
            if self._try_take(waiter):
                return
        gone = self.departure() if self.departure is not None else None
        deadline = time.monotonic() + self.timeout
        while (left := deadline - time.monotonic()) > 0:
            if event.wait(left if gone is None else min(left, DISCONNECT_POLL)):
                break
            if gone is not None and gone():
                self._leave(waiter)
                raise ClientGoneError("the client went away while waiting for a model slot")
        with self._lock:
            if not self._give_up(waiter):
                raise self._refuse("queue_timeout")

    def _leave(self, waiter: _Waiter) -> None:
        """Leave the queue for good (a slot that came meanwhile goes to the next request)."""
        with self._lock:
            kept = self._give_up(waiter)
            self.departed += 1
        if kept:
            self.release()

    async def acquire_async(
        self, disconnected: Callable[[], Awaitable[bool]] | None = None
    ) -> None:
        """Take a slot, waiting on the event loop (at most ``timeout`` seconds).

        Args:
            disconnected: ``await disconnected()`` says whether the client went away; while
                waiting it is asked every ``DISCONNECT_POLL`` seconds, and a client that
                went away leaves the queue (``asyncio.CancelledError``).

        Raises:
            ServerBusyError: the queue is full, or no slot came in time.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            loop.call_soon_threadsafe(lambda: future.done() or future.set_result(None))

        waiter = _Waiter(wake)
        with self._lock:
            if self._try_take(waiter):
                return
        deadline = time.monotonic() + self.timeout
        try:
            while not future.done():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                step = left if disconnected is None else min(left, DISCONNECT_POLL)
                await asyncio.wait([future], timeout=step)
                if not future.done() and disconnected is not None and await disconnected():
                    raise asyncio.CancelledError("the client went away")
        except BaseException:  # cancelled (the client went away): leave the queue
            self._leave(waiter)
            raise
        with self._lock:
            if not self._give_up(waiter):
                raise self._refuse("queue_timeout")

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a slot while the block runs (none taken when this context holds one)."""
        if _HELD.get():
            yield
            return
        self.acquire()
        token = _HELD.set(True)
        try:
            yield
        finally:
            _HELD.reset(token)
            self.release()

    async def run(
        self,
        fn: Callable[..., object],
        *args: object,
        disconnected: Callable[[], Awaitable[bool]] | None = None,
    ) -> object:
        """``fn(*args)`` in a model thread, once a slot is free (waiting on the event loop).

        Raises:
            ServerBusyError: as :meth:`acquire_async`.
        """
        await self.acquire_async(disconnected)
        context = contextvars.copy_context()
        try:
            work = asyncio.get_running_loop().run_in_executor(
                self._pool(), context.run, _holding, fn, args
            )
        except BaseException:
            self.release()
            raise
        # The slot goes back when the work ends, even if this request is cancelled first.
        work.add_done_callback(lambda _: self.release())
        return await asyncio.shield(work)

    def _pool(self) -> ThreadPoolExecutor:
        # One thread per slot: only work that holds a slot runs here.
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    self.slots, thread_name_prefix="kybrief-model", initializer=lower_priority
                )
            return self._executor

    def close(self) -> None:
        """Stop the model threads (work under way finishes first; later work starts new ones)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)


def lower_priority(niceness: int = MODEL_NICENESS) -> None:
    """Run this thread, and the threads it starts from now on, at a lower CPU priority.

    Model work (and the engine's own threads, started by the thread that loads the model)
    then never takes the CPU from the event loop, which answers /healthz and /metrics and
    passes requests on; it still gets every CPU cycle the loop leaves. Linux gives each thread
    its own nice value; elsewhere this does nothing.
    """
    try:
        tid = threading.get_native_id()
        now = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, now + niceness))
    except (AttributeError, OSError) as exc:  # not Linux, or not allowed: run as it is
        logger.debug("model threads keep their priority (%s)", exc)


def _holding(fn: Callable[..., object], args: tuple) -> object:
    _HELD.set(True)  # in the copied context: the work's own service.model() takes no slot
    return fn(*args)


async def run_admitted(
    service,
    fn: Callable[..., object],
    *args: object,
    disconnected: Callable[[], Awaitable[bool]] | None = None,
) -> object:
    """``fn(*args)`` under ``service``'s admission: a model that is loading (or missing) is
    refused at once, before any queueing; then as :meth:`Admission.run`."""
    service.translator()  # raises ModelLoadingError / ModelNotAvailableError at once
    return await service.admission.run(fn, *args, disconnected=disconnected)
