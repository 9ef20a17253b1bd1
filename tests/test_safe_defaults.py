"""Safe defaults: loopback only, no remote code, no pickle code, no analytics or share links,
an upload allow-list, and no network call at run time except a model download when needed.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, TINY_MODEL, load_seed_rows, seed_text

from summarize import brief
from translate import ModelNotAvailableError, Translator
from ui.cli import build_parser
from ui.documents import ALLOWED_EXTENSIONS
from ui.files import SUPPORTED_INPUTS
from ui.options import ModelSettings, get_translator
from ui.server import build_server

pytestmark = pytest.mark.timeout(300)

ROOT = Path(__file__).resolve().parents[1]
CODE = [p for d in ("translate", "summarize", "ui", "scripts") for p in (ROOT / d).rglob("*.py")]
SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", batch_size=8)
ROWS = load_seed_rows()


# -- what the code never does (a grep over every module) ----------------------------------

NEVER = {
    "trust_remote_code=True": re.compile(r"trust_remote_code\s*=\s*True"),
    "share=True": re.compile(r"\bshare\s*=\s*True"),
    "weights_only=False": re.compile(r"weights_only\s*=\s*False"),
    "torch.load without weights_only": re.compile(r"torch\.load\((?![^)]*weights_only=True)"),
    "pickle.load": re.compile(r"\bpickle\.loads?\("),
    "analytics_enabled=True": re.compile(r"analytics_enabled\s*=\s*True"),
}


@pytest.mark.parametrize("name", NEVER)
def test_the_code_never(name):
    assert len(CODE) > 40  # the grep really sees the code
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in CODE
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NEVER[name].search(line)
    ]
    assert hits == []


@pytest.mark.parametrize("command", ["ui", "serve"])
def test_servers_listen_on_loopback_unless_told_otherwise(monkeypatch, command):
    monkeypatch.delenv("KYBRIEF_HOST", raising=False)
    assert build_parser().parse_args([command]).host == "127.0.0.1"
    assert build_parser().parse_args([command, "--host", "0.0.0.0"]).host == "0.0.0.0"


PROBES = {
    "ui.server": "import ui.server",
    "ui.web.app": "import ui.web.app",
    # the server mounts the app: Gradio is imported through ui.web, which switches it off
    "build_server": "from ui.server import build_server\nfrom ui.service import ModelService\n"
    "from ui.options import ModelSettings\n"
    "build_server(ModelService(ModelSettings(model='/nonexistent')))",
}


@pytest.mark.parametrize("entry", PROBES)
def test_gradio_analytics_are_off_without_any_setting(entry):
    env = {k: v for k, v in os.environ.items() if k != "GRADIO_ANALYTICS_ENABLED"}
    code = PROBES[entry] + "\nimport gradio.analytics as a\nprint(a.analytics_enabled())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_app_has_analytics_off_and_an_upload_allow_list(tiny_translator):
    from ui.web import build_app

    app = build_app(_service(tiny_translator))
    assert app.analytics_enabled is False
    uploads = [c for c in app.config["components"] if c.get("type") == "file"]
    # the release upload, the glossary upload (text tables only), the document to translate
    # (the formats ui.files writes back), then the Digest tab's: the release types plus .zip
    # (read in memory)
    assert [c["props"]["file_types"] for c in uploads] == [
        list(ALLOWED_EXTENSIONS),
        [".tsv", ".csv", ".txt"],
        list(SUPPORTED_INPUTS),
        [*ALLOWED_EXTENSIONS, ".zip"],
    ]
    assert not {".exe", ".js", ".svg", ".zip"} & (set(ALLOWED_EXTENSIONS) | set(SUPPORTED_INPUTS))


def _service(translator):
    from ui.service import ModelService

    return ModelService(SETTINGS, translator=translator)


# -- pickle weights: safetensors first; a pickle runs no code -----------------------------


class _Payload:
    """Pickles to "create this file": code a malicious checkpoint would run when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


def _model_with_pickle(tmp_path, marker: Path, keep_safetensors: bool) -> Path:
    import torch

    folder = tmp_path / "model"
    shutil.copytree(TINY_MODEL, folder)
    if not keep_safetensors:
        (folder / "model.safetensors").unlink()
    torch.save({"model.shared.weight": _Payload(marker)}, folder / "pytorch_model.bin")
    return folder


def test_a_pickle_checkpoint_runs_no_code(tmp_path):
    marker = tmp_path / "pwned"
    folder = _model_with_pickle(tmp_path, marker, keep_safetensors=False)
    with pytest.raises(ModelNotAvailableError):
        Translator(str(folder), device="cpu")
    assert not marker.exists()  # torch.load(weights_only=True) refused the payload


