"""Sentence scoring and selection on the source side (no model, no torch)."""

from __future__ import annotations

import math

import pytest
from conftest import SEED_IDS, load_seed_rows, seed_text
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.extractive import Weights, score_sentences, select_sentences
from summarize.source import SourceSentence, read_source
from translate import NO_LANGUAGE
from translate.errors import InputError, UnsupportedLanguageError

ROWS = load_seed_rows()
BOILERPLATE = {  # "This was reported by the ... press service/office."
    (row["doc"], lang): row[lang]
    for row in ROWS
    for lang in ("ky", "ru")
    if row["paragraph"] == 1 and row["sentence"] == 2
}


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_read_source_splits_the_seeds_like_the_reference(gold, doc_id, lang):
    src = read_source(seed_text(doc_id, lang))
    rows = [row for row in ROWS if row["doc"] == doc_id]
    assert [s.text for s in src.sentences] == [row[lang] for row in rows]
    assert len(src.sentences) == gold[doc_id]["sentences"]
    assert [s.paragraph + 1 for s in src.sentences] == [row["paragraph"] for row in rows]
    assert [s.position + 1 for s in src.sentences] == [row["sentence"] for row in rows]
    assert src.language == lang
    assert [s.index for s in src.sentences] == list(range(len(rows)))


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_selection_is_news_aware(doc_id, lang):
    src = read_source(seed_text(doc_id, lang))
    sel = select_sentences(src.sentences, summary=3, key_points=3)
    assert sel.headline == 0  # the lead sentence of a press release
    assert sel.summary[0] == sel.headline
    chosen_texts = [src.sentences[i].text for i in sel.chosen]
    assert BOILERPLATE[(doc_id, lang)] not in chosen_texts
    assert not set(sel.summary) & set(sel.key_points)
    assert list(sel.key_points) == sorted(sel.key_points)
    assert sel.chosen == tuple(sorted({*sel.summary, *sel.key_points}))
    # key points prefer sentences with facts: no fact-less sentence while one with facts waits
    waiting = [s for s in src.sentences if s.index not in sel.chosen and (s.figures or s.dates)]
    if waiting:
        assert all(src.sentences[i].figures or src.sentences[i].dates for i in sel.key_points)


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_selection_is_deterministic(doc_id):
    text = seed_text(doc_id)
    first = select_sentences(read_source(text).sentences, 4, 2)
    again = select_sentences(read_source(text).sentences, 4, 2)
    assert first == again


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_length_control(doc_id):
    sentences = read_source(seed_text(doc_id)).sentences
    previous: tuple[int, ...] = ()
    for n in range(1, len(sentences) + 3):
        summary = select_sentences(sentences, n, 0).summary
        assert len(summary) == min(n, len(sentences))
        assert summary[: len(previous)] == previous  # a longer summary only adds sentences
        previous = summary


def _plain(index: int, text: str, **facts) -> SourceSentence:
    return SourceSentence(index, 0, 1 + index, "ky", text, **facts)


@pytest.mark.parametrize(
    ("fact", "weight"), [("figures", "figure"), ("entities", "entity"), ("dates", "date")]
)
def test_figures_names_and_dates_raise_a_score(fact, weight):
    body = "Министр айыл чарба тармагындагы долбоорлорду талкуулады."
    lead = SourceSentence(0, 0, 0, "ky", "Өкмөт жыйыны Бишкекте өттү жана чечим кабыл алынды.")
    plain = score_sentences([lead, _plain(1, body), _plain(2, body)])
    rich = score_sentences([lead, _plain(1, body), _plain(2, body, **{fact: 1})])
    assert rich[2] - plain[2] == pytest.approx(getattr(Weights(), weight))
    assert rich[:2] == plain[:2]


def test_a_figure_outweighs_a_later_position():
    body = "Министр айыл чарба тармагындагы долбоорлорду талкуулады."
    lead = SourceSentence(0, 0, 0, "ky", "Өкмөт жыйыны Бишкекте өттү жана чечим кабыл алынды.")
    scores = score_sentences([lead, _plain(1, body), _plain(2, body, figures=1)])
    assert scores[2] > scores[1]


