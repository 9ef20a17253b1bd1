"""Properties (hypothesis) that extend the per-module ones in test_segment, test_langid and
test_figures: the whole Translator and brief() on arbitrary text, the Translator losing no
word, input cleaning, escaping for the page and the Markdown download, document readers on
arbitrary bytes, and Russian figures round-tripping through their English rendering.
"""

from __future__ import annotations

import copy
import math
import re

import pytest
from conftest import load_seed_rows
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summarize import brief
from summarize.figures.extract import extract_figures
from summarize.figures.guard import check_figures
from summarize.figures.numbers import english_numbers
from summarize.markdown import escape_markdown, to_markdown
from translate import Hypothesis, InputError, KybriefError
from translate.langid import detect_paragraph_languages
from translate.segment import clean_text
from ui.documents import read_bytes

pytestmark = pytest.mark.timeout(300)

ROWS = load_seed_rows()
FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_CYRILLIC = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюяАБВКМНӨҮЖ"
#: Text that reaches the model: Cyrillic words, punctuation, digits, line breaks, odd marks.
SOUP = st.text(
    alphabet=st.sampled_from([*_CYRILLIC, *" .,;!?-—«»\n\n0123456789%", "\u200b", "\x00", "🎉"]),
    max_size=300,
)
ANY_TEXT = st.one_of(st.text(max_size=300), SOUP)


# -- the whole pipeline on arbitrary text ------------------------------------------------


@FEW
@given(text=ANY_TEXT, target=st.sampled_from(["en", "ru", "ky"]))
def test_translate_raises_nothing_but_kybrief_errors(tiny_ct2_translator, text, target):
    try:
        doc = tiny_ct2_translator.translate_document(text, target=target)
    except KybriefError as exc:
        event(f"refused: {type(exc).__name__}")
        assert str(exc)
    else:
        event("translated")
        out = doc.translation
        assert isinstance(out, str) and out.strip()
        out.encode("utf-8")  # never a lone surrogate in the output
        # segmentation loses nothing: the aligned sources are the cleaned text, word for word
        assert doc.source.split() == clean_text(text).split()
        assert all(pair.translation.strip() for pair in doc.sentences)


@FEW
@given(text=ANY_TEXT, full=st.booleans(), sentences=st.integers(1, 4))
def test_brief_raises_nothing_but_kybrief_errors(tiny_ct2_translator, text, full, sentences):
    try:
        result = brief(
            text, translator=tiny_ct2_translator, sentences=sentences, full_translation=full
        )
    except KybriefError as exc:
        event(f"refused: {type(exc).__name__}")
        assert str(exc)
    else:
        event("briefed")
        assert result.headline.strip() and 1 <= len(result.summary_sentences) <= sentences
        # the summary is made of the translation's own sentences, nothing else
        english = {pair.translation for pair in result.translation.sentences}
        assert set(result.summary_sentences) <= english
        assert result.translated_count <= result.sentence_count
        to_markdown(result).encode("utf-8")


@settings(max_examples=25, deadline=None)
@given(
    picks=st.lists(st.sampled_from(range(len(ROWS))), min_size=1, max_size=4),
    source=st.sampled_from(["ky", "ru"]),
)
def test_any_mix_of_seed_sentences_translates_exactly(tiny_ct2_translator, picks, source):
    """One seed sentence per paragraph, Kyrgyz or Russian, detected per paragraph."""
    text = "\n".join(ROWS[i][source] for i in picks)
    assert tiny_ct2_translator.translate(text) == "\n".join(ROWS[i]["en"] for i in picks)


class NumberingEngine:
    """Echoes each piece with every word numbered ("0:word 1:word"), so no output word repeats
    (the loop guard stays out of it) and the source words can be read back."""

    def __init__(self, real) -> None:
        self.real = real
        self.name, self.model_id, self.device = "echo", real.model_id, "cpu"
        self.max_input_tokens = real.max_input_tokens

    def count_tokens(self, text: str, source: str) -> int:
        return self.real.count_tokens(text, source)

    def translate_batch(self, texts, source, target, *, beam_size, max_new_tokens):
        return [Hypothesis(" ".join(f"{i}:{w}" for i, w in enumerate(t.split()))) for t in texts]


@pytest.fixture(scope="module")
def echo_translator(tiny_ct2_translator):
    echo = copy.copy(tiny_ct2_translator)
    echo.engine = NumberingEngine(tiny_ct2_translator.engine)
    echo.max_input_tokens = 12  # long sentences are cut into several pieces
    return echo


def _read_back(translation: str) -> str:
    """The source text of an echoed translation, whitespace removed (a word longer than the
    token limit is cut into character windows, so only the characters are comparable)."""
    return "".join(re.sub(r"^\d+:", "", w, count=1) for w in translation.split())


