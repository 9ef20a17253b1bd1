"""``--metrics``: a server's ``/metrics`` in Prometheus' text format, with prometheus-client.

Each server has its own ``CollectorRegistry`` (never the process-wide one), so several servers
can run in one process. Names follow LibreTranslate's ``--metrics`` where they fit
(``libretranslate_http_request_duration_seconds``, ``..._http_requests_in_flight``, labelled by
``endpoint``), with ``kybrief_`` in front; the client address and the API key are never labels.

- ``kybrief_http_requests_total{endpoint,status}``, ``kybrief_http_request_duration_seconds``
  (a histogram by ``endpoint``), ``kybrief_http_requests_in_flight{endpoint}``;
- ``kybrief_queue_depth`` (requests waiting for a model slot), ``kybrief_model_slots_busy``,
  ``kybrief_model_slots``, ``kybrief_rejections_total{reason}`` (``queue_full``,
  ``queue_timeout``, ``rate_limit``);
- ``kybrief_model_state{state}`` (1 for the current of loading / ready / error),
  ``kybrief_model_load_seconds``;
- ``kybrief_sentences_translated_total``, ``kybrief_tokens_translated_total`` (source tokens
  the model was given), ``kybrief_flags_total{kind}``, ``kybrief_translation_memory_hits_total``
  and ``..._misses_total``.

Endpoints are a fixed set of names (the routes, Gradio's API by its first part, ``app`` for the
page and its assets), so a client cannot make new series by asking for new paths.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from ui.service import LOADING, READY, ModelService
from ui.web.auth import LIBRETRANSLATE_PATHS, route_path

__all__ = ["CONTENT_TYPE_LATEST", "MetricsMiddleware", "ServerMetrics", "endpoint_label"]

#: Latency buckets (seconds): a health probe's milliseconds up to a long digest's minutes.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
_PATHS = frozenset(
    {"/healthz", "/metrics", "/docs", "/openapi.json", *LIBRETRANSLATE_PATHS}
    | {f"/api/v1/{name}" for name in ("brief", "translate", "detect", "digest")}
)
_GRADIO = "/gradio_api/"
_GRADIO_PARTS = {
    "queue": {"join", "data"},
    "call": {"brief", "translate", "detect"},
    "upload": set(),
    "file": set(),
    "info": set(),
    "config": set(),
    "heartbeat": set(),
    "run": set(),
}


def endpoint_label(path: str) -> str:
    """The ``endpoint`` label of a request path: one of a fixed set."""
    if path in _PATHS:
        return path
    if path.startswith("/api/"):
        return "/api/other"
    if path.startswith(_GRADIO):
        parts = path[len(_GRADIO) :].split("/")
        first = parts[0].split("=")[0]
        if first not in _GRADIO_PARTS:
            return "/gradio_api/other"
        if len(parts) > 1 and parts[1] in _GRADIO_PARTS[first]:
            return f"{_GRADIO}{first}/{parts[1]}"
        return _GRADIO + first
    return "app"


class ServerMetrics:
    """The metrics of one server (its own registry) on its ``ModelService``."""

    def __init__(self, service: ModelService) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "kybrief_http_requests",
            "HTTP requests answered, by endpoint and status",
            ["endpoint", "status"],
            registry=r,
        )
        self.duration = Histogram(
            "kybrief_http_request_duration_seconds",
            "Time spent on a request, by endpoint",
            ["endpoint"],
            buckets=BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge(
            "kybrief_http_requests_in_flight", "Requests being answered", ["endpoint"], registry=r
        )
        self.sentences = Counter(
            "kybrief_sentences_translated",
            "Sentences translated (by the model or from the translation memory)",
            registry=r,
        )
        self.tokens = Counter(
            "kybrief_tokens_translated", "Source tokens given to the model", registry=r
        )
        self.flags = Counter(
            "kybrief_flags", "Flags raised on translated sentences, by kind", ["kind"], registry=r
        )
        r.register(_ServiceCollector(service))
        service.on_ready(lambda _status: self._watch(service))

    def render(self) -> bytes:
        """The metrics in Prometheus' text format."""
        return generate_latest(self.registry)

    def _watch(self, service: ModelService) -> None:
        try:
            translator = service.translator()
        except Exception:  # the model did not load: nothing to count
            return
        observers(translator).add(self)

    def observe_pairs(self, pairs) -> None:
        """Count translated sentences and their flags."""
        for pair in pairs:
            if pair.confidence is not None:
                self.sentences.inc()
            for flag in pair.flags:
                self.flags.labels(flag).inc()


