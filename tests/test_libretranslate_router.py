"""The LibreTranslate router in-process: failing translators, and the request limiter."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from translate.errors import InputError, ModelNotAvailableError
from ui.libretranslate import RateLimiter, build_libretranslate_router


@pytest.mark.parametrize(
    ("raised", "status"),
    [
        (InputError("text is 9 characters; the limit is 3"), 400),
        (ModelNotAvailableError("gone"), 503),
    ],
)
def test_kybrief_errors_become_json(raised, status):
    class Broken:
        def translate(self, *args, **kwargs):
            raise raised

    app = FastAPI()
    app.include_router(build_libretranslate_router(lambda: Broken()))
    r = TestClient(app).post("/translate", data={"q": "Салам", "source": "ky", "target": "en"})
    assert r.status_code == status
    assert r.json() == {"error": str(raised)}


def test_unexpected_error_is_500_json_not_traceback():
    def broken():
        raise RuntimeError("disk on fire")

    app = FastAPI()
    app.include_router(build_libretranslate_router(broken))
    r = TestClient(app).post("/translate", json={"q": "Салам", "source": "ky", "target": "en"})
    assert r.status_code == 500
    assert r.json() == {"error": "Cannot translate text: disk on fire"}


def test_rate_limiter_window_moves():
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.hit("a"), limiter.hit("a"), limiter.hit("a")] == [True, True, False]
    assert limiter.hit("b")
    now[0] += 59.0
    assert not limiter.hit("a")
    now[0] += 1.5
    assert limiter.hit("a") and limiter.hit("a") and not limiter.hit("a")
    assert RateLimiter(-1).hit("a")


def test_raw_utf8_form_body_is_read_as_utf8(tiny_translator):
    """`curl -d q=Бишкек` sends UTF-8 bytes without %-encoding; they must not become mojibake."""
    from conftest import load_seed_rows

    row = load_seed_rows()[1]
    app = FastAPI()
    app.include_router(build_libretranslate_router(lambda: tiny_translator))
    body = f"q={row['ky']}&source=auto&target=en".encode()
    headers = {"content-type": "application/x-www-form-urlencoded"}
    response = TestClient(app).post("/translate", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "translatedText": row["en"],
        "detectedLanguage": {"confidence": 100.0, "language": "ky"},
    }
