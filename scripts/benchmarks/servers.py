"""``kybrief ui`` and ``kybrief serve``: time from launch to a 200 from /healthz, and peak RSS.

The real command runs as a subprocess (``python -m ui.cli ...`` from the worktree). A
``sitecustomize`` hook (``benchmarks.model.hook_folder``) on its PYTHONPATH lets the grafted model
translate correctly should the process load it with transformers; it imports nothing itself.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks import model as bm

SENTENCE = "Бул тууралуу өкмөттүн басма сөз кызматы маалымдады."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def subprocess_env(cache: Path) -> dict:
    """Offline, no analytics, this worktree first on the path, the graft hook installed."""
    path = [str(bm.hook_folder(cache)), str(bm.ROOT), os.environ.get("PYTHONPATH", "")]
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in path if p),
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }


def measure_server(command: str, args, engine: str | None, timeout: float = 600) -> dict:
    """Launch ``kybrief <command>``, poll /healthz until 200, send one translation, read RSS."""
    port = free_port()
    cmd = [sys.executable, "-m", "ui.cli", command, "--model", str(args.model), "--offline"]
    cmd += ["--port", str(port), "--cache-dir", str(args.cache / "kybrief")]
    cmd += ["--engine", engine] if engine else []
    cmd += ["--device", args.device] if args.device != "cpu" else []
    log = args.cache / f"{command}-{engine or 'default'}.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=bm.ROOT, env=subprocess_env(args.cache), stdout=out, stderr=out
        )
        try:
            health = _wait_ready(proc, f"{base}/healthz", start + timeout)
            ready = time.perf_counter() - start
            begin = time.perf_counter()
            translation = _translate(command, base)
            first = time.perf_counter() - begin
            rss = tree_memory(proc.pid)
        finally:
            _stop(proc)
    return {
        "command": f"kybrief {command}",
        "engine": health.get("engine") or engine or "default",
        "ready_s": ready,
        "first_request_s": first,
        "translation": translation,
        **rss,
        "log": str(log),
    }


def _wait_ready(proc: subprocess.Popen, url: str, deadline: float) -> dict:
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return json.loads(resp.read() or b"{}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet, or 503 while the model loads
        time.sleep(0.1)
    raise TimeoutError(f"{url} not ready in time")


def _translate(command: str, base: str) -> str:
    if command == "serve":  # LibreTranslate's form API
        data = urllib.parse.urlencode({"q": SENTENCE, "source": "ky", "target": "en"}).encode()
        req = urllib.request.Request(f"{base}/translate", data=data)
        key = "translatedText"
    else:
        body = {"text": SENTENCE, "source": "ky", "target": "en"}
        req = urllib.request.Request(
            f"{base}/api/v1/translate",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        key = "translation"
    with urllib.request.urlopen(req, timeout=600) as resp:
        answer = json.loads(resp.read())
    return str(answer.get(key, answer))[:200]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tree_memory(pid: int) -> dict:
    """Peak RSS (VmHWM) of ``pid`` and, summed, of it and every descendant, in MB."""
    pids = [pid]
    for p in pids:  # grows while walking: breadth-first over /proc/<p>/task/*/children
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                pids += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    own = _status_kb(pid, "VmHWM")
    total = sum(_status_kb(p, "VmHWM") for p in pids)
    return {
        "peak_rss_mb": own / 1024,
        "peak_rss_tree_mb": total / 1024,
        "processes": len(pids),
        "rss_now_mb": _status_kb(pid, "VmRSS") / 1024,
    }


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
