"""One set of limits on every route of `kybrief ui` and `kybrief serve`.

The Gradio app, /api/v1 and the LibreTranslate API share the model service: the same text limit,
body limit, concurrency slots, request limit, credentials and loading state.
"""

from __future__ import annotations

import base64
import logging
import sqlite3
import threading
import time

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import load_seed_rows, lt_trusted
from fastapi.testclient import TestClient
from gradio_client import Client
from gradio_client.exceptions import AppError

from translate import TranslationCache
from ui.cli import main
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.auth import Access, client_address, forwarded_address, route_path
from ui.web.events import Handlers

SETTINGS = ModelSettings(model="tiny", device="cpu")
ROW = load_seed_rows()[1]
KY, EN = ROW["ky"], ROW["en"]
KEY = "k3y"
AUTH = ("editor", "s3cret-pass")


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def _server(translator, limits=None, access=None, app=False):
    service = ModelService(SETTINGS, limits or Limits(), translator=translator)
    return build_server(service, access=access, app=app), service


# -- the text limit and the body limit ------------------------------------------------------


@pytest.mark.parametrize("app", [True, False], ids=["ui", "serve"])
def test_max_chars_on_every_route(tiny_ct2_translator, app):
    server, _ = _server(tiny_ct2_translator, Limits(max_chars=len(KY) + 5), app=app)
    client = TestClient(server)
    long = KY + " " + KY
    api = client.post("/api/v1/translate", json={"text": long})
    assert api.status_code == 413 and f"{len(KY) + 5:,}" in api.json()["error"]
    lt = client.post("/translate", json={"q": long, "source": "ky", "target": "en"})
    assert lt.status_code == 400 and f"exceeds text limit ({len(KY) + 5})" in lt.json()["error"]
    assert client.post("/detect", json={"q": long}).status_code == 400
    assert client.post("/brief", json={"q": long}).status_code == 400
    ok = client.post("/translate", json={"q": KY, "source": "ky", "target": "en"})
    assert lt_trusted(ok.json()) == {"translatedText": EN}
    assert client.get("/frontend/settings").json()["charLimit"] == len(KY) + 5


def test_max_chars_in_the_app(tiny_ct2_translator):
    server, _ = _server(tiny_ct2_translator, Limits(max_chars=len(KY) + 5), app=True)
    with live_server(server) as url:
        client = Client(url + "/", verbose=False, download_files=False)
        with pytest.raises(AppError, match="the limit is"):
            client.predict(KY + " " + KY, api_name="/translate")
        assert client.predict(KY, "ky", "en", api_name="/translate")["translation"] == EN


def _chunks(size: int, piece: int = 65_536):
    sent = 0
    while sent < size:
        yield b"a" * min(piece, size - sent)
        sent += piece


@pytest.mark.parametrize("app", [True, False], ids=["ui", "serve"])
@pytest.mark.parametrize("path", ["/api/v1/translate", "/translate"])
def test_request_body_is_bounded_however_it_is_sent(tiny_ct2_translator, app, path):
    limits = Limits(max_chars=1000)
    server, _ = _server(tiny_ct2_translator, limits, app=app)
    with live_server(server) as url:
        big = limits.body_bytes + 100_000
        declared = httpx.post(url + path, content=b"a" * big, timeout=30)
        assert declared.status_code == 413 and "request body" in declared.json()["error"]
        # No Content-Length: httpx sends a generator with chunked transfer encoding.
        chunked = httpx.post(
            url + path,
            content=_chunks(big),
            headers={"content-type": "application/json"},
            timeout=30,
        )
        assert chunked.status_code == 413, chunked.text
        assert "the limit is" in chunked.text
        fine = httpx.post(
            url + "/api/v1/detect",
            content=_chunks(30, 7),
            headers={"content-type": "application/json"},
        )
        assert fine.status_code == 422  # small chunked bodies are read (this one is not JSON)
        assert httpx.get(url + "/healthz").status_code == 200  # the server is still fine


# -- concurrency slots are shared by every route --------------------------------------------


