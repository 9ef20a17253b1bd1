"""Options every command shares (model, engine, device, caches) and the shared Translator.

Only ``ui/`` reads ``KYBRIEF_*`` environment variables, as the defaults of these options.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from dataclasses import dataclass, fields
from pathlib import Path

from translate import usable_cores
from ui.glossary import add_glossary_options, glossary_setting

DEMO_MODEL = Path(__file__).resolve().parent / "demo_model"
ENGINE_HELP = (
    "inference engine (env KYBRIEF_ENGINE; default %(default)s: CTranslate2 int8 — converted "
    "once on first use — falling back to transformers, with a log line saying why, where "
    "CTranslate2 cannot run; transformers = the fp32 PyTorch model)"
)


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"KYBRIEF_{name}", default)


def _optional_int(value: str | None) -> int | None:
    return None if value in (None, "") else positive_int(value)


def number_between(value: str, low: float, high: float) -> float:
    """An argparse type's check: a number from ``low`` to ``high``."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {number}")
    return number


def _confidence(value: str) -> float:
    return number_between(value, 0, 1)


@dataclass(frozen=True)
class ModelSettings:
    """Everything needed to build a Translator; hashable, so one Translator per settings."""

    model: str = "facebook/nllb-200-distilled-600M"
    engine: str = "auto"
    device: str = "auto"
    batch_size: int | None = None
    beam_size: int = 1
    threads: int | None = None
    min_confidence: float = 0.5
    cache_dir: str | None = None
    offline: bool = False
    tm_cache: str | None = None
    max_chars: int = 200_000
    #: None: the built-in glossary; False: none; a path: a user glossary added to it.
    glossary: str | bool | None = None
    #: CTranslate2 settings as sorted (name, value) pairs, so the settings stay hashable.
    engine_options: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.engine_options, dict):  # e.g. ModelSettings(**settings.to_dict())
            object.__setattr__(self, "engine_options", tuple(sorted(self.engine_options.items())))

    def to_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["engine_options"] = dict(self.engine_options)
        return out


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """Add --model, --engine, --device, --batch-size, --beam-size, --cache-dir, --offline, ..."""
    group = parser.add_argument_group("model options")
    group.add_argument(
        "--model",
        default=_env("MODEL", ModelSettings.model),
        help="hub id or local folder of an NLLB-200 model (env KYBRIEF_MODEL; default %(default)s)",
    )
    group.add_argument(
        "--engine",
        choices=["transformers", "ctranslate2", "auto"],
        default=_env("ENGINE", ModelSettings.engine),
        help=ENGINE_HELP,
    )
    group.add_argument(
        "--device",
        default=_env("DEVICE", "auto"),
        help="auto, cpu, cuda or cuda:N (env KYBRIEF_DEVICE; default %(default)s)",
    )
    group.add_argument(
        "--batch-size",
        type=positive_int,
        default=_optional_int(_env("BATCH_SIZE")),
        help="most sentences per model call (env KYBRIEF_BATCH_SIZE; default: chosen from the "
        "machine, with a token budget per batch)",
    )
    group.add_argument(
        "--threads",
        type=positive_int,
        default=_optional_int(_env("THREADS")),
        help="CPU cores to use (env KYBRIEF_THREADS; default: the cores this process may use — "
        "its affinity mask, cgroup CPU quota and OMP_NUM_THREADS)",
    )
    group.add_argument(
        "--min-confidence",
        type=_confidence,
        default=_confidence(_env("MIN_CONFIDENCE", str(ModelSettings.min_confidence))),
        metavar="P",
        help="flag a translated sentence as low-confidence below this (0-1; env "
        "KYBRIEF_MIN_CONFIDENCE; default %(default)s, see the README on how it was chosen)",
    )
    group.add_argument(
        "--beam-size",
        type=int,
        default=int(_env("BEAM_SIZE", "1")),
        help="1 = greedy decoding (default %(default)s)",
    )
    group.add_argument(
        "--cache-dir",
        default=_env("CACHE_DIR"),
        help="where downloaded models live (env KYBRIEF_CACHE_DIR; default: the HF cache)",
    )
    group.add_argument(
        "--offline",
        action="store_true",
        default=_env("OFFLINE", "") not in ("", "0") or os.environ.get("HF_HUB_OFFLINE") == "1",
        help="never download; fail at once if the model is not cached (env KYBRIEF_OFFLINE)",
    )
    group.add_argument(
        "--tm-cache",
        default=_env("TM_CACHE"),
        help="SQLite translation memory file: sentences already translated are reused "
        "(env KYBRIEF_TM_CACHE)",
    )
    group.add_argument(
        "--max-chars",
        type=int,
        default=int(_env("MAX_CHARS", "200000")),
        help="longest text accepted (env KYBRIEF_MAX_CHARS; default %(default)s)",
    )
    group.add_argument(
        "--compute-type",
        default=_env("COMPUTE_TYPE"),
        help="ctranslate2 only: int8 (CPU default), int8_float16 (GPU default), float16, float32",
    )
    group.add_argument(
        "--inter-threads",
        type=int,
        default=_env("INTER_THREADS"),
        help="ctranslate2 only: batches decoded in parallel (default: 1 worker with every core, "
        "up to 4 threads, then more workers; fastest in bench/results.md)",
    )
    group.add_argument(
        "--intra-threads", type=int, default=_env("INTRA_THREADS"), help="ctranslate2 only"
    )
    group.add_argument(
        "--ct2-dir",
        default=_env("CT2_DIR"),
        help="ctranslate2 only: where converted models are kept (env KYBRIEF_CT2_DIR; default "
        "CACHE_DIR/kybrief-ct2, else ~/.cache/kybrief/ct2)",
    )
    group.add_argument(
        "--vocab-map",
        default=_env("VOCAB_MAP"),
        help="ctranslate2 only: a file of target-language text; the output vocabulary is "
        "restricted to its pieces (about 2x faster on CPU, may change translations; off by "
        "default)",
    )
    add_glossary_options(group)
    group.add_argument(
        "--demo",
        action="store_true",
        help="use the bundled tiny demo model (it only knows the two sample releases)",
    )


