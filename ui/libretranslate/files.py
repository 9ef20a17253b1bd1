"""LibreTranslate's file translation: ``POST /translate_file`` and ``GET /download_file/<name>``.

As LibreTranslate: a multipart form with ``file``, ``source``, ``target`` and ``api_key``; the
answer is ``{"translatedFileUrl": "http://host/download_file/<token>.<name>"}``, and a plain GET
of that URL (no key: LibreTranslate's web page opens it as a link) sends the file as an
attachment named ``<name>`` (``release_en.docx``, LibreTranslate's naming). The checks run in
LibreTranslate's order with its messages. kybrief adds what its clients ignore: ``flagged``
(sentences flagged), ``keptInSource`` (paragraphs left in the source language) and ``notes``
(e.g. that a PDF's layout is not kept).

Unlike LibreTranslate, the link is unguessable (192 random bits, not a name) and expires (10
minutes); the upload is deleted once translated, and the served name comes from the server's
own record, never from the URL.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import PurePosixPath

from fastapi import Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import UploadFile

from ui.libretranslate.params import ApiError, Params
from ui.web.filejob import DownloadStore, FileJob, safe_name, supported_formats, translate_upload

logger = logging.getLogger(__name__)

_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Disposition"}


async def file_params(request: Request, params: Params) -> tuple[UploadFile, str, str]:
    """The file, source and target of ``POST /translate_file``, checked in LibreTranslate's
    order with its messages (``params``: the request's other fields, ``read_params``).

    Raises:
        ApiError: 400 with LibreTranslate's message.
    """
    upload = await _form_file(request)
    if upload is None:
        raise ApiError(400, "Invalid request: missing file parameter")
    source, target = params.get_str("source"), params.get_str("target")
    for name, value in (("source", source), ("target", target)):
        if not value:
            raise ApiError(400, f"Invalid request: missing {name} parameter")
    if not upload.filename:
        raise ApiError(400, "Invalid request: empty file")
    if PurePosixPath(safe_name(upload.filename)).suffix.lower() not in supported_formats():
        raise ApiError(400, "Invalid request: file format not supported")
    if source != "auto":
        params.language(source)
    params.language(target)
    return upload, source, target


async def _form_file(request: Request) -> UploadFile | None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "multipart/form-data":
        return None
    value = (await request.form()).get("file")  # parsed once: read_params read the form
    return value if isinstance(value, UploadFile) else None


def translate_job(service, store, upload: UploadFile, source: str, target: str) -> FileJob:
    """Translate the upload (in a worker thread: it runs the model)."""
    return translate_upload(
        service, store, upload.filename or "", upload.file, source=source, target=target
    )


def file_answer(request: Request, job: FileJob) -> dict[str, object]:
    """LibreTranslate's answer (an absolute ``translatedFileUrl``) and kybrief's counts."""
    return {
        "translatedFileUrl": str(request.base_url).rstrip("/") + job.download.url_path,
        "flagged": job.flagged,
        "keptInSource": job.kept_in_source,
        "notes": list(job.notes),
    }


def download_response(store: DownloadStore, filename: str) -> Response | None:
    """The file of a live link ``<token>.<name>`` as an attachment; None when there is none
    (an unknown or expired token; the name part of the URL is never used)."""
    item = store.get(filename.partition(".")[0])
    if item is None:
        return None
    media = mimetypes.guess_type(item.name)[0] or "application/octet-stream"
    return FileResponse(item.path, media_type=media, filename=item.name, headers=_CORS)
