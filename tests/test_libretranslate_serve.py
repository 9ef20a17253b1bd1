"""kybrief serve: options, API keys, and a real server process stopped with Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import SEEDS, lt_trusted

from translate.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def _seed_row(i: int) -> dict:
    lines = (SEEDS / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[i])


def test_serve_help(capsys):
    from ui.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in (
        "--host",
        "--port",
        "--api-keys",
        "--api-keys-file",
        "--char-limit",
        "--req-limit",
        "--model",
        "--demo",
    ):
        assert option in out


def test_serve_rejects_bad_limits_and_both_key_options(capsys):
    from ui.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--char-limit", "0"])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--api-keys", "a", "--api-keys-file", "f"])
    assert exit_.value.code == 2


def test_read_api_keys(tmp_path):
    from ui.web.auth import read_api_keys

    assert read_api_keys(None, None) is None
    assert read_api_keys(" a, b ,,", None) == frozenset({"a", "b"})
    keys = tmp_path / "keys.txt"
    keys.write_text("# clients\nalpha\n\n beta  # Mastodon\n", encoding="utf-8")
    assert read_api_keys(None, str(keys)) == frozenset({"alpha", "beta"})
    with pytest.raises(InputError):
        read_api_keys(" , ", None)
    with pytest.raises(InputError):
        read_api_keys(None, str(tmp_path / "missing.txt"))


@pytest.mark.slow
def test_serve_runs_and_stops_on_ctrl_c(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "serve",
            "--demo",
            "--port",
            "0",
            "--device",
            "cpu",
            "--api-keys",
            "secret",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "LibreTranslate-compatible API on http://127.0.0.1:" in line, proc.stderr.read()
        url = line.split(" on ")[1].split()[0].rstrip("/")
        ready = proc.stdout.readline()  # the server says when the model is ready
        assert "kybrief serve: model ready" in ready
        health = httpx.get(url + "/healthz").json()
        assert health["state"] == "ready" and health["demo"] is True
        r = httpx.post(
            url + "/translate",
            data={"q": _seed_row(1)["ky"], "source": "ky", "target": "en", "api_key": "secret"},
        )
        assert lt_trusted(r.json()) == {"translatedText": _seed_row(1)["en"]}
        assert httpx.post(url + "/translate", data={"q": "x"}).status_code == 403
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "server stopped" in err
