"""The plain JSON API: ``POST /api/v1/brief``, ``/api/v1/translate``, ``/api/v1/detect``,
``/api/v1/digest``, ``/api/v1/translate_file`` (a multipart upload; JSON with a download link),
``GET /healthz``.

Errors are ``{"error": "..."}`` with a 4xx/5xx status: 400 bad input (empty text, unknown
language), 403 a missing or wrong API key, 413 text over the limit, 422 malformed JSON or a wrong
field, 429 over --req-limit, 503 model not loaded (yet), 500 anything unexpected (no details: they
go to the server log).

With API keys configured, send one as ``X-API-Key: KEY``, ``Authorization: Bearer KEY`` or
``?api_key=KEY``.
"""

from __future__ import annotations

import datetime
import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from translate import KybriefError, ModelNotAvailableError, TextTooLongError
from ui.admission import ServerBusyError, run_admitted
from ui.glossary import request_glossary
from ui.limits import RateLimitError
from ui.service import ModelLoadingError, ModelService, detect
from ui.web.auth import Access, AccessError, basic_authenticated, check_api_key
from ui.web.digest_run import MAX_DOCUMENTS
from ui.web.filejob import DownloadStore, translate_upload

logger = logging.getLogger(__name__)

TEXT_DOC = "the press release (Kyrgyz, Russian or English), plain text"
SOURCE_DOC = 'source language: "ky", "ru", "en", or "auto" to detect it per paragraph'


GLOSSARY_DOC = (
    "this request's glossary, added to the server's: a list of {source, english, kind?, "
    "alternatives?} items, or TSV/CSV text (source<TAB>English per line); false: the model's "
    "English as it is, no names written officially nor checked"
)


class GlossaryItem(BaseModel):
    """One entry of a request's glossary (see the README, "Names and glossaries")."""

    source: str = Field(description="the Kyrgyz or Russian term (Министрлер Кабинети)")
    english: str = Field(description="its English (Cabinet of Ministers)")
    kind: Literal["person", "place", "org", "term"] | None = Field(
        None, description="person, place, org or term (default: guessed)"
    )
    alternatives: list[str] = Field([], description="English renderings to replace")


GlossaryField = list[GlossaryItem] | str | bool | None
FILE_DOC = "the document: .docx, .odt, .pptx, .html, .md, .srt, .txt or .pdf"
VERIFY_DOC = (
    "the meaning check: translate the English back with the same model and flag 'meaning' "
    "where it shares little with the source (each checked sentence gets round_trip, 0-1): "
    "in a brief the headline, summary and key points, in a translation every sentence"
)


class BriefRequest(BaseModel):
    """Body of ``POST /api/v1/brief``."""

    text: str = Field(description=TEXT_DOC)
    source: str = Field("auto", description=SOURCE_DOC)
    sentences: int = Field(3, ge=1, le=20, description="sentences in the summary")
    full_translation: bool = Field(True, description="include the sentence-aligned translation")
    glossary: GlossaryField = Field(None, description=GLOSSARY_DOC)
    verify: bool = Field(True, description=VERIFY_DOC + " (default on for briefs)")


class TranslateRequest(BaseModel):
    """Body of ``POST /api/v1/translate``."""

    text: str = Field(description=TEXT_DOC)
    source: str = Field("auto", description=SOURCE_DOC)
    target: str = Field("en", description='target language: "en", "ru" or "ky"')
    glossary: GlossaryField = Field(None, description=GLOSSARY_DOC)
    verify: bool = Field(False, description=VERIFY_DOC + " (default off for translations)")


class DetectRequest(BaseModel):
    """Body of ``POST /api/v1/detect``."""

    text: str = Field(description=TEXT_DOC)


class DigestDocument(BaseModel):
    """One release of ``POST /api/v1/digest``."""

    text: str = Field(description=TEXT_DOC)
    id: str = Field("", description="its id or file name (default document-N)")
    date: datetime.date | None = Field(None, description="its date, when it has no dateline")


