"""kybrief serve: a headless LibreTranslate-compatible API server (no web app)."""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from translate.errors import InputError
from ui.options import add_model_options, get_translator, settings_from_args

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Serve LibreTranslate's HTTP API (POST /translate, /detect, GET /languages,
/frontend/settings, /health) plus POST /brief and GET /healthz, for Mastodon, Discourse,
Nextcloud, browser extensions and LibreTranslate client libraries. The model loads before
the server starts listening. Ctrl-C stops it."""

EPILOG = """\
examples:
  kybrief serve --demo                          try it with the bundled tiny model
  kybrief serve --host 0.0.0.0 --api-keys-file keys.txt --req-limit 60
  curl -s localhost:5000/translate -d q='Бүгүн жаан жаады.' -d source=auto -d target=en"""


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="headless LibreTranslate-compatible API server",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    env = os.environ.get
    p.add_argument("--host", default=env("KYBRIEF_HOST", "127.0.0.1"), help="default %(default)s")
    p.add_argument(
        "--port", type=int, default=int(env("KYBRIEF_PORT", "5000")), help="default %(default)s"
    )
    keys = p.add_mutually_exclusive_group()
    keys.add_argument(
        "--api-keys",
        metavar="KEY,KEY",
        default=env("KYBRIEF_API_KEYS"),
        help="require one of these API keys (env KYBRIEF_API_KEYS; default: no keys)",
    )
    keys.add_argument(
        "--api-keys-file",
        metavar="FILE",
        default=env("KYBRIEF_API_KEYS_FILE"),
        help="require an API key from this file: one per line, # comments",
    )
    p.add_argument(
        "--char-limit",
        type=_limit,
        default=_limit(env("KYBRIEF_CHAR_LIMIT", "-1")),
        metavar="N",
        help="most characters per request, -1 for none (default %(default)s)",
    )
    p.add_argument(
        "--req-limit",
        type=_limit,
        default=_limit(env("KYBRIEF_REQ_LIMIT", "-1")),
        metavar="N",
        help="most requests per client IP per minute, -1 for none (default %(default)s)",
    )
    p.add_argument(
        "--behind-proxy",
        action="store_true",
        help="take the client IP for --req-limit from X-Forwarded-For (only behind your proxy)",
    )
    add_model_options(p)
    p.set_defaults(run=run)


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1 and number != -1:
        raise argparse.ArgumentTypeError("use a positive number, or -1 for no limit")
    return number


def read_api_keys(keys: str | None, keys_file: str | None) -> frozenset[str] | None:
    """The API keys from ``--api-keys`` or ``--api-keys-file``; None when keys are off.

    Raises:
        InputError: the file is unreadable, or the option names no key at all.
    """
    if keys is None and keys_file is None:
        return None
    if keys_file is not None:
        try:
            lines = Path(keys_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"cannot read the API keys file {keys_file}: {exc}") from None
        found = [line.split("#")[0].strip() for line in lines]
        where = f"the API keys file {keys_file}"
    else:
        found = [k.strip() for k in (keys or "").split(",")]
        where = "--api-keys"
    result = frozenset(k for k in found if k)
    if not result:
        raise InputError(f"{where} names no API key")
    return result


def build_api_app(get_translator: Callable, config):
    """The API-only app: LibreTranslate's endpoints at the root, plus ``GET /healthz``."""
    from fastapi import FastAPI

    from ui.libretranslate import build_libretranslate_router

    app = FastAPI(
        title="kybrief",
        summary="LibreTranslate-compatible API for Kyrgyz, Russian and English (NLLB-200)",
    )
    app.include_router(build_libretranslate_router(get_translator, config))

    @app.get("/healthz", tags=["kybrief"])
    def healthz() -> dict[str, object]:
        translator = get_translator()
        return {"status": "ok", "model": translator.model, "engine": translator.engine.name}

    return app


def _listen(host: str, port: int) -> socket.socket:
    """Bind the port here, so a busy port is a clear error and port 0 shows its number."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc}") from None
    return sock


def run(args) -> int:
    import uvicorn

    from ui.libretranslate import LibreTranslateConfig

    config = LibreTranslateConfig(
        api_keys=read_api_keys(args.api_keys, args.api_keys_file),
        char_limit=args.char_limit,
        req_limit=args.req_limit,
        trust_forwarded_for=args.behind_proxy,
    )
    settings = settings_from_args(args)
    sock = _listen(args.host, args.port)
    print(f"kybrief: loading {settings.model} ...", file=sys.stderr, flush=True)
    translator = get_translator(settings)
    app = build_api_app(lambda: translator, config)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    keys = f"{len(config.api_keys)} API key(s)" if config.api_keys else "no API keys"
    print(
        f"kybrief: LibreTranslate-compatible API on http://{shown}:{port}/ "
        f"({translator.engine.name}, {keys}; Ctrl-C stops)",
        flush=True,
    )
    server = uvicorn.Server(uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=5))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has already shut down cleanly; it re-raises the signal
    finally:
        sock.close()
    print("kybrief: server stopped", file=sys.stderr, flush=True)
    return 0
