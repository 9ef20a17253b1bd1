"""The app's Digest tab handler in-process, and POST /api/v1/digest: uploads (files, a .zip),
the report in a sandboxed frame and the downloads, escaping, the caps and the errors."""

from __future__ import annotations

import datetime
import html
import io
import json
import re
import zipfile
from pathlib import Path

import gradio as gr
import pytest
from conftest import SEED_IDS, TINY_MODEL, seed_text
from fastapi.testclient import TestClient

from summarize import DigestInput, digest
from ui.limits import Limits
from ui.options import ModelSettings, get_translator
from ui.server import build_server
from ui.service import ModelService
from ui.web.digest import DigestHandlers, report_frame

FIRST, SECOND = SEED_IDS
# the same settings as tests/test_digest_cli.py: one Translator, one in-memory translation memory
SETTINGS = ModelSettings(model=str(TINY_MODEL), device="cpu", tm_cache=":memory:")
HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"


@pytest.fixture(scope="module")
def translator():
    return get_translator(SETTINGS)


def service_with(translator, **limits) -> ModelService:
    return ModelService(SETTINGS, Limits(**limits), translator=translator)


def _files(folder: Path, texts: dict[str, str]) -> list[str]:
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in texts]


def _seed_files(folder: Path) -> list[str]:
    return _files(
        folder,
        {
            f"{FIRST}.txt": seed_text(FIRST, "ky"),
            f"{FIRST}.ru.txt": seed_text(FIRST, "ru"),
            f"{SECOND}.txt": seed_text(SECOND, "ky"),
        },
    )


def _srcdoc(frame: str) -> str:
    assert frame.startswith('<iframe sandbox="" ')
    return html.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))


def test_uploads_give_the_library_digest_in_a_sandboxed_frame(translator, tmp_path):
    handlers = DigestHandlers(service_with(translator))
    summary, frame, *buttons = handlers.digest(_seed_files(tmp_path))
    want = digest(
        [
            DigestInput(seed_text(FIRST, "ky"), f"{FIRST}.txt"),
            DigestInput(seed_text(FIRST, "ru"), f"{FIRST}.ru.txt"),
            DigestInput(seed_text(SECOND, "ky"), f"{SECOND}.txt"),
        ],
        translator,
    )
    assert len(want.entries) == 2
    assert summary.startswith("**2 entries** from 3 documents")
    assert _srcdoc(frame) == want.to_html()
    assert "<" not in frame.split("srcdoc=", 1)[1].removesuffix("></iframe>")  # escaped again
    paths = [Path(b.value["path"]) for b in buttons]
    files = {path.name: path.read_text(encoding="utf-8") for path in paths}
    assert all(b.visible for b in buttons)
    assert files == {
        "kybrief-digest.html": want.to_html(),
        "kybrief-digest.md": want.to_markdown(),
        "kybrief-digest.json": want.to_json(),
    }


def test_a_zip_dates_its_members_and_bad_ones_are_skipped_escaped(translator, tmp_path):
    archive = tmp_path / "week.zip"
    day = datetime.date(2021, 11, 25)
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text in (
            ("first.txt", seed_text(FIRST, "ky")),
            ("first.ru.txt", seed_text(FIRST, "ru")),
            ("empty.txt", ""),
            (HOSTILE_NAME, ""),
            ("photo.png", "not a release"),
        ):
            zipped.writestr(zipfile.ZipInfo(name, (day.year, day.month, day.day, 9, 0, 0)), text)
    handlers = DigestHandlers(service_with(translator))
    summary, frame, *_ = handlers.digest([str(archive)], " 2021-11-25 ", "")
    assert summary.startswith("**1 entry** from 2 documents")
    assert "Skipped (3)" in summary
    assert "week.zip:photo.png" in summary and "does not read file type" in summary
    assert "<img" not in summary and "&#60;img" in summary  # md-escaped
    report = _srcdoc(frame)
    assert "<img" not in report and "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "Thursday, 25 November 2021" in report  # dated by the zip


def test_uploads_are_named_by_their_upload_names_never_a_server_path(translator, tmp_path):
    upload = tmp_path / "gradio" / "0123abcd"  # where the server keeps an upload
    upload.mkdir(parents=True)
    files = _seed_files(upload)
    (upload / "broken.docx").write_bytes(b"not a docx")
    archive = upload / "week.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("ru/second.txt", seed_text(SECOND, "ru"))
    handlers = DigestHandlers(service_with(translator))
    summary, frame, *buttons = handlers.digest([*files, str(upload / "broken.docx"), str(archive)])
    data = json.loads(Path(buttons[2].value["path"]).read_text(encoding="utf-8"))
    ids = {d["id"] for e in data["entries"] for d in e["documents"]}
    assert ids == {f"{FIRST}.txt", f"{FIRST}.ru.txt", f"{SECOND}.txt", "week.zip:ru/second.txt"}
    assert [s["id"] for s in data["skipped"]] == ["broken.docx"]
    assert data["skipped"][0]["reason"].startswith("broken.docx: not a readable .docx")
    reports = [summary, _srcdoc(frame)] + [Path(b.value["path"]).read_text() for b in buttons]
    assert not [text for text in reports if str(tmp_path) in text]


