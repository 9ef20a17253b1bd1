"""The app's Digest tab: several releases (or a .zip) in, one English report out.

The report is the digest's self-contained HTML (every text from a release escaped by
``summarize.digest.html``), shown in an ``<iframe sandbox>`` whose ``srcdoc`` is escaped once
more: no script runs in it (no ``allow-scripts``), it has no access to the page (no
``allow-same-origin``), and its own Content-Security-Policy forbids every request. The HTML,
Markdown and JSON are offered as downloads. The work goes through the server's ModelService
(``ui.web.digest_run``): its limits, its concurrency slots, its request limit.
"""

from __future__ import annotations

import html
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported
import gradio as gr

from summarize.markdown import escape_markdown
from ui.service import ModelService
from ui.web.auth import Access
from ui.web.digest_run import (
    MAX_DOCUMENTS,
    UPLOAD_EXTENSIONS,
    digest_inputs,
    parse_day,
    read_uploads,
    run_digest,
)
from ui.web.events import admit, user_errors
from ui.web.render import write_downloads

#: The outputs of the digest event, in the order the handler returns them.
DIGEST_OUTPUTS = (
    *("digest_summary", "digest_view"),
    *("digest_html_file", "digest_md_file", "digest_json_file"),
)
INTRO = (
    "Upload several releases, or a .zip of them, for **one English report**: one entry per "
    "event (the Kyrgyz and Russian versions of a release become one entry), grouped by date "
    "and issuing body, figures cross-checked between the versions, a table of every figure "
    f"and a chart. Up to {MAX_DOCUMENTS} documents at once; for more, use `kybrief digest`."
)
_FRAME_STYLE = "width:100%;height:75vh;border:1px solid #d0d0d0;border-radius:6px;background:#fff"


def digest_layout(c: dict, max_chars: int) -> None:
    """The tab's components (call inside a ``gr.Tab``), added to ``c`` by name."""
    gr.Markdown(INTRO)
    with gr.Row():
        with gr.Column(scale=3):
            c["digest_files"] = gr.File(
                label=f"Releases ({', '.join(UPLOAD_EXTENSIONS)}; each up to "
                f"{max_chars:,} characters)",
                file_count="multiple",
                file_types=list(UPLOAD_EXTENSIONS),
                type="filepath",
                elem_id="digest-files",
            )
        with gr.Column(scale=1):
            c["digest_since"] = gr.Textbox(
                label="From (YYYY-MM-DD, optional)", max_lines=1, elem_id="digest-since"
            )
            c["digest_until"] = gr.Textbox(
                label="Until (YYYY-MM-DD, optional)", max_lines=1, elem_id="digest-until"
            )
            c["digest_btn"] = gr.Button("Make digest", variant="primary", elem_id="digest-btn")
    c["digest_summary"] = gr.Markdown(elem_id="digest-summary", latex_delimiters=[])
    with gr.Row():
        for kind, label in (("html", "HTML"), ("md", "Markdown"), ("json", "JSON")):
            c[f"digest_{kind}_file"] = gr.DownloadButton(
                f"Download digest ({label})", visible=False, elem_id=f"download-digest-{kind}"
            )
    c["digest_view"] = gr.HTML(elem_id="digest-view")


def wire_digest(c: dict, handlers: DigestHandlers, model: dict) -> None:
    """Connect the Make digest button (``model``: the shared concurrency settings)."""
    c["digest_btn"].click(
        handlers.digest,
        [c["digest_files"], c["digest_since"], c["digest_until"]],
        [c[name] for name in DIGEST_OUTPUTS],
        api_name="ui_digest",
        api_visibility="private",
        **model,
    )


def report_frame(report_html: str) -> str:
    """The report in a sandboxed iframe: ``srcdoc`` escaped, no scripts, no same origin."""
    return (
        f'<iframe sandbox="" referrerpolicy="no-referrer" title="Digest report" '
        f'style="{_FRAME_STYLE}" srcdoc="{html.escape(report_html, quote=True)}"></iframe>'
    )


def summary_markdown(result) -> str:
    """One line about the digest, and every skipped document with its reason (escaped)."""
    count = len(result.entries)
    lines = [
        f"**{count} {'entry' if count == 1 else 'entries'}** from {result.document_count} "
        "documents" + (f" · {len(result.outside)} outside the dates" if result.outside else "")
    ]
    if result.skipped:
        lines += ["", f"**Skipped ({len(result.skipped)}):**", ""]
        lines += [f"- {escape_markdown(s.id)}: {escape_markdown(s.reason)}" for s in result.skipped]
    return "\n".join(lines)


class DigestHandlers:
    """The Digest tab's event on one ``ModelService``.

    Args:
        service: the server's model service (limits, slots, request limit).
        access: the server's credentials (for the client address behind a proxy).
        max_documents: most documents (files or .zip members) of one digest.
    """

    def __init__(
        self,
        service: ModelService,
        access: Access | None = None,
        max_documents: int = MAX_DOCUMENTS,
    ) -> None:
        self.service = service
        self.access = access or Access()
        self.max_documents = max_documents

    def _admit(self, request: gr.Request | None) -> None:
        admit(self.service, self.access, request)

    def digest(
        self,
        files: list[str] | None,
        since: str = "",
        until: str = "",
        request: gr.Request = None,
        progress=gr.Progress(),  # noqa: B008
    ) -> tuple:
        """Outputs: summary, report view, HTML file, Markdown file, JSON file."""
        with user_errors():
            first, last = parse_day(since, "From"), parse_day(until, "Until")
            upload_bytes = self.service.limits.upload_bytes
            self._admit(request)

            def step(done: int, total: int) -> None:
                progress((done, total), desc="Briefing", unit="documents")

            # the uploads are parsed in the digest's model slot: under the same queue
            self.service.translator()  # a model still loading: say so before any parsing
            with self.service.admission.slot():
                docs = read_uploads(list(files or []), upload_bytes, self.max_documents)
                inputs = digest_inputs(self.service, docs)
                result = run_digest(self.service, inputs, since=first, until=last, progress=step)
            report = result.to_html()
            paths = write_downloads(
                {
                    "kybrief-digest.html": report,
                    "kybrief-digest.md": result.to_markdown(),
                    "kybrief-digest.json": result.to_json(),
                }
            )
            buttons = [gr.DownloadButton(value=path, visible=True) for path in paths]
            return (summary_markdown(result), report_frame(report), *buttons)
