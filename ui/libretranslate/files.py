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
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from translate import TextTooLongError
from ui.libretranslate.params import ApiError, Params
from ui.web.auth import Access, basic_authenticated, check_api_key
from ui.web.filejob import DownloadStore, FileJob, safe_name, supported_formats, translate_upload

logger = logging.getLogger(__name__)

_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Disposition"}


def translate_file_endpoint(service, access: Access, store: DownloadStore):
    """``POST /translate_file`` on ``service``'s model, files kept in ``store``."""
    from ui.libretranslate.router import _json, error_json, read_params

    async def translate_file(request: Request) -> Response:
        try:
            params = await read_params(request)
            check_api_key(access, params.get("api_key"), basic_authenticated(request.scope))
            upload, source, target = _file_params(params, await _form_file(request))
            job = await run_in_threadpool(_translate, service, store, upload, source, target)
            url = str(request.base_url).rstrip("/") + job.download.url_path
            return _json(
                {
                    "translatedFileUrl": url,
                    "flagged": job.flagged,
                    "keptInSource": job.kept_in_source,
                    "notes": list(job.notes),
                }
            )
        except HTTPException:
            raise  # the body limit's 413: answered by the server's own handlers
        except TextTooLongError as exc:
            return _json({"error": str(exc)}, 413)
        except Exception as exc:
            return error_json(request, exc)

    return translate_file


async def _form_file(request: Request) -> UploadFile | None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "multipart/form-data":
        return None
    value = (await request.form()).get("file")  # parsed once: read_params read the form
    return value if isinstance(value, UploadFile) else None


def _file_params(params: Params, upload: UploadFile | None) -> tuple[UploadFile, str, str]:
    """The file, source and target, checked in LibreTranslate's order with its messages."""
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


def _translate(service, store, upload: UploadFile, source: str, target: str) -> FileJob:
    return translate_upload(
        service, store, upload.filename or "", upload.file, source=source, target=target
    )


def download_file_endpoint(store: DownloadStore):
    """``GET /download_file/{filename}``: the file of a live link, as an attachment."""
    from ui.libretranslate.router import _json

    async def download_file(filename: str) -> Response:
        item = store.get(filename.partition(".")[0])
        if item is None:
            message = "Invalid filename: no such file, or its link has expired"
            return _json({"error": message}, 404)
        media = mimetypes.guess_type(item.name)[0] or "application/octet-stream"
        return FileResponse(item.path, media_type=media, filename=item.name, headers=_CORS)

    return download_file
