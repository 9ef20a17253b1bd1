"""Convert a transformers NLLB checkpoint to CTranslate2 once, into a cache folder, and reuse it.

A conversion is keyed by the model, the quantization and a fingerprint of the checkpoint's
files (so a rebuilt local folder is converted again). It is written to a temporary folder and
renamed into place, so an interrupted or concurrent conversion never leaves a half-written
model behind.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from translate.engines.files import (
    download_model,
    fingerprint,
    first_line,
    looks_like_path,
    missing_model_message,
)
from translate.errors import InputError, ModelNotAvailableError

logger = logging.getLogger(__name__)

#: Weight types a model can be stored in and computed with (CTranslate2's names).
QUANTIZATIONS = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
#: Written last into a converted folder: its presence means the conversion is complete.
MARKER = "kybrief-ct2.json"
#: Tokenizer files copied next to the converted weights, so the folder is self-contained.
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentencepiece.bpe.model",
)


class ConversionError(ModelNotAvailableError):
    """The checkpoint is there but CTranslate2 cannot convert or load it here.

    Another engine may still run it: ``engine="auto"`` falls back to transformers on this error.
    """


@dataclass(frozen=True)
class ConvertedModel:
    """A CTranslate2 model folder and what it was made from."""

    path: Path
    model: str
    quantization: str
    fingerprint: str
    max_position_embeddings: int

    def to_dict(self) -> dict:
        return {
            "path": str(self.path),
            "model": self.model,
            "quantization": self.quantization,
            "fingerprint": self.fingerprint,
            "max_position_embeddings": self.max_position_embeddings,
        }


def default_quantization(device: str) -> str:
    """int8 on CPU; int8 weights with float16 arithmetic on a GPU (bench/results*.md).

    int8 weights are 4x smaller than float32 and the fastest choice measured on both (on an
    H100, int8_float16 ran about 1.4x float16 with less memory).
    """
    return "int8_float16" if device.startswith("cuda") else "int8"


def check_quantization(quantization: str | None, device: str) -> str:
    """The quantization to use on ``device``; ``None``, ``"auto"`` or ``"default"`` pick one.

    Raises:
        InputError: unknown name, or one this machine cannot compute with.
    """
    if quantization in (None, "auto", "default"):
        return default_quantization(device)
    if quantization not in QUANTIZATIONS:
        raise InputError(
            f"unknown compute type {quantization!r}; choose one of {', '.join(QUANTIZATIONS)}"
        )
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types(device.split(":")[0])
    if quantization not in supported:
        raise InputError(
            f"compute type {quantization!r} is not supported on {device} here; "
            f"supported: {', '.join(sorted(supported))}"
        )
    return quantization


def default_ct2_root(cache_dir: str | Path | None = None) -> Path:
    """Where converted models live: ``<cache_dir>/kybrief-ct2``, else ``~/.cache/kybrief/ct2``."""
    if cache_dir:
        return Path(cache_dir).expanduser() / "kybrief-ct2"
    return Path.home() / ".cache" / "kybrief" / "ct2"


def resolve_checkpoint(
    model: str, cache_dir: str | Path | None = None, local_files_only: bool = False
) -> Path:
    """The local folder of a transformers checkpoint (a hub id is fetched unless offline).

    Raises:
        ModelNotAvailableError: no such folder, or the hub model is not cached (or reachable).
    """
    if looks_like_path(model):
        folder = Path(model).expanduser()
        if not (folder / "config.json").is_file():
            raise ModelNotAvailableError(missing_model_message(model, "no such model folder"))
        return folder.resolve()
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError, OfflineModeIsEnabled

    try:
        # The cache first: a model downloaded once loads without asking the hub again.
        folder = snapshot_download(
            model, cache_dir=str(cache_dir) if cache_dir else None, local_files_only=True
        )
    except (OSError, HfHubHTTPError, OfflineModeIsEnabled, ValueError) as exc:
        if not local_files_only:
            return _download(model, cache_dir)
        missing = isinstance(exc, (LocalEntryNotFoundError, OfflineModeIsEnabled))
        reason = "it is not in the cache" if missing else first_line(exc)
        raise ModelNotAvailableError(missing_model_message(model, reason)) from exc
    if not (Path(folder) / "config.json").is_file():
        raise ModelNotAvailableError(missing_model_message(model, "no config.json in the cache"))
    return Path(folder)


def _download(model: str, cache_dir: str | Path | None) -> Path:
    try:
        return download_model(model, cache_dir=cache_dir)
    except ModelNotAvailableError as exc:
        raise ModelNotAvailableError(missing_model_message(model, str(exc))) from exc


def converted_folder(model: str, quantization: str, root: Path, checkpoint: Path) -> Path:
    """The cache folder of one (model, quantization, checkpoint version)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model.strip("/~.")).strip("_")[-60:] or "model"
    return root / f"{slug}--{quantization}--{fingerprint(checkpoint)}"


