"""The benchmark's model: the real nllb-200-distilled-600M shape, with natural output lengths.

The real weights cannot be downloaded here. A model of the same shape with random weights costs
the same per token, but its greedy output never ends: every sentence repeats a few pieces until
the length limit (256 pieces by default), so "natural output length" means nothing and the
length limit decides everything. The benchmark therefore uses a *grafted* model:

- every matrix has the 600M shape (d_model 1024, 12 + 12 layers, 16 heads, ffn 4096,
  vocabulary 256,206 with an untied 256,206 x 1,024 output layer), so every configuration does
  exactly the dense work the real model does (CTranslate2 and PyTorch skip no zeros);
- it computes exactly what the committed tiny model (``tests/fixtures/tiny-nllb``: d_model 128,
  1 + 2 layers, 4 heads, which memorized the 27 seed sentences in six directions)
  computes. The residual stream holds 8 copies of the tiny one (so every LayerNorm sees the tiny
  mean and variance), 4 of the 16 heads carry the tiny heads (queries scaled by sqrt(2) for the
  larger head size), the feed-forward hidden layer holds 16 copies, and the layers the tiny
  model lacks (encoder 1-11, decoder 2-11) are random but add nothing (their output projections
  are zero).

So the seed sentences come out as real translations that end with ``</s>`` where the tiny model
ends them: lengths vary per sentence like real output, and a configuration that changes the
numbers enough to flip a token shows up as a changed sentence.

The one thing weights cannot carry is the sinusoidal position table, which transformers and
CTranslate2 compute from d_model: ``patch_positions()`` makes it 8 copies of the d_model-128
table. Call it in every process that builds or converts the model with transformers; a
CTranslate2 folder converted under the patch keeps the right table (it is stored in the model),
so ``kybrief ui --model <folder>`` with that conversion needs no patch.
"""

from __future__ import annotations

import json
import math
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The one entry of the benchmarks (``python scripts/bench.py PART``); subprocesses run it.
BENCH = ROOT / "scripts" / "bench.py"
TINY = ROOT / "tests" / "fixtures" / "tiny-nllb"
SEEDS = ROOT / "tests" / "data" / "seeds" / "sentences.jsonl"
MODEL_NAME = "nllb-600m-graft"
COPIES = 8  # 1024 / 128
ARCH = {
    "vocab_size": 256206,
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 12,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
    "scale_embedding": True,
    "activation_function": "relu",
    "dropout": 0.0,
    "attention_dropout": 0.0,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "decoder_start_token_id": 2,
    "tie_word_embeddings": False,
}
#: (source, target, field of sentences.jsonl) directions the tiny model memorized.
DIRECTIONS = (("kir_Cyrl", "eng_Latn", "ky"), ("rus_Cyrl", "eng_Latn", "ru"))
DIRECTIONS_ALL = (*DIRECTIONS, ("kir_Cyrl", "rus_Cyrl", "ky"))


