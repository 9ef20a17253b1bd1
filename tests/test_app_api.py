"""The launched server (uvicorn, a real port) through gradio_client and plain HTTP.

Every answer is compared with what the Python API gives for the same text and translator.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, TINY_MODEL, seed_text
from gradio_client import Client
from gradio_client.exceptions import AppError

from summarize import brief
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.auth import Access

SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", batch_size=8)
AUTH = ("editor", "s3cret-pass")


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture(scope="module")
def url(tiny_ct2_translator):
    with live_server(build_server(ModelService(SETTINGS, translator=tiny_ct2_translator))) as base:
        yield base


@pytest.fixture(scope="module")
def client(url):
    return Client(url + "/", verbose=False, download_files=False)


@pytest.fixture(scope="module")
def expected(tiny_ct2_translator) -> dict[str, dict]:
    """The Python API's brief of each seed release, as JSON."""
    return {
        doc: brief(seed_text(doc), translator=tiny_ct2_translator).to_dict() for doc in SEED_IDS
    }


def test_healthz_says_ready(url):
    body = wait_ready(url)
    assert body["state"] == "ready" and body["model_loaded"] is True
    assert body["model"] == str(TINY_MODEL)
    assert body["engine"] == "ctranslate2"
    assert body["demo"] is False


@pytest.mark.parametrize("doc", SEED_IDS)
def test_gradio_client_brief_equals_python_api(client, expected, doc):
    got = client.predict(seed_text(doc), api_name="/brief")
    assert got == expected[doc]
    assert got["headline"] and got["translation"]["paragraphs"]


@pytest.mark.parametrize("doc", SEED_IDS)
def test_rest_brief_equals_python_api(url, expected, doc):
    response = httpx.post(f"{url}/api/v1/brief", json={"text": seed_text(doc)}, timeout=60)
    assert response.status_code == 200
    assert response.json() == expected[doc]


def test_brief_options_are_passed_through(url, client, tiny_ct2_translator):
    text = seed_text(SEED_IDS[0])
    want = brief(text, translator=tiny_ct2_translator, sentences=1, full_translation=False)
    body = {"text": text, "sentences": 1, "full_translation": False, "source": "ky"}
    rest = httpx.post(f"{url}/api/v1/brief", json=body, timeout=60).json()
    assert rest == want.to_dict()
    assert rest["mode"] == "fast" and len(rest["summary_sentences"]) == 1
    got = client.predict(text, "ky", 1, False, api_name="/brief")
    assert got == want.to_dict()


def test_translate_endpoints_equal_python_api(url, client, tiny_ct2_translator, seed_rows):
    doc, target = SEED_IDS[1], "ru"
    text = seed_text(doc)
    want = tiny_ct2_translator.translate_document(text, target=target).to_dict()
    assert client.predict(text, target=target, api_name="/translate") == want
    rest = httpx.post(f"{url}/api/v1/translate", json={"text": text, "target": target}, timeout=60)
    assert rest.status_code == 200 and rest.json() == want
    # the tiny model knows the seed sentences: the first one comes out as the reference
    first = next(row for row in seed_rows if row["doc"] == doc)
    assert rest.json()["paragraphs"][0]["sentences"][0]["translation"] == first[target]


def test_detect_endpoints(url, client):
    text = seed_text(SEED_IDS[0]) + "\n\nThe parties discussed trade between the two countries."
    got = client.predict(text, api_name="/detect")
    assert got["language"] == "ky" and got["name"] == "Kyrgyz"
    assert [p["language"] for p in got["paragraphs"]][-1] == "en"
    rest = httpx.post(f"{url}/api/v1/detect", json={"text": text}).json()
    assert rest == got


def test_gradio_http_api_call_then_sse(url, expected):
    """The README's curl example: POST /gradio_api/call/brief, then GET the event stream."""
    doc = SEED_IDS[0]
    data = {"data": [seed_text(doc), "auto", 3, True]}
    event = httpx.post(f"{url}/gradio_api/call/brief", json=data).json()["event_id"]
    with httpx.stream("GET", f"{url}/gradio_api/call/brief/{event}", timeout=60) as stream:
        lines = list(stream.iter_lines())
    complete = lines.index("event: complete")
    payload = json.loads(lines[complete + 1].removeprefix("data: "))
    assert payload == [expected[doc]]


