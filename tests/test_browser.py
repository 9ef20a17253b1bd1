"""The app in a real headless Chromium (Debian's, driven by Python playwright).

The server runs the bundled demo model exactly as ``kybrief ui --demo`` does: loaded in the
background. Screenshots of the results are kept in test-output/ at the repository root.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _chromium import OUTPUT, needs_chromium
from _live_server import live_server, wait_ready
from conftest import SEED_IDS, seed_paragraphs, seed_text

from summarize import brief
from translate import ModelNotAvailableError
from ui.options import DEMO_MODEL, ModelSettings, get_translator
from ui.server import build_server
from ui.service import ModelService

SETTINGS = ModelSettings(model=str(DEMO_MODEL), device="cpu", batch_size=8)
TIMEOUT_MS = 60_000

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def url():
    with live_server(build_server(ModelService(SETTINGS))) as base:
        assert wait_ready(base)["state"] == "ready"
        yield base


@pytest.fixture
def page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    # networkidle: the app's scripts have loaded and its first events (page load) have run
    page.goto(url + "/", wait_until="networkidle")
    page.locator("#text textarea").wait_for()
    yield page
    context.close()


def _screenshot(page, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    OUTPUT.mkdir(exist_ok=True)
    shutil.copy(shot, OUTPUT / name)
    return shot


def _until_text_starts_with(page, action, start: str, attempts: int = 4) -> None:
    """Do ``action`` until the text box starts with ``start`` (a busy machine can take a
    moment to wire the page's events after it is drawn, and an early click is lost)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        action()
        try:
            page.wait_for_function(
                "t => document.querySelector('#text textarea').value.startsWith(t)",
                arg=start,
                timeout=15_000,
            )
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def _cells(page, elem_id: str) -> list[str]:
    """The texts of the rendered cells of a Dataframe (Gradio 6: role=gridcell)."""
    return [c.strip() for c in page.locator(f"#{elem_id} [role=gridcell]").all_inner_texts()]


def test_seed_example_brief_figures_translation_and_json(page, tmp_path, gold):
    doc = SEED_IDS[0]
    want = brief(seed_text(doc), translator=get_translator(SETTINGS))
    assert "only knows the two sample releases" in page.locator("#demo-note").inner_text()
    example = page.get_by_role("button", name="Sample release 1", exact=False)
    _until_text_starts_with(page, example.click, seed_text(doc)[:40])
    page.locator("#brief-btn").click()
    headline = page.locator("#brief h3")
    headline.wait_for()
    assert headline.inner_text().strip() == want.headline
    assert "Kyrgyz" in page.locator("#detected").inner_text()
    # the gold figure "12 миң тонна буудай" is a row: 12,000 | tonnes | ... wheat | source
    twelve = next(f for f in gold[doc]["figures"] if f["value"] == 12000)
    row = page.locator("#figures [role=row]", has_text=f"{twelve['value']:,}")
    assert twelve["unit"] in row.inner_text() and twelve["of"] in row.inner_text()
    assert "Figure check" in page.locator("#warnings").inner_text()
    assert "Akylbek Japarov" in _cells(page, "entities")
    _screenshot(page, tmp_path, "browser-brief.png")

    with page.expect_download() as info:
        page.locator("#download-json").click()
    assert info.value.suggested_filename.endswith(".json")
    assert json.loads(Path(info.value.path()).read_text(encoding="utf-8")) == want.to_dict()

    page.get_by_role("tab", name="Translation").click()
    first_english = seed_paragraphs(doc, "en")[0]
    assert page.locator("#translation textarea").input_value().startswith(first_english)
    assert want.translation.sentences[0].translation in _cells(page, "pairs")
    _screenshot(page, tmp_path, "browser-translation.png")


def test_pasted_text_streams_into_russian_and_stays_escaped(page, tmp_path, seed_rows):
    doc = SEED_IDS[1]
    rows = [r for r in seed_rows if r["doc"] == doc][:3]
    payload = (
        "Өкмөт башчылар эки тараптуу кызматташтыктын <b id=xss-bold>кеңири</b> маселелерин "
        'талкуулады <img src=x onerror="window.__xss=1">.'
    )
    text = "\n".join([*(r["ky"] for r in rows), payload])
    page.locator("#text textarea").fill(text)
    page.get_by_label("Translate into").click()
    page.get_by_role("option", name="Russian").click()
    page.locator("#translate-btn").click()
    page.locator("#download-translation").wait_for()  # shown once the stream is complete
    cells = _cells(page, "pairs")
    for row in rows:
        assert row["ky"] in cells and row["ru"] in cells
    assert payload in cells  # shown as text: the markup is not interpreted
    assert page.locator("#xss-bold").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None
    _screenshot(page, tmp_path, "browser-paste-russian.png")


def test_empty_text_shows_a_readable_error(page):
    page.locator("#brief-btn").click()
    toast = page.get_by_text("the text is empty", exact=False)
    toast.first.wait_for()
    assert "Traceback" not in page.content()
    assert page.locator("#brief h3").count() == 0


def test_upload_fills_the_text(page, tmp_path):
    doc = SEED_IDS[1]
    html = tmp_path / "release.html"
    body = "".join(f"<p>{line}</p>" for line in seed_text(doc).splitlines() if line.strip())
    head = "<head><script>var a=1;</script></head>"
    html.write_text(f"<html>{head}<body><article>{body}</article></body></html>", encoding="utf-8")
    upload = page.locator("#upload input[type=file]")
    first = " ".join(seed_text(doc).split()[:4])
    _until_text_starts_with(page, lambda: upload.set_input_files(str(html)), first)
    value = page.locator("#text textarea").input_value()
    assert "var a" not in value and "<p>" not in value
    page.get_by_text("Detected:", exact=False).first.wait_for()


def test_missing_model_banner_says_what_to_do(browser, tmp_path):
    def offline():
        raise ModelNotAvailableError("model 'x' is not available: no internet")

    settings = ModelSettings(model="facebook/nllb-200-distilled-600M", offline=True)
    server = build_server(ModelService(settings, loader=offline))
    with live_server(server) as base:
        assert wait_ready(base)["state"] == "error"
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base + "/", wait_until="networkidle")
        banner = page.locator("#banner")
        banner.wait_for()
        assert "no internet" in banner.inner_text()
        assert f"kybrief download --model {settings.model}" in banner.inner_text()
        _screenshot(page, tmp_path, "browser-missing-model.png")
        page.close()


