"""The benchmark's measured runs; each runs in its own process (``bench.py --worker NAME``).

A worker prints JSON lines on stdout: ``{"event": "cold", ...}`` as soon as its first result is
ready (so the parent can time a cold start from the moment it launched the process), then one
final line with everything it measured, its peak RSS included.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from benchmarks import model as bm

ISO = {"kir_Cyrl": "ky", "rus_Cyrl": "ru", "eng_Latn": "en"}
SEED_RELEASES = ("000_38dde02481074d0c", "003_81dc408626ee1eb4")


def emit(**data) -> None:
    print(json.dumps(data), flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(passes: int, work) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds of each of ``passes`` runs of ``work()``, and its last result."""
    walls, cpus, result = [], [], None
    for _ in range(passes):
        start, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def source_tokens(tokenizer, text: str, source: str) -> tuple[str, ...]:
    """NLLB's source layout: ``[source code] pieces </s>`` (what the CTranslate2 recipe feeds)."""
    return (source, *tokenizer.encode(text, add_special_tokens=False).tokens, "</s>")


def run_peer(args) -> dict:
    """The plain CTranslate2 loop: default threads, batches of 16 in input order, greedy."""
    import ctranslate2
    from tokenizers import Tokenizer

    start = time.perf_counter()
    folder = bm.convert_plain(args.cache, args.quantization)
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    device = "cuda" if args.device == "cuda" else "cpu"
    translator = ctranslate2.Translator(str(folder), device=device, compute_type=args.quantization)
    load = time.perf_counter() - start
    items = bm.workload()[: args.sentences]
    sources = [list(source_tokens(tok, text, src)) for src, _, text in items]

    def work():
        hyps = []
        for target, ids in directions(items):
            for i in range(0, len(ids), 16):
                batch = ids[i : i + 16]
                results = translator.translate_batch(
                    [sources[j] for j in batch], target_prefix=[[target]] * len(batch), beam_size=1
                )
                hyps += [r.hypotheses[0][1:] for r in results]
        return hyps

    work()  # warm-up pass (first calls allocate)
    walls, cpus, hyps = timed(args.passes, work)
    texts = [tok.decode([tok.token_to_id(t) for t in h], skip_special_tokens=True) for h in hyps]
    return {
        "load_s": load,
        "walls_s": walls,
        "cpus_s": cpus,
        "sentences": len(items),
        "tokens": [list(h) for h in hyps],
        "texts": texts,
        "settings": {"batch": 16, "order": "input", "threads": "default", "device": device},
    }


def directions(items) -> list[tuple[str, list[int]]]:
    """(target code, indexes of the items) per direction, in first-seen order (ids ascending)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (src, tgt, _) in enumerate(items):
        groups.setdefault((src, tgt), []).append(i)
    return [(tgt, ids) for (_, tgt), ids in groups.items()]


class Recorder:
    """Records what CTranslate2 generated through kybrief's engine (source -> hypothesis).

    ``ctranslate2.Translator`` is replaced by a subclass that keeps every result, so the
    benchmark counts the tokens the engine really generated and compares them with the peer's
    token for token, whatever batching the engine chose (``translate_batch``, asynchronous or
    not, or ``translate_iterable``). Results are read only in ``collect()``, after the timed
    work, so asynchronous calls stay asynchronous.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[list, list]] = []
        try:
            import ctranslate2
        except ImportError:
            return
        calls = self.calls

        class RecordingTranslator(ctranslate2.Translator):
            def translate_batch(self, source, *rest, **kwargs):
                results = super().translate_batch(source, *rest, **kwargs)
                calls.append((list(source), results))
                return results

            def translate_iterable(self, source, *rest, **kwargs):
                source = list(source)  # read twice: by CTranslate2 and to record
                results = super().translate_iterable(iter(source), *rest, **kwargs)
                for tokens, result in zip(source, results):
                    calls.append(([tokens], [result]))
                    yield result

        ctranslate2.Translator = RecordingTranslator

    def collect(self) -> dict[tuple[str, ...], list[str]]:
        seen = {}
        for source, results in self.calls:
            for tokens, result in zip(source, results):
                done = result.result() if hasattr(result, "result") else result
                written = list(done.hypotheses[0][1:])
                if written and written[-1] == "</s>":  # kybrief asks for the end token
                    written = written[:-1]
                seen[tuple(tokens)] = written
        return seen


