"""kybrief download: fetch a model once, for later offline use, and convert it for CTranslate2."""

from __future__ import annotations

import argparse
import sys

from translate.engines.convert import QUANTIZATIONS
from translate.engines.download import download_ct2_model
from translate.engines.files import download_model
from translate.engines.loader import available_engines
from ui.options import add_model_options


def register(sub) -> None:
    p = sub.add_parser(
        "download",
        help="download an NLLB-200 model for offline use (and convert it for CTranslate2)",
        description="Download the model named by --model (default: NLLB-200 distilled 600M, "
        "about 2.5 GB) into the Hugging Face cache, or into --cache-dir, and convert it once "
        "for the fast CTranslate2 engine (int8 on CPU, int8_float16 on a GPU; about 600 MB). "
        "Afterwards every command works offline (--offline, or HF_HUB_OFFLINE=1). --model may "
        "also be a local folder: it is only converted. NLLB-200's weights are CC-BY-NC 4.0 "
        "(non-commercial use only): the command prints the licence.",
    )
    add_model_options(p)
    p.add_argument("--token", default=None, help="Hugging Face token, for gated or private models")
    p.add_argument(
        "--no-ct2",
        dest="ct2",
        action="store_false",
        help="download only: no CTranslate2 conversion (for --engine transformers)",
    )
    # Older scripts said --ct2 to ask for the conversion, which is now the default.
    p.add_argument("--ct2", dest="ct2", action="store_true", help=argparse.SUPPRESS)
    p.add_argument(
        "--quantization",
        choices=QUANTIZATIONS,
        default=None,
        help="weights of the converted model: int8 (default on CPU), int8_float16 (default on "
        "a GPU), float16, ...",
    )
    p.set_defaults(run=run, ct2=True)


#: What every download of NLLB-200 weights prints (the README's "Model licence" says more).
LICENCE_NOTICE = (
    "licence: Meta's NLLB-200 weights are released under CC-BY-NC 4.0 (Creative Commons "
    "Attribution-NonCommercial): you may use, share and adapt them with attribution, for "
    "non-commercial purposes only; using them in a commercial product or service needs "
    "Meta's permission or another model. kybrief's own code is Apache-2.0.\n"
)


def run(args) -> int:
    status = _download(args)
    if "nllb" in str(args.model).lower():
        sys.stdout.write(LICENCE_NOTICE)
    return status


def _download(args) -> int:
    if args.ct2 and "ctranslate2" not in available_engines():
        sys.stderr.write("ctranslate2 is not installed: downloading without conversion\n")
        args.ct2 = False
    if not args.ct2:
        folder = download_model(args.model, cache_dir=args.cache_dir, token=args.token)
        sys.stdout.write(f"{args.model} downloaded to {folder}\n")
        return 0
    from translate.engines.convert import check_quantization
    from translate.engines.ctranslate2 import resolve_ct2_device

    kind, _ = resolve_ct2_device(args.device)
    quantization = check_quantization(args.quantization, kind)
    folder = download_ct2_model(
        args.model, quantization, cache_dir=args.cache_dir, token=args.token
    )
    sys.stdout.write(f"{args.model} converted for CTranslate2 ({quantization}) in {folder}\n")
    return 0