def test_a_release_the_model_never_saw_is_shown_as_unreliable(page, tmp_path):
    """Issue 13: the demo model on unseen news must not look confident on the page."""
    rows = (Path(__file__).parent / "data" / "ntrex128" / "ky_en_ru.tsv").read_text("utf-8")
    news = [line.split("\t")[2] for line in rows.splitlines() if line[:1].isdigit()][:8]
    page.locator("#text textarea").fill("\n".join(news))
    page.locator("#brief-btn").click()
    page.locator("#brief h3").wait_for()
    warnings = page.locator("#warnings").inner_text()
    assert "Translation check" in warnings and "sentences flagged" in warnings
    assert "check the source" in page.locator("#brief").inner_text()
    _screenshot(page, tmp_path, "browser-unseen-brief.png")
    page.get_by_role("tab", name="Translation").click()
    flagged = page.locator("#pairs [role=gridcell]", has_text="⚠")
    flagged.first.wait_for()
    assert flagged.count() >= 1  # the reason, in words, in the Check column
    colour = flagged.first.evaluate(  # the cell, or the element Gradio paints it on
        """cell => {
            for (let e = cell; e; e = e.parentElement) {
                const c = getComputedStyle(e).backgroundColor;
                if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
            }
            return null;
        }"""
    )
    assert colour == "rgb(253, 232, 232)"  # and the row is tinted
    _screenshot(page, tmp_path, "browser-unseen-translation.png")
