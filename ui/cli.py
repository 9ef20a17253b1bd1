"""The ``kybrief`` command line: ui, serve, brief, translate, detect, batch, digest, download.

Errors from the library (``KybriefError``) become one line on stderr and exit status 1;
usage errors exit with 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sys

from translate import KybriefError

#: Each command lives in ui/commands/<name>.py with register(subparsers).
COMMANDS = ("ui", "serve", "brief", "translate", "detect", "batch", "digest", "download")

EPILOG = """examples:
  kybrief brief release_ky.txt            English brief of a Kyrgyz press release
  kybrief translate -t ru release_ky.txt  Kyrgyz -> Russian
  kybrief digest releases/ -o digest.html one English report of many releases
  kybrief ui --demo                       the app with the bundled tiny demo model
  kybrief download                        fetch NLLB-200 once for offline use
run `kybrief COMMAND --help` for the options of a command."""


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every installed command."""
    parser = argparse.ArgumentParser(
        prog="kybrief",
        description="Kyrgyz-Russian-English translation (NLLB-200) and English briefs of "
        "Kyrgyz government press releases.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if importlib.util.find_spec(f"ui.commands.{name}") is None:
            continue  # a command whose module is not installed is simply not offered
        importlib.import_module(f"ui.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:  # a first-use conversion takes a while: say what is happening
        logging.getLogger("translate.engines.convert").setLevel(logging.INFO)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except KybriefError as exc:
        print(f"kybrief: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kybrief: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
