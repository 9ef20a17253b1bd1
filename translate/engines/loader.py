"""Choose and construct an engine by name."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from translate.errors import InputError

logger = logging.getLogger(__name__)


def available_engines() -> list[str]:
    """Engines whose runtime is installed, fastest first."""
    names = []
    if importlib.util.find_spec("ctranslate2") is not None:
        names.append("ctranslate2")
    if importlib.util.find_spec("transformers") is not None:
        names.append("transformers")
    return names


def load_engine(
    name: str,
    model: str,
    *,
    device: str = "auto",
    cache_dir: str | Path | None = None,
    local_files_only: bool = False,
):
    """Build the engine called ``name`` (``"auto"``: the fastest one installed)."""
    if name == "auto":
        installed = available_engines()
        if not installed:
            raise InputError("no engine installed: pip install transformers or ctranslate2")
        name = installed[0]
    kwargs = {"device": device, "cache_dir": cache_dir, "local_files_only": local_files_only}
    if name == "transformers":
        from translate.engines.transformers import TransformersEngine

        return TransformersEngine(model, **kwargs)
    if name == "ctranslate2":
        from translate.engines.ctranslate2 import CTranslate2Engine

        return CTranslate2Engine(model, **kwargs)
    raise InputError(f"unknown engine {name!r}; choose transformers, ctranslate2 or auto")
