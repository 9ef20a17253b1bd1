"""A LibreTranslate-compatible HTTP API, so existing clients translate Kyrgyz through kybrief.

``build_libretranslate_router`` gives a FastAPI router with LibreTranslate's endpoints and
error contract (Mastodon, Discourse, Nextcloud, browser extensions and ``libretranslatepy``
speak it), plus ``POST /brief`` in the same style. Bodies are JSON or forms (urlencoded or
multipart; query-string parameters count too, as in Flask's ``request.values``). Every error
is ``{"error": "..."}`` with LibreTranslate's status: 400 bad input, 403 API key, 405 wrong
method, 429 request limit, 503 model not loaded (yet), 500 unexpected (details only in the log).

The router runs on the server's ``ModelService``: the same text limit, concurrency slots and
request limit as every other route (the request limit and body limit are ASGI middleware, see
``ui.web.auth``); API keys are checked here, because clients send them inside the body.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from translate import KybriefError, ModelNotAvailableError, TextTooLongError
from ui.admission import ServerBusyError, run_admitted
from ui.libretranslate.files import download_response, file_answer, file_params, translate_job
from ui.libretranslate.params import (
    ApiError,
    Params,
    detect_params,
    languages_list,
    require_text,
    translate_params,
)
from ui.limits import RateLimitError
from ui.service import ModelService
from ui.web.auth import Access, AccessError, basic_authenticated, check_api_key
from ui.web.filejob import DOWNLOAD_ROUTE, DownloadStore, supported_formats

logger = logging.getLogger(__name__)

__all__ = ["LibreTranslateConfig", "build_libretranslate_router"]

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
    """What only the LibreTranslate routes need (limits and keys are the server's).

    Attributes:
        frontend_timeout: reported by /frontend/settings (ms), as LibreTranslate does.
        brief_sentences: default number of summary sentences of /brief.
    """

    frontend_timeout: int = 500
    brief_sentences: int = 3


def build_libretranslate_router(
    service: ModelService,
    access: Access | None = None,
    config: LibreTranslateConfig | None = None,
    downloads: DownloadStore | None = None,
) -> APIRouter:
    """A router with LibreTranslate's API on the server's model service.

    Endpoints: ``POST /translate``, ``POST /detect``, ``POST /translate_file`` with
    ``GET /download_file/<name>`` (``ui.libretranslate.files``), ``GET /languages``,
    ``GET /frontend/settings``, ``GET /health`` and ``POST /brief`` (kybrief's own).

    Args:
        service: the server's model service (its limits apply: ``max_chars`` is the
            character limit of a request, ``batch_limit`` the most texts in a list ``q``).
        access: the server's credentials (API keys are checked here).
        config: the LibreTranslate-only settings.
        downloads: where translated files wait for their download (the server's, shared with
            ``/api/v1``; a new one when None).
    """
    access = access or Access()
    downloads = downloads if downloads is not None else DownloadStore()
    routes = _Routes(service, access, config or LibreTranslateConfig())
    router = APIRouter(tags=["LibreTranslate"])
    _route(router, "/translate", "POST", routes.guarded(routes.with_model(routes.translate), True))
    _route(router, "/detect", "POST", routes.guarded(routes.detect))
    _route(router, "/brief", "POST", routes.guarded(routes.with_model(routes.brief), True))
    _route(router, "/translate_file", "POST", routes.translate_file(downloads))
    add_download_route(router, downloads)
    _route(router, "/languages", "GET", _constant(languages_list))
    _route(router, "/frontend/settings", "GET", _constant(routes.frontend_settings))
    _route(router, "/health", "GET", _constant(lambda: {"status": "ok"}))
    return router


class _Routes:
    """The endpoints of one router, on one service."""

    def __init__(self, service: ModelService, access: Access, config: LibreTranslateConfig):
        self.service = service
        self.access = access
        self.config = config

    @property
    def char_limit(self) -> int:
        return self.service.limits.max_chars

    def guarded(
        self, work: Callable[[Params], object], model: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint: parameters, API key, then ``work`` in a worker thread (with
        ``model``: once a model slot is free, waiting on the event loop, ``ui.admission``)."""

        async def endpoint(request: Request) -> Response:
            try:
                params = await read_params(request)
                basic_ok = basic_authenticated(request.scope)
                check_api_key(self.access, params.get("api_key"), basic_ok)
                if model:
                    gone = request.is_disconnected
                    return _json(await run_admitted(self.service, work, params, disconnected=gone))
                return _json(await run_in_threadpool(work, params))
            except HTTPException:
                raise  # the body limit's 413: answered by the server's own handlers
            except Exception as exc:
                return error_json(request, exc)

        return endpoint

    def translate_file(self, downloads: DownloadStore) -> Callable[[Request], Awaitable[Response]]:
        """``POST /translate_file`` (``ui.libretranslate.files``): parameters, API key, then
        the translation in a model thread once a slot is free; over the upload or text limit
        is 413."""

        async def endpoint(request: Request) -> Response:
            try:
                params = await read_params(request)
                check_api_key(
                    self.access, params.get("api_key"), basic_authenticated(request.scope)
                )
                upload, source, target = await file_params(request, params)
                # Under the admission queue like every model route: the upload is read and
                # parsed inside the model slot (``ui.admission``).
                job = await run_admitted(
                    self.service,
                    translate_job,
                    self.service,
                    downloads,
                    upload,
                    source,
                    target,
                    disconnected=request.is_disconnected,
                )
                return _json(file_answer(request, job))
            except HTTPException:
                raise  # the body limit's 413: answered by the server's own handlers
            except TextTooLongError as exc:
                return _json({"error": str(exc)}, 413)
            except Exception as exc:
                return error_json(request, exc)

        return endpoint

    def with_model(self, fn: Callable[[object, Params], object]) -> Callable[[Params], object]:
        def work(params: Params) -> object:
            with self.service.model() as translator:
                return fn(translator, params)

        return work

    def translate(self, translator, params: Params) -> object:
        limits = self.service.limits
        return translate_params(translator, params, limits.max_chars, limits.batch_limit)

    def detect(self, params: Params) -> object:
        return detect_params(params, self.char_limit)

    def brief(self, translator, params: Params) -> object:
        return _brief(translator, params, self.char_limit, self.config.brief_sentences)

    def frontend_settings(self) -> dict[str, object]:
        keys = self.access.api_keys is not None
        return {
            "charLimit": self.char_limit,
            "frontendTimeout": self.config.frontend_timeout,
            "apiKeys": keys,
            "keyRequired": keys,
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": supported_formats(),
            "language": {
                "source": {"code": "auto", "name": "Auto Detect"},
                "target": {"code": "en", "name": "English"},
            },
        }


# --- request plumbing ---------------------------------------------------------------------


def error_json(request: Request, exc: Exception) -> Response:
    """LibreTranslate's ``{"error": ...}`` answer to an exception of one of its routes."""
    if isinstance(exc, ApiError):
        return _json({"error": exc.message}, exc.status)
    if isinstance(exc, AccessError):
        return _json({"error": str(exc)}, exc.status)
    if isinstance(exc, RateLimitError):
        return _json({"error": str(exc)}, 429)
    if isinstance(exc, ServerBusyError):
        return _json({"error": str(exc)}, 503, {"Retry-After": str(exc.retry_after)})
    if isinstance(exc, ModelNotAvailableError):
        return _json({"error": str(exc)}, 503, {"Retry-After": "5"})
    if isinstance(exc, KybriefError):
        return _json({"error": str(exc)}, 400)
    # the client gets no details; the log gets the traceback
    logger.error("%s failed", request.url.path, exc_info=exc)
    return _json({"error": "Cannot translate text: internal error"}, 500)


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


def _json(data: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(data, status_code=status, headers={**_CORS_HEADERS, **(headers or {})})


def add_download_route(router: APIRouter, downloads: DownloadStore) -> APIRouter:
    """``GET /download_file/<name>``: the translated files in ``downloads``."""

    async def download_file(filename: str) -> Response:
        response = download_response(downloads, filename)
        if response is None:
            message = "Invalid filename: no such file, or its link has expired"
            return _json({"error": message}, 404)
        return response

    _route(router, DOWNLOAD_ROUTE + "/{filename}", "GET", download_file)
    return router


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


def _brief(translator, params: Params, char_limit: int, default_sentences: int) -> object:
    """``POST /brief``: q, source (auto), sentences, full_translation, verify (the meaning
    check, default true) -> Brief.to_dict()."""
    from summarize import brief  # the summarizer loads only when a brief is asked for

    text = require_text(params, char_limit)
    source = params.get_str("source") or "auto"
    sentences = params.get_int("sentences", default_sentences, minimum=1)
    full = params.get_bool("full_translation", True)
    result = brief(
        text,
        translator=translator,
        sentences=sentences,
        full_translation=full,
        source=None if source == "auto" else params.language(source),
        verify=params.get_bool("verify", True),
    )
    return result.to_dict()
