"""A digest on the server: documents from uploads or a request, capped, through the ModelService.

Shared by the app's Digest tab (``ui.web.digest``) and ``POST /api/v1/digest`` (``ui.web.api``);
no Gradio here. The caps: at most :data:`MAX_DOCUMENTS` documents, uploads at most the server's
upload limit together (a .zip may unpack to :data:`UNPACK_FACTOR` times that), every text within
``--max-chars`` (a longer one is skipped with the reason) and all texts together within
:data:`TOTAL_CHARS_FACTOR` times ``--max-chars``. The model work holds one of the server's
concurrency slots, like every other route.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path

from summarize import Digest, DigestInput, digest
from summarize.digest.build import DEFAULT_TITLE
from translate import InputError, KybriefError
from ui.batch.inputs import iter_uploads
from ui.documents import ALLOWED_EXTENSIONS, InputDocument
from ui.service import ModelService

#: Most documents (files, or members of a .zip) one digest request may hold.
MAX_DOCUMENTS = 200
#: Upload types of the Digest tab: the single upload's, plus .zip.
UPLOAD_EXTENSIONS = (*ALLOWED_EXTENSIONS, ".zip")
#: A .zip may unpack to this many times the upload limit (zip-bomb guard).
UNPACK_FACTOR = 5
#: All texts of one digest together: at most this many times --max-chars.
TOTAL_CHARS_FACTOR = 10


def read_uploads(
    paths: Sequence[str], upload_bytes: int, max_documents: int = MAX_DOCUMENTS
) -> list[InputDocument]:
    """The documents of uploaded files (ids: the file names; a .zip's members: ``zip:member``).

    Raises:
        InputError: no files, a file type the app does not read, over the size limit, or
            more than ``max_documents`` documents.
    """
    if not paths:
        raise InputError("upload some releases first (several files, or a .zip of them)")
    files, total = [], 0
    for path in paths:
        name = Path(path).name
        if not name.lower().endswith(UPLOAD_EXTENSIONS):
            allowed = ", ".join(UPLOAD_EXTENSIONS)
            raise InputError(f"{name}: the digest reads {allowed} files only")
        total += Path(path).stat().st_size
        if total > upload_bytes:
            raise InputError(
                f"the files are over {_size(upload_bytes)} together, the limit of one digest "
                "here; make the digest of a larger archive with `kybrief digest`"
            )
        files.append((name, Path(path).read_bytes()))
    docs = list(islice(iter_uploads(files, UNPACK_FACTOR * upload_bytes), max_documents + 1))
    if len(docs) > max_documents:
        raise too_many(max_documents)
    return docs


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MB" if count >= 2**20 else f"{count:,} bytes"


def too_many(max_documents: int) -> InputError:
    return InputError(
        f"more than {max_documents} documents; a digest here takes at most {max_documents} "
        "(use `kybrief digest` for larger archives)"
    )


def digest_inputs(service: ModelService, docs: Iterable[InputDocument]) -> list[DigestInput]:
    """The documents as digest inputs; one that cannot be used carries the reason.

    A text over ``--max-chars`` (``service.check_text``) is skipped with the reason.

    Raises:
        InputError: all texts together are over :data:`TOTAL_CHARS_FACTOR` x ``--max-chars``.
    """
    inputs, total = [], 0
    limit = TOTAL_CHARS_FACTOR * service.max_chars
    for doc in docs:
        if doc.error is not None or doc.text is None:
            inputs.append(DigestInput(None, doc.id, doc.date, doc.error or "no text"))
            continue
        try:
            text = service.check_text(doc.text)
        except KybriefError as exc:
            inputs.append(DigestInput(None, doc.id, doc.date, f"{doc.id}: {exc}"))
            continue
        total += len(text)
        if total > limit:
            raise InputError(
                f"the texts are over {limit:,} characters together, the limit of one digest "
                "here; split them, or use `kybrief digest`"
            )
        inputs.append(DigestInput(text, doc.id, doc.date))
    return inputs


def run_digest(
    service: ModelService,
    inputs: Sequence[DigestInput],
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    sentences: int = 3,
    full_translation: bool = True,
    title: str = DEFAULT_TITLE,
    progress: Callable[[int, int], None] | None = None,
) -> Digest:
    """The digest of ``inputs`` on the service's model (one concurrency slot while it runs).

    Raises:
        InputError: no document could be used (the reasons of the first ones are given),
            or ``since`` is after ``until``.
        ModelLoadingError, ModelNotAvailableError: as ``ModelService.model``.
    """
    if since and until and since > until:
        raise InputError(f"the first day ({since}) is after the last ({until})")
    if not any(item.error == "" for item in inputs):
        raise nothing_to_digest(inputs)
    with service.model() as translator:
        result = digest(
            inputs,
            translator,
            since=since,
            until=until,
            sentences=sentences,
            full_translation=full_translation,
            title=title,
            progress=progress,
        )
    if len(result.skipped) == len(inputs):
        raise nothing_to_digest(inputs, result)
    return result


def nothing_to_digest(inputs: Sequence[DigestInput], result: Digest | None = None) -> InputError:
    reasons = [s.reason for s in result.skipped] if result else [i.error for i in inputs]
    shown = "; ".join(reasons[:3]) + ("; …" if len(reasons) > 3 else "")
    return InputError(f"none of the {len(inputs)} documents could be used: {shown}")


def parse_day(value: str | None, name: str) -> datetime.date | None:
    """A ``YYYY-MM-DD`` field of a form ("" or None: not set).

    Raises:
        InputError: anything else.
    """
    if value is None or not str(value).strip():
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD") from None