def observers(translator) -> weakref.WeakSet:
    """The metrics counting ``translator``'s work, hooked in once per translator (several
    servers of one process, as in the tests, may share it).

    The translator and its engine become instances of a subclass of their own class whose
    ``translate_pairs`` / ``translate_batch`` report to these metrics, then call the class's
    own method: nothing else about them changes, and a copy of the translator reports too.
    """
    found = translator.__dict__.get("_kybrief_observers")
    if found is None:
        found = weakref.WeakSet()
        _hook(translator, _CountPairs, found)
        _hook(translator.engine, _CountTokens, found)
    return found


_HOOKED: dict[tuple[type, type], type] = {}


def _hook(obj, mixin: type, found: weakref.WeakSet) -> None:
    obj._kybrief_observers = found
    cls = type(obj)
    if issubclass(cls, mixin):
        return
    if (cls, mixin) not in _HOOKED:
        names = {"__module__": cls.__module__, "__qualname__": cls.__qualname__}
        _HOOKED[(cls, mixin)] = type(cls.__name__, (mixin, cls), names)
    obj.__class__ = _HOOKED[(cls, mixin)]


class _CountPairs:
    """Counts the sentences and flags of ``translate_pairs`` (the core every translation of a
    ``Translator`` goes through)."""

    def translate_pairs(self, sentences, source, target, progress=None, **kwargs):
        out = super().translate_pairs(sentences, source, target, progress, **kwargs)
        for metrics in list(self._kybrief_observers):
            metrics.observe_pairs(out)
        return out


class _CountTokens:
    """Counts the source tokens of the batches an engine translates."""

    def translate_batch(self, texts, source, target, **kwargs):
        out = super().translate_batch(texts, source, target, **kwargs)
        found = list(self._kybrief_observers)
        if found:
            tokens = sum(self.count_tokens(text, source) for text in texts)
            for metrics in found:
                metrics.tokens.inc(tokens)
        return out


class _ServiceCollector:
    """What is read from the service at each scrape (no lock that model work holds)."""

    def __init__(self, service: ModelService) -> None:
        self.service = service

    def collect(self) -> Iterator:
        service, admission = self.service, self.service.admission
        yield GaugeMetricFamily(
            "kybrief_queue_depth", "Requests waiting for a model slot", value=admission.waiting
        )
        yield GaugeMetricFamily(
            "kybrief_model_slots_busy", "Model slots in use", value=admission.busy
        )
        yield GaugeMetricFamily(
            "kybrief_model_slots", "Model slots (--concurrency)", value=admission.slots
        )
        rejected = CounterMetricFamily(
            "kybrief_rejections", "Requests refused at once, by reason", labels=["reason"]
        )
        for reason, count in admission.rejected.items():
            rejected.add_metric([reason], count)
        rejected.add_metric(["rate_limit"], service.rate_limiter.refused)
        yield rejected
        status = service.status()
        state = GaugeMetricFamily("kybrief_model_state", "The model's state", labels=["state"])
        for name in (LOADING, READY, "error"):
            state.add_metric([name], float(status.state == name))
        yield state
        if status.load_seconds is not None:
            yield GaugeMetricFamily(
                "kybrief_model_load_seconds", "Time the model took to load", status.load_seconds
            )
        cache = getattr(service.translator(), "cache", None) if status.loaded else None
        if cache is not None:
            yield CounterMetricFamily(
                "kybrief_translation_memory_hits",
                "Sentences found in the translation memory",
                value=cache.hits,
            )
            yield CounterMetricFamily(
                "kybrief_translation_memory_misses",
                "Sentences looked up in the translation memory and not found",
                value=cache.misses,
            )


class MetricsMiddleware:
    """Counts and times every HTTP request (outermost: refusals count too)."""

    def __init__(self, app, *, metrics: ServerMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        endpoint = endpoint_label(route_path(scope))
        status = 500  # an exception before any answer
        started = time.perf_counter()

        async def tracked_send(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        gauge = self.metrics.in_flight.labels(endpoint)
        gauge.inc()
        try:
            await self.app(scope, receive, tracked_send)
        finally:
            gauge.dec()
            self.metrics.duration.labels(endpoint).observe(time.perf_counter() - started)
            self.metrics.requests.labels(endpoint, str(status)).inc()
