"""kybrief download: fetch a model once, for later offline use (and convert it for CTranslate2)."""

from __future__ import annotations

import sys

from translate.convert import QUANTIZATIONS
from translate.download import download_ct2_model, download_model
from ui.options import add_model_options


def register(sub) -> None:
    p = sub.add_parser(
        "download",
        help="download an NLLB-200 model for offline use",
        description="Download the model named by --model (default: NLLB-200 distilled 600M, "
        "about 2.5 GB) into the Hugging Face cache, or into --cache-dir. Afterwards every "
        "command works offline (--offline, or HF_HUB_OFFLINE=1). With --ct2 it is also "
        "converted for the fast CTranslate2 engine (--engine ctranslate2), once.",
    )
    add_model_options(p)
    p.add_argument("--token", default=None, help="Hugging Face token, for gated or private models")
    p.add_argument(
        "--ct2",
        action="store_true",
        help="also convert the model for --engine ctranslate2 (about 600 MB in int8)",
    )
    p.add_argument(
        "--quantization",
        choices=QUANTIZATIONS,
        default=None,
        help="weights for --ct2: int8 (default on CPU), int8_float16 (default on a GPU), "
        "float16, ...",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    if not args.ct2:
        folder = download_model(args.model, cache_dir=args.cache_dir, token=args.token)
        sys.stdout.write(f"{args.model} downloaded to {folder}\n")
        return 0
    from translate.convert import check_quantization
    from translate.engines.ctranslate2 import resolve_ct2_device

    kind, _ = resolve_ct2_device(args.device)
    quantization = check_quantization(args.quantization, kind)
    folder = download_ct2_model(
        args.model, quantization, cache_dir=args.cache_dir, token=args.token
    )
    sys.stdout.write(f"{args.model} converted for CTranslate2 ({quantization}) in {folder}\n")
    return 0
