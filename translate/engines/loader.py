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
    """Engines whose runtime can be imported, fastest first.

    CTranslate2 is imported to find out (a wheel whose native library cannot load is not
    available); transformers, much heavier to import, is only looked up.
    """
    names = []
    try:
        import ctranslate2  # noqa: F401
    except (ImportError, OSError):
        pass
    else:
        names.append("ctranslate2")
    try:
        if importlib.util.find_spec("transformers") is not None:
            names.append("transformers")
    except ValueError:  # a module set to None in sys.modules
        pass
    return names


def load_engine(
    name: str,
    model: str,
    *,
    device: str = "auto",
    cache_dir: str | Path | None = None,
    local_files_only: bool = False,
    cores: int | None = None,
    **options,
):
    """Build the engine called ``name``.

    ``"auto"`` is CTranslate2 (int8 on CPU, int8_float16 on a GPU; a transformers checkpoint
    is converted once, on first use): when CTranslate2 is not installed, cannot use the device,
    or cannot convert or load the model, it falls back to transformers and says why in one
    warning. A model that is simply not there is reported at once.

    Args:
        name: ``"transformers"``, ``"ctranslate2"`` or ``"auto"``.
        model: hub id or local folder.
        device: ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.
        cache_dir: the Hugging Face cache.
        local_files_only: never download.
        cores: CPU cores to plan threads for (``None``: ``translate.tuning.usable_cores()``).
        **options: CTranslate2 settings (``CT2_OPTIONS``); ignored by the fallback.
    """
    unknown = set(options) - CT2_OPTIONS
    if unknown:
        raise InputError(f"unknown engine option(s): {', '.join(sorted(unknown))}")
    kwargs = {
        "device": device,
        "cache_dir": cache_dir,
        "local_files_only": local_files_only,
        "cores": cores,
    }
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
    if installed[0] != "ctranslate2":
        logger.warning(
            "ctranslate2 is not installed, so the slower transformers engine runs "
            "(pip install ctranslate2 for the fast one)"
        )
        return load_engine("transformers", model, **kwargs)
    from translate.engines.convert import ConversionError

    try:
        return load_engine("ctranslate2", model, **kwargs, **options)
    except ConversionError as exc:
        reason: Exception = exc
    except ModelNotAvailableError:
        raise
    except (ImportError, RuntimeError, OSError, ValueError) as exc:  # cannot run it here
        reason = exc
    if len(installed) == 1:
        raise reason
    text = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
    logger.warning("ctranslate2 cannot run this model here (%s); using transformers", text)
    return load_engine("transformers", model, **kwargs)
