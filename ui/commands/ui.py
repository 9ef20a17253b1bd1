"""kybrief ui: the web app (Gradio) with its JSON API, served by uvicorn."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import socket
import sys

from translate.errors import InputError
from ui.options import add_model_options, settings_from_args

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(sub) -> None:
    p = sub.add_parser(
        "ui",
        help="start the web app (briefs and translations in the browser, plus a JSON API)",
        description="Start the kybrief web app on http://127.0.0.1:7860/ (by default only this "
        "computer can reach it). Beside the app: POST /api/v1/brief, /api/v1/translate, "
        "/api/v1/detect, GET /healthz, and the API docs at /docs. The model loads in the "
        "background; the page says when it is ready, or what to do if it cannot be loaded.",
    )
    p.add_argument(
        "--host",
        default=os.environ.get("KYBRIEF_HOST", "127.0.0.1"),
        help="address to listen on (default %(default)s; 0.0.0.0 = every interface)",
    )
    p.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("KYBRIEF_PORT", "7860")),
        help="port (default %(default)s)",
    )
    p.add_argument(
        "--auth",
        default=os.environ.get("KYBRIEF_AUTH"),
        metavar="USER:PASSWORD",
        help="require HTTP basic auth for the app and the API (env KYBRIEF_AUTH)",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=2,
        help="requests translated at once; the rest wait in line (default 2)",
    )
    add_model_options(p)
    p.set_defaults(run=run)


def check_port(host: str, port: int) -> None:
    """Fail early, and clearly, when the address cannot be bound.

    Raises:
        InputError: the port is out of range, in use, or the host is not an address here.
    """
    if not 0 < port < 65536:
        raise InputError(f"--port must be between 1 and 65535, not {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"--host {host!r} is not a valid address ({exc.strerror})") from exc
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} is already in use (another kybrief ui?); "
                    "choose another with --port"
                ) from exc
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def startup_message(host: str, port: int, settings, auth: bool) -> str:
    """What the terminal shows once the server is starting."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"
    lines = [
        f"kybrief ui: open {url} in a browser",
        f"  model   {settings.model} ({settings.engine}); it loads in the background",
        f"  API     {url}api/v1/brief  ·  docs {url}docs  ·  health {url}healthz",
        "  stop    Ctrl-C",
    ]
    if auth:
        lines.insert(2, "  auth    HTTP basic auth is on")
    if host not in LOOPBACK and not auth:
        lines.append(
            f"warning: listening on {host} without --auth: anyone on the network can use it"
        )
    return "\n".join(lines)


def run(args) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported
    from ui._app_auth import parse_auth

    if args.concurrency < 1:
        raise InputError("--concurrency must be at least 1")
    settings = settings_from_args(args)
    auth = parse_auth(args.auth)
    check_port(args.host, args.port)

    import uvicorn

    from ui.libretranslate import build_libretranslate_router
    from ui.server import build_server

    # LibreTranslate's API beside the app (behind --auth like everything else); for API keys
    # and request limits, run `kybrief serve`.
    def libretranslate(service):
        return build_libretranslate_router(lambda: service.get(timeout=600))

    app = build_server(settings, auth=auth, concurrency=args.concurrency, routers=[libretranslate])
    print(startup_message(args.host, args.port, settings, auth is not None), flush=True)
    config = uvicorn.Config(
        app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=5
    )
    # uvicorn handles Ctrl-C itself: it stops accepting, finishes the requests under way,
    # then raises the signal again; that second KeyboardInterrupt is the normal way out.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()
    print("kybrief ui: stopped", file=sys.stderr, flush=True)
    # The interpreter's last garbage collection over torch + gradio objects takes seconds;
    # frozen objects are skipped, so Ctrl-C exits at once (atexit handlers still run).
    gc.freeze()
    return 0
