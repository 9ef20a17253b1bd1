"""The web app: the Gradio page, its event handlers, rendering, streaming, the JSON API, auth.

- ``build_app(service, access=...)`` -> ``gr.Blocks`` (``app``; handlers in ``events``, escaped
  Markdown and tables in ``render``, streamed translation in ``stream``);
- ``build_api_router(service, access)``: ``/api/v1/*`` and ``/healthz`` (``api``);
- ``Access`` and the ASGI middleware for credentials, body size and request limits (``auth``).

The server that puts them together is ``ui.server.build_server``. Names are imported lazily,
so ``ui.web.api`` and ``ui.web.auth`` work without importing Gradio (``kybrief serve``).
"""

from __future__ import annotations

import importlib
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported

__all__ = ["Access", "build_api_router", "build_app"]

_HOMES = {"build_app": "ui.web.app", "build_api_router": "ui.web.api", "Access": "ui.web.auth"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'ui.web' has no attribute {name!r}")
