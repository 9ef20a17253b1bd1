"""ui.files on .docx, .pptx and .odt built in the tests: the tiny model's exact translations in
every container, structure and formatting kept, no Kyrgyz left."""

from __future__ import annotations

import zipfile

import pytest
from _files_cases import EN, KY, add_footnote, build_docx, build_odt, build_pptx, cyrillic_in_zip

from ui.files import translate_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def translator(tiny_ct2_translator):
    return tiny_ct2_translator


def _structure(document) -> list:
    """What must not change: each paragraph's style, runs with pictures, breaks."""
    out = []
    for paragraph in document.paragraphs:
        pictures = len(paragraph._p.findall(f".//{W}drawing"))
        breaks = len(paragraph._p.findall(f".//{W}br"))
        out.append((paragraph.style.name, pictures, breaks, len(paragraph.runs)))
    return out


@pytest.fixture(scope="module")
def docx_pair(tmp_path_factory, translator):
    folder = tmp_path_factory.mktemp("docx")
    source, out = folder / "release.docx", folder / "release.en.docx"
    info = build_docx(source)
    add_footnote(source, KY[10])
    result = translate_file(source, out, translator, target="en")
    return source, out, info, result


def test_docx_every_container_exactly(docx_pair):
    import docx

    _, out, info, result = docx_pair
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == EN[info["heading"]]
    assert texts[1] == EN[info["bold"]]
    assert texts[2:4] == [EN[s] for s in info["list"]]
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells == [EN[s] for s in info["cells"][:3]] + ["2024"]
    section = document.sections[0]
    assert section.header.paragraphs[0].text == EN[info["header"]]
    assert section.footer.paragraphs[0].text == EN[info["footer"]]
    body = document.element.body
    box = body.find(f".//{W}txbxContent")
    assert "".join(t.text for t in box.iter(f"{W}t")) == EN[info["box"]]
    with zipfile.ZipFile(out) as archive:
        footnotes = archive.read("word/footnotes.xml").decode()
    assert EN[KY[10]] in footnotes.replace(">  ", "> ")
    assert cyrillic_in_zip(out) == {}
    assert result.kept_in_source == () and result.flagged == 0
    assert result.paragraphs == result.translated == 11
    assert result.layout_kept and result.input_format == result.output_format == "docx"


def test_docx_structure_and_bold_kept(docx_pair):
    import docx
    from docx.enum.section import WD_ORIENT

    source, out, info, _ = docx_pair
    before, after = docx.Document(str(source)), docx.Document(str(out))
    assert _structure(after) == _structure(before)
    assert len(after.tables) == 1 and len(after.tables[0].rows) == 2
    assert after.paragraphs[0].style.name == "Heading 1"
    assert [p.style.name for p in after.paragraphs[2:4]] == ["List Bullet"] * 2
    assert after.sections[0].orientation == WD_ORIENT.LANDSCAPE
    bold = [r.text for r in after.paragraphs[1].runs if r.bold]
    assert len(bold) == 1 and bold[0].strip()
    assert bold[0].strip() in EN[info["bold"]]
    plain = [r.text for r in after.paragraphs[1].runs if not r.bold]
    assert all(plain) and len(plain) == 2
    with zipfile.ZipFile(out) as archive:
        assert any(n.startswith("word/media/") for n in archive.namelist())
        assert "word/footnotes.xml" in archive.namelist()


def test_pptx_slides_tables_notes(tmp_path, translator):
    from pptx import Presentation

    source, out = tmp_path / "deck.pptx", tmp_path / "deck.en.pptx"
    info = build_pptx(source)
    result = translate_file(source, out, translator, target="en")
    deck = Presentation(str(out))
    first, second = deck.slides
    assert first.shapes.title.text == EN[info["title"]]
    assert first.placeholders[1].text == EN[info["subtitle"]]
    assert first.notes_slide.notes_text_frame.text == EN[info["notes"][0]]
    assert second.notes_slide.notes_text_frame.text == EN[info["notes"][1]]
    box, table = second.shapes[0], second.shapes[1].table
    assert box.text_frame.text == EN[info["bold"]]
    runs = box.text_frame.paragraphs[0].runs
    assert [bool(r.font.bold) for r in runs] == [False, True]
    assert all(r.text.strip() for r in runs)
    assert [table.cell(0, 0).text, table.cell(0, 1).text] == [EN[KY[4]], EN[KY[5]]]
    assert len(deck.slides) == 2 and len(second.shapes) == 2
    assert cyrillic_in_zip(out) == {}
    assert result.translated == result.paragraphs == 7 and result.kept_in_source == ()


def test_odt_body_notes_headers(tmp_path, translator):
    from lxml import etree

    source, out = tmp_path / "note.odt", tmp_path / "note.en.odt"
    info = build_odt(source)
    translate_file(source, out, translator, target="en")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        first = archive.infolist()[0]
        content = etree.fromstring(archive.read("content.xml"))
        styles = etree.fromstring(archive.read("styles.xml"))
    assert names[0] == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

    def text(element):
        return "".join(element.itertext())

    heading = content.find(f".//{{{text_ns}}}h")
    assert text(heading) == EN[info["heading"]]
    paragraphs = content.findall(f".//{{{text_ns}}}p")
    assert text(paragraphs[0]) == EN[info["bold"]]
    span = paragraphs[0].find(f"{{{text_ns}}}span")
    assert span.text and span.text.strip() in EN[info["bold"]]
    link = paragraphs[1].find(f"{{{text_ns}}}a")
    assert link.text == EN[info["link"]]
    assert link.get("{http://www.w3.org/1999/xlink}href") == "https://gov.kg/"
    note = paragraphs[1].find(f".//{{{text_ns}}}note-body/{{{text_ns}}}p")
    assert note.text == EN[info["footnote"]]
    assert paragraphs[1].find(f".//{{{text_ns}}}note-citation").text == "1"
    cell = content.find(".//{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell")
    assert text(cell) == EN[info["cell"]]
    header, footer = styles.iter(f"{{{text_ns}}}p")
    assert [header.text, footer.text] == [EN[info["header"]], EN[info["footer"]]]
    assert cyrillic_in_zip(out) == {}


def test_docx_link_and_italic_carried(tmp_path, translator):
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph()
    words = KY[3].split(" ")
    paragraph.add_run(" ".join(words[:3]) + " ").italic = True
    rid = document.part.relate_to("https://gov.kg/", RELATIONSHIP_TYPE.HYPERLINK, True)
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    link = (
        f'<w:hyperlink xmlns:w="{W[1:-1]}" xmlns:r="{relationships}" r:id="{rid}">'
        "<w:r><w:rPr><w:rStyle "
        f'w:val="Hyperlink"/></w:rPr><w:t>{" ".join(words[3:])}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(parse_xml(link))
    source, out = tmp_path / "l.docx", tmp_path / "l.en.docx"
    document.save(str(source))
    translate_file(source, out, translator, target="en")
    after = docx.Document(str(out)).paragraphs[0]
    assert after.text == EN[KY[3]]
    (hyperlink,) = after._p.findall(f"{W}hyperlink")
    assert hyperlink.get(f"{{{relationships}}}id") == rid
    linked = "".join(t.text for t in hyperlink.iter(f"{W}t"))
    italic = "".join(r.text for r in after.runs if r.italic)
    assert linked.strip() and italic.strip() and italic + linked == EN[KY[3]]
