"""The digest's HTML and Markdown: release text escaped, nothing loaded from outside, the chart."""

from __future__ import annotations

import datetime
import html as html_module
import re
from html.parser import HTMLParser

import pytest
from _digest_cases import HOSTILE, IMG, PLAIN, SCRIPT, lookup_brief
from markdown_it import MarkdownIt

from summarize import DigestInput, digest
from summarize.digest.chart import events_chart

RESOURCE_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def hostile_digest():
    items = [
        DigestInput(lookup_brief(HOSTILE, "ky"), f"evil{SCRIPT}.txt", datetime.date(2024, 3, 1)),
        DigestInput(lookup_brief(PLAIN, "ky"), "plain.txt", datetime.date(2024, 3, 2)),
        DigestInput(None, f"bad{IMG}.pdf", error=f"cannot read {SCRIPT}"),
    ]
    return digest(items, title=f"Week {SCRIPT}")


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_release_text_is_escaped(hostile_digest):
    html = hostile_digest.to_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    tags = _parse(html).tags
    assert [t for t, _ in tags if t in {"script", "img", "iframe", "object", "embed"}] == []
    handlers = [(t, a) for t, attrs in tags for a in attrs if a.lower().startswith("on")]
    assert handlers == []


def test_html_references_nothing_outside(hostile_digest):
    html = hostile_digest.to_html()
    parsed = _parse(html)
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            if name.lower() in RESOURCE_ATTRIBUTES:
                assert value.startswith("#"), (tag, name, value)  # in-page links only
            assert "http:" not in (value or "") and "https:" not in (value or ""), (tag, name)
        if tag == "link" or tag == "base":
            pytest.fail(f"<{tag}> in a self-contained page")
    style = " ".join(parsed.styles)
    assert "@import" not in style and "url(" not in style
    assert all(m.startswith("url(#") for m in re.findall(r"url\([^)]*\)", html))
    assert not re.search(r"https?://", html)
    policy = next(a for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy["content"]


def test_markdown_is_escaped(hostile_digest):
    text = hostile_digest.to_markdown()
    outside_code = re.sub(r"`[^`]*`", "", text)  # a code span shows its text as it is
    assert "<" not in outside_code
    assert "&#60;script&#62;alert(1)&#60;/script&#62;" in text
    assert f"`evil{SCRIPT}.txt`" in text
    page = MarkdownIt("commonmark", {"html": True}).render(text)
    tags = [t for t, _ in _parse(page).tags]
    assert "script" not in tags and "img" not in tags
    assert SCRIPT in html_module.unescape(page) and IMG in html_module.unescape(page)


def test_skipped_and_title_in_both(hostile_digest):
    html, text = hostile_digest.to_html(), hostile_digest.to_markdown()
    assert "<title>Week &lt;script&gt;" in html
    assert "Skipped documents" in html and "Skipped documents" in text
    assert "cannot read &lt;script&gt;" in html


def test_chart_counts_days_and_bodies(hostile_digest):
    svg = events_chart(hostile_digest.entries)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert '<title id="chart-title">Events per day, by issuing body</title>' in svg
    assert ">Events</text>" in svg and "Release date" in svg  # axis labels
    # the legend names both bodies; every bar says what it holds in words
    assert ">Cabinet of Ministers press service</text>" in svg
    assert ">Presidential press service</text>" in svg
    assert svg.count(">1 event · 1 release</text>") == 2
    assert ">1 Mar 2024</text>" in svg and ">2 Mar 2024</text>" in svg
    assert "1 Mar 2024: 1 from Cabinet of Ministers press service" in svg  # <desc>
    assert events_chart(()).count("No entries.") == 1


def test_html_sections_by_date_and_body(hostile_digest):
    html = hostile_digest.to_html()
    friday = html.index("<h2>Friday, 1 March 2024</h2>")
    saturday = html.index("<h2>Saturday, 2 March 2024</h2>")
    assert friday < html.index("<h3>Cabinet of Ministers press service</h3>") < saturday
    assert saturday < html.index("<h3>Presidential press service</h3>")
    assert html.index("<h2>All figures</h2>") > saturday