def test_since_and_until_leave_releases_out(translator, tmp_path):
    handlers = DigestHandlers(service_with(translator))
    summary, frame, *_ = handlers.digest(_seed_files(tmp_path), "2021-01-01", "")
    # uploaded files carry no date and their texts no dateline: all outside the range
    assert summary.startswith("**0 entries** from 0 documents · 3 outside the dates")
    assert "No entries." in _srcdoc(frame)


@pytest.mark.parametrize(
    ("kwargs", "upload", "message"),
    [
        ({}, [], "upload some releases first"),
        ({}, [("setup.exe", "MZ")], "the digest reads .txt"),
        ({}, [("a.txt", "x"), ("b.txt", "y"), ("c.txt", "z")], "more than 2 documents"),
        ({"upload_bytes": 10}, [("a.txt", "more than ten bytes")], "over 10 bytes together"),
        ({}, [("a.txt", " "), ("b.txt", "")], "none of the 2 documents could be used"),
        ({"max_chars": 50}, [("a.txt", seed_text(FIRST))], "the limit is 50"),
    ],
)
def test_clear_errors(translator, tmp_path, kwargs, upload, message):
    handlers = DigestHandlers(service_with(translator, **kwargs), max_documents=2)
    paths = _files(tmp_path, dict(upload))
    with pytest.raises(gr.Error, match=re.escape(message)):
        handlers.digest(paths)


def test_bad_date_and_loading_model_are_clear_errors(translator, tmp_path):
    handlers = DigestHandlers(service_with(translator))
    with pytest.raises(gr.Error, match="is not a date; write it as YYYY-MM-DD"):
        handlers.digest(_seed_files(tmp_path), "last week")
    loading = DigestHandlers(ModelService(SETTINGS, loader=lambda: translator))  # not started
    with pytest.raises(gr.Error, match="still loading"):
        loading.digest(_seed_files(tmp_path))


def test_report_frame_escapes_the_attribute():
    frame = report_frame('<p title="x">a & b</p><script>alert(1)</script>')
    assert "<script>" not in frame and '"x"' not in frame
    assert _srcdoc(frame) == '<p title="x">a & b</p><script>alert(1)</script>'


# -- POST /api/v1/digest ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def api(translator):
    return TestClient(build_server(service_with(translator), app=False))


def test_api_digest_json_and_html(api, translator):
    documents = [
        {"id": "a", "text": seed_text(FIRST, "ky"), "date": "2021-11-25"},
        {"id": "b", "text": seed_text(FIRST, "ru"), "date": "2021-11-25"},
        {"text": seed_text(SECOND, "ky")},
        {"id": "blank", "text": "  "},
    ]
    response = api.post("/api/v1/digest", json={"documents": documents})
    assert response.status_code == 200
    day = datetime.date(2021, 11, 25)
    want = digest(
        [
            DigestInput(seed_text(FIRST, "ky"), "a", day),
            DigestInput(seed_text(FIRST, "ru"), "b", day),
            DigestInput(seed_text(SECOND, "ky"), "document-3"),
            DigestInput(
                None,
                "blank",
                None,
                "blank: the text is empty: paste a press release or upload a file",
            ),
        ],
        translator,
    )
    assert response.json() == json.loads(want.to_json())
    page = api.post("/api/v1/digest", json={"documents": documents[:1], "format": "html"})
    assert page.headers["content-type"].startswith("text/html")
    assert page.text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page.text


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"documents": []}, 422, "documents"),
        ({"documents": [{"text": " "}]}, 400, "none of the 1 documents could be used"),
        ({"documents": [{"text": "x"}], "since": "2021-02-30"}, 422, "since"),
        (
            {"documents": [{"text": "x"}], "since": "2021-03-02", "until": "2021-03-01"},
            400,
            "is after the last",
        ),
    ],
)
def test_api_digest_errors(api, body, status, message):
    response = api.post("/api/v1/digest", json=body)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_zip_upload_reader_refuses_a_bomb(tmp_path):
    from ui.web.digest_run import read_uploads

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("big.txt", "а" * 400_000)  # 800 kB unpacked, a few kB packed
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(buffer.getvalue())
    docs = read_uploads([str(archive)], upload_bytes=100_000)  # unpacks to at most 500 kB
    assert len(docs) == 1 and "zip bomb" in docs[0].error
