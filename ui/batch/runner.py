"""The local batch engine: documents in chunks, sentences of a chunk translated together.

How a chunk of documents (``--chunk-size``, 32 by default) is processed:

1. ``Translator.translate_documents`` translates the sentences of all its documents at once:
   pooled, identical sentences once, length-sorted batches, the translation cache first.
2. In brief mode, ``brief()`` is then called per document with the same Translator. Its
   translations are already in the Translator's cache (the batch always has one: ``--tm-cache``,
   by default a SQLite file beside the output), so the brief re-translates nothing and the
   model's work was done in the shared batches of step 1. (``--fast`` briefs translate only
   their key sentences, so step 1 is skipped for them.)
3. One record per document, in input order. A document that fails for a reason of its own
   (``KybriefError``: no text, bad encoding, an unsupported language, too long) gets a record
   with its ``error``. So does a document that hits an unexpected error while others of its
   chunk succeed (the traceback goes to the log): one bad document never stops the run. When
   every document of a chunk fails unexpectedly, the fault is not theirs (the model, the
   machine): that error stops the run, which ``--resume`` then finishes.

A record never depends on how it was computed: only its ``timings`` differ between a fresh
run, a cached one and a resumed one.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice

from translate.errors import InputError, KybriefError
from translate.languages import check_language
from ui.documents import InputDocument

logger = logging.getLogger(__name__)

MODES = ("brief", "translate", "both")


@dataclass(frozen=True)
class BatchJob:
    """What to make of each document.

    Attributes:
        mode: ``brief`` (English brief), ``translate`` (into ``target``) or ``both``.
        target: language of the translations (briefs are always English).
        sentences: sentences in a brief's summary.
        fast: briefs translate only their key sentences (no full translation).
        chunk_size: documents translated together.
        glossary: a glossary file (``translate.load_glossary``) for the briefs, added to the
            translator's; None: the translator's own (``--glossary`` builds it in).
        verify: the meaning check (``Translator.verify``): on what a reader reads of briefs
            and on every sentence of translations (``translate``/``both``); ``None`` (the
            default) checks the briefs only, ``False`` nothing.
    """

    mode: str = "brief"
    target: str = "en"
    sentences: int = 3
    fast: bool = False
    chunk_size: int = 32
    glossary: str | None = None
    verify: bool | None = None

    @property
    def verify_briefs(self) -> bool:
        """Briefs get the meaning check (unless ``verify`` is False)."""
        return self.verify is not False

    @property
    def verify_translations(self) -> bool:
        """Translations get it on every sentence (only when ``verify`` is True)."""
        return self.verify is True

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InputError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.chunk_size < 1 or self.sentences < 1:
            raise InputError("chunk size and sentences must be at least 1")
        check_language(self.target)  # a bad --target fails the run at once, not every document
        if self.glossary:
            _glossary(self.glossary)  # a bad glossary fails the run at once too

    def to_dict(self) -> dict:
        return asdict(self)

    def targets(self) -> tuple[str, ...]:
        """The languages each chunk is translated into up front (step 1 above)."""
        wanted = []
        if self.mode in ("brief", "both") and not self.fast:
            wanted.append("en")
        if self.mode in ("translate", "both"):
            wanted.append(self.target)
        return tuple(dict.fromkeys(wanted))


@dataclass(frozen=True)
class ChunkResult:
    """The records of one chunk (input order) and the sentences its translations held."""

    records: tuple[dict, ...]
    sentences: int


def error_record(doc_id: str, error: str, timings: dict | None = None) -> dict:
    """The record of a document that failed."""
    return {"id": doc_id, "language": None, "error": error, "timings": timings or {}}


def process_chunk(translator, job: BatchJob, docs: Sequence[InputDocument]) -> ChunkResult:
    """Translate (and brief) a chunk of documents; one record per document, in order.

    Args:
        translator: a ``translate.Translator``, best with a cache (see the module docstring).
        job: the mode and its options.
        docs: the documents; those with an ``error`` get an error record.
    """
    good = [doc for doc in docs if doc.error is None]
    started = time.perf_counter()
    translated = {
        target: _translate_each(translator, [d.text for d in good], target)
        for target in job.targets()
    }
    if job.verify_translations and job.mode in ("translate", "both"):
        translated[job.target] = [
            t if isinstance(t, Exception) else translator.verify_document(t)
            for t in translated[job.target]
        ]
    share = (time.perf_counter() - started) / max(len(good), 1)
    sentences = sum(
        len(t.sentences) for ts in translated.values() for t in ts if not isinstance(t, Exception)
    )
    records, position, unexpected = [], 0, []
    for doc in docs:
        if doc.error is not None:
            records.append(error_record(doc.id, doc.error))
            continue
        mine = {target: ts[position] for target, ts in translated.items()}
        records.append(_document_record(translator, job, doc, mine, share, unexpected))
        position += 1
    if good and len(unexpected) == len(good):
        raise unexpected[0]  # every document failed the same unexpected way: stop the run
    if job.fast and job.mode != "translate":  # fast briefs translate their key sentences only
        sentences += sum(r["brief"]["translated_count"] for r in records if "brief" in r)
    return ChunkResult(tuple(records), sentences)


def _translate_each(translator, texts: list[str], target: str) -> list:
    """Each text's TranslatedDocument, or the exception that text raised.

    All texts go through one ``translate_documents`` call; if it fails (a text is refused, or
    one breaks the model), each is retried alone to find which.
    """
    if not texts:
        return []
    try:
        return list(translator.translate_documents(texts, target=target))
    except Exception:  # the retries below find which document, and keep its error
        logger.debug("a chunk failed; translating its documents one by one", exc_info=True)
    out = []
    for text in texts:
        try:
            out.append(translator.translate_document(text, target=target))
        except Exception as exc:  # recorded for its document (see the module docstring)
            if not isinstance(exc, KybriefError):
                logger.error("a document could not be translated", exc_info=exc)
            out.append(exc)
    return out


def _document_record(
    translator, job: BatchJob, doc: InputDocument, mine: dict, share: float, unexpected: list
):
    """The record of one document; an unexpected error is also appended to ``unexpected``."""
    timings = {"translate_s": round(share, 3)}
    for result in mine.values():
        if isinstance(result, Exception):
            if not isinstance(result, KybriefError):
                unexpected.append(result)
            return error_record(doc.id, _describe(result), timings)
    record: dict = {"id": doc.id, "error": None, "timings": timings}
    if doc.date is not None:
        record["date"] = doc.date.isoformat()  # a digest of this output dates by it
    if job.mode in ("brief", "both"):
        from summarize.brief import brief

        started = time.perf_counter()
        try:
            result = brief(
                doc.text,
                translator=translator,
                sentences=job.sentences,
                full_translation=not job.fast,
                glossary=_glossary(job.glossary),
                verify=job.verify_briefs,
            )
        except Exception as exc:  # recorded for its document (see the module docstring)
            if not isinstance(exc, KybriefError):
                logger.error("the brief of %s failed", doc.id, exc_info=exc)
                unexpected.append(exc)
            return error_record(doc.id, _describe(exc), timings)
        timings["brief_s"] = round(time.perf_counter() - started, 3)
        record["brief"] = result.to_dict()
        record["language"] = result.source_language
        if result.translation is not None:
            record["quality"] = result.translation.quality()
    if job.mode in ("translate", "both"):
        document = mine[job.target]
        record["translation"] = document.to_dict()
        record["language"] = document.source_language
        record["quality"] = document.quality()  # triage an archive: flagged sentences first
    return record


@functools.lru_cache(maxsize=4)
def _glossary(path: str | None):
    """The glossary of a job, read once per process (None: the bundled one)."""
    from translate.names.glossary import load_glossary

    return load_glossary(path) if path else None


def _describe(exc: Exception) -> str:
    if not isinstance(exc, KybriefError):
        return f"internal error ({type(exc).__name__}: {exc}); see the log"
    return str(exc) or type(exc).__name__


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` consecutive items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class SkipDone:
    """Documents not yet in the output; counts those skipped, and how many of them failed."""

    def __init__(self, docs: Iterable[InputDocument], done: dict[str, bool]) -> None:
        self.docs = docs
        self.done = dict(done)
        self.skipped = self.failed_before = 0

    def __iter__(self) -> Iterator[InputDocument]:
        for doc in self.docs:
            if doc.id in self.done:
                self.skipped += 1
                self.failed_before += self.done[doc.id]
                continue
            yield doc


def run_local(docs: Iterable[InputDocument], job: BatchJob, translator, journal, progress) -> None:
    """Process documents chunk by chunk; each chunk's records are appended and fsynced.

    Args:
        docs: the documents still to do.
        job: the mode and its options.
        translator: the shared Translator.
        journal: a ``ui.batch.journal.Journal``.
        progress: a ``ui.batch.report.Progress``.
    """
    for chunk in chunked(docs, job.chunk_size):
        result = process_chunk(translator, job, chunk)
        journal.write(result.records)
        journal.sync()
        progress.documents(list(result.records), result.sentences)