def test_central_sentences_beat_off_topic_ones():
    sentences = [
        _plain(0, "Буудай жеткирүү боюнча келишим түзүлдү жана буудай баасы талкууланды."),
        _plain(1, "Буудай жеткирүү тууралуу сүйлөшүүлөр уланды, буудай сатылат."),
        _plain(2, "Буудай жеткирүү маселеси боюнча эки тарап макулдашты."),
        _plain(3, "Кечинде концерт болуп, ырчылар сахнага чыгышты."),
    ]
    weights = Weights(lead=0, position=0, paragraph_start=0)
    scores = score_sentences(sentences, weights)
    assert scores[3] == min(scores)
    assert max(scores) == pytest.approx(1.0)  # centrality is scaled to the most central


def test_redundant_sentences_are_not_chosen_twice():
    text = (
        "Акылбек Жапаров Аскар Мамин менен Нур-Султан шаарында жолугушту. "
        "Тараптар соода жана транспорт маселелерин талкуулашты. "
        "Акылбек Жапаров Аскар Мамин менен Нур-Султан шаарында жолугушту. "
        "Эки өлкө ортосундагы товар жүгүртүү 2 млрд АКШ долларына жетиши мүмкүн."
    )
    src = read_source(text, "ky")
    sel = select_sentences(src.sentences, 3, 0)
    texts = [src.sentences[i].text for i in sel.summary]
    assert len(set(texts)) == 3


def test_paragraph_languages_and_letterless_paragraphs():
    ky, ru = ROWS[0]["ky"], ROWS[2]["ru"]
    src = read_source(f"{ky}\n***\n{ru}")
    assert [lang for lang, _ in src.paragraphs] == ["ky", NO_LANGUAGE, "ru"]
    assert [s.scorable for s in src.sentences] == [True, False, True]
    scores = select_sentences(src.sentences, 5, 5).scores
    assert math.isinf(scores[1]) and scores[1] < 0
    assert 1 not in select_sentences(src.sentences, 5, 5).chosen
    forced = read_source(f"{ky}\n***\n{ru}", source="ky")
    assert [lang for lang, _ in forced.paragraphs] == ["ky", NO_LANGUAGE, "ky"]


def test_facts_are_counted_per_sentence():
    src = read_source(seed_text(SEED_IDS[0]))
    with_figures = [s.text for s in src.sentences if s.figures]
    for source in ("1000 тонна", "12 миң тонна", "2000 даана", "2 млрд"):
        assert sum(source in text for text in with_figures) == 1
    dated = [s for s in src.sentences if s.dates]
    assert len(dated) == 1 and "2022-жылдын февраль" in dated[0].text
    assert src.sentences[0].entities >= 4


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", InputError),
        ("\n \n", InputError),
        ("1. 2. 3.", InputError),
        ("Қазақстан Республикасының Президенті бүгін Астанада кездесті.", UnsupportedLanguageError),
        (42, InputError),
    ],
)
def test_read_source_errors(text, error):
    with pytest.raises(error):
        read_source(text)


@pytest.mark.parametrize(("summary", "key_points"), [(0, 0), (-1, 2), (2, -1), (True, 0)])
def test_select_rejects_bad_counts(summary, key_points):
    sentences = read_source(seed_text(SEED_IDS[1])).sentences
    if summary is True:  # a bool is an int in Python; 1 summary sentence is still valid
        assert len(select_sentences(sentences, summary, key_points).summary) == 1
        return
    with pytest.raises(InputError):
        select_sentences(sentences, summary, key_points)


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(st.integers(0, len(ROWS) - 1), min_size=1, max_size=12),
    summary=st.integers(1, 6),
    key_points=st.integers(0, 4),
)
def test_selection_invariants(picks, summary, key_points):
    text = " ".join(ROWS[i]["ru"] for i in picks)
    sentences = read_source(text, "ru").sentences
    sel = select_sentences(sentences, summary, key_points)
    n = len(sentences)
    assert len(sel.summary) == min(summary, n)
    assert len(sel.key_points) == min(key_points, n - len(sel.summary))
    assert len(set(sel.chosen)) == len(sel.chosen)
    assert all(0 <= i < n for i in sel.chosen)
    best = max(range(n), key=lambda i: (sel.scores[i], -i))
    assert sel.headline == best
