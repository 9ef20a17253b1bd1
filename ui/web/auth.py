"""Who may use a kybrief server, and how much: credentials, body size and request limits.

Plain ASGI middleware (not ``BaseHTTPMiddleware``), so Gradio's streamed responses (SSE) pass
untouched. The same :class:`Access` and ``ui.limits.Limits`` apply to every route of
``kybrief ui`` and ``kybrief serve``:

- **one door** (``--auth`` and/or ``--api-keys``): every path but ``/healthz`` needs
  credentials, the Gradio app, its API, queue and uploads included. They are HTTP basic auth
  (the ``--auth`` user and password, or any user name with an API key as the password: a person
  signs in at the page with a key), ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``. The
  API routes (``/api/v1/*`` and LibreTranslate's) also take LibreTranslate's ``api_key``
  parameter, which clients send inside the form or JSON body: without a header, those requests
  go on to the route, which checks it (and answers 403 as LibreTranslate does). LibreTranslate's
  ``/languages``, ``/frontend/settings`` and ``/health`` stay open when keys are on, as there;
- **request bodies** are bounded however they are sent, ``Content-Length`` or chunked;
- **--req-limit** counts requests per client address; behind ``--behind-proxy`` the address is
  the right-most X-Forwarded-For entry, the one the trusted proxy appended (a client can put
  anything to the left of it).

Keys and passwords never reach a log: refusals say what was wrong, never what was sent, and
:class:`RedactKeys` removes ``api_key=...`` from access-log lines.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from starlette.exceptions import HTTPException

from translate import InputError, KybriefError
from ui.limits import RateLimitError

#: Paths served without credentials.
OPEN_PATHS = ("/healthz",)
#: LibreTranslate's routes (at the root of both servers).
LIBRETRANSLATE_PATHS = (
    "/translate",
    "/detect",
    "/brief",
    "/translate_file",
    "/languages",
    "/frontend/settings",
    "/health",
)
#: Paths whose POSTs count against --req-limit here (the app's events count in its handlers).
_METERED = ("/translate", "/detect", "/brief", "/translate_file")
_GRADIO_PATHS = "/gradio_api/"
#: Routes that take a document upload: their bodies may be as large as an upload (plus the
#: form's other fields); LibreTranslate's download links are API paths too.
UPLOAD_PATHS = ("/translate_file", "/api/v1/translate_file")
_DOWNLOAD_PATHS = "/download_file/"


class AccessError(KybriefError):
    """Missing or wrong credentials (HTTP 401 for basic auth, 403 for API keys)."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Access:
    """Credentials a server asks for.

    Attributes:
        auth: ``(user, password)`` for HTTP basic auth over everything but /healthz, or None.
        api_keys: keys accepted on the API routes, or None for no keys.
        behind_proxy: take the client address from X-Forwarded-For (only behind your proxy).
    """

    auth: tuple[str, str] | None = None
    api_keys: frozenset[str] | None = None
    behind_proxy: bool = False

    @property
    def protected(self) -> bool:
        """Whether anything is needed to use the server."""
        return self.auth is not None or self.api_keys is not None

    def is_key(self, key: object) -> bool:
        """Whether ``key`` is one of the API keys (compared in constant time)."""
        if self.api_keys is None or not isinstance(key, str | bytes) or not key:
            return False
        raw = key.encode() if isinstance(key, str) else key
        # every key is compared: no timing hint about which one came close
        matches = [secrets.compare_digest(raw, k.encode()) for k in self.api_keys]
        return any(matches)

    def to_dict(self) -> dict:
        """The settings without the secrets."""
        return {
            "auth": self.auth is not None,
            "api_keys": self.api_keys is not None,
            "behind_proxy": self.behind_proxy,
        }


def route_path(scope) -> str:
    """The request's path inside this app (without the ``root_path`` it is mounted at)."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] in ("/", ""):
        return path[len(root) :] or "/"
    return path


def is_api_path(path: str) -> bool:
    """The JSON API and LibreTranslate routes (where an API key may stand for basic auth)."""
    return (
        path.startswith("/api/") or path in LIBRETRANSLATE_PATHS or path.startswith(_DOWNLOAD_PATHS)
    )


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
        except (OSError, UnicodeDecodeError) as exc:
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


def check_api_key(access: Access, key: object, basic_ok: bool) -> None:
    """Refuse an API request without a valid key, when keys are configured.

    Args:
        access: the server's credentials.
        key: the key the request sent (None when it sent none).
        basic_ok: the request already passed basic auth (then no key is needed).

    Raises:
        AccessError: 403 with LibreTranslate's messages.
    """
    if access.api_keys is None or basic_ok:
        return
    if not key:
        raise AccessError("Please contact the server operator to get an API key")
    if not access.is_key(key):
        raise AccessError("Invalid API key")


def client_address(scope, behind_proxy: bool) -> str:
    """The client's address of an ASGI request (see :func:`forwarded_address`)."""
    forwarded = [
        v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for"
    ]
    client = scope.get("client")
    return forwarded_address(forwarded, client[0] if client else None, behind_proxy)


