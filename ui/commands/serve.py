"""kybrief serve: the API server (LibreTranslate-compatible, plus /api/v1), no web app."""

from __future__ import annotations

import argparse

from ui.options import add_model_options, parse_limit
from ui.server_options import add_server_options

DESCRIPTION = """\
Serve LibreTranslate's HTTP API (POST /translate, /detect, GET /languages,
/frontend/settings, /health) plus POST /brief, kybrief's JSON API (/api/v1/brief,
/api/v1/translate, /api/v1/detect) and GET /healthz, for Mastodon, Discourse, Nextcloud,
browser extensions and LibreTranslate client libraries. It listens at once; the model loads in
the background (requests get 503 with Retry-After until it is ready, and the terminal says when
it is). Every route obeys the same --max-chars, --concurrency, --max-queue, --queue-timeout,
--req-limit, --auth and --api-keys; /healthz answers at once, always. Ctrl-C stops it."""

EPILOG = """\
examples:
  kybrief serve --demo                          try it with the bundled tiny model
  kybrief serve --host 0.0.0.0 --api-keys-file keys.txt --req-limit 60
  curl -s localhost:5000/translate -d q='Бүгүн жаан жаады.' -d source=auto -d target=en"""


class _CharLimit(argparse.Action):
    """LibreTranslate's --char-limit: another name for --max-chars (-1: keep the default)."""

    def __call__(self, parser, namespace, value, option_string=None) -> None:
        if value != -1:
            namespace.max_chars = value


def register(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="API server: LibreTranslate-compatible API and /api/v1 (no web app)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_server_options(p, port=5000)
    add_model_options(p)
    p.add_argument(
        "--char-limit",
        type=parse_limit,
        action=_CharLimit,
        default=argparse.SUPPRESS,
        metavar="N",
        help="LibreTranslate's name for --max-chars: most characters per request",
    )
    p.set_defaults(run=run)


def banner(url: str, settings, access) -> str:
    """What the terminal shows once the server is listening."""
    keys = f"{len(access.api_keys)} API key(s)" if access.api_keys else "no API keys"
    return (
        f"kybrief serve: LibreTranslate-compatible API on {url} "
        f"({settings.model}, {keys}; Ctrl-C stops)"
    )


def run(args) -> int:
    from ui.server import serve_from_args

    return serve_from_args(args, name="kybrief serve", app=False, banner=banner)
