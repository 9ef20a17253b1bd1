"""Documents of every format built from the seed sentences, for the ui.files tests.

The tiny test model translates each seed sentence exactly, so a paragraph that is one seed
Kyrgyz sentence must come out as exactly its English sentence, in whatever container.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from conftest import load_seed_rows

ROWS = load_seed_rows()
#: Short seed sentences first: the tests stay fast.
SHORT = sorted(ROWS, key=lambda r: len(r["ky"]))
KY = [r["ky"] for r in SHORT]
EN = {r["ky"]: r["en"] for r in ROWS}
CYRILLIC = re.compile("[\u0400-\u04ff]")


def png() -> bytes:
    """A 2x2 PNG (Pillow)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return buffer.getvalue()


def cyrillic_in_zip(path: Path, suffixes=(".xml",)) -> dict[str, str]:
    """Every member of an Office/ODF package that has Cyrillic letters, with a sample."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(suffixes):
                text = archive.read(name).decode("utf-8", "replace")
                match = CYRILLIC.search(text)
                if match:
                    found[name] = text[max(match.start() - 60, 0) : match.start() + 60]
    return found


def build_docx(path: Path) -> dict:
    """A .docx with a heading, bold and italic runs, a list, a table, a header, a footer, a
    text box, an image, a page break and a landscape section; returns what it holds."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading(KY[0], level=1)
    bold = document.add_paragraph()
    words = KY[1].split(" ")
    bold.add_run(" ".join(words[:2]) + " ")
    bold.add_run(" ".join(words[2:4]) + " ").bold = True
    bold.add_run(" ".join(words[4:]))
    document.add_paragraph(KY[2], style="List Bullet")
    document.add_paragraph(KY[3], style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in zip([(0, 0), (0, 1), (1, 0), (1, 1)], [KY[4], KY[5], KY[6], "2024"]):
        table.cell(row, col).text = text
    run = document.add_paragraph().add_run()
    run.add_picture(io.BytesIO(png()))
    run.add_break(WD_BREAK.PAGE)
    box = document.add_paragraph()
    box._p.append(parse_xml(_TEXT_BOX.format(text=KY[7])))
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.header.paragraphs[0].text = KY[8]
    section.footer.paragraphs[0].text = KY[9]
    document.save(str(path))
    return {
        "heading": KY[0],
        "bold": KY[1],
        "bold_words": " ".join(words[2:4]),
        "list": KY[2:4],
        "cells": [KY[4], KY[5], KY[6], "2024"],
        "box": KY[7],
        "header": KY[8],
        "footer": KY[9],
    }


_TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:200pt;height:50pt">'
    "<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    "</v:textbox></v:shape></w:pict></w:r>"
)


def add_footnote(path: Path, text: str) -> None:
    """Give a .docx (python-docx writes none) a footnotes part with one footnote, referenced
    from the first paragraph of the body."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    rels = members["word/_rels/document.xml.rels"].decode()
    relation = (
        '<Relationship Id="rIdFoot1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/footnotes" Target="footnotes.xml"/>'
    )
    members["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", relation + "</Relationships>"
    ).encode()
    types = members["[Content_Types].xml"].decode()
    override = (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/>'
    )
    members["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    body = members["word/document.xml"].decode()
    reference = '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    members["word/document.xml"] = body.replace("</w:p>", reference, 1).encode()
    members["word/footnotes.xml"] = footnotes.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def build_pptx(path: Path) -> dict:
    """A .pptx: a title slide, a slide with a bold run in a text box and a table, notes."""
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    first = presentation.slides.add_slide(presentation.slide_layouts[0])
    first.shapes.title.text = KY[0]
    first.placeholders[1].text = KY[1]
    first.notes_slide.notes_text_frame.text = KY[2]
    second = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = second.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
    paragraph = box.text_frame.paragraphs[0]
    words = KY[3].split(" ")
    paragraph.add_run().text = words[0] + " "
    strong = paragraph.add_run()
    strong.text = " ".join(words[1:])
    strong.font.bold = True
    table = second.shapes.add_table(1, 2, Inches(1), Inches(3), Inches(6), Inches(1)).table
    table.cell(0, 0).text = KY[4]
    table.cell(0, 1).text = KY[5]
    second.notes_slide.notes_text_frame.text = KY[6]
    presentation.save(str(path))
    return {"title": KY[0], "subtitle": KY[1], "notes": [KY[2], KY[6]], "bold": KY[3]}


def build_odt(path: Path) -> dict:
    """An .odt (written as XML, zipped as the format says): a heading, a paragraph with a
    bold span and a link, a table cell, a footnote, a header and a footer."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'
    )
    words = KY[1].split(" ")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>'
        '<office:automatic-styles><style:style style:name="B" style:family="text">'
        '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
        f'<office:body><office:text><text:h text:outline-level="1">{KY[0]}</text:h>'
        f'<text:p>{words[0]} <text:span text:style-name="B">{" ".join(words[1:3])}</text:span> '
        f"{' '.join(words[3:])}</text:p>"
        f'<text:p><text:a xlink:type="simple" xlink:href="https://gov.kg/">{KY[2]}</text:a>'
        '<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1'
        f"</text:note-citation><text:note-body><text:p>{KY[3]}</text:p></text:note-body>"
        "</text:note></text:p>"
        '<table:table table:name="T"><table:table-column/><table:table-row><table:table-cell>'
        f"<text:p>{KY[4]}</text:p></table:table-cell></table:table-row></table:table>"
        "</office:text></office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}>'
        '<office:master-styles><style:master-page style:name="Standard">'
        f"<style:header><text:p>{KY[5]}</text:p></style:header>"
        f"<style:footer><text:p>{KY[6]}</text:p></style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored, first: the format's rule
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles)
        archive.writestr("META-INF/manifest.xml", manifest)
    return {
        "heading": KY[0],
        "bold": KY[1],
        "bold_words": " ".join(words[1:3]),
        "link": KY[2],
        "footnote": KY[3],
        "cell": KY[4],
        "header": KY[5],
        "footer": KY[6],
    }
