"""One door: with --api-keys (or --auth) no route that runs the model or reads a document answers
without credentials, the Gradio app's API, queue and uploads included; /healthz stays open and
keys never reach a log.
"""

from __future__ import annotations

import base64
import logging

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, load_seed_rows, seed_text
from fastapi.testclient import TestClient
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError

from summarize import brief
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.auth import Access, RedactKeys

SETTINGS = ModelSettings(model="tiny", device="cpu")
KEY = "k3y-0f-the-d00r"
ROW = load_seed_rows()[1]
#: Paths that run the model, read a document or show the app, each with a body to send.
GUARDED = [
    ("GET", "/", None),
    ("GET", "/config", None),
    ("GET", "/gradio_api/info", None),
    ("POST", "/gradio_api/call/brief", {"data": [ROW["ky"]]}),
    ("POST", "/gradio_api/queue/join", {"data": [ROW["ky"]], "fn_index": 0, "session_hash": "x"}),
    ("POST", "/gradio_api/run/brief", {"data": [ROW["ky"]]}),
    ("POST", "/gradio_api/upload", None),
    ("GET", "/gradio_api/queue/data?session_hash=x", None),
    ("GET", "/docs", None),
    ("GET", "/openapi.json", None),
    ("GET", "/metrics", None),
]


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def keyed(tiny_translator):
    """`kybrief ui --api-keys KEY --metrics`: keys only, no --auth."""
    service = ModelService(SETTINGS, Limits(), translator=tiny_translator)
    access = Access(api_keys=frozenset({KEY}))
    with live_server(build_server(service, access=access, metrics=True)) as url:
        assert wait_ready(url)["state"] == "ready"
        yield url


@pytest.mark.parametrize(("method", "path", "body"), GUARDED, ids=[p for _, p, _ in GUARDED])
def test_no_route_answers_without_a_key(keyed, method, path, body):
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}):
        response = httpx.request(method, keyed + path, json=body, headers=headers, timeout=30)
        assert response.status_code == 401, (path, headers)
        assert response.headers["www-authenticate"].startswith("Basic")
        assert KEY not in response.text


def test_model_api_routes_refuse_without_a_key(keyed):
    lt = httpx.post(keyed + "/translate", json={"q": ROW["ky"], "source": "ky", "target": "en"})
    api = httpx.post(keyed + "/api/v1/brief", json={"text": ROW["ky"]})
    assert (lt.status_code, api.status_code) == (403, 403)
    assert httpx.get(keyed + "/healthz").status_code == 200  # probes need nothing


def test_gradio_client_needs_a_key(keyed, tiny_translator):
    with pytest.raises(AuthenticationError, match="credentials were not provided"):
        Client(keyed + "/", verbose=False, download_files=False)
    with pytest.raises(AuthenticationError):
        Client(keyed + "/", headers={"X-API-Key": "wrong"}, verbose=False)
    text = seed_text(SEED_IDS[0])
    expected = brief(text, translator=tiny_translator, sentences=2).to_dict()
    for headers in ({"X-API-Key": KEY}, {"Authorization": f"Bearer {KEY}"}):
        client = Client(keyed + "/", headers=headers, verbose=False, download_files=False)
        assert client.predict(text, "auto", 2, True, api_name="/brief") == expected
        doc = client.predict(ROW["ky"], "ky", "en", api_name="/translate")
        assert doc["paragraphs"][0]["sentences"][0]["translation"] == ROW["en"]


def test_a_person_signs_in_with_the_key_as_password(keyed):
    assert httpx.get(keyed + "/", headers=_basic("anyone", KEY)).status_code == 200
    assert httpx.get(keyed + "/", headers=_basic("anyone", "wrong")).status_code == 401
    upload = httpx.post(
        keyed + "/gradio_api/upload",
        files={"files": ("release.txt", ROW["ky"].encode(), "text/plain")},
        headers=_basic("anyone", KEY),
    )
    assert upload.status_code == 200 and upload.json()[0].endswith("release.txt")


def test_libretranslate_clients_send_api_key(keyed):
    body = {"q": ROW["ky"], "source": "ky", "target": "en", "api_key": KEY}
    lt = httpx.post(keyed + "/translate", data=body, timeout=60)
    assert lt.status_code == 200 and lt.json()["translatedText"] == ROW["en"]
    assert httpx.get(keyed + "/languages").status_code == 200  # open, as in LibreTranslate


def test_basic_auth_alone_guards_the_gradio_api(tiny_translator):
    service = ModelService(SETTINGS, Limits(), translator=tiny_translator)
    access = Access(auth=("editor", "s3cret"))
    with live_server(build_server(service, access=access)) as url:
        refused = httpx.post(url + "/gradio_api/call/translate", json={"data": [ROW["ky"]]})
        assert refused.status_code == 401
        client = Client(url + "/", headers=_basic("editor", "s3cret"), verbose=False)
        doc = client.predict(ROW["ky"], "ky", "en", api_name="/translate")
        assert doc["paragraphs"][0]["sentences"][0]["translation"] == ROW["en"]


def test_keys_never_reach_a_log(tiny_translator, caplog):
    service = ModelService(SETTINGS, Limits(), translator=tiny_translator)
    access = Access(auth=("editor", "pa55word"), api_keys=frozenset({KEY}))
    client = TestClient(build_server(service, access=access, app=False, metrics=True))
    caplog.set_level(logging.DEBUG)
    for key in (KEY, KEY + "x"):
        client.post(f"/api/v1/detect?api_key={key}", json={"text": ROW["ky"]})
        client.post("/translate", data={"q": ROW["ky"], "target": "en", "api_key": key})
        client.get("/metrics", headers={"Authorization": f"Bearer {key}"})
        client.get("/docs", headers=_basic("editor", key))
    # the test client's own log (httpx) shows the URLs it asked for; the server's shows no key
    client_side = ("httpx", "httpcore")
    server = [r.getMessage() for r in caplog.records if not r.name.startswith(client_side)]
    assert not [line for line in server if KEY in line or "pa55word" in line]


def test_access_log_lines_lose_the_key():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "POST", f"/translate?q=x&api_key={KEY}&target=en", "1.1", 200),
        None,
    )
    assert RedactKeys().filter(record)
    assert KEY not in record.getMessage() and "api_key=***&target=en" in record.getMessage()
