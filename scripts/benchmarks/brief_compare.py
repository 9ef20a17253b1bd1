"""Is a warm brief() of a sample release slower than at an earlier commit? Both trees, one run.

``git worktree add`` puts ``--base`` (default dd7696c, the commit before the package refactor)
in a temporary folder. One worker process per tree, with ``PYTHONPATH`` set to that tree alone,
loads the same model (the committed tiny one, ``tests/fixtures/tiny-nllb``) with engine
ctranslate2, converted into a temporary folder of its own, and briefs each sample release
(``ui/examples/*.txt``, Kyrgyz) ``--warmup`` times untimed. Then the two workers alternate: in
each round, each release is briefed once in one tree and once in the other, the order swapped
every round, so a change in the machine's load falls on both alike; a short pause before each
brief lets the idle worker's threads stop spinning. The time is brief() alone, measured in the
worker; the environment (``OMP_NUM_THREADS`` included) is passed on as it is.

The first brief of each release is also compared between the trees: its JSON (``to_dict()``)
must be the same apart from ``"warnings"`` (at any depth).

    python scripts/bench.py brief-compare                  # base dd7696c, 15 rounds
    python scripts/bench.py brief-compare --base HEAD~3 --rounds 5

Writes bench/brief_compare.json and bench/brief_compare.md.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from benchmarks.model import BENCH, ROOT, TINY

DEFAULT_BASE = "dd7696c"
RELEASES = ROOT / "ui" / "examples"
ROLES = ("base", "current")
ABOUT = (
    "Warm brief() of each sample release (ui/examples/*.txt) in two trees, alternating in one "
    "run: base (a git worktree of `base.commit`) and current (this working tree). Tiny model, "
    "engine ctranslate2, CPU; median seconds over `rounds`; ratio = current / base. "
    "Written by `python scripts/bench.py brief-compare`."
)


# -- the worker: one per tree ---------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    """Load the tree's Translator, then brief every release asked for on stdin (JSON lines)."""
    reply = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything else printed (progress bars, C libraries) goes to stderr
    sys.stdout = sys.stderr
    tree = Path(args.tree).resolve()
    start = time.perf_counter()
    try:
        import summarize
        import translate
        from summarize import brief
        from translate import Translator

        for module in (summarize, translate):
            if not Path(module.__file__).resolve().is_relative_to(tree):
                raise RuntimeError(f"{module.__name__} came from {module.__file__}, not {tree}")
        translator = Translator(
            args.model, engine="ctranslate2", device="cpu", engine_options={"ct2_dir": args.ct2_dir}
        )
    except Exception as exc:  # the tree cannot even load: say so, as the result
        _send(reply, event="error", error=_error(exc))
        return 1
    engine = translator.engine
    _send(
        reply,
        event="ready",
        load_s=time.perf_counter() - start,
        translate=str(Path(translate.__file__).parent),
        engine=getattr(engine, "name", type(engine).__name__),
        threads=[getattr(engine, "inter_threads", None), getattr(engine, "intra_threads", None)],
    )
    for line in sys.stdin:
        request = json.loads(line)
        text = Path(request["doc"]).read_text(encoding="utf-8")
        try:
            begin = time.perf_counter()
            result = brief(text, translator)
            seconds = time.perf_counter() - begin
            data = json.loads(json.dumps(result.to_dict(), default=str))
        except Exception as exc:
            _send(reply, error=_error(exc))
            continue
        _send(reply, seconds=seconds, **({"brief": data} if request.get("json") else {}))
    return 0


def _send(stream, **data) -> None:
    stream.write(json.dumps(data, ensure_ascii=False) + "\n")


def _error(exc: BaseException) -> str:
    where = traceback.format_exc().strip().splitlines()
    return f"{type(exc).__name__}: {exc} | " + " / ".join(line.strip() for line in where[-5:-1])


class Worker:
    """The driver's handle on one tree's worker process."""

    def __init__(self, role: str, tree: Path, args: argparse.Namespace, tmp: Path) -> None:
        self.role, self.tree = role, tree
        self.log_path = tmp / f"{role}.log"
        env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1"}
        cmd = [sys.executable, str(BENCH), "brief-compare", "--worker", "--tree", str(tree)]
        cmd += ["--model", str(args.model), "--ct2-dir", str(tmp / f"ct2-{role}")]
        with self.log_path.open("w") as log:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                cwd=tree, env=env,
            )  # fmt: skip
        self.timeout = args.timeout

    def read(self) -> dict:
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            state = "timed out" if not ready else f"exited with {self.proc.poll()}"
            raise RuntimeError(f"{self.role} worker {state}: {self.log_tail()}")
        return json.loads(line)

    def ask(self, doc: Path, want_json: bool = False) -> dict:
        self.proc.stdin.write(json.dumps({"doc": str(doc), "json": want_json}) + "\n")
        self.proc.stdin.flush()
        return self.read()

    def log_tail(self, lines: int = 8) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return " / ".join(line.strip() for line in text[-lines:] if "Loading weights" not in line)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# -- the driver -------------------------------------------------------------------------------


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def commits(base: str) -> dict:
    """The base commit and this tree's (HEAD, and how many files differ from it)."""
    sha = git("rev-parse", "--verify", f"{base}^{{commit}}")
    head = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no").splitlines()
    return {
        "base": {"rev": base, "commit": sha, "subject": git("log", "-1", "--format=%s", sha)},
        "current": {
            "commit": head,
            "subject": git("log", "-1", "--format=%s", head),
            "uncommitted_files": len(changed),
            "tree": str(ROOT),
        },
    }


