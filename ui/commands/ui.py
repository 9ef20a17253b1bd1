"""kybrief ui: the web app (Gradio) with its JSON API and the LibreTranslate API."""

from __future__ import annotations

import argparse

from ui.options import add_model_options
from ui.server_options import add_server_options

DESCRIPTION = """\
Start the kybrief web app on http://127.0.0.1:7860/ (by default only this computer can reach
it). Beside the app: POST /api/v1/brief, /api/v1/translate, /api/v1/detect, GET /healthz, the
LibreTranslate API (/translate, /detect, /languages, ...) and the API docs at /docs. The model
loads in the background: the page and the terminal say when it is ready, or what to do if it
cannot be loaded. Every route obeys the same --max-chars, --concurrency, --max-queue,
--queue-timeout, --req-limit, --auth and --api-keys; /healthz answers at once, always. Ctrl-C
stops it."""

EPILOG = """\
examples:
  kybrief ui --demo                                    try it with the bundled tiny model
  kybrief ui --host 0.0.0.0 --auth editor:s3cret       serve a network (put TLS in front)
  kybrief ui --api-keys-file keys.txt --metrics        keys on every route; GET /metrics"""


def register(sub) -> None:
    p = sub.add_parser(
        "ui",
        help="start the web app (briefs and translations in the browser, plus the APIs)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_server_options(p, port=7860)
    add_model_options(p)
    p.set_defaults(run=run)


def startup_lines(url: str, settings, access) -> str:
    """What the terminal shows once the server is listening."""
    lines = [
        f"kybrief ui: open {url} in a browser",
        f"  model   {settings.model} ({settings.engine}); it loads in the background",
        f"  API     {url}api/v1/brief  ·  docs {url}docs  ·  health {url}healthz",
        "  stop    Ctrl-C",
    ]
    if access.auth is not None:
        lines.insert(2, "  auth    HTTP basic auth is on")
    if access.api_keys:
        count = len(access.api_keys)
        lines.insert(2, f"  keys    {count} API key(s) guard every route but /healthz")
    return "\n".join(lines)


def run(args) -> int:
    from ui.server import serve_from_args

    return serve_from_args(args, name="kybrief ui", app=True, banner=startup_lines)
