"""A LibreTranslate-compatible HTTP API, so existing clients translate Kyrgyz through kybrief.

``build_libretranslate_router`` gives a FastAPI router with LibreTranslate's endpoints and
error contract (Mastodon, Discourse, Nextcloud, browser extensions and ``libretranslatepy``
speak it), plus ``POST /brief`` in the same style. Bodies are JSON or forms (urlencoded or
multipart; query-string parameters count too, as in Flask's ``request.values``). Every error
is ``{"error": "..."}`` with LibreTranslate's status: 400 bad input, 403 API key, 405 wrong
method, 429 request limit.

The router holds its own state (request limiter, model lock): several routers with different
configurations can live in one app.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from translate import Translator
from translate.errors import KybriefError, ModelNotAvailableError
from ui._lt_translate import (
    ApiError,
    Params,
    detect_params,
    languages_list,
    require_text,
    translate_params,
)

logger = logging.getLogger(__name__)

__all__ = ["LibreTranslateConfig", "RateLimiter", "build_libretranslate_router"]

_CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Expose-Headers": "Authorization",
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Max-Age": str(60 * 60 * 24 * 20),
}
_ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class LibreTranslateConfig:
    """How a LibreTranslate router behaves (the options of LibreTranslate's server).

    Attributes:
        api_keys: the accepted API keys; ``None`` turns keys off (every client is served).
        char_limit: most characters in one request, all ``q`` texts together; -1 for none.
        req_limit: most requests per client IP per minute on /translate, /detect and /brief;
            -1 for none.
        batch_limit: most texts in one list ``q``; -1 for none.
        frontend_timeout: reported by /frontend/settings (ms), as LibreTranslate does.
        trust_forwarded_for: take the client IP from ``X-Forwarded-For`` (only behind a proxy
            you run: otherwise clients could dodge the request limit by forging it).
        brief_sentences: default number of summary sentences of /brief.
    """

    api_keys: frozenset[str] | None = None
    char_limit: int = -1
    req_limit: int = -1
    batch_limit: int = -1
    frontend_timeout: int = 500
    trust_forwarded_for: bool = False
    brief_sentences: int = 3

    def to_dict(self) -> dict[str, object]:
        """The settings without the keys themselves."""
        return {
            "api_keys": self.api_keys is not None,
            "char_limit": self.char_limit,
            "req_limit": self.req_limit,
            "batch_limit": self.batch_limit,
        }


class RateLimiter:
    """At most ``per_minute`` hits per key in any 60-second window (a moving window).

    Refused hits are not counted, so a client that waits gets served again.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

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
                return False
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget(now)
            return True

    def _forget(self, now: float) -> None:
        """Drop clients with no hit in the last minute (bounded memory)."""
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - 60.0]:
            del self._hits[key]


def build_libretranslate_router(
    get_translator: Callable[[], Translator], config: LibreTranslateConfig | None = None
) -> APIRouter:
    """A router with LibreTranslate's API on kybrief's Translator.

    Endpoints: ``POST /translate``, ``POST /detect``, ``GET /languages``,
    ``GET /frontend/settings``, ``GET /health`` and ``POST /brief`` (kybrief's own).

    Args:
        get_translator: returns the shared Translator (called on each request, in a worker
            thread, so a lazily loading one is fine).
        config: keys and limits; the default has none.
    """
    config = config or LibreTranslateConfig()
    service = _Service(get_translator, config)
    router = APIRouter(tags=["LibreTranslate"])
    _route(router, "/translate", "POST", service.guarded(service.with_model(service.translate)))
    _route(router, "/detect", "POST", service.guarded(detect_params))
    _route(router, "/brief", "POST", service.guarded(service.with_model(service.brief)))
    _route(router, "/languages", "GET", _constant(languages_list))
    _route(router, "/frontend/settings", "GET", _constant(lambda: _frontend_settings(config)))
    _route(router, "/health", "GET", _constant(lambda: {"status": "ok"}))
    return router