def read_converted(folder: Path) -> ConvertedModel | None:
    """The description of a finished conversion in ``folder``, or None."""
    try:
        meta = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (folder / "model.bin").is_file():
        return None
    return ConvertedModel(
        folder,
        meta["model"],
        meta["quantization"],
        meta["fingerprint"],
        int(meta.get("max_position_embeddings", 1024)),
    )


def convert_model(
    model: str,
    quantization: str = "int8",
    *,
    root: str | Path | None = None,
    cache_dir: str | Path | None = None,
    local_files_only: bool = False,
) -> ConvertedModel:
    """Convert ``model`` to CTranslate2 with ``quantization``, or reuse an earlier conversion.

    Args:
        model: hub id or local folder of a transformers NLLB checkpoint.
        quantization: one of ``QUANTIZATIONS`` (int8 for CPU, int8_float16 for GPU).
        root: where converted models are kept (default ``default_ct2_root(cache_dir)``).
        cache_dir: the Hugging Face cache the checkpoint is in.
        local_files_only: never download the checkpoint.

    Raises:
        ModelNotAvailableError: the checkpoint cannot be found or converted.
        InputError: unknown quantization.
    """
    if quantization not in QUANTIZATIONS:
        raise InputError(
            f"unknown quantization {quantization!r}; choose one of {', '.join(QUANTIZATIONS)}"
        )
    checkpoint = resolve_checkpoint(model, cache_dir, local_files_only)
    root = Path(root).expanduser() if root else default_ct2_root(cache_dir)
    key = str(checkpoint) if looks_like_path(model) else model
    out = converted_folder(key, quantization, root, checkpoint)
    done = read_converted(out)
    if done is not None:
        logger.debug("reusing CTranslate2 conversion %s", out)
        return done
    try:
        with _staging(out) as tmp:
            _convert_into(checkpoint, tmp, model, quantization, fingerprint(checkpoint))
    finally:
        # The converter loaded the whole torch model; free it before CTranslate2 loads its
        # copy, so the process never holds the weights twice.
        gc.collect()
    logger.info("converted %s to CTranslate2 (%s) in %s", model, quantization, out)
    return read_converted(out)


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out`` that is renamed to ``out`` when the block succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        if out.exists() and read_converted(out) is None:
            shutil.rmtree(out, ignore_errors=True)  # left over from an older, broken run
        try:
            os.rename(tmp, out)
        except OSError:
            # Another process finished the same work first: use theirs.
            if read_converted(out) is None:
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _convert_into(checkpoint: Path, tmp: Path, model: str, quantization: str, fp: str) -> None:
    from ctranslate2.converters import TransformersConverter

    copy = [name for name in TOKENIZER_FILES if (checkpoint / name).is_file()]
    logger.info("converting %s to CTranslate2 (%s); this happens once", model, quantization)
    try:
        converter = TransformersConverter(str(checkpoint), copy_files=copy, low_cpu_mem_usage=True)
        converter.convert(str(tmp), quantization=quantization, force=True)
    except Exception as exc:  # any converter failure (corrupt weights, unknown layer...)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConversionError(
            missing_model_message(model, f"CTranslate2 conversion failed: {reason}")
        ) from exc
    config = json.loads((checkpoint / "config.json").read_text(encoding="utf-8"))
    meta = {
        "model": model,
        "quantization": quantization,
        "fingerprint": fp,
        "checkpoint": str(checkpoint),
        "max_position_embeddings": config.get("max_position_embeddings", 1024),
    }
    # The marker goes in last: a folder without it is an unfinished conversion.
    (tmp / MARKER).write_text(json.dumps(meta, indent=1), encoding="utf-8")


