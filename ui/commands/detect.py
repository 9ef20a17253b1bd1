"""kybrief detect: the language of each paragraph."""

from __future__ import annotations

import json
import sys

from translate import detect_paragraph_languages
from ui.documents import INPUT_HELP, read_input


def register(sub) -> None:
    p = sub.add_parser(
        "detect",
        help="detect the language of each paragraph",
        description="Print one line per paragraph: language code, confidence, first words.",
    )
    p.add_argument("input", nargs="?", default="-", help=INPUT_HELP)
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p.set_defaults(run=run)


def run(args) -> int:
    for paragraph, guess in detect_paragraph_languages(read_input(args.input)):
        if args.json:
            row = {**guess.to_dict(), "paragraph": paragraph}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{guess.code}\t{guess.confidence:.2f}\t{paragraph[:60]}\n")
    return 0
