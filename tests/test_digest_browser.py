"""The digest's HTML in a real headless Chromium: the chart is visible, no request leaves the page,
no markup from a release runs. A screenshot is kept in test-output/."""

from __future__ import annotations

import datetime
import shutil

from _chromium import CHROMIUM, LAUNCH_ARGS, OUTPUT, needs_chromium
from _digest_cases import HOSTILE, PLAIN, lookup_brief

from summarize import DigestInput, digest

pytestmark = needs_chromium


def test_digest_html_in_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    items = [
        DigestInput(lookup_brief(HOSTILE, "ky"), "hostile.txt", datetime.date(2024, 3, 1)),
        DigestInput(lookup_brief(PLAIN, "ky"), "plain.txt", datetime.date(2024, 3, 2)),
    ]
    page_file = tmp_path / "digest.html"
    page_file.write_text(digest(items).to_html(), encoding="utf-8")
    url = page_file.resolve().as_uri()
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(url, wait_until="load")
            page.wait_for_timeout(300)  # anything deferred would have started by now
            chart = page.locator("svg.chart")
            box = chart.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 150
            assert chart.is_visible()
            assert page.locator("svg.chart rect[fill^='url(#p']").count() >= 1  # a pattern fill
            text = page.inner_text("body")
            assert "<script>alert(1)</script>" in text  # shown as text
            assert page.evaluate("document.scripts.length") == 0
            assert page.evaluate("document.images.length") == 0
            page.screenshot(path=str(tmp_path / "digest.png"), full_page=True)
        finally:
            browser.close()
    assert requests == [url]
    assert dialogs == []
    OUTPUT.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "digest.png", OUTPUT / "digest_browser.png")
