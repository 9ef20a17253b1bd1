"""Requests batched together: a real server's briefs per second with gathering on and off.

Three ``kybrief serve`` processes on loopback, one model each (the bundled demo model, or
``--model``), engine ctranslate2, converted into a temporary folder:

- ``off``: today's path and defaults (``--gather-ms 0``: each request decodes its own batches;
  ``--concurrency`` 2);
- ``off-8``: the same with ``--concurrency 8``, to tell more slots from gathering;
- ``on``: the new defaults (``--gather-ms 5``, ``--concurrency`` 8).

In each round, for each server in turn (the order rotated every round, so a change in the
machine's load falls on all alike), ``--clients`` clients each brief ``--per-client`` sample
releases (``tests/data/seeds/*.txt``, client ``i`` starting at release ``i``) through
``POST /api/v1/brief`` at once: sentences per second = the releases' sentences / wall time.
Then a lone client briefs each release ``--lone`` times in a row: its median latency.
Every answer is compared with the ``off`` server's brief of the same release (the JSON, exactly).

    python scripts/bench.py gather                     # demo model, 5 rounds
    python scripts/bench.py gather --model PATH --rounds 3
    python scripts/bench.py model && python scripts/bench.py gather \
        --model bench-cache/nllb-600m-graft --name gather-600m   # the 600M shape (see model.py)

Writes bench/gather.json and bench/gather.md (``--name`` for another name).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.model import ROOT, hook_folder
from benchmarks.servers import free_port

SEEDS = ROOT / "tests" / "data" / "seeds"
DEMO = ROOT / "ui" / "demo_model"
CONFIGS = {
    "off": ["--gather-ms", "0"],
    "off-8": ["--gather-ms", "0", "--concurrency", "8"],
    "on": [],
}
ABOUT = (
    "Briefs per second of a real `kybrief serve` (loopback, engine ctranslate2 int8, CPU) under "
    "concurrent clients, gathering off (today's path: `--gather-ms 0`, `--concurrency 2`), off "
    "with `--concurrency 8`, and on (the defaults: `--gather-ms 5`, `--concurrency 8`), "
    "alternating in one run; and a lone client's latency. Medians over `rounds`. Written by "
    "`python scripts/bench.py gather`."
)


def releases() -> list[tuple[str, str]]:
    """(name, text) of the sample releases: the seed releases in Kyrgyz."""
    paths = sorted(p for p in SEEDS.glob("*.txt") if p.suffixes == [".txt"])
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def start_server(name: str, model: str, ct2_dir: Path, logs: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "ui.cli", "serve", "--model", model, "--offline"]
    cmd += ["--engine", "ctranslate2", "--ct2-dir", str(ct2_dir), "--port", str(port)]
    path = [str(ROOT)]
    if (Path(model) / "GRAFT.json").is_file():  # the 600M-shape model needs its position table
        path.insert(0, str(hook_folder(Path(model).resolve().parent)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path), "HF_HUB_OFFLINE": "1"}
    out = (logs / f"{name}.log").open("w")
    proc = subprocess.Popen(
        cmd + CONFIGS[name], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
    )
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(proc: subprocess.Popen, base: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server at {base} exited ({proc.returncode})")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if json.loads(response.read()).get("state") == "ready":
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server at {base} was not ready in {timeout} s")


def brief(base: str, text: str) -> dict:
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(
        base + "/api/v1/brief", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def load_round(base: str, texts: list[tuple[str, str]], clients: int, each: int) -> dict:
    """``clients`` clients, ``each`` briefs each, all at once: wall time and the answers."""
    answers: list[tuple[str, dict]] = []
    errors: list[str] = []
    start = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        start.wait()
        for k in range(each):
            name, text = texts[(number + k) % len(texts)]
            try:
                answers.append((name, brief(base, text)))
            except Exception as exc:  # counted and shown, not fatal
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    sentences = sum(answer["sentence_count"] for _, answer in answers)
    return {"wall_s": wall, "sentences": sentences, "answers": answers, "errors": errors}


def lone_round(base: str, texts: list[tuple[str, str]], times: int) -> tuple[list, list]:
    latencies, answers = [], []
    for _ in range(times):
        for name, text in texts:
            time.sleep(0.2)  # the other servers' threads settle
            began = time.perf_counter()
            answers.append((name, brief(base, text)))
            latencies.append(time.perf_counter() - began)
    return latencies, answers


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def measure(args: argparse.Namespace) -> dict:
    texts = releases()
    servers: dict[str, tuple[subprocess.Popen, str]] = {}
    with tempfile.TemporaryDirectory(prefix="kybrief-gather-") as tmp:
        logs = Path(tmp)
        try:
            for name in CONFIGS:
                servers[name] = start_server(name, args.model, logs / "ct2", logs)
                wait_ready(*servers[name])  # one at a time: the first converts the model
            for _, base in servers.values():  # warm-up, untimed
                load_round(base, texts, args.clients, 1)
            rounds = run_rounds(args, servers, texts)
        finally:
            for proc, _ in servers.values():
                proc.terminate()
            for proc, _ in servers.values():
                proc.wait(timeout=30)
    return rounds


def run_rounds(args, servers: dict, texts: list) -> dict:
    names = list(servers)
    runs = {name: {"rate": [], "lone": [], "errors": [], "differ": 0} for name in names}
    reference: dict[str, dict] = {}
    for number in range(args.rounds):
        order = names[number % len(names) :] + names[: number % len(names)]
        for name in order:
            base = servers[name][1]
            time.sleep(1.0)
            done = load_round(base, texts, args.clients, args.per_client)
            runs[name]["rate"].append(done["sentences"] / done["wall_s"])
            runs[name]["errors"] += done["errors"]
            latencies, lone = lone_round(base, texts, args.lone)
            runs[name]["lone"] += latencies
            for release, answer in done["answers"] + lone:
                if name == "off":
                    reference.setdefault(release, answer)
                runs[name].setdefault("answers", []).append((release, answer))
        print(
            f"round {number + 1}/{args.rounds}: "
            + ", ".join(f"{n} {runs[n]['rate'][-1]:.1f} sent/s" for n in names),
            file=sys.stderr,
            flush=True,
        )
    for run in runs.values():
        answers = run.pop("answers", [])
        run["differ"] = sum(1 for release, a in answers if a != reference[release])
        run["answers"] = len(answers)
    return runs


def summarize(runs: dict, args, load_before: list, load_after: list) -> dict:
    model = Path(args.model).resolve()
    shown = str(model.relative_to(ROOT)) if model.is_relative_to(ROOT) else args.model
    out = {"about": ABOUT, "model": shown, "clients": args.clients}
    out.update(per_client=args.per_client, lone_briefs=args.lone, rounds=args.rounds)
    out.update(load_before=load_before, load_after=load_after, cores=os.cpu_count())
    results = {}
    for name, run in runs.items():
        results[name] = {
            "flags": " ".join(CONFIGS[name]) or "(defaults)",
            "sentences_per_s": round(statistics.median(run["rate"]), 2),
            "sentences_per_s_rounds": [round(x, 2) for x in run["rate"]],
            "lone_latency_s": round(statistics.median(run["lone"]), 3),
            "answers": run["answers"],
            "answers_differing_from_off": run["differ"],
            "errors": run["errors"][:5],
        }
    out["results"] = results
    off, on = results["off"], results["on"]
    out["speedup_on_vs_off"] = round(on["sentences_per_s"] / off["sentences_per_s"], 3)
    out["lone_latency_on_vs_off"] = round(on["lone_latency_s"] / off["lone_latency_s"], 3)
    out["identical"] = all(r["answers_differing_from_off"] == 0 for r in results.values())
    return out


def markdown(out: dict) -> str:
    lines = [f"# {out['name']}: requests batched together", "", out["about"], ""]
    lines += [
        f"Model `{out['model']}`; {out['clients']} clients x {out['per_client']} briefs per "
        f"round, lone client {out['lone_briefs']} x each release per round; {out['rounds']} "
        f"rounds; {out['cores']} cores; load average before {out['load_before']}, after "
        f"{out['load_after']} (other work shares this machine).",
        "",
        "| server | flags | sentences/s (8 clients) | lone latency (s) | answers | differ |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in out["results"].items():
        lines.append(
            f"| {name} | `{r['flags']}` | {r['sentences_per_s']} | {r['lone_latency_s']} | "
            f"{r['answers']} | {r['answers_differing_from_off']} |"
        )
    lines += [
        "",
        f"Gathering on / off: **{out['speedup_on_vs_off']}x** sentences per second; lone "
        f"latency ratio **{out['lone_latency_on_vs_off']}**. Every brief identical to the off "
        f"server's: **{out['identical']}**.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None, **parser_kwargs) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], **parser_kwargs)
    parser.add_argument("--model", default=str(DEMO), help="model folder (default: demo model)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=2, help="briefs per client per round")
    parser.add_argument("--lone", type=int, default=2, help="lone briefs per release per round")
    parser.add_argument("--name", default="gather", help="bench/<name>.json and .md")
    parser.add_argument("--out", type=Path, default=ROOT / "bench", help="where they go")
    args = parser.parse_args(argv)
    before = load_average()
    runs = measure(args)
    out = {"name": args.name, **summarize(runs, args, before, load_average())}
    args.out.mkdir(exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    (args.out / f"{args.name}.md").write_text(markdown(out), encoding="utf-8")
    print(markdown(out))
    return 0 if out["identical"] else 1
