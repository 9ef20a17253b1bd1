"""kybrief's benchmarks, one entry: ``python scripts/bench.py [PART] [options]``.

    python scripts/bench.py                      # the speed run, all of it: bench/results.*
    python scripts/bench.py --quick              # the same, short (a check of the script)
    python scripts/bench.py brief-compare        # warm brief(), this tree vs dd7696c, in one run
    python scripts/bench.py brief-modes          # brief() full vs fast mode
    python scripts/bench.py meaning              # the meaning check: flags and cost
    python scripts/bench.py research             # CTranslate2 settings vs a plain loop
    python scripts/bench.py gather               # a server's sentences/s, gathering on vs off
    python scripts/bench.py model                # build the benchmark's 600M-shape model
    python scripts/bench.py PART --help          # a part's options

Each part is a module of ``scripts/benchmarks/`` (``brief-compare`` is ``brief_compare.py``);
``workers.py``, ``servers.py`` and ``report.py`` are the speed run's measured processes, server
launches and result files.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: PART -> what it measures and writes (``--help`` lists these).
PARTS = {
    "speed": "the default (no PART): translation tokens/s of kybrief's Translator against a "
    "plain CTranslate2 loop, brief() of each seed release before (transformers) and after, "
    "cold and warm, and `kybrief ui` / `kybrief serve` start-to-ready and peak RSS, every "
    "configuration in its own process, on the grafted 600M-shape model. Writes "
    "bench/results.{md,json} (bench/results-gpu.* with --device cuda). About 10 minutes on "
    "2 cores; --quick for a check, --parts to pick parts.",
    "brief-compare": "is a warm brief() of a sample release (ui/examples/*.txt) slower than at "
    "an earlier commit? Checks out --base (default dd7696c) in a temporary git worktree and, "
    "in one run, alternates warm briefs between that tree and this one (one process each, the "
    "tiny model, engine ctranslate2); medians, their ratio, and whether the brief JSON is the "
    "same apart from warnings. Writes bench/brief_compare.{json,md}. About 2 minutes.",
    "brief-modes": "brief() in full mode (every sentence translated) against fast mode (only "
    "the headline, summary and key-point sentences), with the time inside the engine apart. "
    "Merges into bench/brief_latency.json.",
    "meaning": "the meaning check with the demo model: read sentences flagged on the sample "
    "releases (none should be) and on 23 unseen releases (most should, by meaning), and a warm "
    "brief with the check off and on, alternating in one run. Writes bench/meaning.{json,md}.",
    "research": "CTranslate2 settings (threads, batching, ordering, options) against a plain "
    "int8 loop, each timed between two runs of it, token for token. Writes bench/research.*.",
    "gather": "requests batched together: a real `kybrief serve` (loopback, the demo model or "
    "--model) under 8 concurrent clients briefing the seed releases, sentences per second with "
    "gathering off (today's path), off with --concurrency 8, and on (the defaults), alternating "
    "in one run, plus a lone client's latency; whether every brief is identical. Writes "
    "bench/gather.{json,md}. About 5 minutes on 2 cores.",
    "model": "build the grafted 600M-shape model and its plain int8 conversion into "
    "--cache (once; the speed run and research do it themselves).",
}


def parts_help() -> str:
    """The list of parts, for ``--help``."""
    import textwrap

    lines = ["parts (python scripts/bench.py PART [options]; PART --help for its options):"]
    for name, about in PARTS.items():
        lines.append(f"  {name}")
        lines += textwrap.wrap(about, 88, initial_indent="      ", subsequent_indent="      ")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    named = bool(argv) and argv[0] in PARTS
    name = argv.pop(0) if named else "speed"
    module = importlib.import_module("benchmarks." + name.replace("-", "_"))
    if named:
        return module.main(argv, prog=f"bench.py {name}")
    return module.main(
        argv,
        prog="bench.py",
        usage="%(prog)s [PART] [options]",
        description="kybrief's benchmarks. With no PART: the speed run (its options below);\n"
        "with a PART: that part (bench.py PART --help for its options).",
        epilog=parts_help(),
    )


if __name__ == "__main__":
    raise SystemExit(main())
