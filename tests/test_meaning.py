"""The meaning check: round trips of what a reader reads, the ``meaning`` flag, its threshold."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import SEED_IDS, cut_from, load_seed_rows, seed_text
from conftest import UNSEEN_RELEASES as UNSEEN

from summarize import brief
from translate import (
    DEFAULT_MIN_ROUND_TRIP,
    MEANING,
    SentencePair,
    TranslatedDocument,
    round_trip_score,
    verify_pairs,
)

ROWS = load_seed_rows()


# -- the score ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "back", "low", "high"),
    [
        ("Бүгүн Бишкекте жаан жаады.", "Бүгүн Бишкекте жаан жаады.", 1.0, 1.0),
        # a paraphrase (another word for rain) keeps most character n-grams: not flagged
        ("Бүгүн Бишкекте жаан жаады.", "Бүгүн Бишкекте жамгыр жаады.", DEFAULT_MIN_ROUND_TRIP, 1),
        (
            "Президент Казакстандын делегациясын кабыл алды.",
            "Президент Казакстан делегациясы менен жолукту.",
            DEFAULT_MIN_ROUND_TRIP,
            1,
        ),
        ("Сегодня в Бишкеке шёл дождь.", "В Бишкеке сегодня был дождь.", DEFAULT_MIN_ROUND_TRIP, 1),
        # another sentence of the same language shares its endings only: flagged
        ("Бүгүн Бишкекте жаан жаады.", "Эки өлкөнүн ортосундагы соода көлөмү өстү.", 0, 0.3),
        ("Сегодня в Бишкеке шёл дождь.", "Министр открыл новую школу в Оше.", 0, 0.3),
        ("Бүгүн Бишкекте жаан жаады.", "", 0, 0),
    ],
)
def test_round_trip_scores(source, back, low, high):
    assert low <= round_trip_score(source, back) <= high


def test_a_summary_is_scored_by_what_it_keeps():
    source = " ".join(row["ky"] for row in ROWS[:6])
    kept = ROWS[3]["ky"]
    assert round_trip_score(source, kept, precision=True) > 0.9  # all of it is in the source
    assert round_trip_score(source, kept) < 0.5  # chrF's recall would punish the summary


class _Back:
    """A translator whose back-translations are given: English -> the source language."""

    def __init__(self, back: dict[str, str]) -> None:
        self.back, self.calls = back, []

    def translate_pairs(self, sentences, source, target, progress=None):
        self.calls.append((tuple(sentences), source, target))
        return [SentencePair(s, self.back.get(s, "")) for s in sentences]


def test_verify_pairs_scores_flags_and_skips():
    ky, en = ROWS[0]["ky"], ROWS[0]["en"]
    other = ROWS[5]["ky"]
    pairs = [
        SentencePair(ky, en, 0.9),
        SentencePair(ky, "Something fluent about another event.", 0.8, ("length",)),
        SentencePair("Already English.", "Already English."),
        SentencePair("2024", "2024"),
    ]
    translator = _Back({en: ky, "Something fluent about another event.": other})
    out = verify_pairs(translator, pairs, ["ky", "ky", "en", "und"])
    assert translator.calls == [((en, "Something fluent about another event."), "en", "ky")]
    assert out[0].round_trip == 1.0 and out[0].flags == ()
    assert out[1].round_trip < DEFAULT_MIN_ROUND_TRIP and out[1].flags == ("length", MEANING)
    assert out[2:] == pairs[2:]  # nothing to translate back: no score, no flag
    assert out[0].to_dict()["round_trip"] == 1.0 and "round_trip" not in pairs[0].to_dict()
    doc = TranslatedDocument("ky", "en", ())
    assert TranslatedDocument.from_dict(doc.to_dict()) == doc
    restored = TranslatedDocument.from_dict(
        {
            "source_language": "ky",
            "target_language": "en",
            "paragraphs": [{"source_language": "ky", "sentences": [out[1].to_dict()]}],
        }
    )
    assert restored.sentences == (out[1],)


# -- with the test model, which knows all six directions of the seed sentences ------------


@pytest.mark.parametrize("engine", ["tiny_translator", "tiny_ct2_translator"])
def test_memorized_sentences_come_back_exactly(request, engine):
    translator = request.getfixturevalue(engine)
    for lang in ("ky", "ru"):
        pairs = translator.translate_pairs([r[lang] for r in ROWS], lang, "en")
        checked = translator.verify(pairs, [lang] * len(pairs))
        assert [p.round_trip for p in checked] == [1.0] * len(ROWS)
        assert all(MEANING not in p.flags for p in checked)


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_no_sentence_a_reader_reads_is_flagged_on_the_seeds(tiny_ct2_translator, doc_id, lang):
    for full in (True, False):
        made = brief(
            seed_text(doc_id, lang), tiny_ct2_translator, full_translation=full, verify=True
        )
        assert made.headline_flags == ()
        assert set(made.summary_flags) == {()} and set(made.key_point_flags) == {()}
        read = {*made.summary_sentences, *made.key_points}
        checked = [p for p in made.translation.sentences if p.translation in read]
        assert len(checked) == len(read) and all(p.round_trip == 1.0 for p in checked)


def test_unseen_releases_are_flagged_mostly_by_meaning(tiny_ct2_translator):
    read, flagged, meaning = 0, 0, 0
    for text in UNSEEN:
        made = brief(text, tiny_ct2_translator, sentences=2, key_points=2, verify=True)
        flags = [made.headline_flags, *made.summary_flags, *made.key_point_flags]
        read += len(flags)
        flagged += sum(1 for f in flags if f)
        meaning += sum(1 for f in flags if MEANING in f)
    assert flagged >= 0.95 * read
    assert meaning > read / 2


@pytest.fixture
def calls(tiny_translator, monkeypatch) -> list[tuple[str, str]]:
    """The (source, target) codes of every model call of ``tiny_translator``."""
    seen: list[tuple[str, str]] = []
    inner = tiny_translator.engine.translate_batch

    def counting(texts, source, target, **kwargs):
        seen.append((source, target))
        return inner(texts, source, target, **kwargs)

    monkeypatch.setattr(tiny_translator.engine, "translate_batch", counting)
    return seen


def test_verify_costs_one_batched_model_call(tiny_translator, calls):
    text = seed_text(SEED_IDS[0])
    brief(text, tiny_translator, verify=False)
    plain = list(calls)
    calls.clear()
    brief(text, tiny_translator)  # the check is on by default
    assert calls[: len(plain)] == plain
    assert calls[len(plain) :] == [("eng_Latn", "kir_Cyrl")]  # one more call, the way back


def test_a_flagged_lead_costs_one_more_call_not_one_per_candidate(tiny_translator, calls):
    """With every read sentence flagged (an unseen release), the headline's other candidates
    are checked together: at most two batched calls the way back, however many sentences."""
    made = brief(UNSEEN[0], tiny_translator, verify=True)
    assert made.headline_flags  # nothing could lead unflagged
    assert 1 <= calls.count(("eng_Latn", "kir_Cyrl")) <= 2


def test_the_headline_never_leads_with_a_meaning_flag(tiny_translator, monkeypatch):
    text = seed_text(SEED_IDS[0])
    honest = brief(text, tiny_translator, verify=True)
    # The lead sentence's English replaced by another memorized sentence: fluent, confident,
    # unflagged by everything else, and wrong; its round trip finds the other sentence.
    lead = next(p for p in honest.translation.sentences if honest.headline[:30] in p.translation)
    # It keeps the lead's names (the name guard has nothing to say) and says something else.
    other = next(r["en"] for r in ROWS if r["en"].startswith("The heads of government"))
    wrong = other.replace("The heads of government", "Chairman of the Cabinet of Ministers")
    inner = tiny_translator.engine.translate_batch

    def swapping(texts, source, target, **kwargs):
        out = inner(texts, source, target, **kwargs)
        return [
            dataclasses.replace(o, text=wrong) if t == lead.source else o
            for t, o in zip(texts, out)
        ]

    monkeypatch.setattr(tiny_translator.engine, "translate_batch", swapping)
    made = brief(text, tiny_translator, verify=True)
    swapped = next(p for p in made.translation.sentences if p.source == lead.source)
    assert swapped.translation == wrong and MEANING in swapped.flags
    assert swapped.round_trip < DEFAULT_MIN_ROUND_TRIP
    assert made.headline != honest.headline and made.headline_flags == ()
    assert MEANING in made.summary_flags[made.summary_sentences.index(wrong)]
    unchecked = brief(text, tiny_translator, verify=False)
    assert unchecked.headline_flags == () and cut_from(unchecked.headline, wrong)
