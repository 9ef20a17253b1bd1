"""The kybrief HTTP server, one stack for ``kybrief ui`` and ``kybrief serve``.

    service = ModelService(settings, Limits(max_chars=...)).start()
    app = build_server(service, access=Access(auth=("user", "pw")))          # kybrief ui
    app = build_server(service, access=Access(api_keys=keys), app=False)      # kybrief serve

Where a request goes: ASGI middleware first (with ``--metrics``, counting and timing it:
``ui.metrics``; then ``ui.web.auth``: credentials, then ``--req-limit``; a Retry-After on
every 503; then the body limit),
then one of

- ``/healthz`` and ``/api/v1/*`` (``ui.web.api``), ``/metrics`` with ``--metrics``,
- the LibreTranslate routes ``/translate``, ``/detect``, ``/brief``, ``/translate_file``,
  ``/download_file/<name>``, ``/languages``, ... (``ui.libretranslate``),
- ``/docs`` (OpenAPI),
- with ``app=True``, the Gradio app at ``/`` and its HTTP API under ``/gradio_api``
  (``ui.web``).

Every route that runs the model goes through the one ``ModelService``: the same text limit,
concurrency slots, bounded queue (``ui.admission``: 503 with Retry-After when it is full or a
request waited --queue-timeout) and loading state (503 at once while the model loads).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import socket
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from translate import InputError
from ui.libretranslate import LibreTranslateConfig, build_libretranslate_router
from ui.libretranslate.router import add_download_route
from ui.service import ModelService, ModelStatus
from ui.web.api import build_api_router, error_response, install_error_handlers
from ui.web.auth import (
    Access,
    AccessMiddleware,
    BodyLimitMiddleware,
    RateLimitMiddleware,
    redact_access_log,
)
from ui.web.filejob import DownloadStore

logger = logging.getLogger(__name__)


def build_server(
    service: ModelService,
    *,
    access: Access | None = None,
    app: bool = True,
    libretranslate: bool = True,
    libretranslate_config: LibreTranslateConfig | None = None,
    metrics: bool = False,
) -> FastAPI:
    """The whole server as one ASGI app; starts loading the model if it is not yet.

    Args:
        service: the model service (its ``limits`` apply to every route).
        access: basic auth, API keys, proxy trust (default: none of them).
        app: mount the Gradio app at ``/`` (``kybrief ui``); False for the API-only
            server of ``kybrief serve``.
        libretranslate: serve LibreTranslate's routes.
        libretranslate_config: settings of those routes only.
        metrics: serve ``/metrics`` (Prometheus, behind the same credentials).

    Returns:
        The FastAPI app. On shutdown it closes the model's translation memory.
    """
    access = access or Access()
    service.start()
    downloads = DownloadStore()  # translated documents, for every route that takes one

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()
        downloads.close()

    server = FastAPI(
        title="kybrief",
        summary="English briefs and translations of Kyrgyz, Russian and English press releases",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    server.state.model_service = service
    server.state.downloads = downloads
    install_error_handlers(server)
    server.add_exception_handler(Exception, _on_unexpected)
    server.include_router(build_api_router(service, access, downloads))
    if libretranslate:
        lt = build_libretranslate_router(service, access, libretranslate_config, downloads)
        server.include_router(lt)
    else:  # /api/v1/translate_file's links still need their route
        server.include_router(add_download_route(APIRouter(), downloads))
    counted = _add_metrics(server, service) if metrics else None
    if app:
        server = _mount_app(server, service, access, downloads)
    # Added last = runs first: credentials, then the request limit, then the body limit.
    limits = service.limits
    server.add_middleware(
        BodyLimitMiddleware, max_bytes=limits.body_bytes, upload_bytes=limits.upload_bytes
    )
    server.add_middleware(RateLimitMiddleware, service=service, access=access)
    server.add_middleware(RetryAfterMiddleware, service=service)
    server.add_middleware(AccessMiddleware, access=access)
    if counted is not None:
        from ui.metrics import MetricsMiddleware

        server.add_middleware(MetricsMiddleware, metrics=counted)
    return server


class RetryAfterMiddleware:
    """Give every 503 a Retry-After: Gradio's own "queue full" answer has none.

    Our routes set their own (the queue's timeout, or 5 s while the model loads); any other 503
    gets the queue's (``Admission.retry_after``), so a client's back-off works on every route.
    """

    def __init__(self, app, service: ModelService) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_retry_after(message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 503:
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"retry-after" for name, _ in headers):
                    seconds = str(self.service.admission.retry_after).encode()
                    message = {**message, "headers": [*headers, (b"retry-after", seconds)]}
            await send(message)

        await self.app(scope, receive, send_with_retry_after)


def _add_metrics(server: FastAPI, service: ModelService):
    """``GET /metrics`` (answered on the event loop); the server's ``ServerMetrics``."""
    from fastapi.responses import Response

    from ui.metrics import CONTENT_TYPE_LATEST, ServerMetrics

    counted = ServerMetrics(service)

    @server.get("/metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return Response(counted.render(), media_type=CONTENT_TYPE_LATEST)

    server.state.metrics = counted
    return counted


async def _on_unexpected(_request, exc: Exception):
    return error_response(exc)


def _mount_app(
    server: FastAPI, service: ModelService, access: Access, downloads: DownloadStore
) -> FastAPI:
    """The Gradio app at "/", after every other route; analytics off, no share link."""
    from ui.web import app as web  # switches Gradio's analytics off, then imports gradio

    return web.gr.mount_gradio_app(
        server,
        web.build_app(service, access=access, downloads=downloads),
        path="/",
        footer_links=["api", "settings"],
        max_file_size=service.limits.upload_bytes,
    )


# -- running it (kybrief ui, kybrief serve) -------------------------------------------------

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def listen(host: str, port: int) -> socket.socket:
    """Bind the address now, so a busy port or a bad host is a clear error before any work.

    Raises:
        InputError: the port is out of range, in use, or the host is not an address here.
    """
    if not 0 <= port < 65536:
        raise InputError(f"--port must be between 1 and 65535 (or 0 for any), not {port}")
    try:
        family, _, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise InputError(f"--host {host!r} is not a valid address ({exc.strerror})") from exc
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP.
    # Without it a kept-alive client (a load balancer's health check) waits 40 ms for every
    # answer: Nagle holds the body until the client's delayed ACK of the headers.
    sock = socket.socket(family, socket.SOCK_STREAM, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} is already in use (another kybrief server?); "
                "choose another with --port"
            ) from exc
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.listen(128)  # from here on, clients wait in the backlog until the server accepts
    return sock


def base_url(sock: socket.socket) -> str:
    """The URL a browser on this computer opens for a bound socket."""
    host, port = sock.getsockname()[:2]
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def exposure_warning(host: str, access: Access, app: bool) -> str | None:
    """The warning for a server that anyone on the network can use, or None."""
    if host in LOOPBACK:
        return None
    if app and not access.protected:
        return (
            f"warning: listening on {host} without --auth or --api-keys: anyone on the network "
            "can use the app"
        )
    if not app and not access.protected:
        return (
            f"warning: listening on {host} without --api-keys or --auth: anyone on the network "
            "can use the API"
        )
    return None


def ready_line(name: str, status: ModelStatus) -> str:
    """What the terminal shows when loading has finished."""
    took = f" in {status.load_seconds:.1f} s" if status.load_seconds is not None else ""
    if status.loaded:
        return f"{name}: model ready ({status.engine} on {status.device}, loaded{took})"
    return f"{name}: the model could not be loaded: {status.error}"


def serve_from_args(args, *, name: str, app: bool, banner: Callable[..., str]) -> int:
    """What ``kybrief ui`` and ``kybrief serve`` do: bind, build, announce, serve until Ctrl-C.

    Args:
        args: the parsed model and server options.
        name: the command's name, for the terminal ("kybrief ui").
        app: mount the web app (``kybrief ui``) or not (``kybrief serve``).
        banner: ``banner(url, settings, access)``, the lines the terminal shows at start.
    """
    from ui.options import settings_from_args
    from ui.server_options import server_from_args

    settings = settings_from_args(args)
    limits, access = server_from_args(args)
    sock = listen(args.host, args.port)
    service = ModelService(settings, limits, gather_ms=args.gather_ms)
    server = build_server(service, access=access, app=app, metrics=args.metrics)
    print(banner(base_url(sock), settings, access), flush=True)
    warning = exposure_warning(args.host, access, app=app)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    service.on_ready(lambda status: print(ready_line(name, status), flush=True))
    run_server(server, sock, name)
    return 0


def run_server(app, sock: socket.socket, name: str) -> None:
    """Serve ``app`` on ``sock`` until Ctrl-C (or SIGTERM); requests under way finish first."""
    import uvicorn

    redact_access_log()
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5)
    # uvicorn handles Ctrl-C itself: it stops accepting, finishes the requests under way,
    # then raises the signal again; that second KeyboardInterrupt is the normal way out.
    try:
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
    print(f"{name}: server stopped", file=sys.stderr, flush=True)
    # The interpreter's last garbage collection over torch + gradio objects takes seconds;
    # frozen objects are skipped, so Ctrl-C exits at once (atexit handlers still run).
    gc.freeze()
