"""The options of the servers (``kybrief ui``, ``kybrief serve``): one set of limits and
credentials that every route of either obeys, with --max-chars from the model options.

Only ``ui/`` reads ``KYBRIEF_*`` environment variables, as the defaults of these options.
"""

from __future__ import annotations

import argparse
import os

from ui.gathering import CONCURRENCY_HELP, add_gather_option, default_concurrency
from ui.options import _optional_int, nonnegative_int, parse_limit, positive_int


def positive_seconds(value: str) -> float:
    """An argparse type: a number of seconds above 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value}")
    return number


def add_server_options(parser: argparse.ArgumentParser, port: int) -> None:
    """--host, --port, --auth, --api-keys(-file), --concurrency, --req-limit, --max-queue,
    --queue-timeout, --metrics, --behind-proxy.

    Both servers take the same options, and every route of either (the app, /api/v1, the
    LibreTranslate API) obeys them, with --max-chars from the model options.
    """
    env = os.environ.get
    group = parser.add_argument_group("server options")
    group.add_argument(
        "--host",
        default=env("KYBRIEF_HOST", "127.0.0.1"),
        help="address to listen on (env KYBRIEF_HOST; default %(default)s: this computer only; "
        "0.0.0.0 = every interface)",
    )
    group.add_argument(
        "--port",
        type=int,
        default=int(env("KYBRIEF_PORT", str(port))),
        help="port (env KYBRIEF_PORT; default %(default)s; 0 picks a free one)",
    )
    group.add_argument(
        "--auth",
        default=env("KYBRIEF_AUTH"),
        metavar="USER:PASSWORD",
        help="require HTTP basic auth on everything but /healthz (env KYBRIEF_AUTH); with "
        "--api-keys too, a key also counts as the password",
    )
    keys = group.add_mutually_exclusive_group()
    keys.add_argument(
        "--api-keys",
        metavar="KEY,KEY",
        default=env("KYBRIEF_API_KEYS"),
        help="require one of these API keys on every route but /healthz, the app and its "
        "Gradio API included: sent as 'Authorization: Bearer KEY', 'X-API-Key: KEY', as the "
        "password of basic auth (a person at the page), or LibreTranslate's api_key "
        "(env KYBRIEF_API_KEYS; default: no keys)",
    )
    keys.add_argument(
        "--api-keys-file",
        metavar="FILE",
        default=env("KYBRIEF_API_KEYS_FILE"),
        help="the same, keys from a file: one per line, # comments",
    )
    group.add_argument(
        "--concurrency",
        type=positive_int,
        default=_optional_int(env("KYBRIEF_CONCURRENCY")),
        help="model requests running at once, all routes together; the rest wait in the queue "
        f"(--max-queue, --queue-timeout) (env KYBRIEF_CONCURRENCY; default {CONCURRENCY_HELP})",
    )
    add_gather_option(group)
    group.add_argument(
        "--req-limit",
        type=parse_limit,
        default=parse_limit(env("KYBRIEF_REQ_LIMIT", "-1")),
        metavar="N",
        help="most requests per client address per minute, -1 for none (env KYBRIEF_REQ_LIMIT; "
        "default %(default)s)",
    )
    group.add_argument(
        "--batch-limit",
        type=parse_limit,
        default=parse_limit(env("KYBRIEF_BATCH_LIMIT", "-1")),
        metavar="N",
        help="most texts in one LibreTranslate request, -1 for none (default %(default)s)",
    )
    group.add_argument(
        "--max-queue",
        type=nonnegative_int,
        default=nonnegative_int(env("KYBRIEF_MAX_QUEUE", "64")),
        metavar="N",
        help="most requests waiting for a model slot, all routes together; one more gets 503 "
        "with Retry-After at once (env KYBRIEF_MAX_QUEUE; default %(default)s; 0: none wait)",
    )
    group.add_argument(
        "--queue-timeout",
        type=positive_seconds,
        default=positive_seconds(env("KYBRIEF_QUEUE_TIMEOUT", "60")),
        metavar="SECONDS",
        help="longest wait for a model slot; then 503 with Retry-After "
        "(env KYBRIEF_QUEUE_TIMEOUT; default %(default)g)",
    )
    group.add_argument(
        "--metrics",
        action="store_true",
        default=env("KYBRIEF_METRICS", "") not in ("", "0"),
        help="serve /metrics in Prometheus' text format (requests, latency, queue, model, "
        "sentences, flags), behind the same --auth / --api-keys (env KYBRIEF_METRICS)",
    )
    group.add_argument(
        "--behind-proxy",
        action="store_true",
        help="count --req-limit by the client address your reverse proxy appends to "
        "X-Forwarded-For (only behind a proxy you run)",
    )


def server_from_args(args: argparse.Namespace):
    """The ``(Limits, Access)`` of a server from its parsed options.

    Raises:
        InputError: a bad --auth, or an API keys option that names no key.
    """
    from ui.limits import Limits
    from ui.web.auth import Access, parse_auth, read_api_keys

    limits = Limits(
        max_chars=args.max_chars,
        concurrency=args.concurrency or default_concurrency(args.gather_ms),
        req_limit=args.req_limit,
        batch_limit=args.batch_limit,
        max_queue=args.max_queue,
        queue_timeout=args.queue_timeout,
    )
    access = Access(
        auth=parse_auth(args.auth),
        api_keys=read_api_keys(args.api_keys, args.api_keys_file),
        behind_proxy=args.behind_proxy,
    )
    return limits, access
