"""The app's Digest tab in a real headless Chromium: the two seed releases and the Russian version
of one uploaded together give two entries and the chart, in a sandboxed frame; the HTML
download is the report. A screenshot is kept in test-output/."""

from __future__ import annotations

import shutil
from pathlib import Path

from _chromium import CHROMIUM, LAUNCH_ARGS, OUTPUT, needs_chromium
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, seed_text

from ui.options import DEMO_MODEL, ModelSettings
from ui.server import build_server
from ui.service import ModelService

SETTINGS = ModelSettings(model=str(DEMO_MODEL), device="cpu", batch_size=8)
TIMEOUT_MS = 90_000

pytestmark = needs_chromium


def _releases(folder: Path) -> list[str]:
    first, second = SEED_IDS
    files = {
        f"{first}.txt": seed_text(first, "ky"),
        f"{first}.ru.txt": seed_text(first, "ru"),
        f"{second}.txt": seed_text(second, "ky"),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in files]


def test_digest_tab_two_entries_and_the_chart(tmp_path):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with live_server(build_server(ModelService(SETTINGS))) as base, sync_playwright() as p:
        assert wait_ready(base)["state"] == "ready"
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, accept_downloads=True)
            page.set_default_timeout(TIMEOUT_MS)
            page.on("request", lambda request: requests.append(request.url))
            page.goto(base + "/", wait_until="networkidle")
            page.get_by_role("tab", name="Digest of many releases").click()
            page.locator("#digest-files input[type=file]").set_input_files(_releases(tmp_path))
            names = page.locator("#digest-files td.filename")
            names.nth(2).wait_for()  # the three files are uploaded
            assert names.count() == 3
            page.locator("#digest-btn").click()
            page.locator("#download-digest-html").wait_for()  # shown once the digest is made

            assert "2 entries" in page.locator("#digest-summary").inner_text()
            frame_element = page.locator("#digest-view iframe")
            assert frame_element.get_attribute("sandbox") == ""
            frame = page.frame_locator("#digest-view iframe")
            entries = frame.locator("article")
            assert entries.count() == 2
            first = entries.filter(has_text=f"{SEED_IDS[0]}.ru.txt")
            assert first.count() == 1 and f"{SEED_IDS[0]}.txt" in first.inner_text()
            chart = frame.locator("svg.chart")
            box = chart.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 150
            assert frame.locator("script").count() == 0
            frame_element.scroll_into_view_if_needed()
            shot = tmp_path / "browser-digest.png"
            page.screenshot(path=str(shot), full_page=True)
            frame_element.screenshot(path=str(tmp_path / "browser-digest-report.png"))
            OUTPUT.mkdir(exist_ok=True)
            for name in (shot.name, "browser-digest-report.png"):
                shutil.copy(tmp_path / name, OUTPUT / name)
            shown = frame_element.get_attribute("srcdoc")

            with page.expect_download() as info:
                page.locator("#download-digest-html").click()
            download = Path(info.value.path()).read_text(encoding="utf-8")
            assert info.value.suggested_filename == "kybrief-digest.html"
            assert download == shown  # the frame shows the report, its CSP included
            assert download.count("<article id=") == 2
            assert "Content-Security-Policy" in download
        finally:
            browser.close()
    assert all(url.startswith(base) for url in requests), "a request left the app"
