"""The one model service every route of a kybrief server goes through.

``ModelService`` owns the Translator of a server (``kybrief ui`` and ``kybrief serve`` alike):
it loads it once in a background thread, so the server answers at once; it says whether the
model is ``loading``, ``ready`` or in ``error`` (with the ``ModelNotAvailableError`` message that
says what to do); and it applies the server's :class:`Limits` — text size, concurrency slots —
the same way for the Gradio app, ``/api/v1`` and the LibreTranslate routes.

While the model loads, a request is refused at once with :class:`ModelLoadingError` (HTTP 503
with Retry-After); no worker thread waits minutes for a download.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from translate import (
    LANGUAGE_NAMES,
    InputError,
    KybriefError,
    ModelNotAvailableError,
    Progress,
    check_language,
    check_length,
    detect_paragraph_languages,
)
from translate.segment import clean_text
from ui.admission import Admission, lower_priority
from ui.gathering import DEFAULT_GATHER_MS
from ui.limits import Limits, RateLimiter
from ui.options import DEMO_MODEL, ModelSettings, get_translator

logger = logging.getLogger(__name__)

LOADING, READY, ERROR = "loading", "ready", "error"


class ModelLoadingError(ModelNotAvailableError):
    """The model is still being loaded; the request can be retried in a moment."""


@dataclass(frozen=True)
class ModelStatus:
    """What /healthz and the page banner say about the model.

    Attributes:
        state: ``"loading"``, ``"ready"`` or ``"error"``.
        model: the hub id or folder of the model.
        engine: the engine in use (the configured one until the model is loaded).
        device: the device in use (the configured one until the model is loaded).
        demo: the bundled tiny demo model is served.
        error: why the model could not be loaded (state ``"error"``), else None.
        load_seconds: how long loading took, once it has finished.
    """

    state: str
    model: str
    engine: str
    device: str
    demo: bool
    error: str | None = None
    load_seconds: float | None = None

    @property
    def loaded(self) -> bool:
        return self.state == READY

    def to_dict(self) -> dict:
        return {**asdict(self), "model_loaded": self.loaded}


class ModelService:
    """One Translator for the whole server, loaded in the background, used within limits.

    Args:
        settings: which model to load and how.
        limits: the server's limits (default: ``Limits(max_chars=settings.max_chars)``).
        translator: an already built Translator to serve (tests); skips loading.
        loader: builds the Translator (default: ``ui.options.get_translator(settings)``).
        gather_ms: the sentences of requests in the model at once are decoded in shared
            batches, each batch waiting up to this many milliseconds for the others
            (``translate.engines.gather``); 0 decodes each request's batches on their own.
    """

    def __init__(
        self,
        settings: ModelSettings,
        limits: Limits | None = None,
        *,
        translator=None,
        loader: Callable[[], object] | None = None,
        gather_ms: float = DEFAULT_GATHER_MS,
    ) -> None:
        self.settings = settings
        self.gather_ms = gather_ms
        self.limits = limits or Limits(max_chars=settings.max_chars)
        self._loader = loader or (lambda: get_translator(settings))
        self._translator = None if translator is None else self._serving(translator)
        self._error: str | None = None
        self._load_seconds: float | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        limits = self.limits
        #: The model slots and the bounded queue in front of them (``ui.admission``).
        self.admission = Admission(limits.concurrency, limits.max_queue, limits.queue_timeout)
        #: --req-limit, per client address.
        self.rate_limiter = RateLimiter(limits.req_limit)
        self._busy_lock = threading.Lock()
        self._ready_callbacks: list[Callable[[ModelStatus], None]] = []
        if translator is not None:
            self._done.set()

    @property
    def demo(self) -> bool:
        """True when the bundled tiny demo model is served."""
        return self.settings.model == str(DEMO_MODEL)

    @property
    def max_chars(self) -> int:
        return self.limits.max_chars

    @property
    def busy(self) -> int:
        """Model slots in use right now."""
        return self.admission.busy

    def admit(self, client: str) -> None:
        """Count one request of ``client`` (its address) against ``--req-limit``.

        Raises:
            RateLimitError: the client is over the limit (HTTP 429).
        """
        self.rate_limiter.check(client)

    def on_ready(self, callback: Callable[[ModelStatus], None]) -> None:
        """Call ``callback(status)`` once loading has finished (ready or failed)."""
        with self._busy_lock:
            if not self._done.is_set():
                self._ready_callbacks.append(callback)
                return
        callback(self.status())

    def start(self) -> ModelService:
        """Start loading in a daemon thread (once); returns self."""
        if self._thread is None and not self._done.is_set():
            self._thread = threading.Thread(target=self._load, name="kybrief-model", daemon=True)
            self._thread.start()
        return self

    def _load(self) -> None:
        lower_priority()  # the engine's threads, started here, yield the CPU to the event loop
        logger.info("loading model %s (%s)", self.settings.model, self.settings.engine)
        started = time.perf_counter()
        try:
            self._translator = self._serving(self._loader())
            logger.info("model %s ready", self.settings.model)
        except KybriefError as exc:
            self._error = str(exc)
            logger.error("model not loaded: %s", exc)
        except Exception as exc:  # the server must keep running and say why
            self._error = f"the model could not be loaded ({type(exc).__name__})"
            logger.exception("model not loaded")
        finally:
            self._load_seconds = round(time.perf_counter() - started, 3)
            with self._busy_lock:
                self._done.set()
                callbacks, self._ready_callbacks = self._ready_callbacks, []
        for callback in callbacks:
            callback(self.status())

    def _serving(self, translator):
        """What the routes use: with ``gather_ms``, a copy of ``translator`` whose batches are
        shared by the requests holding a slot (the copy waits no longer once all of them have
        sent theirs); ``translator`` itself, shared with the rest of the process, is left as
        it is."""
        from translate import Translator
        from translate.engines.gather import gathering

        if self.gather_ms <= 0 or not isinstance(translator, Translator):
            return translator  # (a stand-in, in tests)

        return gathering(translator, self.gather_ms / 1000, expected=lambda: self.admission.busy)

    def status(self) -> ModelStatus:
        """The model's state now."""
        engine, device = self.settings.engine, self.settings.device
        translator = self._translator
        if translator is not None:
            engine = getattr(translator.engine, "name", engine)
            device = getattr(translator.engine, "device", device)
            state = READY
        elif self._error is not None:
            state = ERROR
        else:
            state = LOADING
        return ModelStatus(
            state,
            self.settings.model,
            engine,
            device,
            self.demo,
            self._error,
            self._load_seconds,
        )

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until loading has finished (ready or failed); False on timeout."""
        return self._done.wait(timeout)

    def translator(self):
        """The Translator, at once.

        Raises:
            ModelLoadingError: still loading (retry in a moment).
            ModelNotAvailableError: loading failed (the message says what to do).
        """
        if not self._done.is_set():
            raise ModelLoadingError(
                f"the model {self.settings.model!r} is still loading; try again in a moment"
            )
        if self._translator is None:
            raise ModelNotAvailableError(self._error or "the model is not available")
        return self._translator

    @contextmanager
    def model(self) -> Iterator[object]:
        """The Translator, holding one of the ``concurrency`` slots while the block runs.

        Raises:
            ModelLoadingError, ModelNotAvailableError: as :meth:`translator`, at once.
            ServerBusyError: no slot within --queue-timeout, or --max-queue requests wait.
        """
        translator = self.translator()
        with self.admission.slot():
            yield translator

    def close(self) -> None:
        """Release what the model holds open (the translation memory's database)."""
        self.admission.close()
        close = getattr(getattr(self._translator, "engine", None), "close", None)
        if callable(close):  # the gathering thread
            close()
        cache = getattr(self._translator, "cache", None)
        if cache is not None:
            cache.close()
            logger.info("translation memory closed")

    # -- the work every route shares -----------------------------------------------------

    def check_text(self, text: object) -> str:
        """The text of a request, or a clear error (see :func:`check_text`)."""
        return check_text(text, self.limits.max_chars)

    def brief(
        self,
        text: str,
        *,
        source: str | None = None,
        sentences: int = 3,
        full_translation: bool = True,
        progress: Progress | None = None,
        glossary=None,
        verify: bool = True,
    ):
        """The English brief of ``text`` (``summarize.Brief``); ``glossary``: a request's own
        (``ui.glossary.request_glossary``), on top of the server's; ``verify``: the meaning
        check of what a reader reads (``summarize.brief``)."""
        from summarize import brief

        text = self.check_text(text)
        source = normalize_source(source)
        with self.model() as translator:
            return brief(
                text,
                translator=translator,
                sentences=sentences,
                full_translation=full_translation,
                source=source,
                progress=progress,
                glossary=glossary,
                verify=verify,
            )

    def translate(
        self,
        text: str,
        *,
        source: str | None = None,
        target: str = "en",
        progress: Progress | None = None,
        glossary=None,
        verify: bool = False,
    ):
        """The sentence-aligned translation of ``text`` (``TranslatedDocument``);
        ``glossary`` as in :meth:`brief`; ``verify``: every sentence gets the meaning check."""
        text = self.check_text(text)
        source = normalize_source(source)
        target = check_language(target)
        with self.model() as translator:
            own = {} if glossary is None else {"glossary": glossary}
            if verify:
                own["verify"] = True
            return translator.translate_document(
                text, source=source, target=target, progress=progress, **own
            )

    def detect(self, text: str) -> Detection:
        """The language of ``text`` and of each of its paragraphs (no model needed)."""
        return detect(self.check_text(text))


def check_text(text: object, max_chars: int) -> str:
    """The text of a request, or a clear error: not text, empty, or over ``max_chars``.

    Raises:
        InputError: not a str, or nothing but whitespace.
        TextTooLongError: longer than ``max_chars`` characters.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError("the text is empty: paste a press release or upload a file")
    check_length(
        text, max_chars, "Split it into parts (or start the server with a larger --max-chars)."
    )
    return text


def normalize_source(source: str | None) -> str | None:
    """``"auto"``, ``""`` or None -> None (detect); else the checked ISO code."""
    if source is None or str(source).strip().lower() in ("", "auto"):
        return None
    return check_language(source)


@dataclass(frozen=True)
class ParagraphLanguage:
    """The detected language of one paragraph."""

    language: str
    confidence: float
    text: str

    def to_dict(self) -> dict:
        return {"language": self.language, "confidence": self.confidence, "text": self.text}


@dataclass(frozen=True)
class Detection:
    """The language of a text: the main one (by characters) and each paragraph's."""

    language: str
    confidence: float
    paragraphs: tuple[ParagraphLanguage, ...]

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "name": self.name,
            "confidence": self.confidence,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


def detect(text: str) -> Detection:
    """Detect the language of ``text`` and of each of its paragraphs (no model needed)."""
    paragraphs = tuple(
        ParagraphLanguage(guess.code, guess.confidence, paragraph)
        for paragraph, guess in detect_paragraph_languages(clean_text(text))
    )
    weights: dict[str, int] = {}
    for p in paragraphs:
        weights[p.language] = weights.get(p.language, 0) + len(p.text)
    main = max(weights, key=weights.get) if weights else "und"
    share = [p for p in paragraphs if p.language == main]
    confidence = round(sum(p.confidence * len(p.text) for p in share) / max(weights[main], 1), 4)
    return Detection(main, confidence, paragraphs)