def add_model_engine_option(parser: argparse.ArgumentParser) -> None:
    """``--model-engine``: the inference engine, for commands whose --engine picks a runner."""
    parser.add_argument(
        "--model-engine",
        dest="engine",
        choices=["transformers", "ctranslate2", "auto"],
        default=_env("ENGINE", ModelSettings.engine),
        help=ENGINE_HELP,
    )


def settings_from_args(args: argparse.Namespace) -> ModelSettings:
    """ModelSettings from parsed options (``--demo`` selects the bundled tiny model)."""
    model = str(DEMO_MODEL) if getattr(args, "demo", False) else args.model
    return ModelSettings(
        model=model,
        engine=args.engine,
        device=args.device,
        batch_size=args.batch_size,
        beam_size=args.beam_size,
        threads=args.threads or usable_cores(os.environ),
        min_confidence=args.min_confidence,
        cache_dir=args.cache_dir,
        offline=args.offline,
        tm_cache=args.tm_cache,
        max_chars=args.max_chars,
        glossary=glossary_setting(args),
        engine_options=_engine_options(args),
    )


def _engine_options(args: argparse.Namespace) -> tuple[tuple[str, object], ...]:
    names = ("compute_type", "inter_threads", "intra_threads", "vocab_map", "ct2_dir")
    given = {name: getattr(args, name, None) for name in names}
    if args.engine == "transformers":
        given.pop("ct2_dir")  # where conversions live: nothing to say to transformers
    return tuple(sorted((k, v) for k, v in given.items() if v not in (None, "")))


_translators: dict[ModelSettings, object] = {}
_lock = threading.Lock()


def get_translator(settings: ModelSettings):
    """The process-wide Translator for ``settings`` (built once, on first use).

    A model already in the cache is loaded without any network call (the hub is not even asked
    for a newer revision: on a network without internet that costs minutes of retries); only a
    hub model that is not cached yet is downloaded, and never with ``settings.offline``.
    """
    from translate.engines.files import looks_like_path
    from translate.errors import ModelNotAvailableError

    if settings.offline:
        _hub_offline()
    with _lock:
        if settings not in _translators:
            try:
                translator = _build_translator(settings, local_files_only=True)
            except ModelNotAvailableError:
                if settings.offline or looks_like_path(settings.model):
                    raise
                translator = _build_translator(settings, local_files_only=False)
            _translators[settings] = translator
        return _translators[settings]


def _hub_offline() -> None:
    """--offline means no network at all: switch the Hugging Face hub client off for good.

    ``local_files_only`` alone still lets huggingface_hub fetch its own metadata (a list it
    refreshes daily); only its offline mode stops that. It reads the variable when imported,
    so an already imported hub client is told directly.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    hub = sys.modules.get("huggingface_hub.constants")
    if hub is not None:
        hub.HF_HUB_OFFLINE = True


def _build_translator(settings: ModelSettings, *, local_files_only: bool):
    from translate import Translator

    return Translator(
        settings.model,
        engine=settings.engine,
        device=settings.device,
        batch_size=settings.batch_size,
        beam_size=settings.beam_size,
        cache=settings.tm_cache,
        cache_dir=settings.cache_dir,
        local_files_only=local_files_only,
        engine_options=dict(settings.engine_options),
        max_chars=settings.max_chars,
        threads=settings.threads,
        min_confidence=settings.min_confidence,
        glossary=settings.glossary,
    )


# -- argparse types of numbers (the servers' options are in ui.server_options)


def parse_limit(value: str) -> int:
    """A positive number, or -1 for no limit."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1 and number != -1:
        raise argparse.ArgumentTypeError("use a positive number, or -1 for no limit")
    return number


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def nonnegative_int(value: str) -> int:
    """An argparse type: a whole number of 0 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number
