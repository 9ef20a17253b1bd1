"""The kybrief server: FastAPI with the JSON API, /healthz, /docs and the Gradio app at "/".

    app = build_server(ModelSettings())      # serve with uvicorn.run(app, host="127.0.0.1")

Routes must be added before the Gradio app is mounted at "/" (a mount at "/" answers every
path that no earlier route took), so extra routers go in through ``routers=``.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported

from collections.abc import Callable, Iterable

import gradio as gr
from fastapi import APIRouter, FastAPI

from ui._app_api import build_api_router, error_response, install_error_handlers
from ui._app_auth import BasicAuthMiddleware, BodyLimitMiddleware
from ui._app_model import ModelService
from ui.app import build_app
from ui.options import ModelSettings

#: Largest file the app accepts as an upload.
MAX_UPLOAD = "20mb"
RouterSpec = APIRouter | Callable[[ModelService], APIRouter]


def build_server(
    settings: ModelSettings,
    *,
    auth: tuple[str, str] | None = None,
    translator=None,
    service: ModelService | None = None,
    concurrency: int = 2,
    routers: Iterable[RouterSpec] = (),
) -> FastAPI:
    """The whole server as one ASGI app.

    Args:
        settings: the model to serve; ``settings.max_chars`` limits every input.
        auth: ``(user, password)`` for HTTP basic auth over everything but /healthz.
        translator: an already loaded Translator to serve (tests); default: load
            ``settings`` in a background thread, so the server answers at once.
        service: a ready-made ``ModelService`` (overrides ``translator``).
        concurrency: most model requests running at once (app and JSON API together).
        routers: more routes (APIRouters, or functions of the ModelService that build one),
            included before the app is mounted, e.g. the LibreTranslate API.

    Returns:
        The FastAPI app: ``/api/v1/{brief,translate,detect}``, ``/healthz``, ``/docs``,
        routers, and the Gradio app at ``/`` (its HTTP API under ``/gradio_api``).
    """
    if service is None:
        service = ModelService(settings, translator=translator, concurrency=concurrency)
    service.start()
    app = FastAPI(
        title="kybrief",
        summary="English briefs and translations of Kyrgyz, Russian and English press releases",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.model_service = service
    install_error_handlers(app)
    app.add_exception_handler(Exception, _on_unexpected)
    app.include_router(build_api_router(service))
    for spec in routers:
        app.include_router(spec if isinstance(spec, APIRouter) else spec(service))
    app = _mount_app(app, build_app(settings, service=service, concurrency=concurrency))
    # JSON bodies: the text in UTF-8 (up to 4 bytes a character) plus room for the fields
    app.add_middleware(BodyLimitMiddleware, max_bytes=4 * settings.max_chars + 65536)
    if auth is not None:
        app.add_middleware(BasicAuthMiddleware, user=auth[0], password=auth[1])
    return app


async def _on_unexpected(_request, exc: Exception):
    return error_response(exc)


def _mount_app(app: FastAPI, blocks: gr.Blocks) -> FastAPI:
    """The Gradio app at "/", after every other route; analytics off, no share link."""
    return gr.mount_gradio_app(
        app, blocks, path="/", footer_links=["api", "settings"], max_file_size=MAX_UPLOAD
    )
