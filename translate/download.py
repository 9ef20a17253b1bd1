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
