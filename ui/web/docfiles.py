"""The app's document translation: upload a document on the Translate side, download it
translated in its own format (a .pdf comes back as .docx: its layout is not kept).

The work is ``ui.web.filejob.translate_upload``, as for ``/api/v1/translate_file`` and
LibreTranslate's ``/translate_file``: the same upload limit, request limit, concurrency slots
and temporary files. The page says how many sentences were flagged (they are marked inside the
document) and how many paragraphs were kept in the source language.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported

import gradio as gr

from summarize.markdown import escape_markdown
from translate import LANGUAGE_NAMES, InputError
from ui.glossary import upload_glossary
from ui.service import ModelService
from ui.web.auth import Access
from ui.web.events import admit, user_errors
from ui.web.filejob import DownloadStore, FileJob, supported_formats, translate_upload

#: The outputs of the document event, in the order the handler returns them.
DOCUMENT_OUTPUTS = ("doc_report", "doc_download", "tabs")
_SHOWN_KEPT = 10


def document_inputs(c: dict) -> None:
    """The document upload and its button (on the Translate side of the inputs)."""
    formats = supported_formats()
    c["doc_file"] = gr.File(
        label="…or translate a document, keeping its format: " + ", ".join(formats),
        file_types=formats,
        type="filepath",
        elem_id="doc-file",
    )
    c["doc_btn"] = gr.Button("Translate document", elem_id="translate-doc-btn")


def document_results(c: dict) -> None:
    """The report and the download of a translated document (in the Translation tab)."""
    c["doc_report"] = gr.Markdown(elem_id="doc-report", latex_delimiters=[])
    c["doc_download"] = gr.DownloadButton(
        "Download the translated document", visible=False, elem_id="download-doc"
    )


def wire_documents(c: dict, handlers: DocumentHandlers, model: dict) -> None:
    """Connect the button; the event shares the model events' concurrency limit."""
    c["doc_btn"].click(
        handlers.translate,
        [c["doc_file"], c["source"], c["target"], c["glossary"]],
        [c[name] for name in DOCUMENT_OUTPUTS],
        api_name="ui_translate_document",
        api_visibility="private",
        **model,
    )


def report_markdown(job: FileJob, target: str) -> str:
    """What the page says about a translated document: names, counts, notes."""
    lines = [
        f"**{escape_markdown(job.source_name)}** → **{escape_markdown(job.download.name)}** "
        f"({escape_markdown(LANGUAGE_NAMES.get(target, target))})",
        "",
    ]
    if job.flagged:
        lines.append(
            f"- ⚠ {job.flagged} flagged sentence{'s' if job.flagged != 1 else ''}: "
            f"marked inside the document; check {'them' if job.flagged != 1 else 'it'} "
            "against the source"
        )
    else:
        lines.append("- No sentence flagged")
    if job.kept_in_source:
        lines.append(
            f"- ⚠ {job.kept_in_source} paragraph{'s' if job.kept_in_source != 1 else ''} "
            "kept in the source language:"
        )
        for kept in job.kept[:_SHOWN_KEPT]:
            lines.append(
                f"    - {escape_markdown(kept.where)}: {escape_markdown(kept.reason)} "
                f"(“{escape_markdown(kept.text[:80])}”)"
            )
        if job.kept_in_source > _SHOWN_KEPT:
            lines.append(f"    - … and {job.kept_in_source - _SHOWN_KEPT} more")
    lines.extend(f"- {escape_markdown(note)}" for note in job.notes)
    return "\n".join(lines)


class DocumentHandlers:
    """The document event on one ``ModelService`` and the server's download store."""

    def __init__(
        self, service: ModelService, access: Access | None, downloads: DownloadStore
    ) -> None:
        self.service = service
        self.access = access or Access()
        self.downloads = downloads

    def translate(
        self,
        path: str | None,
        source: str,
        target: str,
        glossary: str | None = None,
        request: gr.Request = None,
        progress=gr.Progress(),  # noqa: B008
    ) -> tuple:
        """Outputs: the report, the download button, the tab."""
        with user_errors():
            if not path:
                raise InputError("choose a document to translate first")
            admit(self.service, self.access, request)

            def step(done: int, total: int) -> None:
                progress((done, total), desc="Translating", unit="sentences")

            with open(path, "rb") as upload:
                job = translate_upload(
                    self.service,
                    self.downloads,
                    os.path.basename(path),
                    upload,
                    source=source,
                    target=target,
                    glossary=upload_glossary(glossary),
                    progress=step,
                )
            button = gr.DownloadButton(
                f"Download {job.download.name}", value=str(job.download.path), visible=True
            )
            return report_markdown(job, target), button, gr.Tabs(selected="translation")
