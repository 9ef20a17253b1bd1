"""Sentences of concurrent requests decoded in shared batches: a gatherer in front of an engine.

A server runs one Translator for many requests at once. Each request's sentences reach the
engine as batches of their own (``Engine.translate_batch``), and on a CPU a batch of 100
sentences costs little more than a batch of 13: decoding reads the whole model once per step,
for every row of the batch together. :class:`GatheringEngine` stands where the engine stood:
each call waits while one thread gathers what the callers have sent for a few milliseconds
(or until every request in the model has sent something, or the token budget is full),
decodes it in length-sorted batches within the Translator's budget, and hands each caller its
own hypotheses.

Token for token the same as one request at a time: a sentence's greedy decode does not depend
on the other rows of its batch (each row attends to itself, padding is masked; the tests hold
both engines, CTranslate2 int8 included, to this), and the length budget is kept per caller: a
batch gets the largest budget of its callers, and a hypothesis that reached a smaller caller's
budget without ending (``Hypothesis.length``) is decoded again with that caller's own budget.
Beam search, whose result can depend on the budget even when it ends early, only shares
batches between callers with the same budget. Calls that differ in languages or beam size
never share a batch. When a shared batch fails, each caller's batch runs again on its own, so
one request's failure is its own.

The library's own path is the direct one (``Translator`` calls its engine); the servers turn
gathering on (``ui.service.ModelService``, ``--gather-ms``) with :func:`gathering`.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from translate.engines import Hypothesis
from translate.tuning import token_batches

logger = logging.getLogger(__name__)

#: How long a call waits for others to share its batch, by default (seconds).
DEFAULT_WAIT = 0.005


@dataclass(eq=False)
class _Call:
    """One caller's batch, waiting for its hypotheses."""

    texts: list[str]
    source: str
    target: str
    beam_size: int
    max_new_tokens: int
    min_new_tokens: int
    results: list[Hypothesis | None] = field(default_factory=list)
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def group(self) -> tuple:
        """Calls of one group may share a batch (see the module's notes on beam search)."""
        budget = self.max_new_tokens if self.beam_size > 1 else None
        return self.source, self.target, self.beam_size, self.min_new_tokens, budget


