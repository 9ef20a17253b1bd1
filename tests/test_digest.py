"""The digest with the tiny model: the Kyrgyz and Russian versions of a seed release are one
entry, the two seed releases two; figures cross-checked; bad documents skipped; a digest of
briefs read back from JSON equals the digest of the texts."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import SEED_IDS, headline_from, seed_text

from summarize import Brief, Digest, DigestInput, brief, digest

FIRST, SECOND = SEED_IDS
DAY = datetime.date(2021, 11, 25)


def _inputs(russian: str | None = None) -> list[DigestInput]:
    return [
        DigestInput(seed_text(FIRST, "ky"), f"{FIRST}.txt", DAY),
        DigestInput(russian or seed_text(FIRST, "ru"), f"{FIRST}.ru.txt", DAY),
        DigestInput(seed_text(SECOND, "ky"), f"{SECOND}.txt", DAY + datetime.timedelta(days=1)),
    ]


@pytest.fixture(scope="module")
def sample(tiny_ct2_translator) -> Digest:
    return digest(_inputs(), tiny_ct2_translator)


def test_kyrgyz_and_russian_versions_are_one_entry(sample, tiny_ct2_translator):
    first = next(e for e in sample.entries if any(d.id == f"{FIRST}.txt" for d in e.documents))
    assert sorted(d.id for d in first.documents) == [f"{FIRST}.ru.txt", f"{FIRST}.txt"]
    assert set(first.languages) == {"ky", "ru"}
    russian = brief(seed_text(FIRST, "ru"), tiny_ct2_translator)
    assert not any(p.flags for p in russian.translation.sentences)
    # unflagged, so the English comes from the Russian version (the stronger direction)
    assert first.headline == russian.headline
    # the summary follows the headline without repeating it (a shortened headline leaves the
    # whole sentence, with the details it dropped, to the summary)
    summary = list(russian.summary_sentences)
    if summary[0] == russian.headline:
        summary = summary[1:]
    assert first.summary == " ".join(summary)
    assert headline_from(russian.headline, russian.summary_sentences[:1])
    assert first.documents[0].id == f"{FIRST}.ru.txt" and first.documents[0].english
    assert first.body == "Cabinet of Ministers press service"
    assert {f.status for f in first.figures} == {"agreed"}
    assert {f.text for f in first.figures} >= {"12,000 tonnes of wheat", "2,000 buses"}
    assert first.warnings == ()


def test_two_seed_releases_stay_two_entries(sample):
    assert len(sample.entries) == 2
    second = sample.entries[1]
    assert [d.id for d in second.documents] == [f"{SECOND}.txt"]
    assert second.body == "Presidential press service"
    assert [e.date for e in sample.entries] == ["2021-11-25", "2021-11-26"]
    assert {e.date_from for e in sample.entries} == {"metadata"}


def test_changed_figure_gives_a_warning_with_both_values(tiny_ct2_translator):
    russian = seed_text(FIRST, "ru")
    assert "1000 тонн" in russian
    result = digest(_inputs(russian.replace("1000 тонн", "1500 тонн")), tiny_ct2_translator)
    first = result.entries[0]
    assert len(first.documents) == 2  # still one event
    differs = [w for w in first.warnings if w.startswith("the versions differ")]
    assert len(differs) == 1
    assert "1,000 tonnes" in differs[0] and "1,500 tonnes" in differs[0]
    assert "1000 тонна" in differs[0] and "1500 тонн" in differs[0]
    statuses = {f.value: f.status for f in first.figures}
    assert statuses[1000.0] == statuses[1500.0] == "differs"
    assert statuses[12000.0] == "agreed"


def test_bad_documents_are_skipped_with_the_reason(tiny_ct2_translator):
    items = [
        *_inputs()[:1],
        DigestInput("", "empty.txt"),
        DigestInput("这是一份中文新闻稿，内容与吉尔吉斯斯坦无关。", "chinese.txt"),
        DigestInput(None, "broken.docx", error="cannot read broken.docx: not a zip file"),
    ]
    result = digest(items, tiny_ct2_translator)
    assert len(result.entries) == 1
    reasons = {s.id: s.reason for s in result.skipped}
    assert set(reasons) == {"empty.txt", "chinese.txt", "broken.docx"}
    assert "empty" in reasons["empty.txt"]
    assert "zh" in reasons["chinese.txt"] or "language" in reasons["chinese.txt"]
    assert reasons["broken.docx"] == "cannot read broken.docx: not a zip file"
    assert "empty.txt" in result.to_html() and "broken.docx" in result.to_markdown()


def test_digest_of_briefs_equals_digest_of_texts(sample, tiny_ct2_translator):
    items = _inputs()
    briefs = []
    for item in items:
        record = json.loads(json.dumps(brief(item.content, tiny_ct2_translator).to_dict()))
        briefs.append(DigestInput(Brief.from_dict(record), item.id, item.date))
    assert digest(briefs) == sample  # no translator needed: nothing is translated again
    assert digest(briefs).to_html() == sample.to_html()


def test_json_round_trip(sample):
    data = json.loads(sample.to_json())
    assert data == sample.to_dict()
    assert Digest.from_dict(data) == sample
    entry = data["entries"][0]
    assert {"documents", "languages", "headline", "figures", "warnings"} <= set(entry)
    assert [d["id"] for d in entry["documents"]] == [f"{FIRST}.ru.txt", f"{FIRST}.txt"]


def test_markdown_carries_the_same_content(sample):
    text = sample.to_markdown()
    for entry in sample.entries:
        assert entry.headline in text
        for document in entry.documents:
            assert document.id in text
    assert "## Thursday, 25 November 2021" in text
    assert "### Cabinet of Ministers press service" in text
    assert "| 12,000 | tonnes | 12,000 tonnes of wheat | E1 |" in text
