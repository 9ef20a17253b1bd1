"""The digest: many press releases as one English report, one entry per event.

    from summarize import digest, DigestInput
    d = digest([DigestInput(text_ky, id="a.txt"), DigestInput(text_ru, id="b.txt")], translator=t)
    d.entries[0].documents, d.entries[0].languages, d.entries[0].warnings
    d.to_html(); d.to_markdown(); d.to_dict()

The chain: each text -> :func:`summarize.brief.brief` (a text that raises ``KybriefError`` is
listed as skipped) -> what the digest reads from each brief (release date, issuing body,
words, facts: :mod:`summarize.digest.profile`) -> ``since``/``until`` -> releases of one event
merged (:mod:`summarize.digest.group`, where the rule is) -> per event: the English of the
best version and the figures cross-checked (:mod:`summarize.digest.check`) -> entries by date
and body. Only the briefs and the inputs' metadata are read, so a digest of texts and a digest
of the same briefs read back from a batch output are equal.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence

from summarize.brief import Brief, brief
from summarize.digest.check import cross_check, english_note, english_order, version_flags
from summarize.digest.group import group_profiles
from summarize.digest.profile import Profile, make_profile
from summarize.digest.types import (
    Digest,
    DigestEntry,
    DigestInput,
    EntryDocument,
    SkippedDocument,
)
from summarize.entities import Glossary
from translate import InputError, KybriefError, ModelNotAvailableError

logger = logging.getLogger(__name__)

DEFAULT_TITLE = "Digest of government press releases"
_TEXT_ORIGINS = ("dateline", "today", "tomorrow", "yesterday")


def digest(
    items: Iterable[DigestInput | Brief | str],
    translator=None,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    sentences: int = 3,
    full_translation: bool = True,
    glossary: Glossary | None = None,
    title: str = DEFAULT_TITLE,
    progress: Callable[[int, int], None] | None = None,
    verify: bool = True,
) -> Digest:
    """Make one English digest of many releases, merging the releases of one event.

    Args:
        items: :class:`DigestInput` (a text or a brief with an id, a metadata date, or a read
            error), or a bare text or :class:`Brief` (its id is then ``document-N``, by
            position from 1).
        translator: a ``translate.Translator`` for the texts; ``None`` uses the default one
            (only loaded when a text needs it).
        since: keep only releases dated this day or later (undated ones are left out too).
        until: keep only releases dated this day or earlier (undated ones are left out too).
        sentences: summary length of each brief made here.
        full_translation: translate every sentence (``False``: fast mode).
        glossary: a glossary for the briefs made here, added to the built-in one (as
            ``brief(glossary=...)``); default: the translator's.
        title: the report's title.
        progress: called with (documents done, documents) as the texts are briefed.
        verify: the meaning check of each brief made here (``brief(verify=...)``): its
            headline, summary and key points translated back; ``False`` skips it.

    Returns:
        The :class:`Digest`: entries by date (oldest first, undated last), then by issuing
        body; documents that could not be used in ``skipped`` with the reason.

    Raises:
        InputError: ``since`` is after ``until``, or an item is neither text, brief nor
            :class:`DigestInput`.
        ModelNotAvailableError: a text needs the model and it cannot be loaded.
    """
    since, until = _day(since), _day(until)
    if since is not None and until is not None and since > until:
        raise InputError(f"since ({since}) is after until ({until})")
    inputs = [_as_input(item, position) for position, item in enumerate(items)]
    profiles: list[Profile] = []
    skipped: list[SkippedDocument] = []
    for position, item in enumerate(inputs):
        made = _brief_of(item, translator, sentences, full_translation, glossary, verify)
        if isinstance(made, Brief):
            profiles.append(make_profile(position, item.id, made, _day(item.date)))
        else:
            skipped.append(SkippedDocument(item.id, made))
        if progress is not None:
            progress(position + 1, len(inputs))
    kept = [p for p in profiles if _in_range(p, since, until)]
    kept_positions = {p.position for p in kept}
    outside = tuple(p.doc_id for p in profiles if p.position not in kept_positions)
    entries = [_entry(group) for group in group_profiles(kept)]
    entries.sort(key=_entry_order)
    numbered = tuple(_numbered(entry, number) for number, entry in enumerate(entries, 1))
    return Digest(
        entries=numbered,
        skipped=tuple(skipped),
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
        outside=outside,
        title=title,
    )


def _day(value: datetime.date | None) -> datetime.date | None:
    """A date (a datetime counts by its day)."""
    if value is None or type(value) is datetime.date:
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    raise InputError(f"a date is needed, not {type(value).__name__}: {value!r}")


def _as_input(item: object, position: int) -> DigestInput:
    if isinstance(item, DigestInput):
        return item if item.id else _with_id(item, position)
    if isinstance(item, str | Brief):
        return DigestInput(item, id=f"document-{position + 1}")
    raise InputError(
        f"item {position + 1} is a {type(item).__name__}: give a text, a Brief or a DigestInput"
    )


def _with_id(item: DigestInput, position: int) -> DigestInput:
    return DigestInput(item.content, f"document-{position + 1}", item.date, item.error)


def _brief_of(
    item: DigestInput,
    translator,
    sentences: int,
    full: bool,
    glossary: Glossary | None,
    verify: bool,
) -> Brief | str:
    """The item's brief, or the reason it is skipped."""
    if item.error:
        return item.error
    if isinstance(item.content, Brief):
        return item.content
    if not isinstance(item.content, str):
        return "no text"
    try:
        return brief(item.content, translator, sentences, full, glossary=glossary, verify=verify)
    except ModelNotAvailableError:
        raise  # not the document's fault: every other text would fail the same way
    except KybriefError as exc:
        logger.info("skipping %s: %s", item.id, exc)
        return str(exc)


