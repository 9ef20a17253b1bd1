"""``kybrief batch --copies DIR``: a translated copy of every document, in its own format.

Every document file of the inputs (files, and folders read recursively, hidden files skipped)
of a type ``ui.files`` translates (.docx .odt .pptx .html .htm .md .srt .txt .pdf) is
translated into ``DIR`` under the same relative path (a .pdf becomes a .docx). Each copy is
written atomically, then its record (the ``FileTranslation``, or the error) is appended to
the journal and synced: ``--resume`` skips the documents already recorded, so a killed run
finishes with every copy made exactly once and none half-written.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from translate import KybriefError
from ui.files import SUPPORTED_INPUTS, output_format, translate_file

logger = logging.getLogger(__name__)

#: Types named by their error when met in a folder (an old binary Office file, say).
_NAMED = (".doc", ".ppt")


@dataclass(frozen=True)
class CopySource:
    """A document to copy: its id (as in every batch record), file and the copy's path."""

    id: str
    path: Path
    relative: Path


def iter_copy_sources(inputs: Iterable[str]) -> Iterator[CopySource]:
    """The document files of ``inputs``: a folder's under their path inside it, a file's
    under its name. Archives, records and standard input have no file to copy: they give a
    source whose error says so."""
    for source in inputs:
        path = Path(source)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                relative = file.relative_to(path)
                hidden = any(part.startswith(".") for part in relative.parts)
                wanted = file.suffix.lower() in (*SUPPORTED_INPUTS, *_NAMED)
                if file.is_file() and not hidden and wanted:
                    yield CopySource(str(file), file, relative)
        else:
            yield CopySource(source, path, Path(path.name))


def run_copies(
    sources: Iterable[CopySource],
    copies: Path,
    translator,
    journal,
    progress,
    *,
    target: str = "en",
    marks: bool = True,
) -> None:
    """Translate each source into ``copies``; one synced journal record each.

    Args:
        sources: the documents still to do (``iter_copy_sources``, less those done).
        copies: the folder of the copies.
        translator: the shared Translator (with the batch's translation memory).
        journal: a ``ui.batch.journal.Journal``.
        progress: a ``ui.batch.report.Progress``.
        target: the language of the copies.
        marks: mark flagged sentences inside the copies.
    """
    for source in sources:
        record = copy_record(source, copies, translator, target, marks)
        journal.write([record])
        journal.sync()
        quality = record.get("quality") or {}
        progress.documents([record], quality.get("sentences", 0))


def copy_record(source: CopySource, copies: Path, translator, target: str, marks: bool) -> dict:
    """The journal record of one copy: where it went and what translating it did, or why it
    failed (a ``KybriefError``: the document's own fault, the run goes on)."""
    started = time.monotonic()
    record: dict = {"id": source.id, "copy": None, "error": None}
    try:
        suffix = output_format(source.path.suffix)
        out = copies / source.relative.with_suffix(suffix)
        result = translate_file(source.path, out, translator, target=target, marks=marks)
    except KybriefError as exc:
        record["error"] = str(exc)
    else:
        record.update(
            copy=result.out_path,
            language=result.source_language,
            quality={
                "sentences": result.sentences,
                "flagged": result.flagged,
                "mean_confidence": None,
            },
            file=result.to_dict(),
        )
    record["timings"] = {"total_s": round(time.monotonic() - started, 3)}
    logger.debug("copy %s: %s", source.id, record["error"] or record["copy"])
    return record