def without_warnings(value):
    if isinstance(value, dict):
        return {k: without_warnings(v) for k, v in value.items() if k != "warnings"}
    if isinstance(value, list):
        return [without_warnings(v) for v in value]
    return value


def differences(a, b, path: str = "") -> list[str]:
    """Where two JSON values differ (paths like ``/key_points/0/text``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in list(dict.fromkeys([*a, *b])):
            if key not in a or key not in b:
                found.append(f"{path}/{key} (only in {'base' if key in a else 'current'})")
            else:
                found += differences(a[key], b[key], f"{path}/{key}")
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}/{i}")]
    return [] if a == b else [path or "/"]


def count_warnings(value) -> int:
    if isinstance(value, dict):
        own = len(value["warnings"]) if isinstance(value.get("warnings"), list) else 0
        return own + sum(count_warnings(v) for k, v in value.items() if k != "warnings")
    if isinstance(value, list):
        return sum(count_warnings(v) for v in value)
    return 0


def run(args: argparse.Namespace) -> dict:
    docs = sorted(RELEASES.glob("*.txt"))
    data: dict = {"about": ABOUT, "date": time.strftime("%Y-%m-%d %H:%M"), **commits(args.base)}
    data["settings"] = {
        "command": "python scripts/bench.py brief-compare " + " ".join(args.argv),
        "model": _shown(Path(args.model)),
        "engine": "ctranslate2",
        "device": "cpu",
        "rounds": args.rounds,
        "warmup": args.warmup,
        "pause_s": args.pause,
        "cores": len(os.sched_getaffinity(0)),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
        "python": sys.version.split()[0],
    }
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="kybrief-brief-compare-"))
    trees = {"base": tmp / "base", "current": ROOT}
    workers: dict[str, Worker] = {}
    info: dict[str, dict] = {}
    try:
        git("worktree", "add", "--detach", "--quiet", str(trees["base"]), data["base"]["commit"])
        for role in ROLES:
            workers[role] = Worker(role, trees[role], args, tmp)
        for role in ROLES:  # both load at once (untimed)
            info[role] = _ready(workers[role])
        live = [role for role in ROLES if "error" not in info[role]]
        rows = _measure(workers, live, docs, args)
    finally:
        for w in workers.values():
            w.close()
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(trees["base"])],
            cwd=ROOT, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(tmp, ignore_errors=True)
    data["workers"] = info
    data["releases"] = rows
    data["load_average_before_after"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    data["wall_s"] = round(time.perf_counter() - started, 1)
    data["summary"] = _summary(rows, args.tolerance)
    return data


def _shown(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    full = path.resolve()
    return str(full.relative_to(ROOT)) if full.is_relative_to(ROOT) else str(path)


def _ask(w: Worker, doc: Path, want_json: bool = False) -> dict:
    """The worker's reply, or ``{"error": ...}`` when it died or stopped answering."""
    try:
        return w.ask(doc, want_json)
    except (RuntimeError, OSError) as exc:
        return {"error": str(exc)}


def _ready(w: Worker) -> dict:
    try:
        reply = w.read()
    except RuntimeError as exc:
        return {"error": str(exc)}
    if reply.get("event") != "ready":
        return {"error": reply.get("error", str(reply))}
    return {k: v for k, v in reply.items() if k != "event"}


def _measure(workers: dict[str, Worker], live: list[str], docs: list[Path], args) -> list[dict]:
    rows = []
    for doc in docs:
        row: dict = {"release": doc.name, "errors": {}}
        briefs = {}
        for role in live:
            for i in range(args.warmup):
                reply = _ask(workers[role], doc, want_json=i == 0)
                if "error" in reply:
                    row["errors"][role] = reply["error"]
                    break
                briefs.setdefault(role, reply.get("brief"))
        row["times_s"] = {role: [] for role in live if role not in row["errors"]}
        if len(briefs) == 2:
            base, current = (without_warnings(briefs[r]) for r in ROLES)
            row["identical_apart_from_warnings"] = base == current
            row["differences"] = differences(base, current)[:20]
        else:
            row["identical_apart_from_warnings"] = None
        row["warnings"] = {role: count_warnings(b) for role, b in briefs.items()}
        rows.append(row)
    for n in range(args.rounds):
        for doc, row in zip(docs, rows):
            order = list(row["times_s"]) if n % 2 == 0 else list(reversed(row["times_s"]))
            for role in order:
                time.sleep(args.pause)
                reply = _ask(workers[role], doc)
                if "error" in reply:
                    row["errors"][role] = reply["error"]
                    row["times_s"].pop(role)
                else:
                    row["times_s"][role].append(round(reply["seconds"], 4))
    for row in rows:
        for role, times in row["times_s"].items():
            row[f"{role}_median_s"] = round(statistics.median(times), 4)
        if all(f"{r}_median_s" in row for r in ROLES):
            row["ratio"] = round(row["current_median_s"] / row["base_median_s"], 3)
    return rows


