"""ui.files on HTML, Markdown, subtitles, plain text and PDF: the exact translations, the
markup kept (tags, attributes, Markdown syntax, URLs, code, timings), no Kyrgyz left."""

from __future__ import annotations

import datetime

import pytest
from _files_cases import CYRILLIC, EN, KY, ROWS
from test_readers import make_pdf

from ui.files import translate_file


@pytest.fixture(scope="module")
def translator(tiny_ct2_translator):
    return tiny_ct2_translator


def _tags(root) -> list:
    """Every element's tag and attributes, in document order (kybrief's marks left out)."""
    return [
        (el.tag, sorted((k, v) for k, v in el.attrib.items() if not k.startswith("data-kybrief")))
        for el in root.iter()
        if isinstance(el.tag, str)
    ]


HTML = f"""<!DOCTYPE html>
<html lang="ky"><head><meta charset="utf-8"><title>{KY[0]}</title>
<style>p {{ color: red; }} /* Бул стиль */</style>
<script>var x = "Бул код";</script></head>
<body><h1 class="title">{KY[1]}</h1>
<p id="p1">{KY[2].split(" ")[0]} <b>{" ".join(KY[2].split(" ")[1:3])}</b>
{" ".join(KY[2].split(" ")[3:])}</p>
<ul><li><a href="https://gov.kg/news?id=1" title="Жаңылык">{KY[3]}</a></li></ul>
<table><tr><td>{KY[4]}</td><td>2024</td></tr></table>
<pre>Бул код өзгөрбөйт</pre>
<p>{KY[5]} <code>kybrief translate</code></p>
</body></html>
"""


def test_html_tags_attributes_and_code_kept(tmp_path, translator):
    import lxml.html

    source, out = tmp_path / "page.html", tmp_path / "page.en.html"
    source.write_text(HTML, encoding="utf-8")
    result = translate_file(source, out, translator, target="en")
    written = out.read_text(encoding="utf-8")
    before, after = lxml.html.fromstring(HTML), lxml.html.fromstring(written)
    assert _tags(after) == _tags(before)
    assert written.startswith("<!DOCTYPE html>")
    assert after.findtext(".//title") == EN[KY[0]]
    assert after.findtext(".//h1") == EN[KY[1]]
    paragraph = after.get_element_by_id("p1")
    assert " ".join(paragraph.text_content().split()) == EN[KY[2]]
    assert paragraph.find("b").text.strip() in EN[KY[2]]
    assert after.find(".//a").text == EN[KY[3]]
    assert [td.text for td in after.iter("td")] == [EN[KY[4]], "2024"]
    assert after.findtext(".//pre") == "Бул код өзгөрбөйт"
    assert after.findtext(".//code") == "kybrief translate"
    assert 'var x = "Бул код";' in after.findtext(".//script")
    last = after.findall(".//p")[-1]
    assert last.text.strip() == EN[KY[5]]
    for untouched in ("Бул код өзгөрбөйт", "Бул стиль", "Бул код", "Жаңылык"):  # pre, style,
        written = written.replace(untouched, "")  # script, an attribute
    assert CYRILLIC.search(written) is None
    assert result.kept_in_source == () and result.input_format == "html"


MARKDOWN = f"""---
title: Бул баш сөз
---

# {KY[0]}

{KY[1].split(" ")[0]} **{" ".join(KY[1].split(" ")[1:3])}** {" ".join(KY[1].split(" ")[3:])}

- [{KY[2]}](https://gov.kg/жаңылык "Жаңылык")
- {KY[3]}

> {KY[4]}

| № | 1 |
|---|---|
| {KY[5]} | 2024 |

```python
print("Бул код")
```

{KY[6]} `код` <https://gov.kg/>
"""


def test_markdown_syntax_urls_and_code_kept(tmp_path, translator):
    from markdown_it import MarkdownIt

    source, out = tmp_path / "note.md", tmp_path / "note.en.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    translate_file(source, out, translator, target="en", source="ky")
    written = out.read_text(encoding="utf-8")
    lines = written.splitlines()
    assert lines[:3] == ["---", "title: Бул баш сөз", "---"]
    assert f"# {EN[KY[0]]}" in lines
    bold = next(line for line in lines if "**" in line)
    assert bold.replace("**", "") == EN[KY[1]]
    assert f'- [{EN[KY[2]]}](https://gov.kg/жаңылык "Жаңылык")' in lines
    assert f"- {EN[KY[3]]}" in lines
    assert f"> {EN[KY[4]]}" in lines
    assert "|---|---|" in lines
    assert f"| {EN[KY[5]]} | 2024 |" in lines
    assert '```python\nprint("Бул код")\n```' in written
    assert "`код` <https://gov.kg/>" in written
    assert lines[-1].startswith(EN[KY[6]])
    kinds = [t.type for t in MarkdownIt("commonmark").enable("table").parse(written)]
    assert kinds == [t.type for t in MarkdownIt("commonmark").enable("table").parse(MARKDOWN)]
    assert "| № | 1 |" in lines
    rest = [line for line in lines[3:] if "Бул код" not in line and "жаңылык" not in line]
    assert [line for line in rest if CYRILLIC.search(line.replace("`код`", ""))] == []
    assert "<!--" not in written  # nothing flagged: no marks


def test_srt_timings_untouched(tmp_path, translator):
    import srt

    cues = [
        srt.Subtitle(1, datetime.timedelta(seconds=1), datetime.timedelta(seconds=3.5), KY[0]),
        srt.Subtitle(2, datetime.timedelta(seconds=4), datetime.timedelta(seconds=7), KY[1]),
    ]
    source, out = tmp_path / "talk.srt", tmp_path / "talk.en.srt"
    source.write_text(srt.compose(cues), encoding="utf-8")
    translate_file(source, out, translator, target="en")
    after = list(srt.parse(out.read_text(encoding="utf-8")))
    assert [(c.index, c.start, c.end) for c in after] == [(c.index, c.start, c.end) for c in cues]
    assert [c.content for c in after] == [EN[KY[0]], EN[KY[1]]]


def test_txt_paragraphs_and_blank_lines(tmp_path, translator):
    source, out = tmp_path / "a.txt", tmp_path / "a.en.txt"
    source.write_text(f"{KY[0]}\n\n\n{KY[1]}\n\n2024\n", encoding="utf-8")
    result = translate_file(source, out, translator, target="en")
    assert out.read_text(encoding="utf-8") == f"{EN[KY[0]]}\n\n\n{EN[KY[1]]}\n\n2024\n"
    assert result.paragraphs == result.translated == 2


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_pdf_becomes_docx_or_txt_layout_not_kept(tmp_path, translator, suffix):
    short = sorted(ROWS, key=lambda r: len(r["en"]))[:2]
    source, out = tmp_path / "r.pdf", tmp_path / f"r.ky{suffix}"
    source.write_bytes(make_pdf([r["en"] for r in short]))
    result = translate_file(source, out, translator, target="ky", source="en")
    if suffix == ".txt":
        texts = out.read_text(encoding="utf-8").split("\n")
    else:
        import docx

        texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert texts == [r["ky"] for r in short]
    assert result.layout_kept is False and result.output_format == suffix[1:]
    assert any("layout" in note for note in result.notes)
