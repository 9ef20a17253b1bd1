"""The bad-input catalogue, continued: the Gradio app (its API for gradio_client, the page,
uploads), files that are not UTF-8 text, and the batch (see tests/test_bad_input.py)."""

from __future__ import annotations

import html
import json
import random
import re

import _bad_input_cases as _cases
import httpx
import pytest
from _bad_input_cases import (
    CASES,
    HTML,
    KY,
    MODEL,
    REFS,
    RU1,
    SETTINGS,
    check_brief,
    check_translation,
    one_error_line,
)
from conftest import headline_from

from ui.cli import main

pytestmark = pytest.mark.timeout(120)
calls, url = _cases.calls, _cases.url  # fixtures shared with the other catalogue module


# -- the Gradio app: its API for gradio_client, its page, its uploads ---------------------

APP_CASES = [
    "empty",
    "whitespace-only",
    "kazakh",
    "chinese",
    "two-megabytes",
    "nul-bytes",
    "rtl-marks",
]


@pytest.fixture(scope="module")
def client(url):
    from gradio_client import Client

    return Client(url + "/", verbose=False, download_files=False)


@pytest.mark.parametrize("api", ["/brief", "/translate"])
@pytest.mark.parametrize("name", APP_CASES)
def test_gradio_client(client, url, calls, api, name):
    from gradio_client.exceptions import AppError

    case = CASES[name]
    fragment = case.brief_error if api == "/brief" else case.error
    if fragment is None:
        got = client.predict(case.text, api_name=api)
        if api == "/brief":
            check_brief(case, got)
        else:
            check_translation(case, got["translation"])
    else:
        with pytest.raises(AppError) as info:
            client.predict(case.text, api_name=api)
        assert (fragment if case.status == 400 else "the limit is") in str(info.value)
        assert "Traceback" not in str(info.value)
        assert calls.texts == []
    assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200


@pytest.fixture(scope="module")
def handlers(tiny_translator):
    from ui.service import ModelService
    from ui.web.events import Handlers

    return Handlers(ModelService(SETTINGS, translator=tiny_translator))


def _rendered(markdown: str) -> str:
    """Markdown as a browser would get it, raw HTML allowed (what escaping must defeat)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(markdown)


EVIL = [HTML, "<img src=x onerror=alert(1)>", '<iframe src="https://example.org"></iframe>']


@pytest.mark.parametrize("payload", EVIL)
def test_markup_in_a_release_never_reaches_the_page(handlers, payload):
    text = (
        f"The minister said {payload} that exports grew by 12 percent in 2023.\n"
        f"Officials from {payload} both countries met in Bishkek on Monday."
    )
    outputs = handlers.brief(text, "auto", 2, progress=lambda *a, **k: None)
    tag = "<" + re.match(r"<(\w+)", payload).group(1)
    file = outputs[8].value  # the Markdown download (Gradio keeps it as its file data)
    with open(file["path"] if isinstance(file, dict) else file, encoding="utf-8") as md:
        download = md.read()
    for markdown in (outputs[2], download):  # the brief as the page shows it; the download
        page = _rendered(markdown)
        assert tag not in page.lower()  # no <script, <img, <iframe element
        assert payload in html.unescape(page)  # the markup is shown as text instead


def _doc(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(600)
#: file -> (its bytes, what the upload and the batch say, what the CLI says)
FILES = {
    "cp1251.txt": (RU1[0].encode("cp1251"), "not UTF-8", "not UTF-8"),
    "image.txt": (PNG, "binary", "binary"),
    "latin1.md": ("Café à ½ prix".encode("latin-1"), "not UTF-8", "not UTF-8"),
    "program.exe": (b"MZ\x90\x00" + bytes(64) + b"\xff", "does not read", "binary"),
}


@pytest.mark.parametrize("name", FILES)
def test_undecodable_files(handlers, tmp_path, capsys, calls, name):
    import gradio as gr

    data, fragment, cli_fragment = FILES[name]
    path = _doc(tmp_path, name, data)
    for command in ("translate", "brief"):
        assert main([command, path, *MODEL]) == 1
        one_error_line(capsys, cli_fragment)
    with pytest.raises(gr.Error, match=fragment):
        handlers.upload(path)
    assert calls.texts == []


def test_batch_records_each_bad_file_and_briefs_the_good(tmp_path, capsys, gold):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _, _) in FILES.items():
        (folder / name).write_bytes(data)
    (folder / "nul.txt").write_bytes(KY[1].encode() + b"\x00\x00" + KY[2].encode())
    page = f"<html><body><script>alert(1)</script><p>{KY[0]}</p><p>{KY[1]}</p></body></html>"
    (folder / "page.html").write_text(page, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "-o", str(out), *MODEL]) == 1  # some failed
    records = {r["id"].rsplit("/", 1)[-1]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {*FILES, "nul.txt", "page.html"}
    for name, (_, fragment, _) in FILES.items():
        assert fragment in records[name]["error"] and name in records[name]["error"]
    assert "binary" in records["nul.txt"]["error"]
    good = records["page.html"]
    assert good["error"] is None and headline_from(good["brief"]["headline"], REFS)
    assert "alert" not in json.dumps(good, ensure_ascii=False)
    summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert (summary["done"], summary["failed"]) == (1, len(FILES) + 1)