def run_kybrief(args) -> dict:
    """kybrief's Translator (``--engine``, or its default) over the workload, per direction."""
    recorder = Recorder()
    from translate import Translator

    start = time.perf_counter()
    translator = Translator(str(args.model), **translator_kwargs(args))
    load = time.perf_counter() - start
    items = bm.workload()[: args.sentences]
    directions = list(dict.fromkeys((src, tgt) for src, tgt, _ in items))
    translator.translate_sentences(["Бул тууралуу маалымдады."], "ky", "en")  # warm-up

    def work():
        recorder.calls.clear()
        out = {}
        for src, tgt in directions:
            texts = [t for s, g, t in items if (s, g) == (src, tgt)]
            done = translator.translate_sentences(texts, ISO[src], ISO[tgt])
            out.update(((src, tgt, t), d) for t, d in zip(texts, done))
        return [out[item] for item in items]

    # transformers fp32 is the slow baseline: one pass (its noise is small next to its time)
    passes = 1 if getattr(translator.engine, "name", "") == "transformers" else args.passes
    walls, cpus, texts = timed(passes, work)
    tokens = None
    seen = recorder.collect()
    if seen:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(bm.model_folder(args.cache) / "tokenizer.json"))
        keys = [source_tokens(tok, text, src) for src, _, text in items]
        tokens = [seen.get(k) for k in keys]
    engine = translator.engine
    return {
        "load_s": load,
        "walls_s": walls,
        "cpus_s": cpus,
        "sentences": len(items),
        "tokens": tokens,
        "texts": texts,
        "settings": engine_settings(translator),
        "engine": getattr(engine, "name", type(engine).__name__),
    }


def translator_kwargs(args) -> dict:
    """Constructor arguments: the defaults, except where the benchmark must say something."""
    kwargs: dict = {"cache_dir": str(args.cache / "kybrief"), "local_files_only": True}
    if args.engine:
        kwargs["engine"] = args.engine
    if args.device != "cpu":
        kwargs["device"] = args.device
    return kwargs


def engine_settings(translator) -> dict:
    """What the Translator's engine chose (threads, compute type, batching), for the record."""
    engine = translator.engine
    names = (
        "compute_type",
        "inter_threads",
        "intra_threads",
        "max_batch_tokens",
        "device",
        "dtype",
    )
    found = {n: getattr(engine, n) for n in names if hasattr(engine, n)}
    found["batch_size"] = getattr(translator, "batch_size", None)
    plain = (int, float, str, bool, type(None))
    return {k: v if isinstance(v, plain) else str(v) for k, v in found.items()}


def run_brief(args) -> dict:
    """brief() of one seed release: the first (cold) one, then ``--repeats`` warm ones."""
    from summarize import brief
    from translate import Translator

    text = (bm.ROOT / "tests" / "data" / "seeds" / f"{args.doc}.txt").read_text(encoding="utf-8")
    start = time.perf_counter()
    translator = Translator(str(args.model), **translator_kwargs(args))
    load = time.perf_counter() - start
    first = brief(text, translator)
    emit(event="cold", load_s=load, brief_s=time.perf_counter() - start - load)
    walls = []
    slow = getattr(translator.engine, "name", "") == "transformers"
    for _ in range(min(args.repeats, args.before_repeats) if slow else args.repeats):
        begin = time.perf_counter()
        result = brief(text, translator)
        walls.append(time.perf_counter() - begin)
    assert result.to_dict() == first.to_dict(), "warm brief differs from the cold one"
    return {
        "doc": args.doc,
        "engine": getattr(translator.engine, "name", "?"),
        "load_s": load,
        "warm_s": walls,
        "warm_median_s": statistics.median(walls),
        "headline": result.headline,
        "translated_sentences": result.translated_count,
        "sentence_count": result.sentence_count,
        "settings": engine_settings(translator),
    }


WORKERS = {"peer": run_peer, "kybrief": run_kybrief, "brief": run_brief}


def main(args) -> int:
    """Run worker ``args.worker`` and print its result (with peak RSS) as the last line."""
    bm.patch_on_import()
    result = WORKERS[args.worker](args)
    result["peak_rss_mb"] = peak_rss_mb()
    result["torch_imported"] = "torch" in sys.modules
    emit(event="done", **result)
    return 0


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]
