"""The app's document translation in a real headless Chromium: upload a .docx on the Translate
side, download the translated .docx, read the tiny model's exact English inside it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from _chromium import OUTPUT, needs_chromium
from _live_server import live_server, wait_ready
from conftest import load_seed_rows

from ui.limits import Limits
from ui.options import ModelSettings
from ui.server import build_server
from ui.service import ModelService

pytestmark = needs_chromium

ROWS = load_seed_rows()
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def url(tiny_translator):
    service = ModelService(ModelSettings(model="tiny"), Limits(), translator=tiny_translator)
    server = build_server(service)
    with live_server(server) as base:
        assert wait_ready(base)["state"] == "ready"
        yield base


@pytest.fixture
def page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url + "/", wait_until="networkidle")
    page.locator("#doc-file input[type=file]").wait_for(state="attached")
    yield page
    context.close()


def _docx(path: Path, heading: str, *paragraphs: str) -> Path:
    document = docx.Document()
    document.add_heading(heading, level=1)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = paragraphs[0]
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _texts(data: bytes) -> tuple[list[str], list[str]]:
    document = docx.Document(io.BytesIO(data))
    body = [p.text for p in document.paragraphs if p.text.strip()]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return body, cells


def _upload_and_translate(page, path: Path) -> None:
    page.locator("#doc-file input[type=file]").set_input_files(str(path))
    page.get_by_text(path.name).first.wait_for()  # Gradio shows the uploaded file
    page.locator("#translate-doc-btn").click()


def test_upload_a_docx_and_download_it_translated(page, tmp_path):
    first, second, third = ROWS[1], ROWS[2], ROWS[3]
    source = _docx(tmp_path / "Пресс-релиз.docx", first["ky"], second["ky"], third["ky"])
    _upload_and_translate(page, source)
    button = page.locator("#download-doc")
    button.wait_for()
    report = page.locator("#doc-report").inner_text()
    assert "Пресс-релиз.docx" in report and "Пресс-релиз_en.docx" in report
    assert "No sentence flagged" in report and "kept in the source" not in report
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "Пресс-релиз_en.docx"
    body, cells = _texts(Path(info.value.path()).read_bytes())
    assert body == [first["en"], third["en"]]  # the heading and the paragraph after the table
    assert cells == [second["en"]]
    OUTPUT.mkdir(exist_ok=True)
    shot = tmp_path / "browser-document.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copy(shot, OUTPUT / shot.name)


def test_the_chosen_target_language_is_used(page, tmp_path):
    row = ROWS[1]
    source = tmp_path / "release.txt"
    source.write_text(row["ky"] + "\n", encoding="utf-8")
    page.get_by_label("Translate into").click()
    page.get_by_role("option", name="Russian").click()
    _upload_and_translate(page, source)
    button = page.locator("#download-doc")
    button.wait_for()
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "release_ru.txt"
    assert Path(info.value.path()).read_text(encoding="utf-8").strip() == row["ru"]


def test_a_broken_document_is_a_readable_error(page, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip")
    _upload_and_translate(page, broken)
    page.get_by_text("damaged (not a readable zip archive", exact=False).first.wait_for()
    assert "Traceback" not in page.content()
    assert not page.locator("#download-doc").is_visible()
