"""Subtitles (.srt): each cue's text translated, its number and timings untouched.

The ``srt`` library parses and writes the file; a cue's lines are one paragraph (translated
together) spread back over as many lines as it had.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ui.documents import decode_text
from ui.files.safety import DocumentError
from ui.files.units import Unit


def open_srt(name: str, data: bytes) -> tuple[list[Unit], Callable[[Path], None]]:
    """The cues of a subtitle file and how to save it."""
    import srt

    try:
        cues = list(srt.parse(decode_text(name, data).replace("\r\n", "\n")))
    except srt.SRTParseError as exc:
        raise DocumentError(f"{name}: not a readable .srt file ({exc})") from exc
    units = []
    for number, cue in enumerate(cues):
        lines = cue.content.split("\n")
        units.append(
            Unit(
                f"cue {cue.index} ({cue.start} --> {cue.end})",
                lines,
                [None] * len(lines),
                _writer(cues, number),
                set(range(1, len(lines))),
            )
        )

    def save(path: Path) -> None:
        path.write_text(srt.compose(cues, reindex=False), encoding="utf-8")

    return units, save


def _writer(cues: list, number: int) -> Callable[[list[str]], None]:
    def write(parts: list[str]) -> None:
        lines = [part.strip() for part in parts if part.strip()]
        cues[number].content = "\n".join(lines)

    return write
