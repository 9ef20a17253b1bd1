"""LibreTranslate's HTTP API on kybrief's model service.

- ``build_libretranslate_router(service, access, config)``: the routes (``router``);
- ``params``: parameters, checks and the translate/detect work, in LibreTranslate's order;
- ``html``: ``format=html`` translation that gives the markup back byte for byte.

``kybrief serve`` serves these routes (with ``/api/v1`` and ``/healthz``) through
``ui.server.build_server``; ``kybrief ui`` serves them beside the app.
"""

from ui.libretranslate.html import HtmlTemplate, parse_html
from ui.libretranslate.router import LibreTranslateConfig, build_libretranslate_router

__all__ = ["HtmlTemplate", "LibreTranslateConfig", "build_libretranslate_router", "parse_html"]
