"""kybrief translate: translate a file or standard input."""

from __future__ import annotations

import json
import sys

from translate import describe_flags
from ui.documents import INPUT_HELP, read_input
from ui.options import add_model_options, get_translator, settings_from_args


def register(sub) -> None:
    p = sub.add_parser(
        "translate",
        help="translate text between Kyrgyz, Russian and English",
        description="Translate a file (or - for standard input). The source language is "
        "detected per paragraph unless --source is given; paragraph breaks are kept.",
    )
    p.add_argument("input", nargs="?", default="-", help=INPUT_HELP)
    p.add_argument("-s", "--source", default="auto", help="ky, ru, en or auto (default auto)")
    p.add_argument("-t", "--target", default="en", help="ky, ru or en (default en)")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the sentence-aligned document as JSON (with each sentence's confidence and "
        "flags)",
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="the meaning check on every sentence: translate each translation back with the same "
        "model and flag 'meaning' where it shares little with the source (its round_trip score, "
        "0-1, goes into --json); one more model pass",
    )
    p.add_argument(
        "--show-flags",
        action="store_true",
        help="after the translation, list on stderr every sentence flagged as possibly "
        "mistranslated (low confidence, wrong language, repetition, copied, length, meaning with "
        "--verify, names), with why",
    )
    add_model_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    text = read_input(args.input)
    translator = get_translator(settings_from_args(args))
    doc = translator.translate_document(
        text, source=args.source, target=args.target, verify=args.verify
    )
    if args.json:
        json.dump(doc.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(doc.translation + "\n")
    if args.show_flags:
        sys.stdout.flush()
        sys.stderr.write(flag_report(doc))
    return 0


def flag_report(doc) -> str:
    """Every flagged sentence of a translation, numbered as in the document, with why."""
    sentences = doc.sentences
    lines = [f"kybrief: {doc.flagged_count} of {len(sentences)} sentences flagged"]
    for number, pair in enumerate(sentences, 1):
        if pair.flags:
            score = "" if pair.confidence is None else f", confidence {pair.confidence:.2f}"
            score += "" if pair.round_trip is None else f", round trip {pair.round_trip:.2f}"
            lines.append(f"  [{number}] {describe_flags(pair.flags)}{score}")
            lines.append(f"      source: {pair.source}")
            lines.append(f"      translation: {pair.translation}")
    return "\n".join(lines) + "\n"
