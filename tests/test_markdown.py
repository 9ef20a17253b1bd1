"""The brief as Markdown: text from a release shows as itself, never as markup.

The Markdown is rendered as a browser would get it (markdown-it-py, raw HTML allowed, GFM
tables and strikethrough on), and the elements are read from the token stream.
"""

from __future__ import annotations

import html

import pytest
from markdown_it import MarkdownIt

from summarize import Brief
from summarize.markdown import escape_markdown, to_markdown
from summarize.types import DateMention, Entity, Figure

LINK = "[x](http://evil)"
IMAGE = "![img](http://x)"
SCRIPT = "<script>alert(1)</script>"
CODE = "``rm -rf /`` and `code`"
SENTENCE = f"The minister said {LINK} and {IMAGE} then {SCRIPT} with {CODE} **loud** _it_."
PIPES = "a | b | c"
#: Elements markup in a release could make, as markdown-it token types.
FORBIDDEN = {
    "link_open",
    "image",
    "html_inline",
    "html_block",
    "code_inline",
    "code_block",
    "fence",
    "s_open",
    "blockquote_open",
    "ordered_list_open",
    "hr",
}


def _markdown_it() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _tokens(markdown: str) -> list:
    out = []
    for token in _markdown_it().parse(markdown):
        out += [token, *(token.children or [])]
    return out


def _hostile_brief(text: str = SENTENCE) -> Brief:
    figure = Figure(12000.0, f"tonnes {PIPES}", f"12,000 tonnes {text}", f"12 миң {PIPES} {CODE}")
    return Brief(
        headline=text,
        summary=text,
        key_points=(text, f"1. {text}", f"- {text}"),
        figures=(figure,),
        dates=(DateMention(2024, 3, 1, f"1 March {LINK}", f"1-март {SCRIPT}"),),
        entities=(Entity(f"Ali {IMAGE}", "person", "Али"), Entity(f"> {SCRIPT}", "org", "x")),
        warnings=(f"# {text}",),
        translation=None,
        source_language="ky",
        summary_sentences=(text,),
        summarizer="model_with_underscores",
    )


@pytest.fixture(scope="module")
def rendered() -> tuple[str, list]:
    markdown = to_markdown(_hostile_brief())
    return markdown, _tokens(markdown)


def test_release_markup_makes_no_element(rendered):
    _, tokens = rendered
    assert sorted({t.type for t in tokens} & FORBIDDEN) == []
    page = _markdown_it().render(rendered[0])
    for tag in ("<a ", "<img", "<script", "<code", "<del", "<s>"):
        assert tag not in page
    # the only headings are the brief's own: the headline and its sections
    headings = [t.tag for t in tokens if t.type == "heading_open"]
    assert headings.count("h1") == 1 and set(headings) == {"h1", "h2"}


def test_release_markup_reads_as_itself(rendered):
    page = html.unescape(_markdown_it().render(rendered[0]))
    assert page.count(SENTENCE) >= 4  # headline, summary, key points, the figure's English
    for shown in (f"1. {SENTENCE}", f"- {SENTENCE}", f"# {SENTENCE}", f"> {SCRIPT}"):
        assert shown in page
    assert f"Ali {IMAGE}" in page and f"1 March {LINK} (1-март {SCRIPT})" in page
    assert "summary: model_with_underscores." in page


def test_table_keeps_its_columns(rendered):
    _, tokens = rendered
    rows, cells = [], 0
    for token in tokens:
        if token.type == "tr_close":
            rows.append(cells)
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
    assert rows == [4, 4]  # the head and the one figure, the "|" of the text inside its cells
    page = html.unescape(_markdown_it().render(rendered[0]))
    assert f"<td>tonnes {PIPES}</td>" in page and f"<td>12 миң {PIPES} {CODE}</td>" in page


