"""Render a sample digest with the demo model, and take a headless Chromium screenshot of it.

The sample: the two seed releases in Kyrgyz, the Russian version of the first (assembled from
the Russian column of tests/data/seeds/sentences.jsonl), and an empty file (to show a skipped
document). The file dates are made up for the example (the releases carry no dateline).
The demo model (ui/demo_model, a copy of the tiny test model) only knows these sentences.

    python scripts/digest_example.py                   # test-output/digest_example.*
    python scripts/digest_example.py --changed-figure  # Russian "1000 тонн" -> "1500 тонн"
    python scripts/digest_example.py --changed-figure --height 1500 --out bench/digest-example
                                                       # the README's image (top of the page)

Writes .html, .md, .json and a .png screenshot; ``--changed-figure`` shows the cross-check
warning.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _chromium import CHROMIUM, LAUNCH_ARGS  # the browser tests' Chromium and its flags

from summarize import DigestInput, digest
from translate import Translator

SEEDS = ROOT / "tests" / "data" / "seeds"
DEMO_MODEL = ROOT / "ui" / "demo_model"
FIRST, SECOND = "000_38dde02481074d0c", "003_81dc408626ee1eb4"


def russian_version(doc_id: str) -> str:
    """A seed release in Russian, paragraph by paragraph from the aligned seed sentences."""
    paragraphs: dict[int, list[str]] = {}
    for line in (SEEDS / "sentences.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row["doc"] == doc_id:
                paragraphs.setdefault(row["paragraph"], []).append(row["ru"])
    return "\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))


def sample_inputs(changed_figure: bool = False) -> list[DigestInput]:
    """The sample documents, with example file dates."""
    russian = russian_version(FIRST)
    if changed_figure:
        russian = russian.replace("1000 тонн", "1500 тонн")
    day = datetime.date(2021, 11, 25)
    return [
        DigestInput((SEEDS / f"{FIRST}.txt").read_text(encoding="utf-8"), f"{FIRST}.txt", day),
        DigestInput(russian, f"{FIRST}.ru.txt", day),
        DigestInput(
            (SEEDS / f"{SECOND}.txt").read_text(encoding="utf-8"),
            f"{SECOND}.txt",
            day + datetime.timedelta(days=1),
        ),
        DigestInput("", "empty.txt", day),
    ]


def screenshot(html: Path, png: Path, width: int = 1100, height: int | None = None) -> None:
    """A screenshot of a local HTML file in headless Chromium: the full page, or its top
    ``height`` pixels (saved with a 256-colour palette, which keeps a README image small)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height or 900})
        page.goto(html.resolve().as_uri())
        page.screenshot(path=str(png), full_page=height is None)
        browser.close()
    if height is not None:
        from PIL import Image

        with Image.open(png) as image:
            small = image.convert("RGB").quantize(colors=256)
        small.save(png, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "test-output" / "digest_example")
    parser.add_argument("--changed-figure", action="store_true")
    parser.add_argument("--no-screenshot", action="store_true")
    parser.add_argument("--height", type=int, help="screenshot only the top HEIGHT pixels")
    args = parser.parse_args(argv)
    translator = Translator(str(DEMO_MODEL), device="cpu")
    result = digest(
        sample_inputs(args.changed_figure),
        translator,
        title="Kyrgyz government releases: example digest (demo model)",
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    html = args.out.with_suffix(".html")
    html.write_text(result.to_html(), encoding="utf-8")
    args.out.with_suffix(".md").write_text(result.to_markdown(), encoding="utf-8")
    args.out.with_suffix(".json").write_text(result.to_json(), encoding="utf-8")
    print(f"wrote {html} (+ .md, .json)")
    if not args.no_screenshot:
        png = args.out.with_suffix(".png")
        screenshot(html, png, height=args.height)
        print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
