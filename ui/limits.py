"""The limits of a kybrief server, one set for every route, and its request limiter.

``Limits`` is shared by the Gradio app, ``/api/v1`` and the LibreTranslate routes of both
``kybrief ui`` and ``kybrief serve`` (through ``ui.service.ModelService``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass

from translate import InputError, KybriefError


class RateLimitError(KybriefError):
    """A client sent more requests than ``--req-limit`` allows (HTTP 429)."""


@dataclass(frozen=True)
class Limits:
    """The limits of a server, the same on every route.

    Attributes:
        max_chars: longest text (all texts of one request together) accepted.
        concurrency: most model calls running at once, all routes together.
        req_limit: most requests per client address per minute on the routes that run the
            model or read text; -1 for none.
        batch_limit: most texts in one LibreTranslate list ``q``; -1 for none.
        upload_bytes: largest file the app accepts as an upload.
        max_queue: most requests waiting for a model slot; more are refused at once (503).
        queue_timeout: longest wait for a model slot in seconds; then 503 with Retry-After.
    """

    max_chars: int = 200_000
    concurrency: int = 2
    req_limit: int = -1
    batch_limit: int = -1
    upload_bytes: int = 20 * 1024 * 1024
    max_queue: int = 64
    queue_timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise InputError("--max-chars must be at least 1")
        if self.concurrency < 1:
            raise InputError("--concurrency must be at least 1")
        if self.max_queue < 0:
            raise InputError("--max-queue must be 0 or more")
        if not self.queue_timeout > 0:
            raise InputError("--queue-timeout must be more than 0 seconds")
        for name in ("req_limit", "batch_limit"):
            value = getattr(self, name)
            if value < 1 and value != -1:
                raise InputError(f"{name} must be a positive number, or -1 for no limit")

    @property
    def body_bytes(self) -> int:
        """Largest request body outside uploads: the text in UTF-8 (at most 4 bytes a
        character, 6 when JSON-escaped) plus room for the other fields."""
        return 6 * self.max_chars + 65_536

    def to_dict(self) -> dict:
        return {**asdict(self), "body_bytes": self.body_bytes}


class RateLimiter:
    """At most ``per_minute`` hits per key in any 60-second window (a moving window).

    Refused hits are not counted, so a client that waits gets served again.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        #: Requests refused so far (for /metrics).
        self.refused = 0

    def hit(self, key: str) -> bool:
        """Count one request for ``key``; False when it is over the limit."""
        if self.per_minute < 0:
            return True
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - 60.0:
                hits.popleft()
            if len(hits) >= self.per_minute:
                self.refused += 1
                return False
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget(now)
            return True

    def check(self, key: str) -> None:
        """Count one request for ``key``.

        Raises:
            RateLimitError: over the limit (LibreTranslate's message).
        """
        if not self.hit(key):
            raise RateLimitError(f"Slowdown: {self.per_minute} per 1 minute")

    def _forget(self, now: float) -> None:
        """Drop clients with no hit in the last minute (bounded memory)."""
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - 60.0]:
            del self._hits[key]