class Gate:
    """A translator that blocks inside the model until released; counts calls at once."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.release = threading.Event()
        self.entered = threading.Event()
        self.active = self.peak = 0
        self.lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def _enter(self):
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        self.entered.set()
        self.release.wait(30)

    def _leave(self):
        with self.lock:
            self.active -= 1

    def translate(self, *args, **kwargs):
        self._enter()
        try:
            return self.inner.translate(*args, **kwargs)
        finally:
            self._leave()

    def translate_document(self, *args, **kwargs):
        self._enter()
        try:
            return self.inner.translate_document(*args, **kwargs)
        finally:
            self._leave()

    def translate_documents(self, *args, **kwargs):
        self._enter()
        try:
            return self.inner.translate_documents(*args, **kwargs)
        finally:
            self._leave()


def test_one_concurrency_slot_for_lt_and_api_together(tiny_ct2_translator):
    gate = Gate(tiny_ct2_translator)
    server, service = _server(gate, Limits(concurrency=1))
    with live_server(server) as url:
        results = {}

        def lt():
            body = {"q": KY, "source": "ky", "target": "en"}
            results["lt"] = httpx.post(url + "/translate", json=body, timeout=60)

        def api():
            body = {"text": KY, "source": "ky"}
            results["api"] = httpx.post(url + "/api/v1/translate", json=body, timeout=60)

        first = threading.Thread(target=lt)
        first.start()
        assert gate.entered.wait(30)
        second = threading.Thread(target=api)
        second.start()
        time.sleep(1.0)  # the second request has had time to reach the model, if it could
        assert gate.active == 1 and service.busy == 1  # it waits for the slot
        gate.release.set()
        first.join(60)
        second.join(60)
    assert gate.peak == 1
    assert lt_trusted(results["lt"].json()) == {"translatedText": EN}
    assert results["api"].json()["translation"] == EN


def test_a_stream_holds_no_slot_between_chunks(tiny_ct2_translator):
    """A client that goes away mid-stream leaves its generator at a yield: no slot is held."""
    service = ModelService(SETTINGS, Limits(concurrency=1), translator=tiny_ct2_translator)
    handlers = Handlers(service)
    text = "\n".join(r["ky"] for r in load_seed_rows()[:6])
    stream = handlers.translate(text, "ky", "en", progress=lambda *a, **k: None)
    for steps, _ in enumerate(stream, 1):
        assert service.busy == 0
        if steps == 2:
            break
    stream.close()  # what Gradio does with the generator of a request that was cancelled
    assert service.busy == 0
    with service.model():  # the one slot is free for the next request
        pass


# -- while the model loads: 503 at once, everywhere -----------------------------------------


@pytest.mark.parametrize("app", [True, False], ids=["ui", "serve"])
def test_loading_model_refuses_at_once_on_every_route(tiny_ct2_translator, app):
    release = threading.Event()
    service = ModelService(SETTINGS, loader=lambda: release.wait(60) and tiny_ct2_translator)
    try:
        with live_server(build_server(service, app=app)) as url:
            started = time.monotonic()
            api = httpx.post(url + "/api/v1/translate", json={"text": KY}, timeout=30)
            lt = httpx.post(
                url + "/translate", json={"q": KY, "source": "ky", "target": "en"}, timeout=30
            )
            brief = httpx.post(url + "/brief", json={"q": KY}, timeout=30)
            assert [api.status_code, lt.status_code, brief.status_code] == [503] * 3
            assert lt.headers["retry-after"] and "loading" in lt.json()["error"]
            if app:
                client = Client(url + "/", verbose=False, download_files=False)
                with pytest.raises(AppError, match="still loading"):
                    client.predict(KY, api_name="/translate")
            assert time.monotonic() - started < 20  # nothing waited for the model
            release.set()
            assert wait_ready(url)["state"] == "ready"
            lt = httpx.post(url + "/translate", json={"q": KY, "source": "ky", "target": "en"})
            assert lt_trusted(lt.json()) == {"translatedText": EN}
    finally:
        release.set()


# -- credentials: the same on every route ---------------------------------------------------


@pytest.fixture(scope="module")
def guarded(tiny_ct2_translator):
    """`kybrief ui --auth ... --api-keys ...`."""
    access = Access(auth=AUTH, api_keys=frozenset({KEY}))
    server, _ = _server(tiny_ct2_translator, access=access, app=True)
    with live_server(server) as url:
        yield url


@pytest.mark.parametrize(
    ("how", "status"),
    [("nothing", 403), ("wrong-key", 403), ("key", 200), ("basic", 200), ("wrong-basic", 403)],
)
def test_api_routes_take_a_key_or_basic_auth(guarded, how, status):
    headers, body = {}, {"q": KY, "source": "ky", "target": "en"}
    if how == "key":
        headers["X-API-Key"], body["api_key"] = KEY, KEY
    elif how == "wrong-key":
        headers["X-API-Key"], body["api_key"] = "nope", "nope"
    elif how == "basic":
        headers.update(_basic(*AUTH))
    elif how == "wrong-basic":
        headers.update(_basic("editor", "wrong"))
    lt = httpx.post(guarded + "/translate", json=body, headers=headers, timeout=60)
    api = httpx.post(guarded + "/api/v1/detect", json={"text": KY}, headers=headers, timeout=60)
    assert (lt.status_code, api.status_code) == (status, status)
    if status == 403:
        assert "API key" in lt.json()["error"] and "API key" in api.json()["error"]


def test_api_key_as_bearer_token_or_query(guarded):
    bearer = httpx.post(
        guarded + "/api/v1/detect",
        json={"text": KY},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert bearer.status_code == 200 and bearer.json()["language"] == "ky"
    query = httpx.post(guarded + f"/api/v1/detect?api_key={KEY}", json={"text": KY})
    assert query.status_code == 200


def test_a_key_in_a_header_opens_the_app_too(guarded):
    for headers in ({"X-API-Key": KEY}, {"Authorization": f"Bearer {KEY}"}, _basic("any", KEY)):
        assert httpx.get(guarded + "/", headers=headers).status_code == 200, headers
    assert httpx.get(guarded + "/", headers=_basic(*AUTH)).status_code == 200
    assert httpx.get(guarded + "/", headers={"X-API-Key": "nope"}).status_code == 401
    # LibreTranslate's api_key parameter is for the API routes only
    assert httpx.get(guarded + "/gradio_api/info", params={"api_key": KEY}).status_code == 401
    assert httpx.get(guarded + "/healthz").status_code == 200


def test_serve_with_keys_refuses_api_v1_without_one(tiny_ct2_translator):
    server, _ = _server(tiny_ct2_translator, access=Access(api_keys=frozenset({KEY})))
    client = TestClient(server)
    assert client.post("/api/v1/detect", json={"text": KY}).status_code == 403
    ok = client.post("/api/v1/detect", json={"text": KY}, headers={"X-API-Key": KEY})
    assert ok.status_code == 200
    assert client.get("/healthz").status_code == 200  # probes need no key
    assert client.get("/languages").status_code == 200  # as in LibreTranslate


# -- the request limit: every route, counted by the right address ---------------------------


def test_req_limit_counts_every_route_of_one_client(tiny_ct2_translator):
    server, _ = _server(tiny_ct2_translator, Limits(req_limit=3), app=True)
    with live_server(server) as url:
        assert httpx.post(url + "/detect", json={"q": KY}).status_code == 200
        assert httpx.post(url + "/api/v1/detect", json={"text": KY}).status_code == 200
        client = Client(url + "/", verbose=False, download_files=False)
        assert client.predict(KY, api_name="/detect")["language"] == "ky"
        over = httpx.post(url + "/api/v1/detect", json={"text": KY})
        assert over.status_code == 429 and over.json() == {"error": "Slowdown: 3 per 1 minute"}
        assert httpx.post(url + "/translate", json={"q": KY}).status_code == 429
        with pytest.raises(AppError, match="Slowdown"):
            client.predict(KY, api_name="/detect")
        assert httpx.get(url + "/healthz").status_code == 200


@pytest.mark.parametrize(
    ("headers", "behind_proxy", "address"),
    [
        ([], False, "10.0.0.9"),
        ([(b"x-forwarded-for", b"1.2.3.4")], False, "10.0.0.9"),  # not trusted: ignored
        ([(b"x-forwarded-for", b"6.6.6.6, 203.0.113.7")], True, "203.0.113.7"),
        (
            [(b"x-forwarded-for", b"6.6.6.6"), (b"x-forwarded-for", b"203.0.113.7")],
            True,
            "203.0.113.7",
        ),
        ([(b"x-forwarded-for", b" , ")], True, "10.0.0.9"),
    ],
)
def test_client_address_is_the_entry_the_proxy_appended(headers, behind_proxy, address):
    scope = {"headers": headers, "client": ("10.0.0.9", 5555)}
    assert client_address(scope, behind_proxy) == address


def test_forged_forwarded_for_does_not_dodge_the_limit(tiny_ct2_translator):
    server, _ = _server(tiny_ct2_translator, Limits(req_limit=2), Access(behind_proxy=True))
    client = TestClient(server)

    def detect(forged: str):
        # the proxy appends the address it saw (203.0.113.7) after whatever the client sent
        headers = {"X-Forwarded-For": f"{forged}, 203.0.113.7"}
        return client.post("/detect", json={"q": KY}, headers=headers).status_code

    assert [detect("1.1.1.1"), detect("2.2.2.2"), detect("3.3.3.3")] == [200, 200, 429]
    other = {"X-Forwarded-For": "198.51.100.1"}
    assert client.post("/detect", json={"q": KY}, headers=other).status_code == 200


def test_forwarded_address_ignores_the_header_unless_behind_a_proxy():
    assert forwarded_address(["9.9.9.9"], "127.0.0.1", False) == "127.0.0.1"
    assert forwarded_address(["9.9.9.9, 8.8.8.8"], "127.0.0.1", True) == "8.8.8.8"
    assert forwarded_address([], None, True) == "127.0.0.1"


def test_route_path_inside_a_mount():
    assert route_path({"path": "/keyed/translate", "root_path": "/keyed"}) == "/translate"
    assert route_path({"path": "/translate", "root_path": ""}) == "/translate"
    assert route_path({"path": "/keyedx/translate", "root_path": "/keyed"}) == "/keyedx/translate"


# -- failures: no exception text to clients; the translation memory closed on shutdown -------


class Exploding:
    """A translator whose every call fails in a way the user must not see."""

    def __init__(self, inner) -> None:
        self.engine = inner.engine
        self.cache = None
        self.batch_size = 8

    def __getattr__(self, name):
        raise RuntimeError("secret path /srv/models/x leaked")

    def translate(self, *a, **k):
        raise RuntimeError("secret path /srv/models/x leaked")

    translate_document = translate_documents = translate_sentences = translate_pairs = translate


def test_a_500_never_returns_exception_text(tiny_ct2_translator, caplog):
    server, _ = _server(Exploding(tiny_ct2_translator), app=True)
    with caplog.at_level(logging.ERROR), live_server(server) as url:
        api = httpx.post(url + "/api/v1/translate", json={"text": KY, "source": "ky"})
        lt = httpx.post(url + "/translate", json={"q": KY, "source": "ky", "target": "en"})
        client = Client(url + "/", verbose=False, download_files=False)
        with pytest.raises(AppError) as app_error:
            client.predict(KY, "ky", "en", api_name="/translate")
    assert (api.status_code, lt.status_code) == (500, 500)
    for shown in (api.text, lt.text, str(app_error.value)):
        assert "secret" not in shown and "/srv/models" not in shown
    assert "secret path" in caplog.text  # the log keeps the details


def test_translation_memory_is_closed_on_shutdown(tiny_ct2_translator, tmp_path):
    cache = TranslationCache(tmp_path / "tm.sqlite")

    class WithCache:
        def __init__(self, inner) -> None:
            self.inner, self.cache, self.engine = inner, cache, inner.engine

        def __getattr__(self, name):
            return getattr(self.inner, name)

    server, _ = _server(WithCache(tiny_ct2_translator))
    with live_server(server) as url:
        assert httpx.get(url + "/healthz").status_code == 200
        assert cache.stats().rows == 0  # open while serving
    with pytest.raises(sqlite3.ProgrammingError):
        cache.stats()


def test_serve_warns_beyond_loopback_without_keys(monkeypatch, capsys):
    monkeypatch.setattr("ui.server.run_server", lambda app, sock, name: sock.close())
    monkeypatch.setattr(ModelService, "start", lambda self: self)  # no model needed here
    assert main(["serve", "--demo", "--device", "cpu", "--host", "0.0.0.0", "--port", "0"]) == 0
    err = capsys.readouterr().err
    assert "without --api-keys or --auth" in err
    keyed = ["serve", "--demo", "--host", "0.0.0.0", "--port", "0", "--api-keys", KEY]
    assert main(keyed) == 0
    assert "warning" not in capsys.readouterr().err
