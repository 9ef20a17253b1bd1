"""Which releases report the same event: the digest's merge rule.

Two releases are **the same event** when nothing contradicts it and they agree:

1. **Contradictions** (either one keeps them apart):

   - their release dates (dateline, "бүгүн, 23-мартта", or the input's date) are both known and
     more than :data:`MAX_DAYS_APART` day apart: a release and an outlet's rewrite the next
     day are one event, the same ceremony a week later is another;
   - both name people and none of them may be one person (surname and the initial of the given
     name, loosely: see :func:`summarize.digest.profile.person_key`; "Sadyr Japarov" and
     "Akylbek Japarov" are two people, "A. Japarov" and "Akylbek Japarov" one, and "Japarov"
     alone may be either): the Kyrgyz and Russian versions of a release name the same people,
     and names are read from the SOURCE in their official English spellings, so they match
     across the two languages.

2. **Agreement** (any one suffices):

   - the English says the same: the cosine similarity of their trusted English content words
     (stemmed, stop words out) is at least :data:`SAME_TEXT`;
   - the sources are near copies: both in one language, and the cosine similarity of their
     word pairs is at least :data:`SAME_SOURCE` (an outlet's rewrite of a release);
   - the English is related (at least :data:`RELATED_TEXT`) and the source figures agree: at
     least half of the figures of the release with fewer figures are in the other (value, unit
     and kind, read from the source, so a Kyrgyz "12 миң тонна" and a Russian "12 тысяч тонн"
     are one figure), and at least :data:`MIN_SHARED_FIGURES` of them. This is what holds a
     Kyrgyz version, whose English is weaker (kir->eng is the weaker direction), to its
     Russian version;
   - the sources agree without the English: the figures agree as above, and the figures,
     full names (surname and initial) and named days (other than the release dates) both
     state are at least :data:`SOURCE_FACTS` in all.

**Trusted English.** English similarity counts only between sentences without translation
flags whose English keeps their figures and names nobody the source does not name
(:func:`summarize.digest.trust.trusted_english`), and only when such sentences are at least
:data:`TRUSTED_SHARE` of each release's translated sentences: a model that does not know the
text writes fluent English that is wrong, and two such texts look alike whatever they say.
Otherwise the source decides (near copies, or the sources agree): with the demo model, a
measles report and a Chairman's phone call (no shared figure, no shared name, both Kyrgyz,
sources unlike each other) stay two events, and the Kyrgyz and Russian measles reports (three
figures agree) one.

A shared person or a shared date alone is never agreement: two releases on one day about one
minister are two events unless their texts or their figures say the same. A figure that differs
does not keep versions apart (that is what the cross-check reports); it only takes away the
support of figures.

Measured on NTREX-128 (``python scripts/digest_merge_eval.py``, ``bench/digest_merge.json``;
the human English stands for the translation): 113 of its 123 stories' Kyrgyz and Russian
versions are one event (10 are split: the names the source gives are read differently in the
two languages, "Boroon Katrina" / "Uragan Katrina"), 14 of the 15 pairings of five stories told
by two outlets are one event, and 3 of 22,449 pairs of different stories are merged (two stories
of one golf tournament). With no English trusted at all, the source alone joins 46 of the 123
versions and merges the same 3 pairs.

Grouping is single-link in input order: a release joins the first entry with a member it is
the same event as and no member it is contradicted by; otherwise it starts a new entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarize.digest.profile import Profile, cosine, people_agree, shared_full_names

#: Release dates further apart than this (in days) are different events.
MAX_DAYS_APART = 1
#: English word cosine at which two releases say the same thing. Measured on NTREX-128 (123
#: news documents, their human English): five pairs of one event told by two outlets score
#: 0.62-0.70; 7,498 pairs of different stories at most 0.60 (99th percentile 0.32).
SAME_TEXT = 0.6
#: Source word-pair cosine (one language) of near copies; different NTREX stories: at most 0.31.
SAME_SOURCE = 0.5
#: English word cosine at which two releases are related enough for shared figures to decide.
RELATED_TEXT = 0.3
#: Share of the smaller figure set that must be in the other release.
FIGURE_SHARE = 0.5
#: Fewest shared figures that count: on NTREX one shared figure (a score, a count) joined seven
#: pairs of different stories; two or more joined only stories of the same tournament.
MIN_SHARED_FIGURES = 2
#: Fewest trusted sentences, as a share of the translated ones, for a release's English to count.
TRUSTED_SHARE = 0.5
#: Facts two sources must share (figures, full names, named days) to agree without the English:
#: on NTREX, with the English left out, three shared figures joined one pair of different
#: stories (of one golf tournament) and two shared figures three pairs.
SOURCE_FACTS = 3


@dataclass(frozen=True)
class Decision:
    """Whether two releases report the same event, and why.

    Attributes:
        same: the decision.
        reason: one line saying why (for logs and tests).
        text: the English word cosine.
        source: the source word-pair cosine (0 when the languages differ).
        shared_figures: how many source figures both state.
        shared_names: how many people both name with surname and initial.
        shared_days: how many named days both state (the release dates left out).
        trusted: whether the English of both is trusted enough to count.
    """

    same: bool
    reason: str
    text: float
    source: float
    shared_figures: int
    shared_names: int = 0
    shared_days: int = 0
    trusted: bool = True


def text_similarity(a: Profile, b: Profile) -> tuple[float, float]:
    """(trusted English word cosine, source word-pair cosine or 0 when the languages differ)."""
    source = cosine(a.source, b.source) if a.language == b.language else 0.0
    return cosine(a.english, b.english), source


def english_trusted(a: Profile, b: Profile) -> bool:
    """Whether the English of both releases is trusted enough to count (:data:`TRUSTED_SHARE`)."""
    return min(a.trusted, b.trusted) >= TRUSTED_SHARE


def shared_days(a: Profile, b: Profile) -> int:
    """How many days named in both sources are not a release date (years, when both have
    one, agree)."""
    released = [p.released.date for p in (a, b) if p.released.date is not None]

    def other(day: tuple) -> bool:
        return not any(
            (day[1], day[2]) == (r.month, r.day) and day[0] in (None, r.year) for r in released
        )

    def meets(x: tuple, y: tuple) -> bool:
        return x[1:] == y[1:] and (x[0] is None or y[0] is None or x[0] == y[0])

    days = [d for d in a.named_dates if other(d)]
    return sum(1 for d in days if any(meets(d, e) for e in b.named_dates if other(e)))


def contradiction(a: Profile, b: Profile) -> str:
    """Why two releases cannot be one event, or ``""`` when nothing says so."""
    da, db = a.released.date, b.released.date
    if da is not None and db is not None and abs((da - db).days) > MAX_DAYS_APART:
        return f"released {abs((da - db).days)} days apart"
    if a.people and b.people and not people_agree(a.people, b.people):
        return "they name different people"
    return ""


def same_event(a: Profile, b: Profile) -> Decision:
    """Apply the merge rule (see the module docstring) to two releases."""
    text, source = text_similarity(a, b)
    shared = len(a.figure_keys & b.figure_keys)
    smaller = min(len(a.figure_keys), len(b.figure_keys))
    names, days = shared_full_names(a.people, b.people), shared_days(a, b)
    trusted = english_trusted(a, b)

    def decide(same: bool, reason: str) -> Decision:
        return Decision(same, reason, round(text, 4), round(source, 4), shared, names, days,
                        trusted)  # fmt: skip

    why_not = contradiction(a, b)
    if why_not:
        return decide(False, why_not)
    figures_agree = shared >= max(MIN_SHARED_FIGURES, FIGURE_SHARE * smaller)
    if trusted and text >= SAME_TEXT:
        return decide(True, f"the English says the same (similarity {text:.2f})")
    if source >= SAME_SOURCE:
        return decide(True, f"the sources are near copies (similarity {source:.2f})")
    if trusted and text >= RELATED_TEXT and figures_agree:
        return decide(True, f"related English ({text:.2f}), {shared} of {smaller} figures shared")
    if figures_agree and shared + names + days >= SOURCE_FACTS:
        facts = f"{shared} of {smaller} figures, {names} full names, {days} named days shared"
        return decide(True, f"the sources agree ({facts})")
    if not trusted:
        share = min(a.trusted, b.trusted)
        return decide(False, f"the English is not trusted (only {share:.0%} of a release's "
                             "sentences) and the sources do not agree")  # fmt: skip
    return decide(False, f"different texts (English similarity {text:.2f})")


def group_profiles(profiles: Sequence[Profile]) -> list[list[Profile]]:
    """Group releases into events (single link in input order, see the module docstring)."""
    groups: list[list[Profile]] = []
    for profile in profiles:
        for group in groups:
            if any(contradiction(profile, member) for member in group):
                continue
            if any(same_event(profile, member).same for member in group):
                group.append(profile)
                break
        else:
            groups.append([profile])
    return groups
