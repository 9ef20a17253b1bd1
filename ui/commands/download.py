"""kybrief download: fetch a model once, for later offline use."""

from __future__ import annotations

import sys

from translate.download import download_model
from ui.options import add_model_options


def register(sub) -> None:
    p = sub.add_parser(
        "download",
        help="download an NLLB-200 model for offline use",
        description="Download the model named by --model (default: NLLB-200 distilled 600M, "
        "about 2.5 GB) into the Hugging Face cache, or into --cache-dir. Afterwards every "
        "command works offline (--offline, or HF_HUB_OFFLINE=1).",
    )
    add_model_options(p)
    p.add_argument("--token", default=None, help="Hugging Face token, for gated or private models")
    p.set_defaults(run=run)


def run(args) -> int:
    folder = download_model(args.model, cache_dir=args.cache_dir, token=args.token)
    sys.stdout.write(f"{args.model} downloaded to {folder}\n")
    return 0
