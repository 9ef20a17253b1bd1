"""The app's event handlers: every failure becomes a readable ``gr.Error``.

Handlers return plain values in the order app.py wires their outputs. They go through the
server's ``ModelService`` like every other route: its text limit, concurrency slots and request
limit, and a model that is still loading is a message at once (the page's banner says when it is
ready), never a request left waiting for minutes.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported
import gradio as gr
from gradio.context import LocalContext

from summarize.markdown import escape_markdown
from translate import InputError, KybriefError, ModelNotAvailableError, TextTooLongError
from ui.admission import ServerBusyError
from ui.documents import read_bytes
from ui.glossary import upload_glossary
from ui.limits import RateLimitError
from ui.service import ERROR, LOADING, ModelLoadingError, ModelService, detect
from ui.web.auth import Access, forwarded_address
from ui.web.render import (
    brief_markdown,
    dates_frame,
    detection_markdown,
    entities_frame,
    figures_frame,
    translation_frame,
    warnings_markdown,
    write_brief_files,
    write_translation_file,
)
from ui.web.stream import stream_translation

logger = logging.getLogger(__name__)


def _error(exc: Exception, title: str) -> gr.Error:
    # Gradio shows the message as (sanitized) HTML: escape it, so a file name or a piece of
    # the text in a message is shown as written.
    return gr.Error(html.escape(str(exc), quote=False), title=title, print_exception=False)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn any exception into a ``gr.Error`` a person can read (the log keeps tracebacks)."""
    try:
        yield
    except gr.Error:
        raise
    except ModelLoadingError as exc:
        raise _error(exc, "The model is still loading") from exc
    except RateLimitError as exc:
        raise _error(exc, "Too many requests") from exc
    except ServerBusyError as exc:
        raise _error(exc, "The server is busy") from exc
    except ModelNotAvailableError as exc:
        raise _error(exc, "Model not available") from exc
    except TextTooLongError as exc:
        raise _error(exc, "Text too long") from exc
    except KybriefError as exc:
        raise _error(exc, "Cannot do that") from exc
    except Exception as exc:
        logger.exception("request failed")  # the log gets the details, the page does not
        message = f"Something went wrong ({type(exc).__name__}); the details are in the server log."
        raise gr.Error(message, title="Unexpected error", print_exception=False) from exc


def admit(service: ModelService, access: Access, request: gr.Request | None) -> None:
    """Count a model request of the app's client against ``--req-limit``.

    Raises:
        RateLimitError: the client is over the limit.
    """
    if request is None:  # called directly (tests), not through a server
        return
    forwarded = request.headers.getlist("x-forwarded-for") if request.headers else []
    peer = request.client.host if request.client else None
    service.admit(forwarded_address(forwarded, peer, access.behind_proxy))


def gradio_event_departure() -> Callable[[], bool] | None:
    """In a thread running a Gradio event: a check that says whether its client went away.

    Gradio marks the events it runs as given up (``alive = False``) when the event stream of
    their browser or ``gradio_client`` disconnects; the check reads that mark, so an event
    waiting for a model slot leaves the queue (``ui.admission``). Outside an event: None.
    """
    queue = getattr(LocalContext.blocks.get(None), "_queue", None)
    event_id = LocalContext.event_id.get(None)
    if queue is None or event_id is None:
        return None

    def gone() -> bool:
        for jobs in list(getattr(queue, "active_jobs", ())):
            for job in jobs or ():
                if getattr(job, "_id", None) == event_id:
                    return not getattr(job, "alive", True)
        return False  # not (or no longer) running: nothing to tell

    return gone


def check_upload_size(path: Path, limit: int) -> None:
    """Refuse an uploaded file over ``limit`` bytes (the server's upload limit).

    Raises:
        InputError: the file is larger.
    """
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{path.name} is {size:,} bytes; the limit of an upload is {limit:,}")


def status_markdown(service: ModelService) -> str:
    """The banner: loading, or why the model is missing and exactly what to do."""
    status = service.status()
    if status.state == LOADING:
        return f"⏳ Loading the translation model **{escape_markdown(status.model)}**…"
    if status.state == ERROR:
        model = status.model
        return "\n".join(
            [
                "### ⚠ The translation model could not be loaded",
                "",
                escape_markdown(status.error or ""),
                "",
                f"**What to do:** run `kybrief download --model {model}` once (it needs the "
                "internet; the default model is about 2.5 GB), then restart `kybrief ui`. "
                "To try the app right away, start `kybrief ui --demo`.",
            ]
        )
    return ""


