"""Translation speed: the naive baseline, transformers batched, a strong peer, and kybrief's best.

The real nllb-200-distilled-600M weights cannot be downloaded here, so the benchmark builds once
(and reuses from ``--cache``, default ``./bench-cache``) a model with exactly its architecture
and random weights: d_model 1024, 12 + 12 layers, 16 heads, ffn 4096, vocabulary 256,206 (the
real output layer, which dominates decoding). Random weights make random output, so decoding is
forced to a fixed length (``min_new_tokens = max_new_tokens``; in CTranslate2
``min_decoding_length = max_decoding_length``), which makes every run produce the same number
of tokens and throughput comparable.

Inputs: 64 sentences of the seed releases (27 Kyrgyz and 27 Russian to English, 10 English to
Russian), tokenized by the tiny test model's tokenizer (its ids are all inside the 256,206
vocabulary; an embedding lookup costs the same for any id). That BPE is small, so sentences are
longer in tokens (mean ~57) than with NLLB's own tokenizer: a slightly harder, encoder-heavier
load than real traffic.

Every configuration runs in its own subprocess, so its load time and peak RSS are its own:

    naive         transformers fp32, one sentence at a time, greedy
    batched       transformers fp32, batches of 16 length-sorted sentences, greedy
    peer          CTranslate2 int8, batch 16, default settings (greedy)
    best          kybrief's best configuration, through kybrief's CTranslate2Engine
    best_no_vmap  the same without the vocabulary map (so its gain is measured alone)
    default       kybrief's CTranslate2Engine with its defaults (batch 16, no vocabulary map)

transformers is so slow here that running it over every sentence would take most of an hour,
so ``naive`` runs every 8th sentence and ``batched`` every 2nd (an even subset keeps the
length mix; the table says how many each run did). The fast runs time ``--passes`` passes and
keep the fastest, which damps the noise of a shared machine.

    python scripts/bench.py                 # full run (< 10 min on 2 cores), writes bench/
    python scripts/bench.py --quick         # smaller run, to check the script
    python scripts/bench.py --device cuda   # on a GPU; writes bench/results-gpu.*
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_report import machine, write_reports

TINY = ROOT / "tests" / "fixtures" / "tiny-nllb"
SEEDS = ROOT / "tests" / "data" / "seeds" / "sentences.jsonl"
RUNS = ("naive", "batched", "peer", "best", "best_no_vmap", "default")
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
    "dropout": 0.1,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
    "decoder_start_token_id": 2,
    "tie_word_embeddings": True,
}
#: kybrief's best settings per device (chosen by measurement; see bench/results.md).
BEST = {
    "cpu": {
        "compute_type": "int8",
        "batch_size": 64,
        "inter_threads": 2,
        "intra_threads": 1,
        "vmap": True,
    },
    "cuda": {"compute_type": "int8_float16", "batch_size": 64, "vmap": True},
}


def bench_sentences(n: int) -> list[tuple[str, str, str]]:
    """(source code, target code, sentence): Kyrgyz, then Russian, then English seeds."""
    rows = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]
    pool = [("kir_Cyrl", "eng_Latn", r["ky"]) for r in rows]
    pool += [("rus_Cyrl", "eng_Latn", r["ru"]) for r in rows]
    pool += [("eng_Latn", "rus_Cyrl", r["en"]) for r in rows]
    return pool[:n]


def groups(sentences: list[tuple[str, str, str]]) -> list[tuple[str, str, list[str]]]:
    """Sentences grouped by direction, in first-seen order (as the Translator does)."""
    out: dict[tuple[str, str], list[str]] = {}
    for src, tgt, text in sentences:
        out.setdefault((src, tgt), []).append(text)
    return [(src, tgt, texts) for (src, tgt), texts in out.items()]


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- stages (each in its own process) -------------------------------------------------------


def stage_build(cache: Path) -> None:
    """Create the random-weight model with the real 600M architecture (once)."""
    import shutil

    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    out = cache / "nllb-600m-random"
    if (out / "config.json").is_file():
        return
    torch.manual_seed(0)
    start = time.perf_counter()
    model = M2M100ForConditionalGeneration(M2M100Config(**ARCH)).eval()
    tmp = cache / "nllb-600m-random.tmp"
    model.save_pretrained(tmp)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(TINY / name, tmp / name)
    tmp.rename(out)
    print(f"built {out} in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def stage_convert(cache: Path, quantization: str) -> None:
    """Convert to CTranslate2 with kybrief's own converter (reused when already there)."""
    from translate.convert import convert_model

    start = time.perf_counter()
    done = convert_model(str(cache / "nllb-600m-random"), quantization, root=cache / "ct2")
    print(f"{done.path} ready in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def stage_vmap(cache: Path, size: int) -> Path:
    """A vocabulary map of ``size`` always-allowed pieces, built by kybrief's own builder.

    The random model has no real target-language vocabulary, so the allowed pieces are a
    fixed random sample of the vocabulary; what matters for speed is only how many there are.
    """
    from translate.convert import build_vocab_map

    path = cache / f"vmap-{size}.txt"
    if path.is_file():
        return path
    vocab = json.loads((int8_folder(cache) / "shared_vocabulary.json").read_text("utf-8"))
    sample = random.Random(0).sample(vocab[4:], size)
    path.write_text(build_vocab_map(vocab, [" ".join(sample)], str.split), encoding="utf-8")
    return path


def int8_folder(cache: Path) -> Path:
    """The int8 CTranslate2 conversion made by ``stage_convert`` (no conversion happens here)."""
    from translate.convert import convert_model

    model = str(cache / "nllb-600m-random")
    return convert_model(model, "int8", root=cache / "ct2", local_files_only=True).path


# -- workers: one configuration each ---------------------------------------------------------


def worker(run: str, args: argparse.Namespace) -> dict:
    sentences = bench_sentences(args.sentences)
    if run in ("naive", "batched"):
        # transformers is too slow here to run every sentence within the time budget; an even
        # subset keeps the length mix (batch-1 throughput hardly depends on the sentence).
        every = args.naive_every if run == "naive" else args.batched_every
        return run_transformers(args, sentences[::every], 1 if run == "naive" else 16)
    if run == "peer":
        return run_peer(args, sentences)
    settings = {"batch_size": 16, "vmap": False}
    if run.startswith("best"):
        settings = {**BEST[args.device], **json.loads(args.best or "{}")}
        settings["vmap"] = settings["vmap"] and run == "best"
    return run_kybrief(args, sentences, settings)


def timed(passes: int, work) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of ``passes`` runs of ``work()``; the fastest is reported.

    CPU seconds (all threads) are kept too: on a shared machine they move less than wall time.
    """
    times = []
    for _ in range(passes):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


def run_transformers(args, sentences, batch_size: int) -> dict:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    start = time.perf_counter()
    folder = str(args.cache / "nllb-600m-random")
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSeq2SeqLM.from_pretrained(folder, dtype=torch.float32)
    model = model.to(args.device).eval()
    load = time.perf_counter() - start
    budget = args.new_tokens + 1  # the forced target-language token counts as a new token

    def generate(texts, src, tgt, n):
        tok.src_lang = src
        enc = tok(texts, return_tensors="pt", padding=True).to(args.device)
        with torch.inference_mode():
            out = model.generate(
                **enc,
                forced_bos_token_id=tok.convert_tokens_to_ids(tgt),
                max_new_tokens=n,
                min_new_tokens=n,
                num_beams=1,
                do_sample=False,
            )
        assert out.shape[1] == n + 1, out.shape  # decoder start + n
        return tok.batch_decode(out, skip_special_tokens=True)

    def work():
        for src, tgt, texts in groups(sentences):
            if batch_size > 1:
                tok.src_lang = src
                texts = sorted(texts, key=lambda t: len(tok(t).input_ids))
            for batch in chunks(texts, batch_size):
                generate(batch, src, tgt, budget)

    generate([sentences[0][2]], sentences[0][0], sentences[0][1], 4)  # warm-up
    times = timed(1, work)
    return _result(load, times, sentences, batch_size=batch_size)


def _result(load: float, times: list[tuple[float, float]], sentences, **settings) -> dict:
    from translate.engines.ctranslate2 import load_tokenizer

    tok = load_tokenizer(TINY)
    lengths = [len(tok.source_tokens(text, src)) for src, _, text in sentences]
    wall, cpu = min(times)
    return {
        "load_s": load,
        "translate_s": wall,
        "cpu_s": cpu,
        "passes_s": [round(t, 2) for t, _ in times],
        "sentences": len(sentences),
        "mean_source_tokens": sum(lengths) / len(lengths),
        **settings,
    }


def run_peer(args, sentences) -> dict:
    """What a careful CTranslate2 user does: the documented NLLB recipe, default settings."""
    import ctranslate2
    from transformers import AutoTokenizer

    start = time.perf_counter()
    folder = int8_folder(args.cache)
    tok = AutoTokenizer.from_pretrained(str(folder))
    translator = ctranslate2.Translator(str(folder), device=args.device)
    load = time.perf_counter() - start
    budget = args.new_tokens + 1

    def translate(texts, src, tgt, n):
        tok.src_lang = src
        source = [tok.convert_ids_to_tokens(tok(t).input_ids) for t in texts]
        results = translator.translate_batch(
            source,
            target_prefix=[[tgt]] * len(texts),
            max_batch_size=16,
            beam_size=1,
            min_decoding_length=n,
            max_decoding_length=n,
        )
        assert all(len(r.hypotheses[0]) == n for r in results)
        return [tok.decode(tok.convert_tokens_to_ids(r.hypotheses[0][1:])) for r in results]

    def work():
        for src, tgt, texts in groups(sentences):
            translate(texts, src, tgt, budget)

    translate([sentences[0][2]], sentences[0][0], sentences[0][1], 4)  # warm-up
    return _result(load, timed(args.passes, work), sentences, batch_size=16)


def run_kybrief(args, sentences, settings: dict) -> dict:
    """kybrief's engine, fed the way the Translator feeds it (length-sorted batches)."""
    from translate.engines.ctranslate2 import CTranslate2Engine

    vmap = args.cache / f"vmap-{args.vmap_size}.txt" if settings.pop("vmap") else None
    batch_size = settings.pop("batch_size")
    start = time.perf_counter()
    engine = CTranslate2Engine(
        str(args.cache / "nllb-600m-random"),
        device=args.device,
        local_files_only=True,
        ct2_dir=args.cache / "ct2",
        vocab_map=vmap,
        **settings,
    )
    load = time.perf_counter() - start
    budget = args.new_tokens + 1
    first = sentences[0]
    engine.translate_batch(
        [first[2]], first[0], first[1], beam_size=1, max_new_tokens=4, min_new_tokens=4
    )

    def work():
        for src, tgt, texts in groups(sentences):
            texts = sorted(texts, key=lambda t: engine.count_tokens(t, src))
            for batch in chunks(texts, batch_size):
                engine.translate_batch(
                    batch, src, tgt, beam_size=1, max_new_tokens=budget, min_new_tokens=budget
                )

    times = timed(args.passes, work)
    settings.update(batch_size=batch_size, vmap=vmap is not None, compute=engine.compute_type)
    return _result(load, times, sentences, **settings)


# -- driver ---------------------------------------------------------------------------------


def in_subprocess(args: argparse.Namespace, *extra: str) -> dict | None:
    """Run this script with ``extra`` in a fresh interpreter; its last stdout line is JSON."""
    cmd = [sys.executable, __file__, *extra, "--cache", str(args.cache), "--device", args.device]
    cmd += ["--sentences", str(args.sentences), "--new-tokens", str(args.new_tokens)]
    cmd += ["--vmap-size", str(args.vmap_size), "--passes", str(args.passes)]
    cmd += ["--naive-every", str(args.naive_every), "--batched-every", str(args.batched_every)]
    cmd += ["--best", args.best] if args.best else []
    proc = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    lines = proc.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def measure(args: argparse.Namespace, run: str) -> dict:
    result = in_subprocess(args, "--worker", run)
    n = result["sentences"]
    result["tokens"] = n * args.new_tokens
    result["tokens_per_s"] = result["tokens"] / result["translate_s"]
    result["sentences_per_s"] = n / result["translate_s"]
    result["tokens_per_cpu_s"] = result["tokens"] / result["cpu_s"]
    print(
        f"{run:8s} {result['tokens_per_s']:8.1f} tok/s  load {result['load_s']:5.1f} s  "
        f"peak RSS {result['peak_rss_mb']:6.0f} MB",
        file=sys.stderr,
    )
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="16 sentences, 16 tokens each")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--cache", type=Path, default=Path("bench-cache"))
    p.add_argument("--out", type=Path, default=ROOT / "bench")
    p.add_argument("--sentences", type=int, default=64)
    p.add_argument("--new-tokens", type=int, default=40, help="output tokens per sentence")
    p.add_argument("--vmap-size", type=int, default=32768, help="pieces a vocabulary map keeps")
    p.add_argument("--naive-every", type=int, default=8, help="naive runs every Nth sentence")
    p.add_argument("--batched-every", type=int, default=2, help="batched: every Nth sentence")
    p.add_argument("--passes", type=int, default=2, help="timed passes of fast runs (best kept)")
    p.add_argument("--runs", default=",".join(RUNS), help="comma-separated subset of runs")
    p.add_argument("--best", help="JSON overriding best settings, e.g. '{\"batch_size\": 8}'")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--stage", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.sentences, args.new_tokens, args.naive_every, args.batched_every = 16, 16, 4, 1
    args.cache = args.cache.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        result = worker(args.worker, args)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    if args.stage == "build":
        stage_build(args.cache)
        return 0
    if args.stage == "convert":
        wanted = {"int8", BEST[args.device]["compute_type"]}
        if args.device == "cuda":
            wanted |= {"float16", "int8_float16"}
        for quantization in sorted(wanted):
            stage_convert(args.cache, quantization)
        return 0
    args.cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    in_subprocess(args, "--stage", "build")
    in_subprocess(args, "--stage", "convert")
    stage_vmap(args.cache, args.vmap_size)
    runs = {run: measure(args, run) for run in args.runs.split(",")}
    settings = {
        "model": "random weights, nllb-200-distilled-600M architecture",
        "best": {**BEST[args.device], **json.loads(args.best or "{}")},
        "architecture": ARCH,
        "sentences": args.sentences,
        "naive_sentences": len(bench_sentences(args.sentences)[:: args.naive_every]),
        "batched_sentences": len(bench_sentences(args.sentences)[:: args.batched_every]),
        "passes": args.passes,
        "new_tokens_per_sentence": args.new_tokens,
        "vmap_size": args.vmap_size,
        "decoding": "greedy, forced fixed length",
        "quick": args.quick,
        "wall_s": round(time.perf_counter() - started, 1),
    }
    suffix = "" if args.device == "cpu" else "-gpu"
    write_reports(args.out, suffix, machine(args.device), settings, runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