def test_safetensors_are_preferred_over_pickle(tmp_path):
    marker = tmp_path / "pwned"
    folder = _model_with_pickle(tmp_path, marker, keep_safetensors=True)
    translator = Translator(str(folder), device="cpu")
    assert translator.translate(ROWS[0]["ky"], source="ky") == ROWS[0]["en"]
    assert not marker.exists()  # the .bin was never opened


# -- no network at run time ---------------------------------------------------------------

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    """Record (and refuse) every connection or name lookup that leaves this machine."""
    import huggingface_hub.constants
    from huggingface_hub.utils import _detect_agent

    tried: list[str] = []
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            tried.append(f"connect {host}")
            raise OSError("network access blocked by the test")
        return connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in LOOPBACK and host is not None:
            tried.append(f"lookup {host}")
            raise socket.gaierror("name lookup blocked by the test")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    # online, as a real deployment is: the hub is not switched off for us, and nothing it
    # fetches once per process (its "agent harnesses" list) is already in memory or on disk
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(_detect_agent, "_registry", None)
    monkeypatch.setattr(huggingface_hub.constants, "AGENT_HARNESSES_PATH", str(tmp_path / "ah"))
    return tried


def _gradio_call(url: str, api: str, data: list) -> list:
    """The Gradio HTTP API by hand (POST the call, read its event stream): gradio_client would
    itself look up huggingface.co (its telemetry), which is not the server's doing."""
    event = httpx.post(f"{url}/gradio_api/call/{api}", json={"data": data}).json()["event_id"]
    with httpx.stream("GET", f"{url}/gradio_api/call/{api}/{event}", timeout=60) as stream:
        lines = list(stream.iter_lines())
    return json.loads(lines[lines.index("event: complete") + 1].removeprefix("data: "))


def test_a_brief_through_the_app_makes_no_outside_connection(no_network, tiny_ct2_translator):
    doc = SEED_IDS[0]
    want = brief(seed_text(doc), translator=tiny_ct2_translator).to_dict()  # the default engine
    with live_server(build_server(_service(None))) as url:  # loads the model itself, online
        assert wait_ready(url)["state"] == "ready"
        assert _gradio_call(url, "brief", [seed_text(doc), "auto", 3, True]) == [want]
        rest = httpx.post(f"{url}/api/v1/brief", json={"text": seed_text(doc)}, timeout=60)
        assert rest.json() == want
        assert httpx.get(url + "/").status_code == 200
    assert no_network == []


def _hub_cache(tmp_path, repo: str) -> Path:
    """A Hugging Face cache holding the tiny model as if downloaded from ``repo``."""
    root = tmp_path / "hf"
    entry = root / f"models--{repo.replace('/', '--')}"
    revision = "0" * 40
    shutil.copytree(TINY_MODEL, entry / "snapshots" / revision)
    (entry / "refs").mkdir()
    (entry / "refs" / "main").write_text(revision)
    return root


def test_a_cached_hub_model_loads_without_asking_the_hub(no_network, tmp_path):
    import huggingface_hub.constants

    # huggingface_hub's own list of "agent harnesses", refreshed online once a day, is on disk:
    # apart from that daily fetch (see the README), loading the cached model needs no network
    Path(huggingface_hub.constants.AGENT_HARNESSES_PATH).write_text(
        '{"standardEnvVars": [], "harnesses": {}}', encoding="utf-8"
    )
    repo = "kybrief-test/tiny-nllb"
    settings = ModelSettings(model=repo, device="cpu", cache_dir=str(_hub_cache(tmp_path, repo)))
    translator = get_translator(settings)
    assert translator.translate(ROWS[1]["ky"], source="ky") == ROWS[1]["en"]
    assert no_network == []  # no revision check, no retries against an unreachable hub


def test_offline_means_no_network_at_all(no_network, tmp_path):
    repo = "kybrief-test/tiny-nllb-offline"
    cache = str(_hub_cache(tmp_path, repo))
    translator = get_translator(ModelSettings(model=repo, cache_dir=cache, offline=True))
    assert translator.translate(ROWS[2]["ky"], source="ky") == ROWS[2]["en"]
    missing = ModelSettings(model="kybrief-test/not-cached", cache_dir=cache, offline=True)
    with pytest.raises(ModelNotAvailableError, match="kybrief download"):
        get_translator(missing)
    assert no_network == []  # not even the hub's daily metadata
