"""ui.files: flagged sentences marked inside the document (or not, with marks=False), and a
paragraph that cannot be translated kept in the source language and reported."""

from __future__ import annotations

import dataclasses
import zipfile

import pytest
from _files_cases import EN, KY, build_docx, build_odt, cyrillic_in_zip

from translate import TranslatedDocument
from ui.files import translate_file


class Flagging:
    """The tiny Translator, with every translated sentence flagged low-confidence."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def translate_plans(self, plans, target="en", progress=None, *, glossary=None):
        docs = self.inner.translate_plans(plans, target, progress, glossary=glossary)
        return [_flagged(doc) for doc in docs]


def _flagged(doc: TranslatedDocument) -> TranslatedDocument:
    paragraphs = tuple(
        dataclasses.replace(
            p,
            sentences=tuple(
                dataclasses.replace(s, flags=("low-confidence",)) if s.confidence else s
                for s in p.sentences
            ),
        )
        for p in doc.paragraphs
    )
    return dataclasses.replace(doc, paragraphs=paragraphs)


@pytest.fixture(scope="module")
def flagging(tiny_ct2_translator):
    return Flagging(tiny_ct2_translator)


def test_docx_flags_become_comments(tmp_path, flagging):
    import docx

    source, out = tmp_path / "a.docx", tmp_path / "a.en.docx"
    info = build_docx(source)
    result = translate_file(source, out, flagging, target="en")
    assert result.flagged == result.sentences == 10
    assert result.flags == {"low-confidence": 10}
    document = docx.Document(str(out))
    comments = list(document.comments)
    # the body's paragraphs, cells and the text box get comments; header and footer a highlight
    assert len(comments) == 8
    assert all(c.author == "kybrief" and "low model confidence" in c.text for c in comments)
    assert any(EN[info["heading"]] in c.text for c in comments)
    header_runs = document.sections[0].header.paragraphs[0].runs
    assert header_runs and all(r.font.highlight_color is not None for r in header_runs)
    assert document.paragraphs[0].text == EN[info["heading"]]  # the text is as without marks
    assert cyrillic_in_zip(out) == {}


def test_no_marks_leaves_the_document_clean(tmp_path, flagging):
    import docx

    source, out = tmp_path / "a.docx", tmp_path / "a.en.docx"
    build_docx(source)
    result = translate_file(source, out, flagging, target="en", marks=False)
    assert result.flagged == 10 and result.marked is False
    document = docx.Document(str(out))
    assert list(document.comments) == []
    assert all(r.font.highlight_color is None for p in document.paragraphs for r in p.runs)


def test_odt_and_html_marks(tmp_path, flagging):
    source, out = tmp_path / "a.odt", tmp_path / "a.en.odt"
    build_odt(source)
    translate_file(source, out, flagging, target="en")
    with zipfile.ZipFile(out) as archive:
        content = archive.read("content.xml").decode()
    assert content.count("<office:annotation ") == 5
    assert "<dc:creator>kybrief</dc:creator>" in content
    page = tmp_path / "p.html"
    page.write_text(f"<p>{KY[0]}</p><p>2024</p>", encoding="utf-8")
    translate_file(page, tmp_path / "p.en.html", flagging, target="en")
    written = (tmp_path / "p.en.html").read_text(encoding="utf-8")
    assert written.startswith('<p data-kybrief-flags="kybrief: low model confidence')
    assert written.endswith("<p>2024</p>")


def test_too_long_paragraph_is_kept_and_reported(tmp_path, tiny_ct2_translator, monkeypatch):
    import docx

    long = " ".join(KY[:6])
    monkeypatch.setattr(tiny_ct2_translator, "max_chars", len(long) - 1)
    document = docx.Document()
    document.add_paragraph(KY[0])
    document.add_paragraph(long)
    source, out = tmp_path / "a.docx", tmp_path / "a.en.docx"
    document.save(str(source))
    result = translate_file(source, out, tiny_ct2_translator, target="en")
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert texts == [EN[KY[0]], long]  # kept, not dropped
    assert result.paragraphs == 2 and result.translated == 1
    (kept,) = result.kept_in_source
    assert "paragraph 2" in kept.where and "limit" in kept.reason
    assert kept.text == long[:200]
    assert result.to_dict()["kept_in_source"][0]["reason"] == kept.reason
