"""The Gradio app: paste or upload a release, get an English brief and a translation.

``build_app`` lays out the page and wires the events; the work is in ``ui.web.events``
(handlers), ``ui.service`` (the model service every route shares) and ``ui.web.render``
(escaped Markdown, tables, downloads). Named API endpoints for ``gradio_client``:
``/brief``, ``/translate`` and ``/detect``.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported

from pathlib import Path

import gradio as gr

from translate import LANGUAGE_NAMES
from ui.documents import ALLOWED_EXTENSIONS
from ui.glossary import GLOSSARY_EXTENSIONS
from ui.service import LOADING, ModelService
from ui.web.auth import Access
from ui.web.digest import DigestHandlers, digest_layout, wire_digest
from ui.web.docfiles import DocumentHandlers, document_inputs, document_results, wire_documents
from ui.web.events import Handlers, gradio_event_departure, status_markdown
from ui.web.filejob import DOWNLOAD_TTL_S, DownloadStore
from ui.web.render import (
    DATE_HEADERS,
    ENTITY_HEADERS,
    FIGURE_HEADERS,
    TRANSLATION_HEADERS,
)

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
TITLE = "kybrief: English briefs of Kyrgyz press releases"
INTRO = (
    "# kybrief\n"
    "Paste a Kyrgyz, Russian or English press release (or upload a file), then make an "
    "**English brief**: headline, summary, key figures, names and dates, each figure checked "
    "against the translation. The **Translate** button gives a sentence-by-sentence "
    "translation into English, Russian or Kyrgyz."
)
DEMO_NOTE = (
    "**Demo model.** This app runs kybrief's tiny demo model: it only knows the two sample "
    "releases below. Any other text gives nonsense. For real translations run "
    "`kybrief download` once, then `kybrief ui`."
)
SOURCE_CHOICES = [("Detect automatically", "auto")] + [(n, c) for c, n in LANGUAGE_NAMES.items()]
TARGET_CHOICES = [(LANGUAGE_NAMES[c], c) for c in ("en", "ru", "ky")]
#: The outputs of the brief and translate events, in the order the handlers return them.
BRIEF_OUTPUTS = (
    *("detected", "warnings", "brief", "figures", "entities", "dates"),
    *("pairs", "translation", "md_file", "json_file", "tabs"),
)
TRANSLATE_OUTPUTS = ("detected", "pairs", "translation", "translation_file", "tabs")
MODEL_EVENTS = "model"  # the brief and translate events share one concurrency limit


def load_examples() -> tuple[list[list[str]], list[str]]:
    """The bundled sample releases (ui/examples/*.txt) and a label for each."""
    examples, labels = [], []
    for number, path in enumerate(sorted(EXAMPLES_DIR.glob("*.txt")), start=1):
        text = path.read_text(encoding="utf-8").strip()
        words = " ".join(text.split()[:6])
        examples.append([text])
        labels.append(f"Sample release {number}: {words}…")
    return examples, labels


def build_app(
    service: ModelService,
    *,
    access: Access | None = None,
    downloads: DownloadStore | None = None,
) -> gr.Blocks:
    """The kybrief Gradio app.

    Args:
        service: the model service it shares with the server's other routes (its limits:
            text size, concurrency, request limit).
        access: the server's credentials (for the client address behind a proxy).
        downloads: where translated documents wait (the server's; a new one when None).

    Returns:
        The Blocks, queued; mount it with ``ui.server.build_server``.
    """
    service.start()
    limits = service.limits
    # Gradio passes the model events on to the server's admission queue (ui.admission), which
    # bounds their number and their wait like every other route's; Gradio's own queue only
    # holds what would be refused there anyway.
    admitted = limits.concurrency + limits.max_queue
    # An event whose browser went away leaves the admission queue as an HTTP request does.
    service.admission.departure = gradio_event_departure
    handlers = Handlers(service, access or Access())
    store = downloads if downloads is not None else DownloadStore()
    documents = DocumentHandlers(service, access, store)
    # Gradio's copies of uploads and downloads are deleted as our own files are: their links
    # expire (checked every DOWNLOAD_TTL_S, so a file lives at most twice that long).
    with gr.Blocks(
        title=TITLE, analytics_enabled=False, delete_cache=(DOWNLOAD_TTL_S, DOWNLOAD_TTL_S)
    ) as demo:
        ui = _layout(service)
        _wire(demo, ui, handlers, admitted)
        wire_documents(ui, documents, _model_events(admitted))
    # The app's own threads (not the pool of the other routes): the admitted model events,
    # which wait for a slot in them, and room for the quick events. (Gradio shares the
    # server's pool when this is exactly 40.)
    threads = admitted + 16
    demo.max_threads = threads + (threads == 40)
    demo.queue(default_concurrency_limit=limits.concurrency, max_size=max(admitted, 1))
    return demo


def _layout(service: ModelService) -> dict:
    """The components, by name."""
    c: dict = {}
    text = status_markdown(service)
    c["banner"] = gr.Markdown(text, visible=bool(text), elem_id="banner", latex_delimiters=[])
    c["timer"] = gr.Timer(1.0, active=service.status().state == LOADING)
    gr.Markdown(INTRO)
    if service.demo:
        gr.Markdown(DEMO_NOTE, elem_id="demo-note")
    _inputs(c, service)
    examples, labels = load_examples()
    gr.Examples(examples, [c["text"]], label="Sample releases: click one", example_labels=labels)
    _results(c, service)
    return c


def _inputs(c: dict, service: ModelService) -> None:
    """The text box, the upload and the options."""
    with gr.Row():
        with gr.Column(scale=3):
            c["text"] = gr.Textbox(
                label=f"Press release (up to {service.limits.max_chars:,} characters)",
                lines=10,
                max_lines=20,
                placeholder="Paste the text of a release here…",
                elem_id="text",
            )
            c["detected"] = gr.Markdown(elem_id="detected", latex_delimiters=[])
        with gr.Column(scale=1):
            c["upload"] = gr.File(
                label="…or upload " + ", ".join(ALLOWED_EXTENSIONS),
                file_types=list(ALLOWED_EXTENSIONS),
                type="filepath",
                elem_id="upload",
            )
            c["glossary"] = gr.File(
                label="Glossary (optional): official English of names and terms, .tsv or .csv",
                file_types=list(GLOSSARY_EXTENSIONS),
                type="filepath",
                elem_id="glossary",
            )
            c["source"] = gr.Dropdown(SOURCE_CHOICES, value="auto", label="Source language")
            c["sentences"] = gr.Slider(1, 8, value=3, step=1, label="Summary sentences")
            c["target"] = gr.Dropdown(TARGET_CHOICES, value="en", label="Translate into")
            c["verify"] = gr.Checkbox(
                value=False,
                label="Check the meaning of every sentence (translate it back: slower)",
                elem_id="verify",
            )
            c["brief_btn"] = gr.Button("Make English brief", variant="primary", elem_id="brief-btn")
            c["translate_btn"] = gr.Button("Translate", elem_id="translate-btn")
            document_inputs(c)


def _results(c: dict, service: ModelService) -> None:
    """The brief tab (brief, warnings, downloads, tables), the translation tab, the digest
    tab (its own uploads: ``ui.web.digest``)."""
    with gr.Tabs(selected="brief") as c["tabs"]:
        with gr.Tab("Brief", id="brief"):
            # no LaTeX: "$$" in a release is text
            c["warnings"] = gr.Markdown(elem_id="warnings", latex_delimiters=[])
            c["brief"] = gr.Markdown(elem_id="brief", latex_delimiters=[])
            with gr.Row():
                c["md_file"] = gr.DownloadButton(
                    "Download brief (Markdown)", visible=False, elem_id="download-md"
                )
                c["json_file"] = gr.DownloadButton(
                    "Download brief (JSON)", visible=False, elem_id="download-json"
                )
            c["figures"] = _table(
                FIGURE_HEADERS, "Key figures", "figures", ["14%", "12%", "37%", "37%"]
            )
            with gr.Row():
                c["entities"] = _table(ENTITY_HEADERS, "Names", "entities")
                c["dates"] = _table(DATE_HEADERS, "Dates", "dates")
        with gr.Tab("Translation", id="translation"):
            document_results(c)
            c["pairs"] = _table(
                TRANSLATION_HEADERS, "Sentence by sentence", "pairs", ["40%", "40%", "20%"]
            )
            c["translation"] = gr.Textbox(
                label="Full translation", lines=8, buttons=["copy"], elem_id="translation"
            )
            c["translation_file"] = gr.DownloadButton(
                "Download translation (JSON)", visible=False, elem_id="download-translation"
            )
        with gr.Tab("Digest of many releases", id="digest"):
            digest_layout(c, service.limits.max_chars)


def _table(
    headers: list[str], label: str, elem_id: str, widths: list[str] | None = None
) -> gr.Dataframe:
    # datatype "str": cells are shown as text, never as Markdown or HTML
    return gr.Dataframe(
        headers=headers,
        column_widths=widths,
        datatype="str",
        label=label,
        interactive=False,
        wrap=True,
        elem_id=elem_id,
    )


def _model_events(admitted: int) -> dict:
    """The model events (brief, translate, documents, digest) share one concurrency limit:
    ``admitted``, the model events Gradio runs at once (they then wait for a model slot,
    ``ui.admission``)."""
    return {"concurrency_id": MODEL_EVENTS, "concurrency_limit": admitted}


def _wire(demo: gr.Blocks, c: dict, h: Handlers, admitted: int) -> None:
    """Connect the events; the UI's own are private, the API's are named. ``admitted``: the
    model events Gradio runs at once (they then wait for a model slot, ``ui.admission``).

    The quick events (status, language line, upload) skip the queue: a queued event opens the
    page's event stream, and Gradio's client can close that stream just as a Brief click
    joins it (the brief then runs but its result never reaches the page).
    """
    private = {"api_visibility": "private", "show_progress": "hidden", "queue": False}
    demo.load(h.status, None, [c["banner"], c["timer"]], api_name="ui_status", **private)
    c["timer"].tick(h.status, None, [c["banner"], c["timer"]], api_name="ui_poll", **private)
    c["text"].change(
        h.detect,
        c["text"],
        c["detected"],
        api_name="ui_detect",
        trigger_mode="always_last",
        **private,
    )
    c["upload"].upload(h.upload, c["upload"], c["text"], api_name="ui_upload", **private)
    model = _model_events(admitted)
    c["brief_btn"].click(
        h.brief,
        [c["text"], c["source"], c["sentences"], c["glossary"]],
        [c[name] for name in BRIEF_OUTPUTS],
        api_name="ui_brief",
        api_visibility="private",
        **model,
    )
    c["translate_btn"].click(
        h.translate,
        [c["text"], c["source"], c["target"], c["glossary"], c["verify"]],
        [c[name] for name in TRANSLATE_OUTPUTS],
        api_name="ui_translate",
        api_visibility="private",
        **model,
    )
    wire_digest(c, DigestHandlers(h.service, h.access), model)
    gr.api(h.api_brief, api_name="brief", **model)
    gr.api(h.api_translate, api_name="translate", **model)
    gr.api(h.api_detect, api_name="detect")