@pytest.mark.parametrize(
    ("path", "content", "status", "fragment"),
    [
        ("brief", '{"text": ', 422, "not valid JSON"),
        ("brief", "not json at all", 422, "not valid JSON"),
        ("brief", '{"text": ""}', 400, "empty"),
        ("brief", '{"text": "  \\n "}', 400, "empty"),
        ("brief", "{}", 422, "text"),
        ("brief", '{"text": 5}', 422, "text"),
        ("brief", '{"text": "Бүгүн жаан жаады.", "sentences": 0}', 422, "sentences"),
        ("brief", '{"text": "Бүгүн жаан жаады.", "source": "xx"}', 400, "xx"),
        ("translate", '{"text": "Бүгүн жаан жаады.", "target": "de"}', 400, "de"),
        ("translate", '{"text": ""}', 400, "empty"),
        ("detect", '{"text": ""}', 400, "empty"),
        ("detect", "[1, 2]", 422, "invalid request"),
    ],
)
def test_rest_errors_are_json(url, path, content, status, fragment):
    response = httpx.post(
        f"{url}/api/v1/{path}", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    assert fragment in response.json()["error"]


def test_text_over_the_limit_is_413(url):
    text = "Бүгүн жаан жаады. " * (SETTINGS.max_chars // 18 + 1)
    assert len(text) > SETTINGS.max_chars
    response = httpx.post(f"{url}/api/v1/translate", json={"text": text}, timeout=30)
    assert response.status_code == 413
    assert f"{SETTINGS.max_chars:,}" in response.json()["error"]


def test_huge_body_is_refused_before_parsing(url):
    body = b'{"text": "' + b"a" * Limits().body_bytes + b'"}'
    response = httpx.post(
        f"{url}/api/v1/brief", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "request body" in response.json()["error"]


@pytest.mark.parametrize(("api", "text"), [("/brief", ""), ("/translate", "   ")])
def test_gradio_client_errors_are_readable(client, api, text):
    with pytest.raises(AppError, match="empty"):
        client.predict(text, api_name=api)


def test_openapi_page_lists_the_json_api(url):
    assert httpx.get(f"{url}/docs").status_code == 200
    paths = httpx.get(f"{url}/openapi.json").json()["paths"]
    assert {"/api/v1/brief", "/api/v1/translate", "/api/v1/detect", "/healthz"} <= set(paths)


@pytest.fixture(scope="module")
def auth_url(tiny_ct2_translator):
    with live_server(
        build_server(
            ModelService(SETTINGS, translator=tiny_ct2_translator), access=Access(auth=AUTH)
        )
    ) as base:
        yield base


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("POST", "/api/v1/detect"), ("GET", "/gradio_api/info"), ("GET", "/docs")],
)
@pytest.mark.parametrize("headers", [{}, _basic("editor", "wrong"), _basic("other", AUTH[1])])
def test_basic_auth_refuses_without_credentials(auth_url, method, path, headers):
    response = httpx.request(
        method, auth_url + path, json={"text": "Бүгүн жаан жаады."}, headers=headers
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert response.json() == {"error": "authentication required"}


def test_basic_auth_lets_the_right_user_in(auth_url):
    headers = _basic(*AUTH)
    assert httpx.get(auth_url + "/", headers=headers).status_code == 200
    text = "Бүгүн Бишкекте жаан жаады."
    rest = httpx.post(f"{auth_url}/api/v1/detect", json={"text": text}, headers=headers)
    assert rest.status_code == 200 and rest.json()["language"] == "ky"
    client = Client(auth_url + "/", headers=headers, verbose=False)
    assert client.predict(text, api_name="/detect") == rest.json()
    assert httpx.get(auth_url + "/healthz").status_code == 200  # probes need no password
