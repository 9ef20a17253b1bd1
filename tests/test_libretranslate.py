"""The LibreTranslate-compatible API: the real libretranslatepy client and httpx against a
running uvicorn server on the tiny model; status codes and error bodies; HTML; keys; limits."""

from __future__ import annotations

import html
import socket
import threading
import time
import urllib.error
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import SEED_IDS, load_seed_rows, lt_trusted, seed_text

from summarize import brief as make_brief
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService
from ui.web.auth import Access

ROWS = load_seed_rows()
ROOT = Path(__file__).resolve().parent.parent
KEYS = frozenset({"key-one", "key-two"})
CHAR_LIMIT = 120
REQ_LIMIT = 3
#: mount prefix -> (limits, access) of a `kybrief serve` server; one process runs them all.
CONFIGS = {
    "/keyed": (Limits(), Access(api_keys=KEYS)),
    "/chars": (Limits(max_chars=CHAR_LIMIT, batch_limit=3), Access()),
    "/slow": (Limits(req_limit=REQ_LIMIT), Access()),
    "": (Limits(), Access()),
}


@contextmanager
def running(app):
    """Serve ``app`` with uvicorn in a thread on a free 127.0.0.1 port; yields the base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:  # waiting for startup, not timing anything
        assert thread.is_alive(), "the server died during startup"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def base(tiny_translator):
    """The API-only servers of `kybrief serve`, one per configuration, side by side."""
    from starlette.applications import Starlette
    from starlette.routing import Mount

    settings = ModelSettings(model="tiny", device="cpu")
    mounts = []
    for prefix, (limits, access) in CONFIGS.items():
        service = ModelService(settings, limits, translator=tiny_translator)
        server = build_server(service, access=access, app=False)
        mounts.append(Mount(prefix, app=server))
    with running(Starlette(routes=mounts)) as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


def row(i: int) -> dict:
    return ROWS[i]


# --- the real libretranslatepy client -----------------------------------------------------


@pytest.mark.parametrize("i", [1, 2, 9])
@pytest.mark.parametrize("source", ["ky", "auto"])
def test_libretranslatepy_translates_seed_exactly(base, i, source):
    from libretranslatepy import LibreTranslateAPI

    lt = LibreTranslateAPI(base)
    assert lt.translate(row(i)["ky"], source, "en") == row(i)["en"]


@pytest.mark.parametrize(("src", "tgt", "i"), [("ky", "ru", 1), ("ru", "en", 5)])
def test_libretranslatepy_other_directions(base, src, tgt, i):
    from libretranslatepy import LibreTranslateAPI

    assert LibreTranslateAPI(base).translate(row(i)[src], src, tgt) == row(i)[tgt]


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_libretranslatepy_detect(base, lang):
    from libretranslatepy import LibreTranslateAPI

    found = LibreTranslateAPI(base).detect(row(2)[lang])
    assert found[0]["language"] == lang
    assert 50 < found[0]["confidence"] <= 100


def test_libretranslatepy_languages(base):
    from libretranslatepy import LibreTranslateAPI

    langs = {d["code"]: d for d in LibreTranslateAPI(base).languages()}
    assert set(langs) == {"ky", "ru", "en"}
    assert langs["ky"]["name"] == "Kyrgyz"
    assert langs["ky"]["targets"] == ["en", "ru"]
    assert langs["en"]["targets"] == ["ky", "ru"]


def test_libretranslatepy_api_key(base):
    from libretranslatepy import LibreTranslateAPI

    ok = LibreTranslateAPI(base + "/keyed", api_key="key-two")
    assert ok.translate(row(1)["ky"], "ky", "en") == row(1)["en"]
    with pytest.raises(urllib.error.HTTPError) as err:
        LibreTranslateAPI(base + "/keyed", api_key="nope").translate(row(1)["ky"], "ky", "en")
    assert err.value.code == 403


# --- /translate with httpx ------------------------------------------------------------------


def post(client, path, body, kind):
    return client.post(path, json=body) if kind == "json" else client.post(path, data=body)


@pytest.mark.parametrize("kind", ["json", "form"])
def test_translate_body_kinds(client, kind):
    r = post(client, "/translate", {"q": row(3)["ky"], "source": "ky", "target": "en"}, kind)
    assert r.status_code == 200
    assert lt_trusted(r.json()) == {"translatedText": row(3)["en"]}
    assert r.headers["access-control-allow-origin"] == "*"


def test_translate_query_string_parameters(client):
    r = client.post("/translate", params={"q": row(1)["ky"], "source": "ky", "target": "en"})
    assert lt_trusted(r.json()) == {"translatedText": row(1)["en"]}


def test_translate_auto_reports_detected_language(client):
    r = client.post("/translate", data={"q": row(4)["ru"], "source": "auto", "target": "en"})
    body = r.json()
    assert body["translatedText"] == row(4)["en"]
    assert body["detectedLanguage"]["language"] == "ru"
    assert 50 < body["detectedLanguage"]["confidence"] <= 100


@pytest.mark.parametrize("source", ["ky", "auto"])
def test_translate_list(client, source):
    q = [row(i)["ky"] for i in (6, 1, 7)]
    body = client.post("/translate", json={"q": q, "source": source, "target": "en"}).json()
    assert body["translatedText"] == [row(i)["en"] for i in (6, 1, 7)]
    if source == "auto":
        assert [d["language"] for d in body["detectedLanguage"]] == ["ky"] * 3
    else:
        assert "detectedLanguage" not in body


def test_translate_list_keeps_blank_items(client):
    body = client.post(
        "/translate", json={"q": ["", row(1)["ky"]], "source": "ky", "target": "en"}
    ).json()
    assert body["translatedText"] == ["", row(1)["en"]]


@pytest.mark.parametrize(
    ("q", "n", "expected"),
    [("one", 0, None), ("one", 2, []), ("list", 3, [[], []])],
)
def test_translate_alternatives(client, q, n, expected):
    text = [row(1)["ky"], row(2)["ky"]] if q == "list" else row(1)["ky"]
    body = client.post(
        "/translate", json={"q": text, "source": "ky", "target": "en", "alternatives": n}
    ).json()
    assert body.get("alternatives") == expected
    assert body["translatedText"] == ([row(1)["en"], row(2)["en"]] if q == "list" else row(1)["en"])


@pytest.mark.parametrize("source", ["ky", "auto"])
def test_translate_html_keeps_markup(client, source):
    ky, en = row(1)["ky"], row(1)["en"]
    q = f'<p class="x">{ky}</p>'
    body = client.post(
        "/translate", json={"q": q, "source": source, "target": "en", "format": "html"}
    ).json()
    assert body["translatedText"] == f'<p class="x">{html.escape(en, quote=False)}</p>'


def test_translate_html_document(client):
    a, b = row(2), row(8)
    script = '<script>var s = "Бул";</script>'
    q = (
        f'<div id="top" data-n="1"><h1>{a["ky"]}</h1>\n  <p>{b["ky"]}<br/>'
        f'<span translate="no">Жаны</span></p>{script}<!-- {a["ky"]} --></div>'
    )
    body = client.post(
        "/translate", data={"q": q, "source": "ky", "target": "en", "format": "html"}
    ).json()
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731
    assert body["translatedText"] == (
        f'<div id="top" data-n="1"><h1>{esc(a["en"])}</h1>\n  <p>{esc(b["en"])}<br/>'
        f'<span translate="no">Жаны</span></p>{script}<!-- {a["ky"]} --></div>'
    )


# --- error contract -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["json", "form"])
@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"source": "ky", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "", "source": "ky", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "Салам", "target": "en"}, "Invalid request: missing source parameter"),
        ({"q": "Салам", "source": "ky"}, "Invalid request: missing target parameter"),
        ({"q": "Салам", "source": "zz", "target": "en"}, "zz is not supported"),
        ({"q": "Салам", "source": "ky", "target": "de"}, "de is not supported"),
        (
            {"q": "Салам", "source": "ky", "target": "en", "format": "pdf"},
            "pdf format is not supported",
        ),
        (
            {"q": "Салам", "source": "ky", "target": "en", "alternatives": "many"},
            "Invalid request: alternatives parameter is not a number",
        ),
    ],
)
def test_translate_400(client, kind, body, error):
    r = post(client, "/translate", body, kind)
    assert r.status_code == 400
    assert r.json() == {"error": error}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'["a list"]', b'"text"'],
)
def test_bad_json_is_400(client, content):
    r = client.post("/translate", content=content, headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"error": "Invalid JSON format"}


def test_q_list_of_non_strings_is_400(client):
    r = client.post("/translate", json={"q": ["a", 3], "source": "ky", "target": "en"})
    assert r.status_code == 400
    assert "q must be" in r.json()["error"]


def test_auto_detected_unsupported_language_is_400(client):
    q = "Қазақстан Республикасының Үкіметі мен Қырғыз Республикасының Министрлер Кабинеті"
    r = client.post("/translate", json={"q": q, "source": "auto", "target": "en"})
    assert r.status_code == 400
    assert r.json() == {"error": "kk is not supported"}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/translate", "POST"),
        ("PUT", "/translate", "POST"),
        ("GET", "/detect", "POST"),
        ("GET", "/brief", "POST"),
        ("POST", "/languages", "GET"),
        ("DELETE", "/health", "GET"),
    ],
)
def test_wrong_method_is_405_json(client, method, path, allow):
    r = client.request(method, path)
    assert r.status_code == 405
    assert "not allowed" in r.json()["error"]
    assert r.headers["allow"].startswith(allow)


def test_cors_preflight(client):
    r = client.options("/translate", headers={"Origin": "https://example.org"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]


# --- API keys -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["json", "form"])
@pytest.mark.parametrize(
    ("key", "status", "error"),
    [
        (None, 403, "Please contact the server operator to get an API key"),
        ("", 403, "Please contact the server operator to get an API key"),
        ("wrong", 403, "Invalid API key"),
        ("key-one", 200, None),
    ],
)
@pytest.mark.parametrize("path", ["/translate", "/detect"])
def test_api_keys(client, kind, key, status, error, path):
    body = {"q": row(1)["ky"], "source": "ky", "target": "en"}
    if key is not None:
        body["api_key"] = key
    r = post(client, "/keyed" + path, body, kind)
    assert r.status_code == status
    if error:
        assert r.json() == {"error": error}


def test_api_keys_off_ignores_a_key(client):
    body = {"q": row(1)["ky"], "source": "ky", "target": "en", "api_key": "anything"}
    assert lt_trusted(client.post("/translate", data=body).json()) == {
        "translatedText": row(1)["en"]
    }


def test_open_endpoints_need_no_key(client):
    assert client.get("/keyed/languages").status_code == 200
    assert client.get("/keyed/health").json() == {"status": "ok"}
    settings = client.get("/keyed/frontend/settings").json()
    assert settings["apiKeys"] is True and settings["keyRequired"] is True
    assert client.get("/frontend/settings").json()["apiKeys"] is False


# --- character and request limits -----------------------------------------------------------


def test_frontend_settings(client):
    settings = client.get("/chars/frontend/settings").json()
    assert settings["charLimit"] == CHAR_LIMIT
    assert settings["language"]["source"]["code"] == "auto"
    assert settings["language"]["target"]["code"] in {"ky", "ru", "en"}
    assert client.get("/frontend/settings").json()["charLimit"] == Limits().max_chars


@pytest.mark.parametrize(
    ("q", "ok"),
    [
        (row(1)["ky"], True),  # 51 characters
        ("а" * CHAR_LIMIT, True),
        ("а" * (CHAR_LIMIT + 1), False),
        ([row(1)["ky"], row(1)["ky"]], True),  # 102 together
        ([row(1)["ky"], row(1)["ky"], "а" * 30], False),  # each short, 132 together
    ],
    ids=["short", "at-limit", "over", "list-under", "list-over"],
)
def test_char_limit_counts_all_of_q(client, q, ok):
    r = client.post("/chars/translate", json={"q": q, "source": "ky", "target": "en"})
    chars = sum(map(len, q)) if isinstance(q, list) else len(q)
    if ok:
        assert r.status_code == 200
    else:
        assert r.status_code == 400
        expected = f"Invalid request: request ({chars}) exceeds text limit ({CHAR_LIMIT})"
        assert r.json() == {"error": expected}


def test_batch_limit(client):
    r = client.post("/chars/translate", json={"q": ["а"] * 4, "source": "ky", "target": "en"})
    assert r.status_code == 400
    assert r.json() == {"error": "Invalid request: request (4) exceeds text limit (3)"}


def test_request_limit(client):
    body = {"q": row(1)["ky"], "source": "ky", "target": "en"}
    codes = [client.post("/slow/translate", data=body).status_code for _ in range(REQ_LIMIT)]
    assert codes == [200] * REQ_LIMIT
    r = client.post("/slow/detect", data={"q": row(1)["ky"]})
    assert r.status_code == 429
    assert r.json() == {"error": f"Slowdown: {REQ_LIMIT} per 1 minute"}
    assert client.get("/slow/languages").status_code == 200  # exempt, as in LibreTranslate
    assert client.post("/translate", data=body).status_code == 200  # other router, own limiter


# --- /detect --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["json", "form"])
def test_detect(client, kind):
    r = post(client, "/detect", {"q": row(0)["ru"]}, kind)
    assert r.status_code == 200
    [found] = r.json()
    assert found["language"] == "ru"
    assert 50 < found["confidence"] <= 100


def test_detect_missing_q(client):
    r = client.post("/detect", json={})
    assert r.status_code == 400
    assert r.json() == {"error": "Invalid request: missing q parameter"}


# --- /brief ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def brief_fn():
    return make_brief


@pytest.mark.parametrize("kind", ["json", "form"])
def test_brief_endpoint_matches_library(client, tiny_translator, brief_fn, kind):
    text = seed_text(SEED_IDS[0], "ky")
    r = post(client, "/brief", {"q": text, "source": "ky", "sentences": 2}, kind)
    assert r.status_code == 200
    expected = brief_fn(text, translator=tiny_translator, sentences=2, source="ky").to_dict()
    assert r.json() == expected
    assert len(r.json()["summary_sentences"]) == 2


def test_brief_errors(client, brief_fn):
    r = client.post("/brief", json={"q": ["a", "b"]})
    assert r.status_code == 400 and "q must be a string" in r.json()["error"]
    r = client.post("/brief", json={"q": "Салам", "source": "xx"})
    assert r.json() == {"error": "xx is not supported"}
    r = client.post("/keyed/brief", json={"q": "Салам"})
    assert r.status_code == 403
