"""Glossaries from the command line, the environment, app uploads and API requests.

``--glossary FILE`` (env ``KYBRIEF_GLOSSARY``) adds a user glossary to the built-in one for
every translation a command makes; ``--no-glossary`` writes the model's English as it is.
A request of the app or the JSON API may bring its own glossary on top (see
``translate.names.glossary`` for the format).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from translate.errors import InputError
from translate.names.glossary import Glossary, glossary_from_items, load_glossary, parse_glossary

#: What the app's upload accepts.
GLOSSARY_EXTENSIONS = (".tsv", ".csv", ".txt")
GLOSSARY_HELP = (
    "a glossary of official English for names and terms: TSV or CSV lines of 'source term, "
    "English[, kind[, alternatives]]' (see the README, 'Names and glossaries'), added to the "
    "built-in one (env KYBRIEF_GLOSSARY)"
)


def add_glossary_options(group) -> None:
    """``--glossary FILE`` and ``--no-glossary`` (in the model options of every command)."""
    group.add_argument(
        "--glossary",
        metavar="FILE",
        default=os.environ.get("KYBRIEF_GLOSSARY") or None,
        help=GLOSSARY_HELP,
    )
    group.add_argument(
        "--no-glossary",
        action="store_true",
        help="do not write names officially nor check them: the model's English as it is",
    )


def glossary_setting(args: argparse.Namespace) -> str | bool | None:
    """``ModelSettings.glossary`` from parsed options: False (off), a checked file, or None
    (the built-in glossary).

    Raises:
        InputError: the file is missing or malformed (the message names the line).
    """
    if getattr(args, "no_glossary", False):
        return False
    path = getattr(args, "glossary", None)
    if not path:
        return None
    load_glossary(path)  # a bad file fails the command now, with its line number
    return str(Path(path).resolve())


def request_glossary(value: object, name: str = "request") -> Glossary | bool | None:
    """The glossary a request brings.

    Args:
        value: None (the server's), True (the server's), False (none), TSV or CSV text, a
            list of ``{"source": ..., "english": ...}`` items, or a ``Glossary``.
        name: what error messages call it.

    Raises:
        InputError: malformed text or items (the message names the line or item).
    """
    if value is None or value is True:
        return None
    if value is False or isinstance(value, Glossary):
        return value
    if isinstance(value, str):
        return parse_glossary(value, name) if value.strip() else None
    if isinstance(value, Sequence):
        return glossary_from_items(value, name) if value else None
    raise InputError(f"glossary: expected text or a list of items, not {type(value).__name__}")


def upload_glossary(path: str | None) -> Glossary | None:
    """The glossary of an app upload (None when nothing was uploaded).

    Raises:
        InputError: not a .tsv/.csv/.txt file, or a malformed one (with the line number).
    """
    if not path:
        return None
    file = Path(path)
    if file.suffix.lower() not in GLOSSARY_EXTENSIONS:
        raise InputError(f"{file.name}: a glossary is a .tsv or .csv file")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"glossary {file.name}: not UTF-8 text") from exc
    csv_format = True if file.suffix.lower() == ".csv" else None
    return parse_glossary(text, file.name, csv_format=csv_format)
