"""The documents of a digest, briefed by the batch machinery, or read back from a batch output.

``kybrief digest`` takes the inputs of ``kybrief batch`` and, besides them, batch outputs
(``.jsonl`` files of batch records: ``id``, ``error``, ``timings``, ``brief``...). A
:class:`DigestPlan` goes through the sources in order: a batch output becomes
``DigestInput`` s at once (each ``brief`` read with ``Brief.from_dict``, so nothing is
translated again); every other document is handed to the batch runner (local or Ray, chunks,
translation memory, journal, progress), and its record becomes a ``DigestInput`` afterwards.
Either way a document's date is its metadata date (file time, record ``date`` field), which a
batch record keeps; so a digest of a batch output equals the digest of the same files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarize import Brief, DigestInput
from translate.errors import KybriefError
from ui.batch.inputs import iter_inputs, make_unique
from ui.batch.journal import read_records
from ui.documents import InputDocument, parse_date

logger = logging.getLogger(__name__)

#: Keys every record of a batch output has (``ui.batch.runner``).
BATCH_RECORD_KEYS = frozenset({"id", "error", "timings"})
NO_BRIEF = "the batch record has no brief (made with --mode translate); use --mode brief or both"


def is_batch_output(source: str) -> bool:
    """Whether ``source`` is a ``.jsonl`` file of batch records (not of texts to brief).

    Decided by the records' shape: every complete line is a JSON object with ``id``,
    ``error`` and ``timings``, as ``kybrief batch`` writes them.
    """
    path = Path(source)
    if source == "-" or path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    try:
        records = read_records(path)
    except (KybriefError, OSError):
        return False
    return bool(records) and all(set(record) >= BATCH_RECORD_KEYS for record in records)


def record_input(record: dict, date=None) -> DigestInput:
    """A batch record as a digest input: its brief, or the reason it has none.

    Args:
        record: one batch record.
        date: the document's metadata date; default: the record's ``date`` field.
    """
    doc_id = str(record["id"])
    date = date or parse_date(record.get("date"))
    if record.get("error") is not None:
        return DigestInput(None, doc_id, date, str(record["error"]) or "failed in the batch")
    if not isinstance(record.get("brief"), dict):
        return DigestInput(None, doc_id, date, NO_BRIEF)
    try:
        return DigestInput(Brief.from_dict(record["brief"]), doc_id, date)
    except KybriefError as exc:
        return DigestInput(None, doc_id, date, f"the batch record's brief is not readable: {exc}")


def read_batch_output(path: str | Path) -> list[DigestInput]:
    """Every record of a batch output as a digest input, in file order."""
    return [record_input(record) for record in read_records(path)]


@dataclass(frozen=True)
class _Pending:
    """A document handed to the batch runner: its record is read back later."""

    id: str
    date: object


class DigestPlan:
    """The sources of a digest, in order: batch outputs read, other documents to brief.

    Args:
        sources: files, folders, archives, ``.jsonl``/``.csv``, ``-``, or batch outputs.
        text_field: the text field of ``.jsonl``/``.csv`` records (as in ``kybrief batch``).
        exclude: files never read as documents (the digest's own output, journal and
            translation memory, when they are inside an input folder).
    """

    def __init__(
        self, sources: Iterable[str], text_field: str = "text", exclude: Iterable[str] = ()
    ) -> None:
        self.sources = list(sources)
        self.text_field = text_field
        self.exclude = {Path(path).resolve() for path in exclude}
        self.batch_outputs = [s for s in self.sources if is_batch_output(s)]
        self._items: list[DigestInput | _Pending] = []

    @property
    def text_sources(self) -> list[str]:
        """The sources whose documents are briefed here."""
        return [s for s in self.sources if s not in self.batch_outputs]

    def documents(self) -> Iterator[InputDocument]:
        """The documents to brief (ids unique across all sources, as ``kybrief batch`` makes
        them); batch outputs met on the way are read, not yielded. Iterate once."""
        self._items.clear()
        seen: dict[str, int] = {}
        for source in self.sources:
            if source in self.batch_outputs:
                logger.info("%s: a batch output; its briefs are used as they are", source)
                self._items.extend(read_batch_output(source))
                continue
            for doc in iter_inputs([source], self.text_field):
                if doc.id != "-" and Path(doc.id).resolve() in self.exclude:
                    continue
                doc = make_unique(doc, seen)
                self._items.append(_Pending(doc.id, doc.date))
                yield doc

    def inputs(self, records: Iterable[dict]) -> list[DigestInput]:
        """The digest's inputs in source order, once the runner has written ``records``.

        Raises:
            KybriefError: a document has no record (the run did not finish).
        """
        by_id = {str(record["id"]): record for record in records}
        out = []
        for item in self._items:
            if isinstance(item, DigestInput):
                out.append(item)
            elif item.id in by_id:
                out.append(record_input(by_id[item.id], item.date))
            else:
                raise KybriefError(f"no batch record for {item.id}: the run did not finish")
        return out