def _in_range(profile: Profile, since: datetime.date | None, until: datetime.date | None) -> bool:
    date = profile.released.date
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or date >= since) and (until is None or date <= until)


def _entry_date(group: Sequence[Profile]) -> tuple[str, str, str]:
    """The event's date, where it was read and where its year came from: the earliest date
    read from a text, else from metadata."""
    dated = [p.released for p in group if p.released.date is not None]
    from_text = [r for r in dated if r.origin in _TEXT_ORIGINS]
    best = min(from_text or dated, key=lambda r: r.date, default=None)
    if best is None:
        return "", "", ""
    return best.date.isoformat(), best.origin, best.year_from


def _entry(group: Sequence[Profile]) -> DigestEntry:
    """One event from its versions (their English from the best one)."""
    ordered = english_order(group)
    chosen = ordered[0].brief
    figures, warnings, notes = cross_check(ordered)
    warnings += [f"{ordered[0].doc_id}: {w}" for w in chosen.warnings]
    note = english_note(ordered)
    date, date_from, year_from = _entry_date(group)
    return DigestEntry(
        id="",
        headline=chosen.headline,
        summary=_summary_after_headline(chosen),
        key_points=chosen.key_points,
        date=date,
        date_from=date_from,
        body=next((p.body for p in ordered if p.body), ""),
        documents=tuple(_document(p, p is ordered[0]) for p in ordered),
        languages=tuple(dict.fromkeys(p.language for p in ordered)),
        figures=figures,
        dates=_unique(ordered, "dates", lambda d: (d.year, d.month, d.day, d.end_month)),
        entities=_unique(ordered, "entities", lambda e: e.name),
        warnings=tuple(warnings),
        notes=tuple(notes + ([note] if note else [])),
        flags=tuple(flag for p in ordered for flag in version_flags(p)),
        year_from=year_from,
    )


def _summary_after_headline(made: Brief) -> str:
    """The summary without its first sentence when that is the headline (shown just above)."""
    sentences = list(made.summary_sentences)
    if sentences and " ".join(sentences[0].split()) == made.headline:
        sentences = sentences[1:]
    elif not sentences:
        return made.summary.removeprefix(made.headline).strip()
    return " ".join(sentences)


def _unique(ordered: Sequence[Profile], attribute: str, key) -> tuple:
    seen: dict = {}
    for profile in ordered:
        for item in getattr(profile.brief, attribute):
            seen.setdefault(key(item), item)
    return tuple(seen.values())


def _document(profile: Profile, english: bool) -> EntryDocument:
    released = profile.released
    return EntryDocument(
        id=profile.doc_id,
        language=profile.language,
        date=released.date.isoformat() if released.date else "",
        date_from=released.origin,
        body=profile.body,
        mode=profile.brief.mode,
        flagged=profile.flagged,
        english=english,
        year_from=released.year_from,
    )


def _entry_order(entry: DigestEntry) -> tuple:
    return (entry.date == "", entry.date, entry.body == "", entry.body)


def _numbered(entry: DigestEntry, number: int) -> DigestEntry:
    from dataclasses import replace

    return replace(entry, id=f"E{number}")
