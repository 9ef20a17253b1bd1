"""A model's files: hub id or folder, fetching them, their fingerprint, the missing-model error.

Shared by the engines (``transformers``, ``ctranslate2``), the conversion (``convert``) and
``kybrief download`` (``download``); it imports none of them, so they depend on it one way.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from translate.errors import ModelNotAvailableError

logger = logging.getLogger(__name__)

#: Files a translator needs; weights in safetensors when the repository has them.
_CONFIG_PATTERNS = ["*.json", "*.model", "*.txt"]
#: The files a fingerprint covers: weights, configuration and tokenizer.
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".json", ".model")


def looks_like_path(model: str) -> bool:
    """A model name meant as a folder rather than a hub id."""
    return model.startswith((".", "/", "~")) or Path(model).expanduser().exists()


def missing_model_message(model: str, reason: str) -> str:
    """The one error text a user sees when a model cannot be loaded."""
    return (
        f"model {model!r} is not available: {reason.rstrip('.')}. "
        f"Download it once with `kybrief download --model {model}` "
        "(or pass --model with a local folder); after that it works offline."
    )


def fingerprint(folder: Path) -> str:
    """A short hash of the checkpoint's file names, sizes and modification times."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in _WEIGHT_SUFFIXES:
            stat = path.stat()
            digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


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

    check_hub(model)
    try:
        files = HfApi(token=token).list_repo_files(model)
        weights = ["*.safetensors"] if any(f.endswith(".safetensors") for f in files) else ["*.bin"]
        folder = snapshot_download(
            model,
            cache_dir=str(cache_dir) if cache_dir else None,
            allow_patterns=_CONFIG_PATTERNS + weights,
            token=token,
        )
    except Exception as exc:  # the hub's HTTP client (httpx) has its own errors, not OSError
        raise ModelNotAvailableError(f"could not download {model!r}: {first_line(exc)}") from exc
    logger.info("model %s is in %s", model, folder)
    return Path(folder)


#: Seconds the hub gets to answer one request before a download is given up: the hub client
#: itself retries a refused connection for about 24 s (5 tries, growing pauses), and a user
#: without network should hear so in a few seconds, not half a minute.
HUB_PROBE_TIMEOUT = 3.0


def check_hub(model: str, timeout: float = HUB_PROBE_TIMEOUT) -> None:
    """Make sure the model hub can be reached before downloading ``model``: one request, no
    retries (the hub client's own endpoint, proxy and offline settings).

    Raises:
        ModelNotAvailableError: the hub is switched off (``HF_HUB_OFFLINE``, ``--offline``)
            or did not answer within ``timeout`` seconds.
    """
    from huggingface_hub import constants
    from huggingface_hub.utils import get_session

    if constants.HF_HUB_OFFLINE:
        raise ModelNotAvailableError(
            f"could not download {model!r}: the model hub is switched off (HF_HUB_OFFLINE)"
        )
    try:
        get_session().head(constants.ENDPOINT, timeout=timeout)  # any answer will do
    except Exception as exc:  # httpx's connection errors and time-outs are not OSError
        raise ModelNotAvailableError(
            f"could not download {model!r}: the model hub ({constants.ENDPOINT}) cannot be "
            f"reached ({first_line(exc)})"
        ) from exc


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type's name when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
