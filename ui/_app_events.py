"""The app's event handlers: every failure becomes a readable ``gr.Error``.

Handlers return plain values in the order app.py wires their outputs.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported
import gradio as gr

from translate.errors import KybriefError, ModelNotAvailableError
from ui._app_model import ERROR, LOADING, ModelLoadingError, ModelService, TextTooLongError
from ui._app_ops import run_brief, run_detect, run_translate
from ui._app_render import (
    brief_markdown,
    dates_frame,
    detection_markdown,
    entities_frame,
    figures_frame,
    md_escape,
    translation_frame,
    warnings_markdown,
    write_brief_files,
    write_translation_file,
)
from ui._app_stream import stream_translation
from ui.readers import read_bytes

logger = logging.getLogger(__name__)

#: How long an app request waits for a model that is still loading (a first download).
LOAD_WAIT_S = 900.0


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
    except ModelNotAvailableError as exc:
        raise _error(exc, "Model not available") from exc
    except TextTooLongError as exc:
        raise _error(exc, "Text too long") from exc
    except KybriefError as exc:
        raise _error(exc, "Cannot do that") from exc
    except Exception as exc:
        logger.exception("request failed")
        message = f"Something went wrong ({type(exc).__name__}); the details are in the server log."
        raise gr.Error(message, title="Unexpected error", print_exception=False) from exc


def status_markdown(service: ModelService) -> str:
    """The banner: loading, or why the model is missing and exactly what to do."""
    status = service.status()
    if status.state == LOADING:
        return f"⏳ Loading the translation model **{md_escape(status.model)}**…"
    if status.state == ERROR:
        model = status.model
        return "\n".join(
            [
                "### ⚠ The translation model could not be loaded",
                "",
                md_escape(status.error or ""),
                "",
                f"**What to do:** run `kybrief download --model {model}` once (it needs the "
                "internet; the default model is about 2.5 GB), then restart `kybrief ui`. "
                "To try the app right away, start `kybrief ui --demo`.",
            ]
        )
    return ""


class Handlers:
    """The app's events on one ``ModelService``."""

    def __init__(self, service: ModelService) -> None:
        self.service = service
        self.max_chars = service.settings.max_chars

    def _model(self, progress: gr.Progress | None):
        if not self.service.wait(0) and progress is not None:
            progress(None, desc="Loading the translation model…")
        self.service.wait(LOAD_WAIT_S)

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
            return detection_markdown(run_detect(text, self.max_chars))
        except KybriefError as exc:
            return md_escape(str(exc))

    def upload(self, path: str | None) -> str:
        """The text of an uploaded document."""
        if not path:
            return gr.skip()
        with user_errors():
            file = Path(path)
            return read_bytes(file.name, file.read_bytes())

    def brief(self, text: str, source: str, sentences: int, progress=gr.Progress()) -> tuple:  # noqa: B008
        """Outputs: detected, warnings, brief, figures, entities, dates, translation table,
        translation text, Markdown file, JSON file, tab."""
        with user_errors():
            detected = detection_markdown(run_detect(text, self.max_chars))
            self._model(progress)

            def step(done: int, total: int) -> None:
                progress((done, total), desc="Translating", unit="sentences")

            result = run_brief(
                self.service, text, source=source, sentences=int(sentences), progress=step
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

    def translate(self, text: str, source: str, target: str, progress=gr.Progress()) -> Iterator:  # noqa: B008
        """Stream the translation. Outputs: detected, table, text, JSON file, tab."""
        with user_errors():
            detected = detection_markdown(run_detect(text, self.max_chars))
            self._model(progress)
            translator = self.service.get(0)
            hidden = gr.DownloadButton(visible=False)
            tab = gr.Tabs(selected="translation")
            with self.service.slot():
                for step in stream_translation(translator, text, source, target):
                    progress((step.done, step.total), desc="Translating", unit="sentences")
                    doc = step.document
                    table, joined = translation_frame(doc), doc.translation
                    if not step.finished:
                        yield detected, table, joined, hidden, tab
            path = write_translation_file(doc)
            yield detected, table, joined, gr.DownloadButton(value=path, visible=True), tab

    # -- the named API endpoints (gradio_client): the text first, every other input defaulted

    def api_brief(
        self, text: str, source: str = "auto", sentences: int = 3, full_translation: bool = True
    ) -> dict:
        """The English brief of a press release, as JSON (Brief.to_dict())."""
        with user_errors():
            self.service.wait(LOAD_WAIT_S)
            result = run_brief(
                self.service,
                text,
                source=source,
                sentences=int(sentences),
                full_translation=bool(full_translation),
            )
            return result.to_dict()

    def api_translate(self, text: str, source: str = "auto", target: str = "en") -> dict:
        """The sentence-aligned translation of a text (TranslatedDocument.to_dict())."""
        with user_errors():
            self.service.wait(LOAD_WAIT_S)
            return run_translate(self.service, text, source=source, target=target).to_dict()

    def api_detect(self, text: str) -> dict:
        """The language of a text and of each paragraph."""
        with user_errors():
            return run_detect(text, self.max_chars).to_dict()
