"""The servers' option for requests batched together (``translate.engines.gather``).

``--gather-ms`` (env ``KYBRIEF_GATHER_MS``) sets how long a request's batch waits for the batches
of the other requests in the model to share one model call (``ui.service.ModelService``), and
with it the default of ``--concurrency``.
"""

from __future__ import annotations

import os

from translate.engines.gather import DEFAULT_WAIT
from ui.options import number_between

#: Milliseconds a batch waits for other requests' batches (``--gather-ms``'s default).
DEFAULT_GATHER_MS = DEFAULT_WAIT * 1000
#: ``--concurrency``'s default with gathering: the requests in the model share its calls (one
#: at a time, within the token budget), so more of them at once cost no more model memory or
#: threads, and give the gatherer more to share; without it, each runs its own model calls.
GATHERED_CONCURRENCY, ALONE_CONCURRENCY = 8, 2
CONCURRENCY_HELP = (
    f"{GATHERED_CONCURRENCY} with --gather-ms, whose requests share model calls, "
    f"{ALONE_CONCURRENCY} with --gather-ms 0"
)


def add_gather_option(group) -> None:
    """Add ``--gather-ms`` to an argparse group (the server options)."""
    group.add_argument(
        "--gather-ms",
        type=milliseconds,
        default=milliseconds(os.environ.get("KYBRIEF_GATHER_MS", str(DEFAULT_GATHER_MS))),
        metavar="MS",
        help="decode the sentences of requests running at once in shared batches, each batch "
        "waiting up to MS milliseconds for the others (less once all have sent theirs); the "
        "same translations, more sentences per second under load; 0 = each request alone "
        "(env KYBRIEF_GATHER_MS; default %(default)s)",
    )


def default_concurrency(gather_ms: float) -> int:
    """``--concurrency`` when it is not given (see ``GATHERED_CONCURRENCY``)."""
    return GATHERED_CONCURRENCY if gather_ms > 0 else ALONE_CONCURRENCY


def milliseconds(value: str) -> float:
    """An argparse type: milliseconds from 0 to 1000."""
    return number_between(value, 0, 1000)
