"""The digest's results: frozen dataclasses with ``to_dict()`` (and ``from_dict()`` back)."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from summarize.types import DateMention, Entity
from translate import InputError

if TYPE_CHECKING:
    from summarize.brief import Brief

#: Values of :attr:`EntryFigure.status`.
FIGURE_STATUSES: tuple[str, ...] = ("agreed", "differs", "single", "only")


@dataclass(frozen=True)
class DigestInput:
    """One document for :func:`summarize.digest.digest`: a text or a brief, with metadata.

    Attributes:
        content: the release text, a :class:`Brief` already made (e.g. a batch output's
            ``brief`` read with ``Brief.from_dict``), or None for a document that could not
            be read (then ``error`` says why).
        id: the document id or file name, shown as the entry's source.
        date: the document's date from its metadata (file date, a record field), used when
            the text has no dateline.
        error: why the document could not be read; such a document is listed as skipped.
    """

    content: str | Brief | None
    id: str = ""
    date: datetime.date | None = None
    error: str = ""


@dataclass(frozen=True)
class EntryDocument:
    """One release of an entry.

    Attributes:
        id: document id or file name.
        language: its source language (``"ky"``, ``"ru"``, ``"en"``).
        date: its release date (ISO ``YYYY-MM-DD``) or ``""``.
        date_from: ``"dateline"``, ``"today"``, ``"tomorrow"``, ``"yesterday"``,
            ``"metadata"`` or ``""`` (``summarize.digest.released.DATE_ORIGINS``).
        body: the issuing body its text names, or ``""``.
        mode: the brief's mode (``"full"`` or ``"fast"``).
        flagged: how many of the sentences its brief shows carry translation flags.
        english: this version's English is the entry's.
        year_from: where the date's year came from when the words of the date have none:
            ``"text"`` (another date of the text), ``"metadata"`` (the input's date: the
            report says the year is assumed), or ``""``.
    """

    id: str
    language: str
    date: str
    date_from: str
    body: str
    mode: str
    flagged: int
    english: bool
    year_from: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class EntryFigure:
    """A figure of an entry, cross-checked between its versions.

    Attributes:
        value: the number (from the version the entry's English comes from, when it has it).
        unit: as in :class:`summarize.types.Figure`.
        kind: ``"amount"``, ``"percent"``, ``"count"`` or ``"rank"``.
        text: the English rendering (``"12,000 tonnes of wheat"``).
        sources: ``"<document id>: <source words>"`` for each version that states it.
        status: ``"agreed"`` (every version states it), ``"differs"`` (another version gives
            another value for it), ``"only"`` (some versions do not state it) or ``"single"``
            (the entry has one version).
    """

    value: float
    unit: str
    kind: str
    text: str
    sources: tuple[str, ...]
    status: str

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        data = asdict(self)
        data["sources"] = list(self.sources)
        return data


@dataclass(frozen=True)
class DigestEntry:
    """One event: the releases that report it, merged.

    Attributes:
        id: ``"E1"``, ``"E2"``... in report order.
        headline: English headline (from the version with the better translation).
        summary: English summary, after the headline (the brief's summary less its first
            sentence when that is the headline).
        key_points: further English sentences.
        date: the event's date (ISO ``YYYY-MM-DD``) or ``""`` when unknown.
        date_from: where the date was read: ``"dateline"``, ``"today"``, ``"tomorrow"``,
            ``"yesterday"``, ``"metadata"``, ``""``.
        body: the issuing body in English, or ``""`` when no version names one.
        documents: the releases, the one the English comes from first.
        languages: their languages, each once (``("ru", "ky")``).
        figures: the figures, cross-checked.
        dates: dates the releases name, each once.
        entities: people, places and bodies, official English spellings, each once.
        warnings: figures that differ between versions, and each version's figure-guard
            warnings (prefixed with its document id).
        notes: figures only some versions state; which version the English comes from and why.
        flags: translation flags of the shown sentences, and fast-mode notes.
        year_from: where the year of ``date`` came from (as :attr:`EntryDocument.year_from`).
    """

    id: str
    headline: str
    summary: str
    key_points: tuple[str, ...]
    date: str
    date_from: str
    body: str
    documents: tuple[EntryDocument, ...]
    languages: tuple[str, ...]
    figures: tuple[EntryFigure, ...]
    dates: tuple[DateMention, ...]
    entities: tuple[Entity, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    flags: tuple[str, ...]
    year_from: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a JSON-ready dict."""
        data: dict[str, Any] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, tuple):
                value = [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
            data[field.name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DigestEntry:
        """Rebuild an entry from :meth:`to_dict` output."""
        return cls(
            **{
                **data,
                "key_points": tuple(data["key_points"]),
                "documents": tuple(EntryDocument(**d) for d in data["documents"]),
                "languages": tuple(data["languages"]),
                "figures": tuple(
                    EntryFigure(**{**f, "sources": tuple(f["sources"])}) for f in data["figures"]
                ),
                "dates": tuple(DateMention(**d) for d in data["dates"]),
                "entities": tuple(Entity(**e) for e in data["entities"]),
                "warnings": tuple(data["warnings"]),
                "notes": tuple(data["notes"]),
                "flags": tuple(data["flags"]),
            }
        )


@dataclass(frozen=True)
class SkippedDocument:
    """A document that is not in the digest, and why.

    Attributes:
        id: document id or file name.
        reason: what was wrong (unreadable, empty, unsupported language, ...).
    """

    id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Digest:
    """Many releases as one English report: one entry per event.

    Attributes:
        entries: the events, by date (oldest first, undated last), then issuing body.
        skipped: documents that could not be used, with the reason.
        since: the first date kept (ISO) or ``""``.
        until: the last date kept (ISO) or ``""``.
        outside: ids of documents left out by ``since``/``until`` (undated ones included).
        title: the report's title.
    """

    entries: tuple[DigestEntry, ...]
    skipped: tuple[SkippedDocument, ...] = ()
    since: str = ""
    until: str = ""
    outside: tuple[str, ...] = ()
    title: str = "Digest of government press releases"

    @property
    def document_count(self) -> int:
        """How many releases the entries hold."""
        return sum(len(entry.documents) for entry in self.entries)

    def sections(self) -> list[tuple[str, list[tuple[str, list[DigestEntry]]]]]:
        """The entries grouped for the report: [(date, [(body, entries)])], in entry order."""
        grouped: dict[str, dict[str, list[DigestEntry]]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.date, {}).setdefault(entry.body, []).append(entry)
        return [(date, list(bodies.items())) for date, bodies in grouped.items()]

    def to_dict(self) -> dict[str, Any]:
        """Return the digest as a JSON-ready dict (:meth:`from_dict` reads it back)."""
        return {
            "title": self.title,
            "since": self.since,
            "until": self.until,
            "entries": [entry.to_dict() for entry in self.entries],
            "skipped": [s.to_dict() for s in self.skipped],
            "outside": list(self.outside),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Digest:
        """Rebuild a digest from :meth:`to_dict` output.

        Raises:
            InputError: a field is missing or malformed.
        """
        try:
            return cls(
                entries=tuple(DigestEntry.from_dict(e) for e in data["entries"]),
                skipped=tuple(SkippedDocument(**s) for s in data.get("skipped", ())),
                since=data.get("since", ""),
                until=data.get("until", ""),
                outside=tuple(data.get("outside", ())),
                title=data.get("title", cls.title),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"not a digest: {type(exc).__name__}: {exc}") from exc

    def to_html(self) -> str:
        """The digest as one self-contained HTML page (:mod:`summarize.digest.html`)."""
        from summarize.digest.html import to_html

        return to_html(self)

    def to_markdown(self) -> str:
        """The digest as Markdown (:mod:`summarize.digest.markdown`)."""
        from summarize.digest.markdown import to_markdown

        return to_markdown(self)

    def to_json(self) -> str:
        """The digest as indented JSON (``to_dict()``), non-ASCII kept."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