def patch_positions() -> None:
    """Make transformers' M2M100 position table for d_model 1024 be 8 copies of the 128 one."""
    from transformers.models.m2m_100 import modeling_m2m_100 as m2m

    cls = m2m.M2M100SinusoidalPositionalEmbedding
    if getattr(cls, "_kybrief_graft", False):
        return
    original = cls.get_embedding

    def get_embedding(num_embeddings, embedding_dim, padding_idx=None):
        if embedding_dim != ARCH["d_model"]:
            return original(num_embeddings, embedding_dim, padding_idx)
        small = original(num_embeddings, embedding_dim // COPIES, padding_idx)
        return small.repeat(1, COPIES)

    cls.get_embedding = staticmethod(get_embedding)
    cls._kybrief_graft = True


_M2M100 = "transformers.models.m2m_100.modeling_m2m_100"


class _PatchOnImport:
    """A ``sys.meta_path`` finder that patches the M2M100 module when someone imports it.

    So a process that never loads a transformers model (CTranslate2 alone) never imports torch
    for the patch's sake, and its start-up time and memory stay its own.
    """

    def find_spec(self, name, path, target=None):
        if name != _M2M100:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            patch_positions()

        spec.loader.exec_module = exec_module
        return spec


def patch_on_import() -> None:
    """``patch_positions()`` now if transformers' M2M100 is loaded, else when it is imported."""
    if _M2M100 in sys.modules:
        patch_positions()
    elif not any(isinstance(f, _PatchOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())


def hook_folder(cache: Path) -> Path:
    """A folder whose ``sitecustomize.py`` calls ``patch_on_import()``: put it on PYTHONPATH of
    a subprocess (e.g. the real ``kybrief ui``) and the grafted model works there too."""
    folder = cache / "hook"
    folder.mkdir(parents=True, exist_ok=True)
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"
        "from benchmarks import model\n\nmodel.patch_on_import()\n"
    )
    path = folder / "sitecustomize.py"
    if not path.is_file() or path.read_text(encoding="utf-8") != code:
        path.write_text(code, encoding="utf-8")
    return folder


def model_folder(cache: Path) -> Path:
    return cache / MODEL_NAME


def build(cache: Path) -> Path:
    """Create the grafted 600M-shape model in ``cache`` once (about a minute); its folder."""
    out = model_folder(cache)
    if (out / "config.json").is_file():
        return out
    import torch
    from safetensors.torch import load_file
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    start = time.perf_counter()
    torch.manual_seed(0)
    tiny = load_file(str(TINY / "model.safetensors"))
    with torch.device("meta"):
        model = M2M100ForConditionalGeneration(M2M100Config(**ARCH))
    model = model.to_empty(device="cpu").eval()
    with torch.no_grad():
        for name, param in model.named_parameters():
            param.copy_(_grafted(name, tuple(param.shape), tiny))
    tmp = cache / f"{MODEL_NAME}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    for name in ("tokenizer.json", "tokenizer_config.json", "generation_config.json"):
        shutil.copy(TINY / name, tmp / name)
    note = {"about": __doc__.split("\n\n")[0], "graft_of": "tests/fixtures/tiny-nllb"}
    (tmp / "GRAFT.json").write_text(json.dumps(note, indent=1) + "\n", encoding="utf-8")
    tmp.rename(out)
    print(f"built {out} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return out


def _grafted(name: str, shape: tuple[int, ...], tiny: dict):
    """The value of parameter ``name`` of the 600M-shape model (see the module docstring)."""
    import torch

    key = name.removeprefix("model.")
    if key.endswith("embed_tokens.weight") or key == "shared.weight" or name == "lm_head.weight":
        small = tiny["model.shared.weight"]  # tied in the tiny model
        full = torch.zeros(shape)
        tiled = small.repeat(1, COPIES)
        # inputs are scaled by sqrt(1024) instead of sqrt(128); logits come out x8 (same argmax)
        full[: small.shape[0]] = tiled if name == "lm_head.weight" else tiled / math.sqrt(COPIES)
        return full
    parts = key.split(".")
    if parts[1] == "layers" and f"model.{key}" not in tiny:  # a layer that adds nothing
        if parts[-2] in ("out_proj", "fc2"):
            return torch.zeros(shape)
        if "layer_norm" in parts[-2]:
            return torch.ones(shape) if parts[-1] == "weight" else torch.zeros(shape)
        return torch.randn(shape) * 0.02
    small = tiny[f"model.{key}"]
    if "layer_norm" in key:
        return small.repeat(COPIES)
    return _graft_linear(parts[-2], parts[-1], small, shape)


def _graft_linear(layer: str, kind: str, small, shape: tuple[int, ...]):
    """A 1024-wide linear map computing the tiny one on 8 copies of its input."""
    import torch

    heads, small_head, big_head = 4, 32, 64
    if layer in ("q_proj", "k_proj", "v_proj"):
        gain = math.sqrt(big_head / small_head) if layer == "q_proj" else 1.0
        out = torch.zeros(shape)
        for h in range(heads):
            rows = slice(h * big_head, h * big_head + small_head)
            piece = small[h * small_head : (h + 1) * small_head] * gain
            out[rows] = piece.repeat(1, COPIES) / COPIES if kind == "weight" else piece
        return out
    if layer == "out_proj":
        if kind == "bias":
            return small.repeat(COPIES)
        spread = torch.zeros(small.shape[0], shape[1])
        for h in range(heads):
            cols = slice(h * big_head, h * big_head + small_head)
            spread[:, cols] = small[:, h * small_head : (h + 1) * small_head]
        return spread.repeat(COPIES, 1)
    if layer == "fc1":  # 16 copies of the 256-wide hidden layer
        copies = shape[0] // small.shape[0]
        return small.repeat(copies, COPIES) / COPIES if kind == "weight" else small.repeat(copies)
    if layer == "fc2":
        if kind == "bias":
            return small.repeat(COPIES)
        copies = shape[1] // small.shape[1]
        return small.repeat(COPIES, copies) / copies
    raise ValueError(f"no graft for {layer}.{kind}")


def convert_plain(cache: Path, quantization: str = "int8") -> Path:
    """A plain CTranslate2 conversion (ctranslate2's own converter), once; its folder."""
    out = cache / f"ct2-plain-{quantization}"
    if (out / "model.bin").is_file():
        return out
    import ctranslate2

    patch_positions()
    start = time.perf_counter()
    tmp = cache / f"ct2-plain-{quantization}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    converter = ctranslate2.converters.TransformersConverter(str(model_folder(cache)))
    converter.convert(str(tmp), quantization=quantization)
    shutil.copy(TINY / "tokenizer.json", tmp / "tokenizer.json")
    tmp.rename(out)
    print(f"converted {out} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return out


def seed_rows() -> list[dict]:
    return [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]


def workload(directions=DIRECTIONS) -> list[tuple[str, str, str]]:
    """(source code, target code, sentence) for every memorized seed sentence, in file order.

    Each sentence is unique within its direction (the Translator translates duplicates once);
    none ends in a digit-only piece (the Translator passes those through untranslated).
    """
    rows = seed_rows()
    return [(src, tgt, row[field]) for src, tgt, field in directions for row in rows]


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Build the grafted model and its plain int8 conversion under ``--cache`` (once)."""
    import argparse

    parser = argparse.ArgumentParser(prog=prog, description=main.__doc__)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench-cache")
    parser.add_argument("--quantization", default="int8")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    patch_positions()
    build(args.cache.resolve())
    convert_plain(args.cache.resolve(), args.quantization)
    return 0
