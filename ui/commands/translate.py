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
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="OUT",
        help="write the translation as a document of the input's format (.docx, .odt, .pptx, "
        ".html/.htm, .md, .srt, .txt; a .pdf becomes .docx or .txt, its layout not kept): "
        "structure and formatting kept, flagged sentences marked, a count at the end; "
        "without it the translation is printed as text",
    )
    p.add_argument(
        "--no-marks",
        action="store_true",
        help="with -o: do not mark flagged sentences in the document (comments, highlights, "
        "notes); the count is still printed",
    )
    p.add_argument("-s", "--source", default="auto", help="ky, ru, en or auto (default auto)")
    p.add_argument("-t", "--target", default="en", help="ky, ru or en (default en)")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the sentence-aligned document as JSON (with each sentence's confidence and "
        "flags); with -o, what translating the file did (paragraphs, flags, kept in source)",
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
    if args.output:
        return run_file(args)
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


def run_file(args) -> int:
    """``-o OUT``: translate a document into a document of its format."""
    from pathlib import Path

    from translate import InputError
    from ui.files import output_format, translate_file

    if args.input == "-":
        raise InputError("-o needs an input file (a document), not standard input")
    output_format(Path(args.input).suffix, Path(args.output).suffix)  # fail before loading
    translator = get_translator(settings_from_args(args))
    source = None if args.source in ("", "auto") else args.source
    result = translate_file(
        args.input,
        args.output,
        translator,
        target=args.target,
        source=source,
        marks=not args.no_marks,
    )
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    sys.stderr.write(file_report(result))
    return 0


def file_report(result) -> str:
    """The lines a translated file ends with: where it went, what was flagged and kept."""
    lines = [
        f"kybrief: wrote {result.out_path} ({result.translated} of {result.paragraphs} "
        f"paragraphs translated)"
    ]
    where = " (marked in the document)" if result.marked and result.flagged else ""
    lines.append(f"kybrief: {result.flagged} of {result.sentences} sentences flagged{where}")
    for kept in result.kept_in_source:
        lines.append(f"kybrief: kept in the source language: {kept.where}: {kept.reason}")
    lines.extend(f"kybrief: {note}" for note in result.notes)
    return "\n".join(lines) + "\n"


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
