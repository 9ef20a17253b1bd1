"""kybrief brief: an English brief of a press release (Markdown, or JSON with --json)."""

from __future__ import annotations

import argparse
import json
import sys

from translate.errors import InputError
from ui.documents import INPUT_HELP, read_input
from ui.options import (
    add_model_options,
    get_translator,
    nonnegative_int,
    positive_int,
    settings_from_args,
)


def register(sub) -> None:
    p = sub.add_parser(
        "brief",
        help="English brief of a Kyrgyz or Russian press release",
        description="Print an English brief of a file (or - for standard input): headline, "
        "summary, key points, figures, dates, names, and warnings for every figure the "
        "translation drops or changes. Markdown by default.",
    )
    p.add_argument("input", nargs="?", default="-", help=INPUT_HELP)
    p.add_argument("--json", action="store_true", help="print the brief as JSON")
    p.add_argument(
        "-n", "--sentences", type=positive_int, default=3, help="summary sentences (default 3)"
    )
    p.add_argument(
        "--key-points", type=nonnegative_int, default=3, help="key-point sentences (default 3)"
    )
    p.add_argument(
        "--fast",
        action="store_true",
        help="translate only the headline, summary and key-point sentences",
    )
    p.add_argument("-s", "--source", default="auto", help="ky, ru, en or auto (default auto)")
    p.add_argument(
        "--verify",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the meaning check, on by default: the headline, summary and key points are "
        "translated back with the same model and flagged 'meaning' where they share little "
        "with the source (one more model pass over those sentences); --no-verify skips it",
    )
    p.add_argument(
        "--abstractive",
        metavar="MODEL",
        help="write the summary with this seq2seq summarization model (hub id or folder, "
        "e.g. sshleifer/distilbart-cnn-12-6) instead of picking sentences",
    )
    add_model_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from summarize import brief

    text = read_input(args.input)
    if not text.strip():  # before any model loads
        name = "standard input" if args.input == "-" else args.input
        raise InputError(f"{name} is empty: there is nothing to brief")
    settings = settings_from_args(args)
    summarizer = None
    if args.abstractive:
        from summarize.abstractive import AbstractiveSummarizer

        summarizer = AbstractiveSummarizer(
            args.abstractive,
            device=settings.device,
            cache_dir=settings.cache_dir,
            local_files_only=settings.offline,
        )
    result = brief(
        text,
        translator=get_translator(settings),
        sentences=args.sentences,
        full_translation=not args.fast,
        source=args.source,
        summarizer=summarizer,
        key_points=args.key_points,
        verify=args.verify,
    )
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result.to_markdown())
    return 0
