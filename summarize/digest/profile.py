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
from summarize.digest.released import ReleaseDate
from summarize.digest.released import release_date as read_release_date
from summarize.digest.trust import trusted_english
from summarize.entities import extract_entities
from summarize.press import is_attribution, press_window
from translate import SUPPORTED_LANGUAGES

#: Translation into English is better from some languages: FLORES-200 devtest chrF++ of
#: NLLB-200 distilled 600M is 57.4 for rus->eng and 47.4 for kir->eng; English needs none.
DIRECTION_RANK: dict[str, int] = {"en": 0, "ru": 1, "ky": 2}

PRESIDENT = "Presidential press service"
CABINET = "Cabinet of Ministers press service"
PARLIAMENT = "Jogorku Kenesh press service"
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
#: Romanizations of one Cyrillic letter that differ between spellings of one name.
_SAME_SOUND = (("dj", "j"), ("zh", "j"))
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class Profile:
    """One brief as the digest sees it (internal to the digest modules).

    Attributes:
        position: the input's position (ties are broken by it, so the output is stable).
        doc_id: the document id or file name.
        brief: the brief.
        released: the release date.
        body: the issuing body in English, or ``""``.
        english: stemmed content words of the trusted English
            (:func:`summarize.digest.trust.trusted_english`: sentences without flags whose
            English keeps their figures and invents no name; attribution lines and datelines
            left out).
        source: stemmed word pairs (bigrams) of the source (attribution lines left out).
        figure_keys: (value, unit, kind) of each source figure.
        people: (surname, initial) of each person the source names (:func:`person_key`).
        flagged: how many of the sentences the brief shows (headline, summary, key points)
            carry translation flags.
        trusted: the share of the translated sentences (attribution lines and datelines left
            out) whose English is trusted (1.0 when nothing was translated).
        named_dates: (year or None, month, day) of each day the source names.
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
    trusted: float = 1.0
    named_dates: frozenset = frozenset()

    @property
    def language(self) -> str:
        """The brief's source language."""
        return self.brief.source_language


def make_profile(
    position: int, doc_id: str, brief: Brief, metadata_date: datetime.date | None
) -> Profile:
    """Read what the digest needs from one brief and its input's metadata."""
    english, trusted = trusted_english(brief)
    return Profile(
        position=position,
        doc_id=doc_id,
        brief=brief,
        released=release_date(brief, metadata_date),
        body=issuing_body(brief),
        english=content_words(" ".join(english)),
        source=word_pairs(
            " ".join(text for _, text in source_sentences(brief) if not is_attribution(text))
        ),
        figure_keys=frozenset(figure_key(f.value, f.unit, f.kind) for f in brief.figures),
        people=frozenset(person_key(e.name) for e in brief.entities if e.kind == "person"),
        flagged=flagged_count(brief),
        trusted=trusted,
        named_dates=frozenset(
            (d.year, d.month, d.day) for d in brief.dates if d.day and d.month and not d.end_month
        ),
    )


def person_key(name: str) -> tuple[str, str]:
    """A person's (surname, initial of the given name), loosely.

    Romanized Russian and Kyrgyz spellings of one name differ ("Djeremi Korbina" / "Jeremi
    Korbin", "Zhaparov" / "Japarov"), so "dj" and "zh" count as "j" and five letters of the
    surname count. The initial tells apart people of one surname: "Sadyr Japarov" is
    ``("japar", "s")``, "Akylbek Japarov" and "A. Japarov" ``("japar", "a")``; a "y", "i" or
    "j" before a vowel is left out of it ("Yevgeny" / "Evgeny", "Yuri" / "Iurii"). A surname
    alone ("Japarov") has the initial ``""``: see :func:`same_person`. A trailing initial
    ("Japarov A.") is read as the initial.
    """
    low = name.lower().replace(".", " ")
    for spelling, sound in _SAME_SOUND:
        low = low.replace(spelling, sound)
    words = low.split()
    if not words:
        return ("", "")
    if len(words) > 1 and len(words[-1]) == 1:  # "Japarov A."
        words = [words[-1], *words[:-1]]
    given = words[0] if len(words) > 1 else ""
    if len(given) > 1 and given[0] in "yij" and given[1] in _VOWELS:
        given = given[1:]
    return (words[-1][:5], given[:1])


def same_person(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two :func:`person_key` s may be one person: one surname, and initials that agree.

    A surname alone is ambiguous ("Japarov": Sadyr Japarov, the President, or Akylbek
    Japarov, Chairman of the Cabinet of Ministers until 2024): it may be either, so it agrees
    with every person of that surname (it never sets two releases apart), but it is never a
    shared full name (:func:`shared_full_names`).
    """
    return a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1])


def people_agree(a: frozenset, b: frozenset) -> bool:
    """Whether some person of ``a`` may be a person of ``b`` (:func:`same_person`)."""
    return any(same_person(x, y) for x in a for y in b)


def shared_full_names(a: frozenset, b: frozenset) -> int:
    """How many people both name with surname and initial ("A. Japarov" and "Akylbek Japarov"
    count; "Japarov" alone does not)."""
    return sum(1 for key in a if key[1] and key in b)


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
    """The date a release was issued: from its text, else from the input's metadata (see
    :mod:`summarize.digest.released`)."""
    return read_release_date(list(source_sentences(brief)), metadata_date)


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
