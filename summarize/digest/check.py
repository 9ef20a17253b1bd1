"""Within one event: whose English to show, and the figures cross-checked between versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from summarize.digest.profile import DIRECTION_RANK, Profile, figure_key
from summarize.digest.types import EntryFigure
from summarize.types import Figure
from translate import LANGUAGE_NAMES

_SHOWN_CHARS = 80


def english_order(profiles: Sequence[Profile]) -> list[Profile]:
    """The versions of an event, the one whose English the entry shows first.

    A version is preferred when none of the sentences its brief shows is flagged and its
    figure guard found nothing; then by translation direction (English needs none; rus->eng
    is stronger than kir->eng: FLORES-200 chrF++ 57.4 vs 47.4 for NLLB-200 600M); then a
    full translation before a fast-mode one; then input order.
    """

    def rank(p: Profile) -> tuple:
        return (
            p.flagged > 0,
            bool(p.brief.warnings),
            DIRECTION_RANK.get(p.language, len(DIRECTION_RANK)),
            p.brief.mode != "full",
            p.position,
        )

    return sorted(profiles, key=rank)


def english_note(ordered: Sequence[Profile]) -> str:
    """Why the entry's English comes from the first of ``ordered`` (``""`` for one version)."""
    if len(ordered) < 2:
        return ""
    chosen, languages = ordered[0], {p.language for p in ordered}
    name = LANGUAGE_NAMES.get(chosen.language, chosen.language)
    why = []
    passed = [p for p in ordered[1:] if p.flagged or p.brief.warnings]
    if passed and DIRECTION_RANK.get(chosen.language, 9) > min(
        DIRECTION_RANK.get(p.language, 9) for p in passed
    ):
        why.append("the other versions' translations are flagged or lose figures")
    elif len(languages) > 1 and chosen.language in DIRECTION_RANK:
        why.append(f"{name} to English is the stronger translation direction")
    reason = f": {why[0]}" if why else ""
    return f"English from {chosen.doc_id} ({name}){reason}."


@dataclass
class _Group:
    """One figure as stated by some versions: document id -> the Figure it states."""

    key: tuple
    of: str
    members: dict[str, Figure] = field(default_factory=dict)
    rival: _Group | None = None

    @property
    def first(self) -> Figure:
        return next(iter(self.members.values()))


def cross_check(
    ordered: Sequence[Profile],
) -> tuple[tuple[EntryFigure, ...], list[str], list[str]]:
    """Compare the figures of an event's versions (source side).

    Figures are one when value (4 significant digits), unit and kind agree. A figure stated by
    some versions only is paired with a figure of the same unit and kind (and the same "of"
    when there are several) stated only by the others: such a pair is one figure given two
    values, and a warning. A figure with no such rival is noted as missing from the others.

    Returns:
        (figures with their status, warnings, notes).
    """
    ids = [p.doc_id for p in ordered]
    groups: dict[tuple, _Group] = {}
    for profile in ordered:
        for figure in profile.brief.figures:
            key = figure_key(figure.value, figure.unit, figure.kind)
            group = groups.setdefault(key, _Group(key, figure.of))
            group.members.setdefault(profile.doc_id, figure)
    partial = [g for g in groups.values() if len(g.members) < len(ids)]
    for group in partial:
        if group.rival is None:
            group.rival = _rival(group, partial)
            if group.rival is not None:
                group.rival.rival = group
    figures, warnings, notes = [], [], []
    warned: set[int] = set()
    for group in groups.values():
        figures.append(_entry_figure(group, len(ids)))
        if group.rival is not None and id(group) not in warned:
            warned.update((id(group), id(group.rival)))
            warnings.append(_differs(group, group.rival))
        elif group.rival is None and len(ids) > 1 and len(group.members) < len(ids):
            missing = [i for i in ids if i not in group.members]
            notes.append(
                f"{group.first.text}: only in {', '.join(group.members)} "
                f"(not in {', '.join(missing)})"
            )
    return tuple(figures), warnings, notes


def _rival(group: _Group, partial: Sequence[_Group]) -> _Group | None:
    """The figure that other versions give instead of this one, when there is exactly one."""
    unit, kind = group.key[1], group.key[2]
    candidates = [
        other
        for other in partial
        if other is not group
        and other.rival is None
        and (other.key[1], other.key[2]) == (unit, kind)
        and not set(other.members) & set(group.members)
    ]
    same_of = [c for c in candidates if group.of and c.of == group.of]
    if len(same_of) == 1:
        return same_of[0]
    return candidates[0] if len(candidates) == 1 else None


def _entry_figure(group: _Group, versions: int) -> EntryFigure:
    if versions == 1:
        status = "single"
    elif group.rival is not None:
        status = "differs"
    elif len(group.members) == versions:
        status = "agreed"
    else:
        status = "only"
    first = group.first
    return EntryFigure(
        value=first.value,
        unit=first.unit,
        kind=first.kind,
        text=first.text,
        sources=tuple(f"{doc}: {f.source}" for doc, f in group.members.items()),
        status=status,
    )


def _says(group: _Group) -> str:
    return " and ".join(f'{doc} ("{f.source}")' for doc, f in group.members.items())


def _differs(a: _Group, b: _Group) -> str:
    return f"the versions differ: {a.first.text} in {_says(a)}, but {b.first.text} in {_says(b)}"


def version_flags(profile: Profile) -> list[str]:
    """Flags of the sentences a version's brief shows, and what fast mode left unchecked."""
    brief = profile.brief
    shown = {brief.headline, *brief.summary_sentences, *brief.key_points}
    flags = []
    if brief.translation is not None:
        for pair in brief.translation.sentences:
            if pair.flags and pair.translation in shown:
                sentence = " ".join(pair.translation.split())
                if len(sentence) > _SHOWN_CHARS:
                    sentence = sentence[: _SHOWN_CHARS - 1].rstrip() + "…"
                flags.append(f'{profile.doc_id}: "{sentence}": {", ".join(pair.flags)}')
    if brief.mode == "fast":
        flags.append(
            f"{profile.doc_id}: fast mode, {brief.translated_count} of "
            f"{brief.sentence_count} sentences translated"
        )
    if brief.unchecked_figures:
        shown_figures = "; ".join(f.text for f in brief.unchecked_figures)
        flags.append(f"{profile.doc_id}: figures not checked in fast mode: {shown_figures}")
    return flags
