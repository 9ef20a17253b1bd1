"""Which releases report the same event: the digest's merge rule.

Two releases are **the same event** when nothing contradicts it and they agree:

1. **Contradictions** (either one keeps them apart):

   - their release dates (dateline, "бүгүн, 23-мартта", or the input's date) are both known and
     more than :data:`MAX_DAYS_APART` day apart: a release and an outlet's rewrite the next
     day are one event, the same ceremony a week later is another;
   - both name people and they share none (compared by surname, loosely: see
     :func:`summarize.digest_profile.person_key`): the Kyrgyz and Russian versions of a
     release name the same people, and names are read from the SOURCE in their official
     English spellings, so they match across the two languages.

2. **Agreement** (any one suffices):

   - the English says the same: the cosine similarity of their English content words (stemmed,
     stop words out) is at least :data:`SAME_TEXT`;
   - the sources are near copies: both in one language, and the cosine similarity of their
     word pairs is at least :data:`SAME_SOURCE` (an outlet's rewrite of a release);
   - the English is related (at least :data:`RELATED_TEXT`) and the source figures agree: at
     least half of the figures of the release with fewer figures are in the other (value, unit
     and kind, read from the source, so a Kyrgyz "12 миң тонна" and a Russian "12 тысяч тонн"
     are one figure), and at least :data:`MIN_SHARED_FIGURES` of them. This is what holds a
     Kyrgyz version, whose English is weaker (kir->eng is the weaker direction), to its
     Russian version.

A shared person or a shared date alone is never agreement: two releases on one day about one
minister are two events unless their texts or their figures say the same. A figure that differs
does not keep versions apart (that is what the cross-check reports); it only takes away the
support of figures.

Measured on NTREX-128 (``python scripts/digest_merge_eval.py``, ``bench/digest_merge.json``):
122 of its 123 stories' Kyrgyz and Russian versions are one event (one is split: its romanized
names differ), all 15 pairings of five stories told by two outlets are one event, and 2 of
22,449 pairs of different stories are merged (two stories of one golf tournament).

Grouping is single-link in input order: a release joins the first entry with a member it is
the same event as and no member it is contradicted by; otherwise it starts a new entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarize.digest.profile import Profile, cosine

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


@dataclass(frozen=True)
class Decision:
    """Whether two releases report the same event, and why.

    Attributes:
        same: the decision.
        reason: one line saying why (for logs and tests).
        text: the English word cosine.
        source: the source word-pair cosine (0 when the languages differ).
        shared_figures: how many source figures both state.
    """

    same: bool
    reason: str
    text: float
    source: float
    shared_figures: int


def text_similarity(a: Profile, b: Profile) -> tuple[float, float]:
    """(English word cosine, source word-pair cosine or 0 when the languages differ)."""
    source = cosine(a.source, b.source) if a.language == b.language else 0.0
    return cosine(a.english, b.english), source


def contradiction(a: Profile, b: Profile) -> str:
    """Why two releases cannot be one event, or ``""`` when nothing says so."""
    da, db = a.released.date, b.released.date
    if da is not None and db is not None and abs((da - db).days) > MAX_DAYS_APART:
        return f"released {abs((da - db).days)} days apart"
    if a.people and b.people and not a.people & b.people:
        return "they name different people"
    return ""


def same_event(a: Profile, b: Profile) -> Decision:
    """Apply the merge rule (see the module docstring) to two releases."""
    text, source = text_similarity(a, b)
    shared = len(a.figure_keys & b.figure_keys)
    smaller = min(len(a.figure_keys), len(b.figure_keys))

    def decide(same: bool, reason: str) -> Decision:
        return Decision(same, reason, round(text, 4), round(source, 4), shared)

    why_not = contradiction(a, b)
    if why_not:
        return decide(False, why_not)
    if text >= SAME_TEXT:
        return decide(True, f"the English says the same (similarity {text:.2f})")
    if source >= SAME_SOURCE:
        return decide(True, f"the sources are near copies (similarity {source:.2f})")
    if text >= RELATED_TEXT and shared >= max(MIN_SHARED_FIGURES, FIGURE_SHARE * smaller):
        return decide(True, f"related English ({text:.2f}), {shared} of {smaller} figures shared")
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
