"""The LibreTranslate routes in-process: failing translators, errors, and the request limiter."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from translate import InputError, ModelNotAvailableError
from ui.limits import RateLimiter
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService

SETTINGS = ModelSettings(model="tiny", device="cpu")


def _client(translator) -> TestClient:
    service = ModelService(SETTINGS, translator=translator)
    return TestClient(build_server(service, app=False))


class Broken:
    """A translator whose every call raises ``error``."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def translate(self, *args, **kwargs):
        raise self.error

    translate_documents = translate


@pytest.mark.parametrize(
    ("raised", "status"),
    [
        (InputError("text is 9 characters; the limit is 3"), 400),
        (ModelNotAvailableError("gone"), 503),
    ],
)
def test_kybrief_errors_become_json(raised, status):
    r = _client(Broken(raised)).post(
        "/translate", data={"q": "Салам", "source": "ky", "target": "en"}
    )
    assert r.status_code == status
    assert r.json() == {"error": str(raised)}


def test_unexpected_error_is_500_without_details(caplog):
    with caplog.at_level(logging.ERROR):
        r = _client(Broken(RuntimeError("disk on fire at /srv/secret"))).post(
            "/translate", json={"q": "Салам", "source": "ky", "target": "en"}
        )
    assert r.status_code == 500
    assert r.json() == {"error": "Cannot translate text: internal error"}
    assert "disk on fire" not in r.text and "/srv/secret" not in r.text
    assert "disk on fire" in caplog.text  # the operator still learns what happened


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
    from conftest import load_seed_rows, lt_trusted

    row = load_seed_rows()[1]
    body = f"q={row['ky']}&source=auto&target=en".encode()
    headers = {"content-type": "application/x-www-form-urlencoded"}
    response = _client(tiny_translator).post("/translate", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert lt_trusted(response.json()) == {
        "translatedText": row["en"],
        "detectedLanguage": {"confidence": 100.0, "language": "ky"},
    }
