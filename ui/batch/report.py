"""Progress and the final summary of a batch run.

On a terminal (stderr is a tty): a tqdm bar (documents per second, ETA) with the sentences
per second beside it, then one human line. Elsewhere: nothing while it runs, then one JSON
line on stderr that scripts can parse.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import TextIO


@dataclass(frozen=True)
class BatchSummary:
    """What a run did: ``failed`` in this run, ``failed_before`` among the skipped ones."""

    done: int
    failed: int
    skipped: int
    failed_before: int
    sentences: int
    seconds: float
    output: str
    engine: str
    cache: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no document of the output failed (this run's or an earlier one's)."""
        return self.failed == 0 and self.failed_before == 0

    def to_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}

    def human(self) -> str:
        parts = [f"{self.done} done", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (already in the output")
            parts[-1] += f", {self.failed_before} of them failed)" if self.failed_before else ")"
        rate = self.sentences / self.seconds if self.seconds > 0 else 0.0
        return (
            f"kybrief batch: {', '.join(parts)}; {self.sentences} sentences "
            f"({rate:.1f}/s) in {self.seconds:.1f} s -> {self.output}"
        )


class Progress:
    """Counts documents and sentences; draws a bar only when ``stream`` is a terminal."""

    def __init__(
        self, total: int | None = None, stream: TextIO | None = None, desc: str = "batch"
    ) -> None:
        self.stream = stream or sys.stderr
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.done = self.failed = self.sentences = 0
        self._bar = None
        if self.interactive:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, unit="doc", file=self.stream, dynamic_ncols=True, desc=desc
            )

    def documents(self, records: list[dict], sentences: int = 0) -> None:
        """Count finished documents (their records) and the sentences they took."""
        failed = sum(1 for r in records if r.get("error") is not None)
        self.failed += failed
        self.done += len(records) - failed
        self.sentences += sentences
        if self._bar is not None:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            self._bar.set_postfix(
                sent=self.sentences, sent_s=f"{self.sentences / elapsed:.1f}", failed=self.failed
            )
            self._bar.update(len(records))

    def seconds(self) -> float:
        return time.monotonic() - self.started

    def close(self) -> None:
        """Close the bar (if any), leaving the summary to the caller."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def finish(self, summary: BatchSummary) -> None:
        """Close the bar and print the summary: human on a terminal, else one JSON line."""
        if self.interactive:
            self.close()
            print(summary.human(), file=self.stream)
        else:
            print(json.dumps(summary.to_dict(), sort_keys=True), file=self.stream)
        self.stream.flush()