@settings(max_examples=150, deadline=None)
@given(text=SOUP.filter(lambda t: ":" not in t))
def test_translator_loses_duplicates_and_reorders_nothing(echo_translator, text):
    try:
        doc = echo_translator.translate_document(text, source="ky", target="en")
    except KybriefError:
        assume(False)
    words = clean_text(text).split()
    assert [w for p in doc.sentences for w in p.source.split()] == words
    assert all(p.source.strip() for p in doc.sentences)  # no empty sentence
    for pair in doc.sentences:
        assert _read_back(pair.translation) == "".join(pair.source.split())
    assert _read_back(doc.translation) == "".join(words)


# -- cleaning and escaping -----------------------------------------------------------------

_INVISIBLE = re.compile(
    "[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2066-\u2069]"
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_clean_text_is_idempotent_and_leaves_no_invisible_character(text):
    clean = clean_text(text)
    assert clean_text(clean) == clean
    assert not _INVISIBLE.search(clean)
    clean.encode("utf-8")
    assert [w for w in clean.split() if w] == clean.split()


def _html_tokens(markdown: str) -> list[str]:
    """Raw-HTML tokens a CommonMark renderer with HTML on would pass through to the page."""
    found = []
    for token in MarkdownIt("commonmark", {"html": True}).parse(markdown):
        for t in [token, *(token.children or [])]:
            if t.type in ("html_inline", "html_block"):
                found.append(t.content)
    return found


MARKUP = st.lists(
    st.sampled_from([*"<>/&\"'=`*_[]()!#|\\~$- \n", "script", "img", "a", "onerror", "http:"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(MARKUP, st.text(max_size=80)))
def test_md_escape_shows_any_text_literally(text):
    escaped = escape_markdown(text)
    assert _html_tokens(escaped) == []
    rendered = MarkdownIt().render(escaped)
    assert "<a " not in rendered and "<img" not in rendered and "<strong>" not in rendered


@pytest.fixture(scope="module")
def seed_brief(tiny_ct2_translator):
    return brief("\n".join(r["ky"] for r in ROWS[:6]), translator=tiny_ct2_translator)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(MARKUP, st.text(max_size=80)))
def test_markdown_download_never_carries_raw_html(seed_brief, text):
    import dataclasses

    evil = dataclasses.replace(
        seed_brief, headline=text, summary=text, key_points=(text,), warnings=(text,)
    )
    assert _html_tokens(to_markdown(evil)) == []


# -- document readers on arbitrary bytes --------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe"]).flatmap(
            lambda head: st.binary(max_size=300).map(lambda tail: head + tail)
        ),
    ),
    name=st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", "a.pdf", "a.exe", "noext"]),
)
def test_readers_raise_nothing_but_input_errors(data, name):
    try:
        text = read_bytes(name, data)
    except InputError as exc:
        assert name in str(exc) or "file" in str(exc)
    else:
        assert isinstance(text, str) and text.strip() == text and "\r" not in text
        plain = name.endswith((".txt", ".md")) and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
        if plain:  # UTF-8 text comes back as it was, newlines unified
            assert text in data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=100, deadline=None)
@given(text=ANY_TEXT)
def test_paragraph_languages_never_raise_and_cover_the_text(text):
    pairs = detect_paragraph_languages(clean_text(text))
    for paragraph, guess in pairs:
        assert paragraph.strip() and paragraph in clean_text(text)
        assert 0.0 <= guess.confidence <= 1.0


# -- Russian figures round-trip through their English rendering ---------------------------

_RU_UNITS = {"тонн": "tonnes", "сомов": "som", "долларов США": "USD", "гектаров": "hectares",
             "рублей": "RUB", "евро": "EUR"}  # fmt: skip
_RU_SCALES = {"": 1, "тыс.": 10**3, "тысяч": 10**3, "млн": 10**6, "миллионов": 10**6,
              "млрд": 10**9}  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    tenths=st.one_of(st.none(), st.integers(min_value=1, max_value=9)),
    scale=st.sampled_from(sorted(_RU_SCALES)),
    unit=st.sampled_from(sorted(_RU_UNITS)),
)
def test_russian_amounts_round_trip_through_english(whole, tenths, scale, unit):
    number = f"{whole},{tenths}" if tenths else str(whole)
    expected = (whole + (tenths or 0) / 10) * _RU_SCALES[scale]
    text = f"В этом году выделено {number} {scale} {unit}.".replace("  ", " ")
    (figure,) = extract_figures(text, "ru")
    assert math.isclose(figure.value, expected, rel_tol=1e-9)
    assert figure.unit == _RU_UNITS[unit]
    assert any(math.isclose(v, expected, rel_tol=1e-9) for v in english_numbers(figure.text))
    # the guard finds the figure in its own English rendering, and misses it in another's
    assert check_figures([figure], f"The government allocated {figure.text} this year.") == []
    other = 8 if figure.value == 7 else 7  # the guard compares values: another one is missing
    assert check_figures([figure], f"The government allocated {other} goats this year.")
