"""``kybrief download``: fetch an NLLB model from the hub, then convert it for CTranslate2 once.

The fetch alone, ``download_model``, lives in ``translate.engines.files`` (the conversion
fetches a missing checkpoint too) and is re-exported here.
"""

from __future__ import annotations

from pathlib import Path

from translate.engines.convert import convert_model
from translate.engines.files import download_model, looks_like_path

__all__ = ["download_ct2_model", "download_model"]


def download_ct2_model(
    model: str,
    quantization: str = "int8",
    cache_dir: str | Path | None = None,
    token: str | None = None,
    ct2_dir: str | Path | None = None,
) -> Path:
    """Download ``model`` (unless it is a local folder) and convert it to CTranslate2 once.

    The converted folder is where ``Translator(model, engine="ctranslate2", cache_dir=...)``
    looks first, so later runs load it directly (and work offline).

    Args:
        model: hub id or local folder of a transformers NLLB checkpoint.
        quantization: ``int8`` for CPU, ``int8_float16`` or ``float16`` for a GPU.
        cache_dir: the Hugging Face cache; conversions go to ``<cache_dir>/kybrief-ct2``.
        token: Hugging Face token, for gated or private models.
        ct2_dir: where converted models are kept, if not beside ``cache_dir``.

    Returns:
        The converted model's folder.

    Raises:
        ModelNotAvailableError: the model cannot be downloaded or converted.
        InputError: unknown quantization.
    """
    if not looks_like_path(model):
        download_model(model, cache_dir=cache_dir, token=token)
    done = convert_model(
        model, quantization, root=ct2_dir, cache_dir=cache_dir, local_files_only=True
    )
    return done.path
