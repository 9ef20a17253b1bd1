"""format=html of the LibreTranslate API: text nodes out, markup back byte for byte."""

from __future__ import annotations

import pytest

from ui.libretranslate import parse_html


@pytest.mark.parametrize(
    "source",
    [
        "plain text",
        "<p class=\"x\" data-a='1 &amp; 2'>A &lt;b&gt; c</p>",
        "<!DOCTYPE html><HTML><Body ONLOAD='f()'>x<br>y<br/>z</Body></HTML>",
        "<ul><li>one<li>two</ul><p>unclosed",
        "<style>p { color: red }</style><pre>code  kept</pre>  \n tail ",
        "<!-- a comment --><?php echo 1 ?><![CDATA[x]]>\r\n<p>\n  two\n  lines\n</p>",
    ],
)
def test_html_template_round_trips(source):
    template = parse_html(source)
    assert template.render(template.segments) == source
    upper = template.render([s.upper() for s in template.segments])
    assert parse_html(upper).segments == [s.upper() for s in template.segments]
    assert [p for i, p in enumerate(parse_html(upper).parts) if i not in template.slots] == [
        p for i, p in enumerate(template.parts) if i not in template.slots
    ]


def test_html_template_unescapes_text_and_escapes_translations():
    template = parse_html("<p>a&nbsp;b &amp; c</p>")
    assert template.segments == ["a\xa0b & c"]
    assert template.render(["x < y & z"]) == "<p>x &lt; y &amp; z</p>"


def test_html_template_skips_code_and_no_translate():
    source = (
        '<p title="Title">Hello <b>world</b></p><script>x="y"</script>'
        '<span class="a notranslate">keep <i>me</i></span><code>f()</code> end'
    )
    template = parse_html(source)
    assert template.segments == ["Hello", "world", "end"]
    assert template.render(["Салам", "дүйнө", "<&>"]) == (
        '<p title="Title">Салам <b>дүйнө</b></p><script>x="y"</script>'
        '<span class="a notranslate">keep <i>me</i></span><code>f()</code> &lt;&amp;&gt;'
    )
