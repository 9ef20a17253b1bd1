"""Choose and construct an engine by name."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from translate.errors import InputError, ModelNotAvailableError

logger = logging.getLogger(__name__)

#: Keyword options only the CTranslate2 engine understands.
CT2_OPTIONS = frozenset(
    {"compute_type", "inter_threads", "intra_threads", "vocab_map", "max_batch_tokens", "ct2_dir"}
)


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
    **options,
):
    """Build the engine called ``name``.

    ``"auto"`` tries the installed engines fastest first (CTranslate2, then transformers) and
    takes the first that loads: when CTranslate2 cannot convert or run the model here, it falls
    back to transformers with a warning. A model that is simply not there is reported at once.

    Args:
        name: ``"transformers"``, ``"ctranslate2"`` or ``"auto"``.
        model: hub id or local folder.
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.
        cache_dir: the Hugging Face cache.
        local_files_only: never download.
        **options: CTranslate2 settings (``CT2_OPTIONS``); ignored by the fallback.
    """
    unknown = set(options) - CT2_OPTIONS
    if unknown:
        raise InputError(f"unknown engine option(s): {', '.join(sorted(unknown))}")
    kwargs = {"device": device, "cache_dir": cache_dir, "local_files_only": local_files_only}
    if name == "auto":
        return _load_auto(model, kwargs, options)
    if name == "transformers":
        if options:
            raise InputError(f"{', '.join(sorted(options))} only apply to engine='ctranslate2'")
        from translate.engines.transformers import TransformersEngine

        return TransformersEngine(model, **kwargs)
    if name == "ctranslate2":
        if "ctranslate2" not in available_engines():
            raise ModelNotAvailableError("engine='ctranslate2' needs `pip install ctranslate2`")
        from translate.engines.ctranslate2 import CTranslate2Engine

        return CTranslate2Engine(model, **kwargs, **options)
    raise InputError(f"unknown engine {name!r}; choose transformers, ctranslate2 or auto")


def _load_auto(model: str, kwargs: dict, options: dict):
    installed = available_engines()
    if not installed:
        raise InputError("no engine installed: pip install transformers or ctranslate2")
    if installed[0] == "ctranslate2":
        from translate.convert import ConversionError

        try:
            return load_engine("ctranslate2", model, **kwargs, **options)
        except ConversionError as exc:
            reason = exc
        except ModelNotAvailableError:
            raise
        except (RuntimeError, OSError, ValueError) as exc:  # CTranslate2 cannot run it here
            reason = exc
        if len(installed) == 1:
            raise reason
        logger.warning("ctranslate2 engine unavailable (%s); using transformers", reason)
    return load_engine("transformers", model, **kwargs)