class DigestRequest(BaseModel):
    """Body of ``POST /api/v1/digest``."""

    documents: list[DigestDocument] = Field(min_length=1, max_length=MAX_DOCUMENTS)
    since: datetime.date | None = Field(None, description="only releases of this day or later")
    until: datetime.date | None = Field(None, description="only releases up to this day")
    sentences: int = Field(3, ge=1, le=20, description="sentences in each summary")
    full_translation: bool = Field(True, description="translate every sentence (else fast)")
    format: Literal["json", "html", "md"] = Field("json", description="what to return")


_DIGEST_MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


def error_response(exc: Exception) -> JSONResponse:
    """The JSON error for an exception raised while serving a request."""
    if isinstance(exc, TextTooLongError):
        return JSONResponse({"error": str(exc)}, status_code=413)
    if isinstance(exc, AccessError):
        return JSONResponse({"error": str(exc)}, status_code=exc.status)
    if isinstance(exc, RateLimitError):
        return JSONResponse({"error": str(exc)}, status_code=429, headers={"Retry-After": "60"})
    if isinstance(exc, ServerBusyError):
        headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"error": str(exc)}, status_code=503, headers=headers)
    if isinstance(exc, ModelLoadingError):
        return JSONResponse({"error": str(exc)}, status_code=503, headers={"Retry-After": "5"})
    if isinstance(exc, ModelNotAvailableError):
        return JSONResponse({"error": str(exc)}, status_code=503)
    if isinstance(exc, KybriefError):
        return JSONResponse({"error": str(exc)}, status_code=400)
    logger.error("request failed", exc_info=exc)
    # The type says what kind of failure it was; the message (paths, data) stays in the log.
    name = type(exc).__name__
    return JSONResponse({"error": f"internal error ({name}); see the server log"}, status_code=500)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return "the request body is not valid JSON"
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Every error of the JSON API as ``{"error": ...}``."""

    async def on_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_message(exc)}, status_code=422)

    async def on_http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    async def on_kybrief(_request: Request, exc: KybriefError) -> JSONResponse:
        return error_response(exc)

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(KybriefError, on_kybrief)


def api_key_of(request: Request) -> str | None:
    """The API key a JSON API request sent (header, bearer token or query), or None."""
    key = request.headers.get("x-api-key")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if not key and scheme.lower() == "bearer":
        key = token.strip()
    return key or request.query_params.get("api_key")


def build_api_router(
    service: ModelService,
    access: Access | None = None,
    downloads: DownloadStore | None = None,
) -> APIRouter:
    """The ``/api/v1`` endpoints and ``/healthz`` on ``service``'s model; translated files
    wait in ``downloads`` (the server's, shared with LibreTranslate's routes)."""
    access = access or Access()
    downloads = downloads if downloads is not None else DownloadStore()

    def authorized(request: Request) -> None:
        check_api_key(access, api_key_of(request), basic_authenticated(request.scope))

    router = APIRouter()
    errors = {code: {"description": text} for code, text in _ERROR_DOCS.items()}
    api = {"tags": ["kybrief"], "responses": errors, "dependencies": [Depends(authorized)]}

    async def admitted(request: Request, fn, **kwargs) -> Response:
        # Waits for a model slot on the event loop (no thread held; a client that goes away
        # leaves the queue), then runs in a model thread, JSON included: see ui.admission.
        def work() -> Response:
            result = fn(**kwargs)
            return result if isinstance(result, Response) else JSONResponse(result.to_dict())

        try:
            return await run_admitted(service, work, disconnected=request.is_disconnected)
        except ServerBusyError as exc:  # answered here: the cheapest way out of a busy loop
            return error_response(exc)

    @router.post("/api/v1/brief", response_model=dict, **api)
    async def api_brief(body: BriefRequest, request: Request) -> Response:
        """The English brief of a release: headline, summary, key points, figures, dates,
        entities, figure-guard warnings and (by default) the sentence-aligned translation."""
        text = service.check_text(body.text)  # a bad text is refused before it queues
        return await admitted(
            request,
            service.brief,
            text=text,
            source=body.source,
            sentences=body.sentences,
            full_translation=body.full_translation,
            glossary=_glossary(body.glossary),
            verify=body.verify,
        )

    @router.post("/api/v1/translate", response_model=dict, **api)
    async def api_translate(body: TranslateRequest, request: Request) -> Response:
        """The sentence-aligned translation of a text, paragraph by paragraph."""
        text = service.check_text(body.text)
        return await admitted(
            request,
            service.translate,
            text=text,
            source=body.source,
            target=body.target,
            glossary=_glossary(body.glossary),
            verify=body.verify,
        )

    # `def` endpoints without the model: FastAPI runs them in its thread pool.

    @router.post("/api/v1/detect", **api)
    def api_detect(body: DetectRequest) -> dict:
        """The language of a text and of each of its paragraphs (no model needed)."""
        return detect(service.check_text(body.text)).to_dict()

    @router.post("/api/v1/digest", **api)
    async def api_digest(body: DigestRequest, request: Request):
        """One English report of many releases: an entry per event (versions merged), figures
        cross-checked; ``Digest.to_dict()``, or the HTML / Markdown report (``format``).
        Documents that cannot be used are listed in ``skipped`` with the reason."""
        from ui.documents import InputDocument
        from ui.web.digest_run import digest_inputs, run_digest

        docs = [
            InputDocument(d.id or f"document-{n}", d.text, date=d.date)
            for n, d in enumerate(body.documents, 1)
        ]

        def report() -> Response:
            result = run_digest(
                service,
                digest_inputs(service, docs),
                since=body.since,
                until=body.until,
                sentences=body.sentences,
                full_translation=body.full_translation,
            )
            if body.format == "json":
                return JSONResponse(result.to_dict())
            text = result.to_html() if body.format == "html" else result.to_markdown()
            return Response(text, media_type=_DIGEST_MEDIA[body.format])

        return await admitted(request, report)

    @router.post("/api/v1/translate_file", **api)
    async def api_translate_file(
        request: Request,
        file: Annotated[UploadFile, File(description=FILE_DOC)],
        source: Annotated[str, Form(description=SOURCE_DOC)] = "auto",
        target: Annotated[str, Form(description='target language: "en", "ru" or "ky"')] = "en",
        marks: Annotated[bool, Form(description="mark flagged sentences in the document")] = True,
        glossary: Annotated[str | None, Form(description="the request's glossary (TSV)")] = None,
    ) -> dict:
        """Translate a document into the same format (a .pdf becomes .docx, see ``notes``).
        The answer is JSON: the counts (``flagged`` sentences, paragraphs ``kept_in_source``),
        ``notes``, ``file_name`` and ``download_url``, a link that works for 10 minutes."""
        own = request_glossary(glossary)
        base = str(request.base_url).rstrip("/")

        def work() -> dict:  # the upload is read and parsed inside the model slot
            job = translate_upload(
                service,
                downloads,
                file.filename or "",
                file.file,
                source=source,
                target=target,
                marks=marks,
                glossary=own,
            )
            return {**job.to_dict(), "download_url": base + job.download.url_path}

        try:
            return await run_admitted(service, work, disconnected=request.is_disconnected)
        except ServerBusyError as exc:
            return error_response(exc)

    @router.get("/healthz", tags=["kybrief"])
    async def healthz() -> JSONResponse:
        """Model state: 200 when ready; 503 while loading or when loading failed. Answered on
        the event loop, never behind model work."""
        status = service.status()
        return JSONResponse(status.to_dict(), status_code=200 if status.loaded else 503)

    return router


def _glossary(value):
    """A request's glossary field as ``ui.glossary.request_glossary`` reads it."""
    if isinstance(value, list):
        value = [item.model_dump() for item in value]
    return request_glossary(value)


_ERROR_DOCS = {
    400: 'bad input: empty text, unknown language — `{"error": "..."}`',
    403: "a missing or wrong API key (when the server has keys)",
    413: "the text is over the server's --max-chars limit, or the file over the upload limit",
    422: "the body is not valid JSON, or a field has the wrong type",
    429: "over the server's --req-limit (requests per client per minute)",
    503: "the model is still loading or could not be loaded, or the server is busy (no model "
    "slot within --queue-timeout, or --max-queue requests wait): see Retry-After",
}