class _Service:
    """One router's state: its configuration, request limiter and model lock."""

    def __init__(self, get_translator: Callable[[], Translator], config: LibreTranslateConfig):
        self.get_translator = get_translator
        self.config = config
        self.limiter = RateLimiter(config.req_limit)
        self.model_lock = threading.Lock()  # one model call at a time: it uses every core

    def guarded(self, work: Callable[[Params], object]) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint: request limit, parameters, API key, then ``work`` in a worker thread."""
        config = self.config

        async def endpoint(request: Request) -> Response:
            try:
                if not self.limiter.hit(_client_ip(request, config.trust_forwarded_for)):
                    raise ApiError(429, f"Slowdown: {config.req_limit} per 1 minute")
                params = await read_params(request)
                _check_key(params, config.api_keys)
                return _json(await run_in_threadpool(work, params))
            except ApiError as exc:
                return _json({"error": exc.message}, exc.status)
            except ModelNotAvailableError as exc:
                return _json({"error": str(exc)}, 503)
            except KybriefError as exc:
                return _json({"error": str(exc)}, 400)
            except Exception as exc:  # a client gets JSON, the log gets the traceback
                logger.exception("%s failed", request.url.path)
                return _json({"error": f"Cannot translate text: {exc}"}, 500)

        return endpoint

    def with_model(self, fn: Callable[[Translator, Params], object]) -> Callable[[Params], object]:
        def work(params: Params) -> object:
            translator = self.get_translator()
            with self.model_lock:
                return fn(translator, params)

        return work

    def translate(self, translator: Translator, params: Params) -> object:
        return translate_params(translator, params, self.config.char_limit, self.config.batch_limit)

    def brief(self, translator: Translator, params: Params) -> object:
        return _brief(translator, params, self.config)


# --- request plumbing ---------------------------------------------------------------------


async def read_params(request: Request) -> Params:
    """The request's parameters: a JSON object, or the query string and form merged.

    Raises:
        ApiError: 400 for a JSON body that is not an object.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            data = json.loads(await request.body() or b"null")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise ApiError(400, "Invalid JSON format")
        return Params(data, from_form=False)
    # Flask's request.values: the first of repeated fields, the query string before the form.
    values: dict[str, object] = {}
    for key, value in request.query_params.multi_items():
        values.setdefault(key, value)
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        for key, value in form.multi_items():
            if isinstance(value, str):  # uploaded files are not parameters
                values.setdefault(key, _undo_latin1(value))
    return Params(values, from_form=True)


def _undo_latin1(value: str) -> str:
    """Starlette reads raw (not %-encoded) bytes of a urlencoded form as Latin-1; clients such
    as ``curl -d q=Бишкек`` send them as UTF-8, which would arrive as mojibake."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _check_key(params: Params, keys: frozenset[str] | None) -> None:
    if keys is None:
        return
    key = params.get("api_key")
    if not key:
        raise ApiError(403, "Please contact the server operator to get an API key")
    if not isinstance(key, str) or key not in keys:
        raise ApiError(403, "Invalid API key")


def _client_ip(request: Request, trust_forwarded_for: bool) -> str:
    forwarded = request.headers.get("x-forwarded-for")
    if trust_forwarded_for and forwarded:
        return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "127.0.0.1"


def _json(data: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(data, status_code=status, headers={**_CORS_HEADERS, **(headers or {})})


def _constant(fn: Callable[[], object]) -> Callable[[], Awaitable[Response]]:
    async def endpoint() -> Response:
        return _json(fn())

    return endpoint


def _route(router: APIRouter, path: str, method: str, endpoint: Callable) -> None:
    """Add ``endpoint`` for ``method``; the other methods get LibreTranslate-style 405 JSON."""
    router.add_api_route(path, endpoint, methods=[method], include_in_schema=True)
    allow = f"{method}, OPTIONS"

    async def not_allowed() -> Response:
        message = "The method is not allowed for the requested URL."
        return _json({"error": message}, 405, {"Allow": allow})

    async def preflight() -> Response:
        return Response(status_code=204, headers={**_CORS_HEADERS, "Allow": allow})

    others = [m for m in _ALL_METHODS if m != method]
    router.add_api_route(path, not_allowed, methods=others, include_in_schema=False)
    router.add_api_route(path, preflight, methods=["OPTIONS"], include_in_schema=False)


# --- /frontend/settings and /brief --------------------------------------------------------


def _frontend_settings(config: LibreTranslateConfig) -> dict[str, object]:
    return {
        "charLimit": config.char_limit,
        "frontendTimeout": config.frontend_timeout,
        "apiKeys": config.api_keys is not None,
        "keyRequired": config.api_keys is not None,
        "suggestions": False,
        "filesTranslation": False,
        "supportedFilesFormat": [],
        "language": {
            "source": {"code": "auto", "name": "Auto Detect"},
            "target": {"code": "en", "name": "English"},
        },
    }


def _brief(translator: Translator, params: Params, config: LibreTranslateConfig) -> object:
    """``POST /brief``: q, source (auto), sentences, full_translation -> Brief.to_dict()."""
    from summarize.brief import brief  # the summarizer loads only when a brief is asked for

    text = require_text(params, config.char_limit)
    source = params.get_str("source") or "auto"
    sentences = params.get_int("sentences", config.brief_sentences, minimum=1)
    full = params.get_bool("full_translation", True)
    result = brief(
        text,
        translator=translator,
        sentences=sentences,
        full_translation=full,
        source=None if source == "auto" else params.language(source),
    )
    return result.to_dict()
