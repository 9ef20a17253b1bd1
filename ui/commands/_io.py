"""Reading a command's text input (a file or ``-`` for stdin)."""

from __future__ import annotations

import sys
from pathlib import Path

from translate.errors import InputError


def read_input_text(source: str) -> str:
    """The text of ``source``: a path, or ``-`` for standard input (UTF-8)."""
    if source == "-":
        data = sys.stdin.buffer.read()
        name = "standard input"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"no such file: {source}")
        data = path.read_bytes()
        name = source
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
