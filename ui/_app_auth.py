"""HTTP basic auth and a request-size limit, as plain ASGI middleware.

Plain ASGI (not ``BaseHTTPMiddleware``) so Gradio's streamed responses (SSE) pass untouched.
Basic auth covers everything the server serves: the app, its ``/gradio_api``, ``/api/v1``
and ``/docs``; only ``/healthz`` stays open for load balancers and probes.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets

from translate.errors import InputError

#: Paths served without credentials.
OPEN_PATHS = ("/healthz",)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """``"user:password"`` -> ``("user", "password")``; None or "" -> None.

    Raises:
        InputError: no colon, or an empty user name or password.
    """
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InputError("auth must be given as USER:PASSWORD (e.g. --auth editor:s3cret)")
    return user, password


async def _send_json(send, status: int, body: dict, headers: list[tuple[bytes, bytes]]) -> None:
    data = json.dumps(body).encode()
    base = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": base + headers})
    await send({"type": "http.response.body", "body": data})


class BasicAuthMiddleware:
    """Refuse every HTTP request (but ``OPEN_PATHS``) without the right basic credentials."""

    def __init__(self, app, *, user: str, password: str, realm: str = "kybrief") -> None:
        self.app = app
        self._user = user.encode()
        self._password = password.encode()
        self._challenge = f'Basic realm="{realm}", charset="UTF-8"'.encode()

    def _authorized(self, scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, token = value.partition(b" ")
                if scheme.lower() != b"basic":
                    return False
                try:
                    user, _, password = base64.b64decode(token.strip(), validate=True).partition(
                        b":"
                    )
                except (binascii.Error, ValueError):
                    return False
                # both comparisons always run: no timing hint about which part was wrong
                ok_user = secrets.compare_digest(user, self._user)
                ok_password = secrets.compare_digest(password, self._password)
                return ok_user and ok_password
        return False

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket") or scope.get("path") in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if self._authorized(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = [(b"www-authenticate", self._challenge)]
        await _send_json(send, 401, {"error": "authentication required"}, headers)


class BodyLimitMiddleware:
    """Answer 413 at once to a JSON API request whose declared body is over ``max_bytes``.

    Without it a huge body would be read and parsed before the endpoint could refuse it.
    """

    def __init__(self, app, *, max_bytes: int, prefix: str = "/api/") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.prefix = prefix

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("path", "").startswith(self.prefix):
            for name, value in scope.get("headers", []):
                if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                    message = (
                        f"the request body is {int(value):,} bytes; the limit is {self.max_bytes:,}"
                    )
                    await _send_json(send, 413, {"error": message}, [])
                    return
        await self.app(scope, receive, send)
