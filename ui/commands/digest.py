"""kybrief digest: many releases (or a batch output) as one English report, an entry an event."""

from __future__ import annotations

import argparse
import datetime
import functools
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from translate import InputError
from ui.batch import BatchJob, Journal, Progress, SkipDone, count_inputs, read_records, run_local
from ui.batch.digest import DigestPlan
from ui.commands.batch import add_runner_options, no_library_progress_bars
from ui.options import (
    add_model_engine_option,
    add_model_options,
    get_translator,
    positive_int,
    settings_from_args,
)

FORMATS = ("html", "md", "json")
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}

DESCRIPTION = """\
One English report of many press releases: one entry per event (the Kyrgyz and Russian
versions of a release, or two outlets' versions, are merged), grouped by date and issuing body,
each with headline, summary, key figures, names, warnings and its sources; figures are
cross-checked between the versions of an event, and an entry's English comes from the version
with the better translation direction (Russian -> English before Kyrgyz -> English) unless its
sentences are flagged. Then a table of every figure and a chart of events per day.

INPUT is what `kybrief batch` reads (folders, .txt .md .html .htm .docx .pdf files, .jsonl /
.csv records, .zip / .tar.gz archives, - for standard input) or a batch output (a .jsonl of
`kybrief batch` records, recognised by their shape): its briefs are used as they are, nothing
is translated again, and the digest equals the digest of the same files. A document without a
dateline is dated by its metadata: the file's modification time, or a record's "date" field
(YYYY-MM-DD); a dateline without a year takes the year the text gives for that day or month,
else the metadata's, and the report says so. Sources are named as given (the files of an
absolute /home/me/releases as releases/a.txt), never by an absolute path.

Documents are briefed by the batch machinery: chunks translated together, the translation
memory (--tm-cache; default: in memory, or JOURNAL.tm.sqlite with --journal), --engine ray,
a progress bar on a terminal. With --journal the batch records are kept, and --resume finishes
an interrupted run."""

EPILOG = """\
exit status: 0 when a digest was written, even if some documents were skipped (they are listed
in the report with the reason); 1 when no document could be digested or the run failed; 2 for a
usage error (a bad option, or a date that is not YYYY-MM-DD).

examples:
  kybrief digest releases/ -o digest.html
  kybrief digest week.zip --since 2024-03-18 --until 2024-03-24 -o week.md
  kybrief batch releases/ -o briefs.jsonl && kybrief digest briefs.jsonl -o digest.html
  kybrief digest --demo ui/examples/ -o -"""


def day(value: str) -> datetime.date:
    """A ``YYYY-MM-DD`` option value (argparse type)."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(sub) -> None:
    # "resolve": --engine picks the runner (local or ray) as in `kybrief batch`; the inference
    # engine is --model-engine.
    p = sub.add_parser(
        "digest",
        help="one English report of many releases: one entry per event, figures cross-checked",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        conflict_handler="resolve",
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files, folders, archives, batch outputs, or -"
    )
    p.add_argument("-o", "--output", required=True, help="report file, or - for standard output")
    p.add_argument(
        "--format", choices=FORMATS, help="default: from -o (.html .htm .md .json), else html"
    )
    p.add_argument("--since", type=day, metavar="DATE", help="only releases of this day or later")
    p.add_argument("--until", type=day, metavar="DATE", help="only releases up to this day")
    p.add_argument("--title", help="the report's title")
    p.add_argument(
        "--sentences", type=positive_int, default=3, help="summary sentences (default 3)"
    )
    p.add_argument("--fast", action="store_true", help="briefs translate only key sentences")
    p.add_argument(
        "--no-verify",
        dest="verify",
        action="store_false",
        help="skip the meaning check of each brief's headline, summary and key points (on by "
        "default: they are translated back and flagged 'meaning' where they share little with "
        "the source)",
    )
    p.add_argument("--text-field", default="text", help="text field of .jsonl/.csv records")
    batch = p.add_argument_group("batch options")
    batch.add_argument("--chunk-size", type=positive_int, default=32, help="documents per chunk")
    batch.add_argument("--journal", metavar="FILE", help="keep the batch records in FILE")
    again = batch.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="finish the run in --journal")
    again.add_argument("--overwrite", action="store_true", help="start --journal again")
    add_model_options(p)
    add_runner_options(p)  # after the model options: its --engine replaces theirs
    add_model_engine_option(p)
    p.set_defaults(run=functools.partial(run, parser=p))


def output_format(args) -> str:
    """--format, else from the output's extension, else html."""
    return args.format or _SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "html")