class GatheringEngine:
    """An engine whose ``translate_batch`` calls from many threads share decoding batches.

    Everything but ``translate_batch`` is the wrapped engine's own (name, device, tokens,
    cache identity), so translations are cached under the same key either way.

    Args:
        engine: the engine to run (``translate.engines.Engine``).
        batch_size: most sentences in one gathered batch (the Translator's ``batch_size``).
        batch_tokens: most padded source tokens in one gathered batch (``batch_tokens``).
        wait: seconds a call waits for others before its batch is decoded.
        expected: how many callers may send batches now (a server: the requests holding a
            model slot); the wait ends as soon as that many are waiting. ``None``: always
            wait the full ``wait``.
    """

    def __init__(
        self,
        engine,
        *,
        batch_size: int,
        batch_tokens: int,
        wait: float = DEFAULT_WAIT,
        expected: Callable[[], int] | None = None,
    ) -> None:
        self.engine = engine
        self.batch_size, self.batch_tokens = batch_size, batch_tokens
        self.wait = max(0.0, wait)
        self._expected = expected
        self._pending: list[tuple[float, _Call]] = []
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        #: Model calls made and sentences decoded (what the benchmark and tests look at).
        self.calls = self.sentences = 0

    def __getattr__(self, name: str):
        return getattr(self.engine, name)

    def translate_batch(
        self,
        texts: list[str],
        source: str,
        target: str,
        *,
        beam_size: int,
        max_new_tokens: int,
        min_new_tokens: int = 0,
    ) -> list[Hypothesis]:
        """As the engine's: this caller's hypotheses, one for one, decoded with others'."""
        if not texts:
            return []
        call = _Call(list(texts), source, target, beam_size, max_new_tokens, min_new_tokens)
        with self._ready:
            closed = self._closed
            if not closed:
                self._pending.append((time.monotonic(), call))
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._serve, name="kybrief-gather", daemon=True
                    )
                    self._thread.start()
                self._ready.notify()
        if closed:
            self._alone(call)
        else:
            call.done.wait()
        if call.error is not None:
            raise call.error
        return call.results

    def close(self) -> None:
        """Stop the gathering thread once what waits is decoded; later calls run alone."""
        with self._ready:
            self._closed = True
            self._ready.notify()
        if self._thread is not None:
            self._thread.join(timeout=30)

    # -- the gathering thread ------------------------------------------------------------

    def _serve(self) -> None:
        try:
            self._gather()
        except BaseException as exc:  # never leave a caller waiting for a thread that is gone
            logger.exception("the gathering thread failed; its callers run alone from now on")
            with self._ready:
                self._closed = True
                waiting, self._pending = [call for _, call in self._pending], []
            for call in waiting:
                call.error = call.error or exc
                call.done.set()

    def _gather(self) -> None:
        while True:
            with self._ready:
                while not self._pending and not self._closed:
                    self._ready.wait()
                if not self._pending:
                    return
                deadline = self._pending[0][0] + self.wait
                while not self._closed and not self._enough():
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._ready.wait(left)
                calls = [call for _, call in self._pending]
                self._pending = []
            self._decode_all(calls)

    def _enough(self) -> bool:
        """Nothing more is worth waiting for: every caller is here, or the budget is full."""
        count = self.engine.count_tokens  # (cached: the Translator counted them already)
        texts = [(text, call.source) for _, call in self._pending for text in call.texts]
        try:
            if self._expected is not None and len(self._pending) >= self._expected():
                return True
            tokens = sum(count(text, source) for text, source in texts)
        except Exception:  # never leave callers waiting: decode now, and fail there if need be
            return True
        return len(texts) >= self.batch_size or tokens >= self.batch_tokens

    def _decode_all(self, calls: list[_Call]) -> None:
        groups: dict[tuple, list[_Call]] = {}
        for call in calls:
            groups.setdefault(call.group(), []).append(call)
        for group in groups.values():
            try:
                self._decode_group(group)
            except Exception:  # one request's failure must stay its own: each alone again
                logger.warning("a gathered batch failed; its callers run alone", exc_info=True)
                for call in group:
                    self._alone(call)
            finally:
                for call in group:
                    call.done.set()

    def _decode_group(self, calls: list[_Call]) -> None:
        """Decode every sentence of ``calls`` (one group) in length-sorted shared batches."""
        first = calls[0]
        for call in calls:
            call.results = [None] * len(call.texts)
        rows = [(call, i) for call in calls for i in range(len(call.texts))]
        count = self.engine.count_tokens
        rows.sort(key=lambda row: count(row[0].texts[row[1]], first.source))
        lengths = [count(call.texts[i], first.source) for call, i in rows]
        again: list[tuple[_Call, int]] = []
        for span in token_batches(lengths, self.batch_size, self.batch_tokens):
            batch = [rows[k] for k in span]
            budget = max(call.max_new_tokens for call, _ in batch)
            hyps = self._run([call.texts[i] for call, i in batch], first, budget)
            for (call, i), hyp in zip(batch, hyps, strict=True):
                if call.max_new_tokens == budget or (hyp.length or budget) < call.max_new_tokens:
                    call.results[i] = hyp
                else:  # it may have run past this caller's budget: decode it with its own
                    again.append((call, i))
        for call in dict.fromkeys(call for call, _ in again):
            mine = [i for other, i in again if other is call]
            hyps = self._run([call.texts[i] for i in mine], call, call.max_new_tokens)
            for i, hyp in zip(mine, hyps, strict=True):
                call.results[i] = hyp

    def _run(self, texts: list[str], like: _Call, budget: int) -> list[Hypothesis]:
        extra = {"min_new_tokens": like.min_new_tokens} if like.min_new_tokens else {}
        self.calls += 1
        self.sentences += len(texts)
        return self.engine.translate_batch(
            texts,
            like.source,
            like.target,
            beam_size=like.beam_size,
            max_new_tokens=budget,
            **extra,
        )

    def _alone(self, call: _Call) -> list[Hypothesis]:
        """The call's own batch, as the engine would decode it without gathering."""
        try:
            call.results = self._run(call.texts, call, call.max_new_tokens)
        except Exception as exc:
            call.error = exc
        return call.results


def gathering(translator, wait: float = DEFAULT_WAIT, expected: Callable[[], int] | None = None):
    """A copy of ``translator`` (same model, cache, glossary and settings; nothing is loaded
    again) whose engine gathers concurrent calls (:class:`GatheringEngine`); ``translator``
    itself keeps the direct path. ``wait`` and ``expected`` as in :class:`GatheringEngine`."""
    served = copy.copy(translator)
    served.engine = GatheringEngine(
        translator.engine,
        batch_size=translator.batch_size,
        batch_tokens=translator.batch_tokens,
        wait=wait,
        expected=expected,
    )
    return served