def forwarded_address(forwarded: list[str], peer: str | None, behind_proxy: bool) -> str:
    """The client's address: the peer's, or behind a proxy the right-most X-Forwarded-For entry.

    Proxies append the address they saw, so only the last entry was written by the proxy we
    trust; anything to its left came from the client and may be forged.

    Args:
        forwarded: the values of every X-Forwarded-For header, in order.
        peer: the address of the connection's other end.
        behind_proxy: whether the server runs behind a proxy it trusts.
    """
    if behind_proxy:
        entries = [e.strip() for value in forwarded for e in value.split(",")]
        entries = [e for e in entries if e]
        if entries:
            return entries[-1]
    return peer or "127.0.0.1"


def basic_authenticated(scope) -> bool:
    """Whether AccessMiddleware let this request in on valid credentials of a header (basic
    auth, a bearer token or X-API-Key): the route then asks for no ``api_key``."""
    return bool(scope.get("state", {}).get("kybrief_basic_auth"))


async def send_json(send, status: int, body: dict, headers=()) -> None:
    """Send a whole JSON response (an error) from ASGI middleware."""
    data = json.dumps(body).encode()
    base = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(data)).encode()),
        (b"access-control-allow-origin", b"*"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": base + list(headers)})
    await send({"type": "http.response.body", "body": data})


class AccessMiddleware:
    """The one door: credentials on every path but ``OPEN_PATHS`` (see the module's notes)."""

    def __init__(self, app, *, access: Access, realm: str = "kybrief") -> None:
        self.app = app
        self.access = access
        self._user = self._password = None
        if access.auth is not None:
            self._user, self._password = (part.encode() for part in access.auth)
        self._challenge = f'Basic realm="{realm}", charset="UTF-8"'.encode()

    def _basic_ok(self, token: bytes) -> bool:
        try:
            raw = base64.b64decode(token.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        user, _, password = raw.partition(b":")
        if self._user is not None:
            # both comparisons always run: no timing hint about which part was wrong
            ok_user = secrets.compare_digest(user, self._user)
            ok_password = secrets.compare_digest(password, self._password)
            if ok_user and ok_password:
                return True
        return self.access.is_key(password)  # an API key counts as the password, any user

    def credentials_ok(self, scope) -> bool:
        """Whether the request's headers carry valid credentials."""
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, token = value.partition(b" ")
                if scheme.lower() == b"basic" and self._basic_ok(token):
                    return True
                if scheme.lower() == b"bearer" and self.access.is_key(token.strip()):
                    return True
            elif name == b"x-api-key" and self.access.is_key(value.strip()):
                return True
        return False

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.access.protected:
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        if path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if self.credentials_ok(scope):
            scope.setdefault("state", {})["kybrief_basic_auth"] = True
            await self.app(scope, receive, send)
            return
        if self.access.api_keys is not None and is_api_path(path):
            await self.app(scope, receive, send)  # the route asks for a key (in the body too)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        challenge = [(b"www-authenticate", self._challenge)]
        await send_json(send, 401, {"error": "authentication required"}, challenge)


_KEY_IN_QUERY = re.compile(r"(?i)(api_key=)[^&\s\"]*")


class RedactKeys(logging.Filter):
    """Remove the value of ``api_key=`` from log lines (uvicorn's access log shows the query)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _KEY_IN_QUERY.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _KEY_IN_QUERY.sub(r"\1***", record.msg)
        return True


def redact_access_log() -> None:
    """Put :class:`RedactKeys` on uvicorn's access log (once)."""
    log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactKeys) for f in log.filters):
        log.addFilter(RedactKeys())


class _BodyTooLarge(HTTPException):
    """Raised from ``receive``: an HTTPException, so whichever app is reading the body (ours,
    or the mounted Gradio app) answers 413 rather than 500."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body passed {limit:,} bytes; the limit is {limit:,}")


class BodyLimitMiddleware:
    """Answer 413 to a request whose body is over the limit, however it is sent.

    A declared ``Content-Length`` over the limit is refused before anything is read; a chunked
    body is counted as it arrives and refused as soon as it passes the limit, so a huge body
    is never read (or parsed) whole.
    """

    def __init__(self, app, *, max_bytes: int, upload_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes

    def _limit(self, scope) -> int:
        # Gradio's routes carry uploads, and the app's own text check gives a person a better
        # message than a bare 413 would: they get the upload limit.
        path = route_path(scope)
        if path in UPLOAD_PATHS:
            return self.upload_bytes + 65_536
        return self.upload_bytes if path.startswith(_GRADIO_PATHS) else self.max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _refuse(send, int(value), limit)
                return
        seen, started = 0, False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _BodyTooLarge:
            if not started:
                await _refuse(send, seen, limit, declared=False)


async def _refuse(send, size: int, limit: int, declared: bool = True) -> None:
    what = f"is {size:,} bytes" if declared else f"passed {limit:,} bytes"
    message = f"the request body {what}; the limit is {limit:,}"
    await send_json(send, 413, {"error": message})


class RateLimitMiddleware:
    """--req-limit on the API's POST routes (the app's events count in its handlers)."""

    def __init__(self, app, *, service, access: Access) -> None:
        self.app = app
        self.service = service
        self.access = access

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            path = route_path(scope)
            if path.startswith("/api/") or path in _METERED:
                try:
                    self.service.admit(client_address(scope, self.access.behind_proxy))
                except RateLimitError as exc:
                    await send_json(send, 429, {"error": str(exc)}, [(b"retry-after", b"60")])
                    return
        await self.app(scope, receive, send)
