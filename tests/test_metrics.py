"""--metrics: /metrics in Prometheus' text format, per server, behind the same credentials."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import load_seed_rows
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from translate import TranslationCache
from ui.limits import Limits
from ui.metrics import endpoint_label
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.auth import Access

SETTINGS = ModelSettings(model="tiny", device="cpu")
KEY = "metrics-key"
ROWS = load_seed_rows()
#: A text the tiny model never saw: its English gets flags.
UNSEEN = "Министр Садыр Жапаров менен жолукту."


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """``{(sample name, sorted labels): value}`` of a /metrics page."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _server(translator, gather_ms: float = 5, **kwargs):
    service = ModelService(
        SETTINGS, Limits(concurrency=3), translator=translator, gather_ms=gather_ms
    )
    access = Access(api_keys=frozenset({KEY}))
    return TestClient(build_server(service, access=access, app=False, metrics=True, **kwargs))


@pytest.fixture
def translator():
    """A Translator of its own, with a translation memory (the session's one is shared)."""
    from conftest import TINY_MODEL

    from translate import Translator

    return Translator(
        str(TINY_MODEL), engine="transformers", device="cpu", cache=TranslationCache(":memory:")
    )


def test_metrics_count_requests_model_work_and_flags(translator):
    client = _server(translator)
    key = {"X-API-Key": KEY}
    assert client.get("/metrics").status_code == 401  # behind the same door
    text = "\n".join([ROWS[1]["ky"], UNSEEN])
    first = client.post("/api/v1/translate", json={"text": text}, headers=key)
    again = client.post("/api/v1/translate", json={"text": text}, headers=key)
    assert first.status_code == again.status_code == 200
    assert client.post("/api/v1/translate", json={"text": text}).status_code == 403
    page = client.get("/metrics", headers={"Authorization": f"Bearer {KEY}"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    got = samples(page.text)

    def value(name: str, **labels) -> float:
        return got[(name, tuple(sorted(labels.items())))]

    route = "/api/v1/translate"
    assert value("kybrief_http_requests_total", endpoint=route, status="200") == 2
    assert value("kybrief_http_requests_total", endpoint=route, status="403") == 1
    assert value("kybrief_http_requests_total", endpoint="/metrics", status="401") == 1
    assert value("kybrief_http_request_duration_seconds_count", endpoint=route) == 3
    assert value("kybrief_http_request_duration_seconds_bucket", endpoint=route, le="+Inf") == 3
    assert value("kybrief_http_requests_in_flight", endpoint="/metrics") == 1  # this request
    pairs = [s for p in first.json()["paragraphs"] for s in p["sentences"]]
    assert len(pairs) == 2
    assert value("kybrief_sentences_translated_total") == 2 * len(pairs)
    kinds = Counter(flag for pair in pairs for flag in pair["flags"])
    assert kinds  # the unseen sentence is flagged
    for kind, count in kinds.items():
        assert value("kybrief_flags_total", kind=kind) == 2 * count
    engine = translator.engine
    tokens = sum(engine.count_tokens(p["source"], "kir_Cyrl") for p in pairs)
    assert value("kybrief_tokens_translated_total") == tokens  # once: then the memory had them
    assert value("kybrief_translation_memory_hits_total") == len(pairs)
    assert value("kybrief_translation_memory_misses_total") == len(pairs)
    assert value("kybrief_model_state", state="ready") == 1
    assert value("kybrief_model_state", state="loading") == 0
    assert value("kybrief_model_slots") == 3 and value("kybrief_model_slots_busy") == 0
    assert value("kybrief_queue_depth") == 0
    for reason in ("queue_full", "queue_timeout", "rate_limit"):
        assert value("kybrief_rejections_total", reason=reason) == 0


def test_hooks_keep_the_class_and_follow_copies(translator):
    import copy

    from translate import Translator
    from translate.engines.transformers import TransformersEngine

    client = _server(translator, gather_ms=0)  # (with gathering it serves, and counts, a copy)
    assert isinstance(translator, Translator) and type(translator).__name__ == "Translator"
    assert isinstance(translator.engine, TransformersEngine)
    clone = copy.copy(translator)
    clone.cache = None
    assert clone.translate(ROWS[1]["ky"], "ky") == ROWS[1]["en"]
    text = client.get("/metrics", headers={"X-API-Key": KEY}).text
    assert samples(text)[("kybrief_sentences_translated_total", ())] == 1


def test_each_server_has_its_own_registry(tiny_translator):
    one, two = _server(tiny_translator), _server(tiny_translator)
    key = {"X-API-Key": KEY}
    assert one.post("/api/v1/detect", json={"text": ROWS[0]["ky"]}, headers=key).status_code == 200
    counts = [
        samples(c.get("/metrics", headers=key).text).get(
            ("kybrief_http_requests_total", (("endpoint", "/api/v1/detect"), ("status", "200")))
        )
        for c in (one, two)
    ]
    assert counts == [1, None]


def test_no_metrics_route_unless_asked(tiny_translator):
    service = ModelService(SETTINGS, Limits(), translator=tiny_translator)
    assert TestClient(build_server(service, app=False)).get("/metrics").status_code == 404


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/api/v1/brief", "/api/v1/brief"),
        ("/api/v2/anything", "/api/other"),
        ("/translate", "/translate"),
        ("/gradio_api/queue/join", "/gradio_api/queue/join"),
        ("/gradio_api/call/brief/abc123", "/gradio_api/call/brief"),
        ("/gradio_api/call/made-up-name", "/gradio_api/call"),
        ("/gradio_api/file=/tmp/x.md", "/gradio_api/file"),
        ("/gradio_api/whatever/x", "/gradio_api/other"),
        ("/assets/index-123.js", "app"),
        ("/", "app"),
    ],
)
def test_endpoint_labels_are_a_fixed_set(path, label):
    assert endpoint_label(path) == label
