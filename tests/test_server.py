"""The server's parts in-process: escaping, tables, streaming, the model service, a model that
cannot be loaded, the event handlers' errors, and the ``kybrief ui`` command."""

from __future__ import annotations

import dataclasses
import html
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import gradio as gr
import httpx
import pytest
from conftest import SEED_IDS, TINY_MODEL, load_seed_rows, seed_text
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

from summarize import brief
from summarize.figures.guard import check_figures
from summarize.markdown import escape_markdown
from translate import TextTooLongError
from translate.errors import InputError, ModelNotAvailableError
from ui.cli import main
from ui.commands.ui import startup_lines
from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import base_url, build_server, exposure_warning, listen
from ui.service import ModelLoadingError, ModelService, check_text
from ui.web.auth import Access, parse_auth
from ui.web.events import Handlers, status_markdown
from ui.web.render import brief_markdown, format_value, warnings_markdown
from ui.web.stream import stream_translation

SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", batch_size=8)
ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "**bold** _it_ `code` # not a heading",
    "$$x^2$$ and | pipes | and \\ backslash",
    "1. not a list",
    "- not a list either, see https://example.org/a-b.html",
]


@pytest.fixture(scope="module")
def seed_brief(tiny_translator):
    return brief(seed_text(SEED_IDS[0]), translator=tiny_translator)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_escape_renders_the_literal_text(payload):
    rendered = MarkdownIt().render(escape_markdown(payload))
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<strong>" not in rendered and "<code>" not in rendered and "<h1>" not in rendered
    # what a reader sees is exactly the payload
    text = rendered.removeprefix("<p>").removesuffix("</p>\n")
    assert html.unescape(text) == payload


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12000.0, "12,000"), (2e9, "2,000,000,000"), (3.9, "3.9"), (0.25, "0.25"), (7, "7")],
)
def test_format_value(value, shown):
    assert format_value(value) == shown