# -- output vocabulary restriction ---------------------------------------------------------

_SPECIAL = re.compile(r"^(<.*>|[a-z]{3}_[A-Z][a-z]{3})$")
#: Always allowed, whatever the corpus: digits and ASCII punctuation, alone or word-initial.
_ALWAYS_CHARS = "0123456789.,:;!?()[]%-\"'/"


def build_vocab_map(
    vocabulary: list[str], texts: Iterable[str], tokenize: Callable[[str], list[str]]
) -> str:
    """A CTranslate2 ``vmap.txt`` that restricts decoding to target-language pieces.

    Always-allowed candidates (the line with an empty key) are every piece ``tokenize`` makes
    of ``texts`` (target-language sentences), plus every single-character piece for the
    characters seen there and for digits and punctuation, so any word in that alphabet can
    still be spelled out. Every other piece of ``vocabulary`` maps to itself, so a source
    piece (a name, a number) can always be copied.

    Args:
        vocabulary: the model's pieces (``shared_vocabulary.json`` of a converted model).
        texts: target-language sentences (for kybrief: English, Russian and Kyrgyz).
        tokenize: text -> pieces, without special tokens.

    Returns:
        The file's content.
    """
    fixed: set[str] = set()
    chars = set(_ALWAYS_CHARS)
    for text in texts:
        fixed.update(tokenize(text))
        chars.update(text)
    for piece in vocabulary:
        if len(piece.lstrip("\u2581")) == 1 and piece.lstrip("\u2581") in chars:
            fixed.add(piece)
    fixed = {p for p in fixed if p and not any(c.isspace() for c in p)}
    lines = ["\t" + " ".join(sorted(fixed))]
    lines += [
        f"{p}\t{p}"
        for p in vocabulary
        if p not in fixed and p and not _SPECIAL.match(p) and not any(c.isspace() for c in p)
    ]
    return "\n".join(lines) + "\n"


def vocab_map_size(vmap_text: str) -> int:
    """How many pieces a vmap always allows (the empty-key line), specials not counted."""
    for line in vmap_text.splitlines():
        if line.startswith("\t"):
            return len(line.split())
    return 0


def prepare_vocab_map(
    converted: ConvertedModel, source: Path, tokenize: Callable[[str], list[str]]
) -> Path:
    """A model folder that shares ``converted``'s weights and adds a ``vmap.txt``.

    A separate folder, because CTranslate2 reads ``vmap.txt`` from the model folder at load
    time, and a model loaded without a vocabulary map should not pay for one. The files are
    symbolic links, so no weights are copied.

    Args:
        converted: the converted model.
        source: a ready ``vmap.txt`` (lines with a tab), or target-language text, one sentence
            a line, to build one from with ``build_vocab_map``.
        tokenize: text -> pieces, for building.

    Raises:
        InputError: ``source`` cannot be read.
    """
    try:
        data = source.expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"vocabulary map {str(source)!r} cannot be read: {exc}") from exc
    digest = hashlib.sha256(data.encode()).hexdigest()[:12]
    out = converted.path.with_name(f"{converted.path.name}--vmap-{digest}")
    if read_converted(out) is not None and (out / "vmap.txt").is_file():
        return out
    if "\t" not in data:
        vocab = json.loads((converted.path / "shared_vocabulary.json").read_text("utf-8"))
        texts = (line for line in data.splitlines() if line.strip())
        data = build_vocab_map(vocab, texts, tokenize)
    with _staging(out) as tmp:
        (tmp / "vmap.txt").write_text(data, encoding="utf-8")
        for item in converted.path.iterdir():
            if item.name not in (MARKER, "vmap.txt"):
                (tmp / item.name).symlink_to(item.resolve())
        shutil.copy(converted.path / MARKER, tmp / MARKER)
    logger.info("vocabulary map: %d pieces always allowed (%s)", vocab_map_size(data), out)
    return out
