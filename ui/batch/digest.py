"""The documents of a digest, briefed by the batch machinery, or read back from a batch output.

``kybrief digest`` takes the inputs of ``kybrief batch`` and, besides them, batch outputs
(``.jsonl`` files of batch records: ``id``, ``error``, ``timings``, ``brief``...). A
:class:`DigestPlan` goes through the sources in order: a batch output becomes
``DigestInput`` s at once (each ``brief`` read with ``Brief.from_dict``, so nothing is
translated again); every other document is handed to the batch runner (local or Ray, chunks,
translation memory, journal, progress), and its record becomes a ``DigestInput`` afterwards.
Either way a document's date is its metadata date (file time, record ``date`` field), which a
batch record keeps; so a digest of a batch output equals the digest of the same files.

The report names each document by the name it was given, never by a path of the machine that
made it: a document of a source given as an absolute path is named from the source's own name
on (``/home/me/releases`` -> ``releases/a.txt``, ``/tmp/week.zip`` -> ``week.zip:ky/a.txt``;
a relative source keeps its path as given); a batch output's absolute ids are named from the
folder above their common folder on (:func:`public_names`), which gives the same names when
the batch was made of one folder.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from summarize import Brief, DigestInput
from translate.errors import KybriefError
from ui.batch.inputs import iter_inputs, make_unique
from ui.batch.journal import read_records
from ui.documents import InputDocument, parse_date

logger = logging.getLogger(__name__)

#: Keys every record of a batch output has (``ui.batch.runner``).
BATCH_RECORD_KEYS = frozenset({"id", "error", "timings"})
NO_BRIEF = "the batch record has no brief (made with --mode translate); use --mode brief or both"
#: The file of an archive member (``week.zip:ky/a.txt``) or a record (``records.jsonl#3``).
_FILE_PART = re.compile(r"^(.*?\.(?:zip|tar\.gz|tgz|tar|jsonl|csv))[:#]", re.IGNORECASE)
_WINDOWS = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")


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
    """Every record of a batch output as a digest input, in file order (absolute ids named
    by :func:`public_names`)."""
    return public_names([record_input(record) for record in read_records(path)])


def shown_name(doc: InputDocument, source: str) -> InputDocument:
    """A document of ``source`` named as the source was given: a source given as an absolute
    path is named from its own name on (the id and the error's words both)."""
    path = Path(source)
    if source == "-" or not path.is_absolute() or not path.name:
        return doc
    prefix = str(path)
    if doc.id != prefix and not doc.id.startswith((f"{prefix}/", f"{prefix}:", f"{prefix}#")):
        return doc
    error = doc.error.replace(prefix, path.name) if doc.error else doc.error
    return replace(doc, id=path.name + doc.id[len(prefix) :], error=error)


def public_names(inputs: list[DigestInput]) -> list[DigestInput]:
    """Inputs whose ids are absolute paths (a batch output made on some machine), named from
    the folder above the common folder of their files on (``/home/me/releases/a.txt`` ->
    ``releases/a.txt``; the error's words too); other ids are kept."""
    out = list(inputs)
    for flavor in (PurePosixPath, PureWindowsPath):
        found = [n for n, item in enumerate(out) if _absolute(item.id, flavor)]
        if not found:
            continue
        base = str(_common([flavor(_file_part(out[n].id)).parent for n in found]).parent)
        for n in found:
            item = out[n]
            old = _file_part(item.id)
            new = old[len(base) :].lstrip("/\\") if old.startswith(base) else flavor(old).name
            error = item.error.replace(old, new) if item.error else item.error
            out[n] = DigestInput(item.content, new + item.id[len(old) :], item.date, error)
    return out


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
                doc = make_unique(shown_name(doc, source), seen)
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


def _absolute(doc_id: str, flavor: type[PurePath]) -> bool:
    if flavor is PureWindowsPath:
        return bool(_WINDOWS.match(doc_id))
    return doc_id.startswith("/")


def _file_part(doc_id: str) -> str:
    match = _FILE_PART.match(doc_id)
    return match.group(1) if match else doc_id


def _common(folders: list[PurePath]) -> PurePath:
    common = folders[0]
    for folder in folders[1:]:
        while common != folder and common not in folder.parents and common != common.parent:
            common = common.parent
    return common
