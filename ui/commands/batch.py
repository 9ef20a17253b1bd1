"""kybrief batch: briefs and translations of whole archives, resumable, cached, local or on Ray."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from translate import InputError, check_language
from ui.batch import (
    FORMATS,
    MODES,
    BatchJob,
    BatchSummary,
    Journal,
    Progress,
    SkipDone,
    count_inputs,
    iter_inputs,
    journal_path,
    render,
    run_local,
)
from ui.options import (
    add_model_engine_option,
    add_model_options,
    get_translator,
    settings_from_args,
)

DESCRIPTION = """\
Brief and/or translate every document of folders (recursive; .txt .md .html .htm .docx .pdf),
.jsonl / .csv files (one document per record: --text-field, id from an "id" field), .zip and
.tar.gz archives, or - for standard input. One JSON record per document: id, detected language,
brief and/or translation, error (null when it worked) and timings.

Sentences of many documents are translated together, and every translation goes into a
SQLite translation memory (--tm-cache; default OUTPUT.tm.sqlite), so a re-run costs nothing.
Records are appended and synced chunk by chunk: after a crash or kill, --resume finishes the
run with every document exactly once. With --format csv or md, the records are journaled in
OUTPUT.journal.jsonl and the output is written from the journal at the end."""

EPILOG = """\
exit status: 0 when every document succeeded, 1 when any failed (its record carries the error)
or the run could not start, 2 for a usage error.

examples:
  kybrief batch releases/ -o briefs.jsonl
  kybrief batch news.csv --text-field body --mode both --format csv -o out.csv
  kybrief batch releases.zip -o briefs.jsonl --resume
  kybrief batch releases/ --copies releases-en/ -o copies.jsonl
  kybrief batch big.jsonl -o briefs.jsonl --engine ray --address ray://head:10001 --actors 4"""