def run(args, parser: argparse.ArgumentParser | None = None) -> int:
    from summarize import digest
    from summarize.digest.build import DEFAULT_TITLE
    from translate.names.glossary import load_glossary

    _check_usage(args, parser)
    started = time.monotonic()
    fmt = output_format(args)
    path = None if args.no_glossary else args.glossary
    glossary = load_glossary(path) if path else None  # a bad file fails now
    job = BatchJob(
        "brief", "en", args.sentences, args.fast, args.chunk_size, path, verify=args.verify
    )
    plan = DigestPlan(args.inputs, args.text_field, exclude=_own_files(args))
    if path and plan.batch_outputs:
        note = "kybrief: note: --glossary does not change briefs read from a batch output"
        print(note, file=sys.stderr)
    inputs, progress = _brief_documents(args, plan, job)
    title = args.title or DEFAULT_TITLE
    result = digest(inputs, since=args.since, until=args.until, glossary=glossary, title=title)
    used = len(inputs) - len(result.skipped)
    if used == 0:
        reasons = "; ".join(f"{s.id}: {s.reason}" for s in result.skipped[:3]) or "no documents"
        raise InputError(f"nothing to digest: every document was skipped ({reasons})")
    _write(result, fmt, args.output)
    _summary(result, args.output, time.monotonic() - started, progress)
    return 0


def _check_usage(args, parser: argparse.ArgumentParser | None) -> None:
    problems = []
    if args.since and args.until and args.since > args.until:
        problems.append(f"--since {args.since} is after --until {args.until}")
    if (args.resume or args.overwrite) and not args.journal:
        problems.append("--resume and --overwrite need --journal FILE")
    if args.resume and "-" in args.inputs:
        problems.append("--resume needs files: standard input cannot be read a second time")
    if args.output != "-" and any(_same(args.output, source) for source in args.inputs):
        problems.append(f"the output {args.output} is also an input")
    if problems and parser is not None:
        parser.error("; ".join(problems))
    if problems:
        raise InputError("; ".join(problems))


def _own_files(args) -> list[str]:
    """The files this run writes: never read as documents from an input folder."""
    files = [] if args.output == "-" else [args.output, f"{args.output}.tmp"]
    for base in (args.journal, args.tm_cache):
        if base and base != ":memory:":
            files += [base, f"{base}-wal", f"{base}-shm", f"{base}-journal"]
    if args.journal and not args.tm_cache:
        files += [f"{args.journal}.tm.sqlite{end}" for end in ("", "-wal", "-shm", "-journal")]
    return files


def _same(output: str, source: str) -> bool:
    return source != "-" and Path(source).resolve() == Path(output).resolve()


def _brief_documents(args, plan: DigestPlan, job: BatchJob):
    """Run the plan's documents through the batch runner; (the digest's inputs, progress)."""
    no_library_progress_bars()
    with tempfile.TemporaryDirectory(prefix="kybrief-digest-") as folder:
        journal_file = Path(args.journal or Path(folder) / "briefs.jsonl")
        if not args.tm_cache:
            args.tm_cache = f"{args.journal}.tm.sqlite" if args.journal else ":memory:"
        with Journal(journal_file, args.resume, args.overwrite) as journal:
            total = _count(args, plan, len(journal.done)) if sys.stderr.isatty() else None
            progress = Progress(total, desc="digest")
            docs = SkipDone(plan.documents(), journal.done)
            _run(args, docs, job, journal, progress)
        progress.close()
        return plan.inputs(read_records(journal_file)), progress


def _run(args, docs, job: BatchJob, journal, progress) -> None:
    """The chosen runner on the documents; the model is loaded only if there is one."""
    docs = iter(docs)
    first = next(docs, None)
    if first is None:
        return
    docs = itertools.chain([first], docs)
    settings = settings_from_args(args)
    if args.runner == "ray":
        from ui.batch.ray_runner import RayOptions, run_ray

        options = RayOptions(args.address, args.actors, args.gpus_per_actor, args.ray_cpus)
        run_ray(docs, job, settings, journal, progress, options)
    else:
        run_local(docs, job, get_translator(settings), journal, progress)


def _count(args, plan: DigestPlan, done: int) -> int | None:
    """Documents still to brief, for the progress bar (not known for standard input)."""
    if "-" in args.inputs:
        return None
    return max(count_inputs(plan.text_sources, args.text_field) - done, 0)


def _write(result, fmt: str, output: str) -> None:
    """The report in ``fmt`` to ``output`` (atomically: temp + rename), or stdout for -."""
    text = {"html": result.to_html, "md": result.to_markdown, "json": result.to_json}[fmt]()
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temp, path)


def _summary(result, output: str, seconds: float, progress: Progress) -> None:
    """One line on stderr: human on a terminal, else JSON."""
    summary = {
        "entries": len(result.entries),
        "documents": result.document_count,
        "skipped": len(result.skipped),
        "outside": len(result.outside),
        "briefed": progress.done,
        "seconds": round(seconds, 3),
        "output": output,
    }
    if progress.interactive:
        line = (
            f"kybrief digest: {summary['entries']} entries from {summary['documents']} "
            f"documents, {summary['skipped']} skipped, {summary['outside']} outside the dates "
            f"({seconds:.1f} s) -> {output}"
        )
    else:
        line = json.dumps(summary, sort_keys=True)
    print(line, file=sys.stderr)
