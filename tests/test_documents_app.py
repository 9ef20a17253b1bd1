"""The app's document handler without a browser: the report it shows (flagged sentences,
paragraphs kept in the source language, notes) and its errors."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest
from conftest import DATA, load_seed_rows

from summarize.markdown import escape_markdown
from ui.files import FileTranslation, KeptParagraph
from ui.limits import Limits
from ui.options import ModelSettings
from ui.service import ModelService
from ui.web.docfiles import DocumentHandlers, report_markdown
from ui.web.filejob import Download, DownloadStore, FileJob

ROWS = load_seed_rows()


def _result(flagged: int, kept: tuple, notes: tuple = ()) -> FileTranslation:
    return FileTranslation(
        *("pdf", "docx", "/srv/x/out.docx", "ky", "en"),
        *(3, 3 - len(kept), 4, flagged, {"low-confidence": flagged} if flagged else {}),
        *(kept, True, not notes, notes),
    )


def test_report_names_the_counts_the_kept_paragraphs_and_the_notes():
    why = "Cyrillic left in the translation"
    kept = (KeptParagraph("table 1, cell 2", why, "Бишкек *шаары*"),)
    note = "the PDF's text is translated; its layout is not kept"
    download = Download("t" * 32, "a_en.docx", Path("/x"), 0)
    job = FileJob(_result(2, kept, (note,)), download, "a.pdf")
    report = report_markdown(job, "en")
    assert "**a.pdf** → **a_en.docx** (English)" in report
    assert "2 flagged sentences: marked inside the document; check them" in report
    assert "1 paragraph kept in the source language" in report
    assert "table 1, cell 2: Cyrillic left in the translation" in report
    # the source text is escaped: shown as written, never as Markdown
    assert escape_markdown("Бишкек *шаары*") in report and "*шаары*" not in report
    assert "its layout is not kept" in report
    clean = FileJob(_result(0, ()), download, "a.docx")
    assert "No sentence flagged" in report_markdown(clean, "ru")
    assert "kept in the source" not in report_markdown(clean, "ru")


@pytest.fixture
def handlers(tiny_translator):
    service = ModelService(ModelSettings(model="tiny"), Limits(), translator=tiny_translator)
    store = DownloadStore()
    yield DocumentHandlers(service, None, store)
    store.close()


def test_unseen_news_is_reported_flagged(handlers, tmp_path):
    rows = (DATA / "ntrex128" / "ky_en_ru.tsv").read_text("utf-8").splitlines()
    news = [line.split("\t")[2] for line in rows if line[:1].isdigit()][:6]
    path = tmp_path / "news.txt"
    path.write_text("\n\n".join([ROWS[1]["ky"], *news]) + "\n", encoding="utf-8")
    report, button, _ = handlers.translate(str(path), "auto", "en", None, None, lambda *a, **k: 0)
    assert "flagged sentence" in report and "No sentence flagged" not in report
    text = Path(button.value["path"] if isinstance(button.value, dict) else button.value)
    assert text.read_text(encoding="utf-8").startswith(ROWS[1]["en"] + "\n")


def test_errors_are_readable(handlers, tmp_path):
    with pytest.raises(gr.Error, match="choose a document"):
        handlers.translate(None, "auto", "en")
    old = tmp_path / "release.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(gr.Error, match=r"\.docx"):
        handlers.translate(str(old), "auto", "en")
    assert len(handlers.downloads) == 0