class Handlers:
    """The app's events on one ``ModelService``."""

    def __init__(self, service: ModelService, access: Access | None = None) -> None:
        self.service = service
        self.access = access or Access()
        self.max_chars = service.limits.max_chars

    def _admit(self, request: gr.Request | None) -> None:
        admit(self.service, self.access, request)

    def status(self) -> tuple[gr.Markdown, gr.Timer]:
        """Banner text and whether to keep polling (only while loading)."""
        text = status_markdown(self.service)
        loading = self.service.status().state == LOADING
        return gr.Markdown(text, visible=bool(text)), gr.Timer(active=loading)

    def detect(self, text: str) -> str:
        """The detected language line under the text box ("" for no text)."""
        if not text or not text.strip():
            return ""
        try:
            return detection_markdown(detect(self.service.check_text(text)))
        except KybriefError as exc:
            return escape_markdown(str(exc))

    def upload(self, path: str | None, request: gr.Request = None) -> str:
        """The text of an uploaded document, read under the limits of a model request: the
        size limit, --req-limit, and a model slot (parsing a PDF is heavy work too)."""
        if not path:
            return gr.skip()
        with user_errors():
            file = Path(path)
            check_upload_size(file, self.service.limits.upload_bytes)
            self._admit(request)
            with self.service.admission.slot():
                return read_bytes(file.name, file.read_bytes())

    def brief(
        self,
        text: str,
        source: str,
        sentences: int,
        glossary: str | None = None,
        request: gr.Request = None,
        progress=gr.Progress(),  # noqa: B008
    ) -> tuple:
        """Outputs: detected, warnings, brief, figures, entities, dates, translation table,
        translation text, Markdown file, JSON file, tab."""
        with user_errors():
            detected = detection_markdown(detect(self.service.check_text(text)))
            self._admit(request)

            def step(done: int, total: int) -> None:
                progress((done, total), desc="Translating", unit="sentences")

            result = self.service.brief(
                text,
                source=source,
                sentences=int(sentences),
                progress=step,
                glossary=upload_glossary(glossary),
            )
            md_path, json_path = write_brief_files(result)
            return (
                detected,
                warnings_markdown(result),
                brief_markdown(result),
                figures_frame(result.figures),
                entities_frame(result.entities),
                dates_frame(result.dates),
                translation_frame(result.translation),
                "" if result.translation is None else result.translation.translation,
                gr.DownloadButton(value=md_path, visible=True),
                gr.DownloadButton(value=json_path, visible=True),
                gr.Tabs(selected="brief"),
            )

    def translate(
        self,
        text: str,
        source: str,
        target: str,
        glossary: str | None = None,
        verify: bool = False,
        request: gr.Request = None,
        progress=gr.Progress(),  # noqa: B008
    ) -> Iterator:
        """Stream the translation (with ``verify``, each chunk's meaning check too). Outputs:
        detected, table, text, JSON file, tab.

        A model slot is held for one chunk at a time, never across a ``yield``: when the
        browser goes away mid-stream, the slot is already free.
        """
        with user_errors():
            detected = detection_markdown(detect(self.service.check_text(text)))
            self._admit(request)
            hidden = gr.DownloadButton(visible=False)
            tab = gr.Tabs(selected="translation")
            own = upload_glossary(glossary)
            steps = stream_translation(self.service, text, source, target, own, bool(verify))
            for step in steps:
                progress((step.done, step.total), desc="Translating", unit="sentences")
                doc = step.document
                table, joined = translation_frame(doc), doc.translation
                if not step.finished:
                    yield detected, table, joined, hidden, tab
            path = write_translation_file(doc)
            yield detected, table, joined, gr.DownloadButton(value=path, visible=True), tab

    # -- the named API endpoints (gradio_client): the text first, every other input defaulted

    def api_brief(
        self,
        text: str,
        source: str = "auto",
        sentences: int = 3,
        full_translation: bool = True,
        request: gr.Request = None,
    ) -> dict:
        """The English brief of a press release, as JSON (Brief.to_dict()), with the meaning
        check of its headline, summary and key points (no argument turns it off: Gradio's
        HTTP API needs every argument, and a new one would break the clients of the old)."""
        with user_errors():
            self._admit(request)
            result = self.service.brief(
                text,
                source=source,
                sentences=int(sentences),
                full_translation=bool(full_translation),
            )
            return result.to_dict()

    def api_translate(
        self,
        text: str,
        source: str = "auto",
        target: str = "en",
        verify: bool = False,
        request: gr.Request = None,
    ) -> dict:
        """The sentence-aligned translation of a text (TranslatedDocument.to_dict());
        ``verify``: the meaning check on every sentence."""
        with user_errors():
            self._admit(request)
            doc = self.service.translate(text, source=source, target=target, verify=bool(verify))
            return doc.to_dict()

    def api_detect(self, text: str, request: gr.Request = None) -> dict:
        """The language of a text and of each paragraph."""
        with user_errors():
            self._admit(request)
            return detect(self.service.check_text(text)).to_dict()