def register(sub) -> None:
    # "resolve": this command's --engine picks the runner (local or ray), as the issue asks;
    # the model options' --engine (transformers/ctranslate2) becomes --model-engine here.
    p = sub.add_parser(
        "batch",
        help="brief or translate whole folders and archives (resumable)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        conflict_handler="resolve",
    )
    p.add_argument("inputs", nargs="+", metavar="ARCHIVE", help="files, folders, archives or -")
    p.add_argument("-o", "--output", required=True, help="output file (.jsonl, .csv or .md)")
    p.add_argument("--mode", choices=MODES, default="brief", help="default %(default)s")
    p.add_argument("-t", "--target", default="en", help="translation language (default en)")
    p.add_argument("--format", choices=FORMATS, default=None, help="default: from -o, else jsonl")
    p.add_argument("--text-field", default="text", help="text field of .jsonl/.csv records")
    again = p.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="finish an interrupted run")
    again.add_argument("--overwrite", action="store_true", help="replace an existing output")
    p.add_argument("--sentences", type=int, default=3, help="summary sentences (default 3)")
    p.add_argument("--fast", action="store_true", help="briefs translate only key sentences")
    p.add_argument(
        "--verify",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the meaning check (sentences translated back; 'meaning' flags and round_trip "
        "scores in the records): on the headline, summary and key points of briefs (on by "
        "default; --no-verify skips it), on every sentence of translations (off by default)",
    )
    p.add_argument("--chunk-size", type=int, default=32, help="documents translated together")
    p.add_argument(
        "--copies",
        metavar="DIR",
        help="write a translated copy (into --target) of every document file into DIR, in its "
        "own format and under its path in the input folder (.docx .odt .pptx .html .htm .md "
        ".srt .txt; a .pdf becomes a .docx): the records in -o say what each copy holds "
        "(flagged sentences, paragraphs kept in the source language) or why it failed; "
        "--resume finishes an interrupted run; --mode is not used; local runner only",
    )
    p.add_argument(
        "--no-marks",
        action="store_true",
        help="with --copies: do not mark flagged sentences inside the copies",
    )
    add_model_options(p)
    add_runner_options(p)  # after the model options: its --engine replaces theirs
    add_model_engine_option(p)
    p.set_defaults(run=run)


def add_runner_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("runner options")
    group.add_argument(
        "--engine",
        dest="runner",
        choices=["local", "ray"],
        default="local",
        help="local: this process; ray: Ray Data actors (pip install 'ray[data]')",
    )
    group.add_argument("--address", help="Ray cluster address (default: start a local Ray)")
    group.add_argument("--actors", type=int, help="Ray translator actors (default: GPUs, or 1)")
    group.add_argument(
        "--gpus-per-actor", type=float, help="default 1 when the cluster has GPUs, else 0"
    )
    group.add_argument("--ray-cpus", type=int, help="CPUs of a local Ray (default: all)")


def output_format(args) -> str:
    """--format, else the output's extension (.csv, .md), else jsonl."""
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lower().lstrip(".")
    return {"csv": "csv", "md": "md", "markdown": "md"}.get(suffix, "jsonl")


def run(args) -> int:
    if args.copies:
        return run_copies_command(args)
    job = BatchJob(
        args.mode, args.target, args.sentences, args.fast, args.chunk_size, verify=args.verify
    )
    fmt = output_format(args)
    _default_tm_cache(args)
    if "-" in args.inputs and args.resume:
        raise InputError("--resume needs files: standard input cannot be read a second time")
    output = Path(args.output)
    exists = output.exists() and output.stat().st_size > 0
    if fmt != "jsonl" and exists and not (args.resume or args.overwrite):
        raise InputError(f"{output} exists; pass --resume to finish it or --overwrite")
    settings = settings_from_args(args)
    no_library_progress_bars()
    with Journal(journal_path(output, fmt), args.resume, args.overwrite) as journal:
        total = _count(args, len(journal.done)) if sys.stderr.isatty() else None
        progress = Progress(total)
        docs = SkipDone(iter_inputs(args.inputs, args.text_field), journal.done)
        cache = _run(args, docs, job, settings, journal, progress)
    return _finish(args, journal.path, fmt, progress, docs, args.runner, cache)


def run_copies_command(args) -> int:
    """``--copies DIR``: translated copies of document files, their records in -o."""
    from ui.batch.copies import iter_copy_sources, run_copies

    if "-" in args.inputs:
        raise InputError("--copies needs files or folders: standard input has no file to copy")
    if args.runner != "local":
        raise InputError("--copies runs on the local runner only (drop --engine ray)")
    check_language(args.target)
    fmt = output_format(args)
    _default_tm_cache(args)
    settings = settings_from_args(args)
    no_library_progress_bars()
    with Journal(journal_path(Path(args.output), fmt), args.resume, args.overwrite) as journal:
        sources = list(iter_copy_sources(args.inputs))
        progress = Progress(len(sources) - len(journal.done) if sys.stderr.isatty() else None)
        todo = SkipDone(sources, journal.done)
        translator = get_translator(settings)
        run_copies(
            todo,
            Path(args.copies),
            translator,
            journal,
            progress,
            target=args.target,
            marks=not args.no_marks,
        )
    cache = translator.cache.stats().to_dict() if translator.cache else {}
    return _finish(args, journal.path, fmt, progress, todo, "local", cache)


def _default_tm_cache(args) -> None:
    """Without --tm-cache, the translation memory lives beside the output."""
    if not args.tm_cache:
        args.tm_cache = str(Path(args.output).with_name(Path(args.output).name + ".tm.sqlite"))


def _finish(args, journal: Path, fmt: str, progress, docs, engine: str, cache: dict) -> int:
    """Render the output from the journal, print the summary; the exit status."""
    render(journal, args.output, fmt)
    summary = BatchSummary(
        done=progress.done,
        failed=progress.failed,
        skipped=docs.skipped,
        failed_before=docs.failed_before,
        sentences=progress.sentences,
        seconds=round(progress.seconds(), 3),
        output=str(args.output),
        engine=engine,
        cache=cache,
    )
    progress.finish(summary)
    return 0 if summary.ok else 1


def _run(args, docs, job, settings, journal, progress) -> dict:
    """Run the chosen runner; the translation cache's stats (local runner only)."""
    if args.runner == "ray":
        from ui.batch.ray_runner import RayOptions, run_ray

        options = RayOptions(args.address, args.actors, args.gpus_per_actor, args.ray_cpus)
        run_ray(docs, job, settings, journal, progress, options)
        return {}
    translator = get_translator(settings)
    run_local(docs, job, translator, journal, progress)
    return translator.cache.stats().to_dict() if translator.cache else {}


def no_library_progress_bars() -> None:
    """The batch draws its own bar (or none): no model-loading bars from Hugging Face."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()


def _count(args, done: int) -> int | None:
    """Documents still to do, for the progress bar's ETA (not known for standard input)."""
    if "-" in args.inputs:
        return None
    return max(count_inputs(args.inputs, args.text_field) - done, 0)