def _summary(rows: list[dict], tolerance: float) -> dict:
    ratios = [r["ratio"] for r in rows if "ratio" in r]
    done = bool(rows) and len(ratios) == len(rows)
    summary: dict = {"tolerance": tolerance}
    if done:
        base = sum(r["base_median_s"] for r in rows)
        current = sum(r["current_median_s"] for r in rows)
        summary.update(
            base_total_median_s=round(base, 4),
            current_total_median_s=round(current, 4),
            ratio=round(current / base, 3),
            not_slower=all(x <= 1 + tolerance for x in ratios),
        )
    summary["identical_apart_from_warnings"] = (
        all(r.get("identical_apart_from_warnings") for r in rows) if done else None
    )
    return summary


def markdown(data: dict) -> str:
    s, b, c = data["settings"], data["base"], data["current"]
    load = data["load_average_before_after"]
    dirty = f" + {c['uncommitted_files']} uncommitted files" if c["uncommitted_files"] else ""
    lines = [
        "# Warm brief(): current tree against base, alternating in one run",
        "",
        f"{data['date']}, `{s['command'].strip()}` ({data['wall_s']:.0f} s). "
        f"1-minute load average {load[0]:.1f} before the run, {load[1]:.1f} after.",
        f"base: `{b['commit'][:10]}` ({b['rev']}: {b['subject']}); "
        f"current: `{c['commit'][:10]}`{dirty} ({c['subject']}).",
        f"Model {s['model']}, engine {s['engine']}, {s['device']}, {s['cores']} cores, "
        f"OMP_NUM_THREADS {s['OMP_NUM_THREADS'] or 'unset'}; median of {s['rounds']} warm "
        f"briefs per tree and release after {s['warmup']} untimed.",
        "",
        "| release | base s | current s | current / base | same JSON (not warnings) |",
        "|---|---:|---:|---:|---|",
    ]
    for r in data["releases"]:
        same = r.get("identical_apart_from_warnings")
        lines.append(
            f"| {r['release']} | {_num(r.get('base_median_s'))} | "
            f"{_num(r.get('current_median_s'))} | {_num(r.get('ratio'), 3)} | "
            f"{'-' if same is None else 'yes' if same else 'NO'} |"
        )
    m = data["summary"]
    if "ratio" in m:
        verdict = "not slower" if m["not_slower"] else "SLOWER"
        lines += [
            "",
            f"Both releases: base {m['base_total_median_s']:.3f} s, current "
            f"{m['current_total_median_s']:.3f} s, ratio {m['ratio']:.3f}: {verdict} "
            f"(each release's ratio at most {1 + m['tolerance']:.2f}).",
        ]
    for r in data["releases"]:
        if r.get("differences"):
            lines.append(f"\n{r['release']}: the JSON differs at " + ", ".join(r["differences"]))
        for role, error in r["errors"].items():
            lines.append(f"\n{r['release']}: brief() failed in {role}: {error}")
    for role, w in data["workers"].items():
        if "error" in w:
            lines.append(f"\nThe {role} tree could not load: {w['error']}")
    return "\n".join(lines) + "\n"


def _num(value, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    p = argparse.ArgumentParser(
        prog=prog,
        description=__doc__.split("\n\n")[0],
        epilog="Writes bench/brief_compare.json and .md (under --out).",
    )
    p.add_argument(
        "--base", default=DEFAULT_BASE, help="commit to compare with (default %(default)s)"
    )
    p.add_argument("--rounds", type=int, default=15, help="timed briefs per tree and release")
    p.add_argument(
        "--warmup", type=int, default=2, help="untimed briefs first, per tree and release"
    )
    p.add_argument("--pause", type=float, default=0.3, help="seconds of rest before each brief")
    p.add_argument("--tolerance", type=float, default=0.05, help="'not slower': ratio <= 1 + this")
    p.add_argument("--model", default=str(TINY), help="model folder (default: the tiny one)")
    p.add_argument("--out", type=Path, default=ROOT / "bench")
    p.add_argument("--timeout", type=float, default=300, help="seconds a worker may take to answer")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--tree", help=argparse.SUPPRESS)
    p.add_argument("--ct2-dir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    data = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "brief_compare.json").write_text(
        json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    md = markdown(data)
    (args.out / "brief_compare.md").write_text(md, encoding="utf-8")
    print(md)
    failed = any("error" in w for w in data["workers"].values()) or any(
        r["errors"] for r in data["releases"]
    )
    return 1 if failed else 0