def test_brief_markdown_escapes_release_text(seed_brief):
    evil = dataclasses.replace(
        seed_brief, headline=PAYLOADS[0], summary=PAYLOADS[1], key_points=(PAYLOADS[2],)
    )
    rendered = MarkdownIt("commonmark", {"html": True}).render(brief_markdown(evil))
    assert (
        "<script" not in rendered and "<img" not in rendered and 'href="javascript' not in rendered
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    plain = MarkdownIt().render(brief_markdown(seed_brief))
    assert "Akylbek Japarov" in plain and "<h3>" in plain


def test_figure_guard_warnings_are_shown(seed_brief):
    warnings = check_figures(seed_brief.figures, "The parties met and talked.")
    assert len(warnings) == len(seed_brief.figures)  # the English drops every figure
    shown = warnings_markdown(dataclasses.replace(seed_brief, warnings=tuple(warnings)))
    assert f"{len(warnings)} warning" in shown
    for figure in seed_brief.figures:
        assert escape_markdown(figure.source) in shown
    assert "all 4 figures" in warnings_markdown(seed_brief)


@pytest.mark.parametrize(("doc", "target"), [(SEED_IDS[0], "en"), (SEED_IDS[1], "ru")])
def test_streamed_translation_equals_translate_document(tiny_translator, doc, target):
    text = seed_text(doc)
    service = ModelService(SETTINGS, translator=tiny_translator)
    steps = list(stream_translation(service, text, None, target))
    assert service.busy == 0
    done = [s.done for s in steps]
    assert done[0] == 0 and done == sorted(done) and steps[-1].finished
    assert steps[1].done == 1  # the first sentence shows on its own, at once
    want = tiny_translator.translate_document(text, target=target)
    got = steps[-1].document
    # the stream carries each sentence's confidence and flags, as the whole document does
    # (confidences agree to batching noise: the stream's batches are 1, 2, 4... sentences)
    for mine, theirs in zip(got.sentences, want.sentences, strict=True):
        assert (mine.source, mine.translation, mine.flags) == (
            theirs.source,
            theirs.translation,
            theirs.flags,
        )
        assert mine.confidence == pytest.approx(theirs.confidence, abs=1e-3)
    assert got.translation == want.translation and got.separators == want.separators
    assert [p.source_language for p in got.paragraphs] == [
        p.source_language for p in want.paragraphs
    ]


def test_check_text():
    assert check_text("abc", 3) == "abc"
    with pytest.raises(InputError, match="empty"):
        check_text(" \n", 10)
    with pytest.raises(TextTooLongError, match="the limit is 3"):
        check_text("abcd", 3)
    with pytest.raises(InputError, match="string"):
        check_text(None, 3)


def _failing_loader():
    raise ModelNotAvailableError("model 'x' is not available: offline. Run `kybrief download`")


def test_model_service_states(tiny_translator):
    release = threading.Event()
    slow = ModelService(SETTINGS, loader=lambda: release.wait(30) and tiny_translator).start()
    assert slow.status().state == "loading"
    with pytest.raises(ModelLoadingError, match="still loading"):
        slow.translator()
    release.set()
    assert slow.wait(10) and slow.status().loaded
    # served through the gatherer (--gather-ms): a copy of the loaded Translator, same engine
    assert slow.translator().engine.engine is tiny_translator.engine
    assert slow.status().load_seconds is not None
    failed = ModelService(SETTINGS, loader=_failing_loader).start()
    assert failed.wait(10) and failed.status().state == "error"
    with pytest.raises(ModelNotAvailableError, match="kybrief download"):
        failed.translator()
    broken = ModelService(SETTINGS, loader=lambda: 1 / 0).start()
    broken.wait(10)
    assert "ZeroDivisionError" in broken.status().error


def test_server_starts_and_explains_when_the_model_is_missing():
    service = ModelService(SETTINGS, loader=_failing_loader)
    client = TestClient(build_server(service))
    service.wait(10)
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["state"] == "error" and "offline" in health.json()["error"]
    response = client.post("/api/v1/brief", json={"text": seed_text(SEED_IDS[0])})
    assert response.status_code == 503 and "kybrief download" in response.json()["error"]
    assert client.post("/api/v1/detect", json={"text": "Бүгүн жаан жаады."}).status_code == 200
    assert client.get("/").status_code == 200
    banner = status_markdown(service)
    assert (
        "could not be loaded" in banner and f"kybrief download --model {SETTINGS.model}" in banner
    )


def test_loading_model_answers_503_with_retry_after(tiny_translator):
    release = threading.Event()
    service = ModelService(SETTINGS, loader=lambda: release.wait(30) and tiny_translator)
    client = TestClient(build_server(service))
    assert client.get("/healthz").json()["state"] == "loading"
    response = client.post("/api/v1/translate", json={"text": "Бүгүн жаан жаады."})
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert "loading" in status_markdown(service).lower()
    release.set()


@pytest.fixture(scope="module")
def handlers(tiny_translator):
    return Handlers(ModelService(SETTINGS, Limits(max_chars=2000), translator=tiny_translator))


def test_upload_reads_html_without_markup(handlers, tmp_path):
    page = tmp_path / "release.html"
    page.write_text(
        "<html><body><script>var secret=1;</script><p>Бүгүн Бишкекте жаан жаады.</p></body></html>",
        encoding="utf-8",
    )
    assert handlers.upload(str(page)) == "Бүгүн Бишкекте жаан жаады."
    exe = tmp_path / "<img src=x>.exe"
    exe.write_bytes(b"MZ\x00\x00")
    with pytest.raises(gr.Error, match="does not read") as info:
        handlers.upload(str(exe))
    assert "&lt;img src=x&gt;.exe" in info.value.message  # Gradio shows it as HTML


@pytest.mark.parametrize(
    ("text", "title", "fragment"),
    [
        ("", "Cannot do that", "empty"),
        ("а" * 2001, "Text too long", "2,000"),
        ("这是一个中文句子，不是吉尔吉斯语。", "Cannot do that", "'zh'"),
    ],
)
def test_app_errors_are_readable(handlers, text, title, fragment):
    with pytest.raises(gr.Error, match=fragment) as info:
        handlers.brief(text, "auto", 3, progress=lambda *a, **k: None)
    assert info.value.title == title
    with pytest.raises(gr.Error, match=fragment):
        list(handlers.translate(text, "auto", "ru", progress=lambda *a, **k: None))


@pytest.mark.parametrize("value", ["nocolon", ":pass", "user:", "user"])
def test_parse_auth_refuses_bad_values(value):
    with pytest.raises(InputError, match="USER:PASSWORD"):
        parse_auth(value)


def test_parse_auth():
    assert parse_auth("editor:a:b") == ("editor", "a:b")
    assert parse_auth(None) is None and parse_auth("") is None


def test_ui_command_refuses_bad_options(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(InputError, match="already in use"):
            listen("127.0.0.1", port)
        assert main(["ui", "--demo", "--port", str(port)]) == 1
    assert "already in use" in capsys.readouterr().err
    assert main(["ui", "--demo", "--auth", "nocolon"]) == 1
    with pytest.raises(SystemExit) as usage:
        main(["ui", "--demo", "--concurrency", "0"])
    assert usage.value.code == 2


def test_startup_lines_and_exposure_warnings():
    with listen("0.0.0.0", 0) as sock:
        url = base_url(sock)
    assert url.startswith("http://127.0.0.1:")
    text = startup_lines(url, SETTINGS, Access())
    assert url in text and "Ctrl-C" in text and "auth" not in text
    assert "basic auth is on" in startup_lines(url, SETTINGS, Access(auth=("a", "b")))
    open_ = exposure_warning("0.0.0.0", Access(), app=True)
    assert "without --auth" in open_
    assert exposure_warning("127.0.0.1", Access(), app=True) is None
    # kybrief ui: keys guard the app too (one door)
    assert exposure_warning("0.0.0.0", Access(api_keys=frozenset({"k"})), app=True) is None
    assert "without --auth or --api-keys" in exposure_warning("0.0.0.0", Access(), app=True)
    # kybrief serve: keys are enough, nothing is not
    assert "without --api-keys or --auth" in exposure_warning("0.0.0.0", Access(), app=False)
    assert exposure_warning("0.0.0.0", Access(api_keys=frozenset({"k"})), app=False) is None
    assert exposure_warning("::1", Access(), app=False) is None


def test_ui_command_serves_and_stops_on_ctrl_c():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KYBRIEF_AUTH": ""}
    cmd = [sys.executable, "-m", "ui.cli", "ui", "--demo", "--device", "cpu", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "kybrief ui did not start"
            time.sleep(0.2)
        assert health.json()["demo"] is True
        # The app's server also answers LibreTranslate's API, with the same model.
        row = load_seed_rows()[1]
        lt = httpx.post(
            f"http://127.0.0.1:{port}/translate",
            json={"q": row["ky"], "source": "auto", "target": "ru"},
            timeout=60,
        )
        assert lt.status_code == 200 and lt.json()["translatedText"] == row["ru"]
        assert lt.json()["detectedLanguage"]["language"] == "ky"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert f"http://127.0.0.1:{port}/" in out.decode()
    assert "kybrief ui: model ready" in out.decode()
    assert "Traceback" not in err.decode() and "stopped" in err.decode()


def test_app_request_is_refused_at_once_while_the_model_loads(tiny_translator):
    release = threading.Event()
    service = ModelService(SETTINGS, loader=lambda: release.wait(30) and tiny_translator).start()
    handlers = Handlers(service)
    text = "Ошондой эле казак тарап 1000 тонна күздүк буудайды жеткирүүгө жардам берери белгиленди."
    started = time.monotonic()
    with pytest.raises(gr.Error, match="still loading") as info:
        handlers.brief(text, "auto", 1, progress=lambda *a, **k: None)
    assert info.value.title == "The model is still loading"
    with pytest.raises(gr.Error, match="still loading"):
        list(handlers.translate(text, "auto", "en", progress=lambda *a, **k: None))
    assert time.monotonic() - started < 5  # no thread waits for the model
    release.set()
    assert service.wait(10)
    out = handlers.brief(text, "auto", 1, progress=lambda *a, **k: None)
    assert "1,000 tonnes" in out[2]  # the brief's Markdown
    assert list(out[3]["Value"]) == ["1,000"]  # the figures table