@pytest.mark.parametrize(
    "text",
    [
        LINK,
        IMAGE,
        SCRIPT,
        CODE,
        "\\ backslash \\[not a link](x)",
        "&lt;script&gt; and &#60;b&#62;",
        "~~struck~~ and $$x^2$$",
        "1) not a list",
        "+ not a list",
        "---",
        "===",
        "> not a quote",
        "## not a heading #",
        "*not* __bold__",
        "<http://autolink.example>",
    ],
)
@pytest.mark.parametrize("cell", [False, True], ids=["line", "cell"])
def test_escape_markdown_shows_the_text(text, cell):
    escaped = escape_markdown(text, cell=cell)
    markdown = f"| a |\n|---|\n| {escaped} |\n" if cell else escaped
    tokens = _tokens(markdown)
    assert sorted({t.type for t in tokens} & FORBIDDEN) == []
    assert not any(t.type == "heading_open" or t.type == "bullet_list_open" for t in tokens)
    page = _markdown_it().render(markdown)
    if cell:
        assert page.count("<td>") == 1
        assert html.unescape(page).count(f"<td>{text}</td>") == 1
    else:
        assert html.unescape(page) == f"<p>{text}</p>\n"


def test_escape_markdown_leaves_ordinary_text_alone():
    text = (
        "President Sadyr Japarov met Kassym-Jomart Tokayev in Astana on 23 March 2024 (R&D, "
        '12,000 tonnes of wheat, 3.9% growth; "-5" degrees: see https://example.org/a-b.html).'
    )
    assert escape_markdown(text) == text
    assert escape_markdown("Бул тууралуу өкмөттүн басма сөз кызматы маалымдады.") == (
        "Бул тууралуу өкмөттүн басма сөз кызматы маалымдады."
    )
    assert escape_markdown("000_38dde02481074d0c.ru.txt") == "000_38dde02481074d0c.ru.txt"
    assert escape_markdown("_it_ a_ _b") == "&#95;it&#95; a&#95; &#95;b"
    assert escape_markdown("a\n\n  b\tc") == "a b c"  # one line, even in a table cell
    assert escape_markdown("a | b") == "a | b" and "|" not in escape_markdown("a | b", cell=True)


def test_the_app_and_the_digest_use_the_same_escaper():
    from summarize.digest import markdown as digest_markdown
    from ui.web import digest, events, render

    assert render.escape_markdown is events.escape_markdown is digest.escape_markdown
    assert render.escape_markdown is escape_markdown
    assert digest_markdown._md is escape_markdown


def test_digest_markdown_shows_release_markup_as_text():
    import datetime

    from _digest_cases import lookup_brief

    from summarize import DigestInput, digest

    english = f"The minister spoke about 1,000 tonnes of wheat {PIPES} {LINK} {IMAGE} {SCRIPT}."
    pairs = [
        ("Министр Бишкекте 1000 тонна буудай тууралуу айтты.", f"{english} {CODE}"),
        ("Бул тууралуу өкмөттүн басма сөз кызматы маалымдады.", f"Reported by {PIPES} {LINK}."),
    ]
    name = f"evil {PIPES} {LINK} `{SCRIPT}`.txt"
    items = [DigestInput(lookup_brief(pairs, "ky"), name, datetime.date(2024, 3, 1))]
    markdown = digest(items, title=f"Week {IMAGE} {PIPES} {SCRIPT}").to_markdown()
    tokens = _tokens(markdown)
    # the document's name is shown in a code span (its backticks made quotes), and only it
    assert [t.content for t in tokens if t.type == "code_inline"] == [name.replace("`", "'")]
    assert sorted({t.type for t in tokens} & (FORBIDDEN - {"code_inline"})) == []
    page = html.unescape(_markdown_it().render(markdown))
    assert f"{english} {CODE}" in page and f"Reported by {PIPES} {LINK}." in page
    assert f"Week {IMAGE} {PIPES} {SCRIPT}" in page
    assert f"<td>{name}: 1000 тонна буудай</td>" in page  # "|" inside a cell stays text
    tables, rows, cells = [], [], 0
    for token in tokens:
        if token.type == "table_open":
            rows = []
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            rows.append(cells)
            cells = 0
        elif token.type == "table_close":
            tables.append(rows)
    assert len(tables) == 3 and all(len(set(rows)) == 1 for rows in tables)  # columns kept


def test_the_apps_brief_download_is_the_escaped_markdown(tmp_path, monkeypatch):
    from ui.web import render

    monkeypatch.setattr(render, "_download_dir", lambda: tmp_path)
    md_path, _ = render.write_brief_files(_hostile_brief())
    with open(md_path, encoding="utf-8") as file:
        markdown = file.read()
    assert markdown == to_markdown(_hostile_brief())
    assert sorted({t.type for t in _tokens(markdown)} & FORBIDDEN) == []
