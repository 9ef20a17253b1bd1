"""Fetch an NLLB model from the Hugging Face hub into the local cache (``kybrief download``)."""

from __future__ import annotations

import logging
from pathlib import Path

from translate.errors import ModelNotAvailableError

logger = logging.getLogger(__name__)

#: Files a translator needs; weights in safetensors when the repository has them.
_CONFIG_PATTERNS = ["*.json", "*.model", "*.txt"]


def download_model(
    model: str, cache_dir: str | Path | None = None, token: str | None = None
) -> Path:
    """Download ``model`` (a hub id) and return its local folder.

    Safetensors weights are preferred; PyTorch ``.bin`` weights are fetched only when the
    repository has no safetensors. After this, ``Translator(model, local_files_only=True)``
    works with no network.

    Raises:
        ModelNotAvailableError: the hub cannot be reached or has no such model.
    """
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    try:
        files = HfApi(token=token).list_repo_files(model)
        weights = ["*.safetensors"] if any(f.endswith(".safetensors") for f in files) else ["*.bin"]
        folder = snapshot_download(
            model,
            cache_dir=str(cache_dir) if cache_dir else None,
            allow_patterns=_CONFIG_PATTERNS + weights,
            token=token,
        )
    except (OSError, HfHubHTTPError, OfflineModeIsEnabled, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelNotAvailableError(f"could not download {model!r}: {reason}") from exc
    logger.info("model %s is in %s", model, folder)
    return Path(folder)


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
    from translate.convert import convert_model
    from translate.engines.transformers import looks_like_path

    if not looks_like_path(model):
        download_model(model, cache_dir=cache_dir, token=token)
    done = convert_model(
        model, quantization, root=ct2_dir, cache_dir=cache_dir, local_files_only=True
    )
    return done.path
