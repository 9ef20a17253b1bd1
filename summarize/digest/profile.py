"""What the digest reads from one brief: release date, issuing body, words, facts.

Everything here is read from a :class:`summarize.brief.Brief` (its source sentences, figures,
names, English) plus the input's metadata, never from the raw text, so that a digest of texts and
a digest of the same briefs read back from a batch output are identical.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from summarize.brief import Brief
from summarize.dates import date_spans
from summarize.entities import extract_entities
from summarize.press import is_attribution, press_window
from summarize.types import DateMention
from translate import SUPPORTED_LANGUAGES

#: Where an entry's date came from (values of ``DigestEntry.date_from``).
DATE_ORIGINS: tuple[str, ...] = ("dateline", "today", "metadata", "")
#: Translation into English is better from some languages: FLORES-200 devtest chrF++ of
#: NLLB-200 distilled 600M is 57.4 for rus->eng and 47.4 for kir->eng; English needs none.
DIRECTION_RANK: dict[str, int] = {"en": 0, "ru": 1, "ky": 2}

PRESIDENT = "Presidential press service"
CABINET = "Cabinet of Ministers press service"
PARLIAMENT = "Jogorku Kenesh press service"
#: A dateline date starts within this many characters of the text (after a place name).
_DATELINE_CHARS = 40
_DATELINE_WORDS = 3
_TODAY_RE = re.compile(r"(?<!\w)(бүгүн|сегодня|today)(?!\w)", re.IGNORECASE)
_TODAY_GAP = 16  # "бүгүн, 23-мартта": the date follows within a few characters
#: Bodies named next to a press-service phrase: (pattern over the lowercased words, name).
_BODY_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"президент|president"), PRESIDENT),
    (re.compile(r"өкмөт|министрлер кабинет|правительств|кабинет\w* министр|cabinet|government"),
     CABINET),
    (re.compile(r"жогорку ке[ңн]еш|jogorku kenesh|парламент|parliament"), PARLIAMENT),
)  # fmt: skip
_WORD_RE = re.compile(r"[^\W_]+")
_STEM = 6
#: Words that say nothing about which event a release reports.
_STOPWORD_TEXT = (
    "a an the of and or in on at to for from by with as is are was were be been has have had "
    "it its this that these those he she they his her their we our which who also will would "
    "not no but than into about over after before between during under per said noted stated "
    "reported press service"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class ReleaseDate:
    """The date a release was issued, and where it was read.

    Attributes:
        date: the date, or None when neither the text nor the metadata gives one.
        origin: ``"dateline"`` (a date opening the text), ``"today"`` ("бүгүн, 23-мартта"),
            ``"metadata"`` (the input's date), or ``""``.
        source: the source words it was read from (``""`` for metadata).
    """

    date: datetime.date | None
    origin: str
    source: str = ""


@dataclass(frozen=True)
class Profile:
    """One brief as the digest sees it (internal to the digest modules).

    Attributes:
        position: the input's position (ties are broken by it, so the output is stable).
        doc_id: the document id or file name.
        brief: the brief.
        released: the release date.
        body: the issuing body in English, or ``""``.
        english: stemmed content words of the English (attribution lines left out).
        source: stemmed word pairs (bigrams) of the source (attribution lines left out).
        figure_keys: (value, unit, kind) of each source figure.
        people: surnames (:func:`person_key`) of the people the source names.
        flagged: how many of the sentences the brief shows (headline, summary, key points)
            carry translation flags.
    """

    position: int
    doc_id: str
    brief: Brief
    released: ReleaseDate
    body: str
    english: Counter
    source: Counter
    figure_keys: frozenset
    people: frozenset
    flagged: int

    @property
    def language(self) -> str:
        """The brief's source language."""
        return self.brief.source_language


def make_profile(
    position: int, doc_id: str, brief: Brief, metadata_date: datetime.date | None
) -> Profile:
    """Read what the digest needs from one brief and its input's metadata."""
    return Profile(
        position=position,
        doc_id=doc_id,
        brief=brief,
        released=release_date(brief, metadata_date),
        body=issuing_body(brief),
        english=content_words(" ".join(_english_texts(brief))),
        source=word_pairs(
            " ".join(text for _, text in source_sentences(brief) if not is_attribution(text))
        ),
        figure_keys=frozenset(figure_key(f.value, f.unit, f.kind) for f in brief.figures),
        people=frozenset(person_key(e.name) for e in brief.entities if e.kind == "person"),
        flagged=flagged_count(brief),
    )


def person_key(name: str) -> str:
    """A person's surname, loosely: romanized Russian and Kyrgyz spellings of one name differ
    ("Djeremi Korbina" / "Jeremi Korbin"), so "dj" counts as "j" and only five letters count."""
    words = name.lower().replace("dj", "j").split()
    return words[-1][:5] if words else ""


def figure_key(value: float, unit: str, kind: str) -> tuple:
    """A figure's identity across versions: its value (4 significant digits), unit and kind."""
    return (float(f"{value:.4g}"), unit, kind)


def source_sentences(brief: Brief) -> Iterator[tuple[str, str]]:
    """(language, source sentence) of every sentence the brief's translation holds."""
    if brief.translation is None:
        return
    for paragraph in brief.translation.paragraphs:
        language = paragraph.source_language
        if language not in SUPPORTED_LANGUAGES:
            language = brief.source_language
        for pair in paragraph.sentences:
            yield language, pair.source


def _english_texts(brief: Brief) -> list[str]:
    """The English the similarity reads: the translated sentences but attribution lines."""
    if brief.translation is None or not brief.translation.sentences:
        return [brief.headline, *brief.summary_sentences, *brief.key_points]
    return [p.translation for p in brief.translation.sentences if not is_attribution(p.source)]


def content_words(text: str) -> Counter:
    """Content words of a text, lowercased and cut to their first six letters (a crude stem
    that serves English, agglutinative Kyrgyz and inflected Russian alike)."""
    words = (w.lower() for w in _WORD_RE.findall(text))
    return Counter(w[:_STEM] for w in words if w not in _STOPWORDS and not w.isdigit())


def word_pairs(text: str) -> Counter:
    """Pairs of neighbouring words, stemmed as in :func:`content_words`: two rewrites of one
    text share many, two texts on one topic few (words alone are dominated by Kyrgyz and
    Russian function words)."""
    words = [w.lower()[:_STEM] for w in _WORD_RE.findall(text) if not w.isdigit()]
    return Counter(itertools.pairwise(words))


def cosine(a: Counter, b: Counter) -> float:
    """Cosine similarity of two word counts (0 when either is empty)."""
    if not a or not b:
        return 0.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    norm = (sum(c * c for c in a.values()) * sum(c * c for c in b.values())) ** 0.5
    return dot / norm


def flagged_count(brief: Brief) -> int:
    """How many of the sentences a brief shows carry translation flags.

    The shown sentences are the headline, the summary sentences and the key points; they are
    looked up by their English in the brief's translation (a fast-mode brief holds only them).
    """
    if brief.translation is None:
        return 0
    shown = {brief.headline, *brief.summary_sentences, *brief.key_points}
    return sum(
        1 for pair in brief.translation.sentences if pair.flags and pair.translation in shown
    )


def release_date(brief: Brief, metadata_date: datetime.date | None) -> ReleaseDate:
    """The date a release was issued: from its text, else from the input's metadata.

    The text gives it in a dateline (a date with day and month opening the first sentence,
    after at most a place name: "Бишкек, 23-март", "23.03.2024") or as today's date
    ("бүгүн, 23-мартта", "сегодня, 23 марта"). A date without a year takes the metadata
    date's year; without either it is not used.
    """
    sentences = list(source_sentences(brief))
    found = _dateline(sentences[:1]) or _today(sentences)
    if found is not None:
        origin, mention = found
        year = mention.year or (metadata_date.year if metadata_date else None)
        if year is not None:
            try:
                return ReleaseDate(datetime.date(year, mention.month, mention.day), origin,
                                   mention.source)  # fmt: skip
            except ValueError:  # 31 February: not a date
                pass
    if metadata_date is not None:
        return ReleaseDate(metadata_date, "metadata")
    return ReleaseDate(None, "")


def _full(mention: DateMention) -> bool:
    return mention.day is not None and mention.month is not None and mention.end_month is None


def _dateline(sentences: list[tuple[str, str]]) -> tuple[str, DateMention] | None:
    for language, text in sentences:
        for start, _, mention in date_spans(text, language):
            before = text[:start].split()
            if start <= _DATELINE_CHARS and len(before) <= _DATELINE_WORDS and _full(mention):
                return ("today" if _TODAY_RE.search(text[:start]) else "dateline"), mention
    return None


def _today(sentences: list[tuple[str, str]]) -> tuple[str, DateMention] | None:
    for language, text in sentences:
        for match in _TODAY_RE.finditer(text):
            for start, _, mention in date_spans(text, language):
                if 0 <= start - match.end() <= _TODAY_GAP and _full(mention):
                    return "today", mention
    return None


def issuing_body(brief: Brief) -> str:
    """The body that issued a release, in English, or ``""`` when the text does not say.

    Read from the attribution line ("Бул тууралуу өкмөттүн басма сөз кызматы маалымдады",
    "Об этом сообщила пресс-служба Кабинета министров"): the words next to the press-service
    phrase name the body (:func:`summarize.press.press_window`; the government and the Cabinet
    are one body since 2021). A ministry or other body from the glossary gives "<body> press
    service". Without an attribution line the names are searched for the President's press
    service.
    """
    for language, text in source_sentences(brief):
        window = press_window(text)
        if window is not None:
            return _body_of(window, language)
    if any(e.name == "President's press service" for e in brief.entities):
        return PRESIDENT
    return ""


def _body_of(window: str, language: str) -> str:
    low = window.lower()
    for pattern, name in _BODY_PATTERNS:
        if pattern.search(low):
            return name
    orgs = [e.name for e in extract_entities(window, language) if e.kind == "org"]
    return f"{orgs[0]} press service" if orgs else "Press service (body not named)"
