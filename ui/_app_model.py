"""The app's model: loaded once in a background thread, so the server answers at once.

``ModelService`` is shared by the Gradio app and the JSON API. Until the model is loaded it
reports ``loading``; when loading fails (offline and not downloaded, a bad folder) it reports
``error`` with the ``ModelNotAvailableError`` message that says what to do, and every request
gets that message instead of a crash.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from translate.errors import InputError, KybriefError, ModelNotAvailableError
from ui.options import DEMO_MODEL, ModelSettings, get_translator

logger = logging.getLogger(__name__)

LOADING, READY, ERROR = "loading", "ready", "error"


class ModelLoadingError(ModelNotAvailableError):
    """The model is still being loaded; the request can be retried in a moment."""


class TextTooLongError(InputError):
    """The text is over the server's size limit (HTTP 413)."""


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
    """

    state: str
    model: str
    engine: str
    device: str
    demo: bool
    error: str | None = None

    @property
    def loaded(self) -> bool:
        return self.state == READY

    def to_dict(self) -> dict:
        return {**asdict(self), "model_loaded": self.loaded}


class ModelService:
    """One Translator for the whole server, loaded in the background.

    Args:
        settings: which model to load and how.
        translator: an already built Translator to serve (tests); skips loading.
        loader: builds the Translator (default: ``ui.options.get_translator(settings)``).
        concurrency: most model calls running at once (JSON API and app together).
    """

    def __init__(
        self,
        settings: ModelSettings,
        *,
        translator=None,
        loader: Callable[[], object] | None = None,
        concurrency: int = 2,
    ) -> None:
        if concurrency < 1:
            raise InputError("concurrency must be at least 1")
        self.settings = settings
        self._loader = loader or (lambda: get_translator(settings))
        self._translator = translator
        self._error: str | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._slots = threading.BoundedSemaphore(concurrency)
        self.concurrency = concurrency
        if translator is not None:
            self._done.set()

    @property
    def demo(self) -> bool:
        """True when the bundled tiny demo model is served."""
        return self.settings.model == str(DEMO_MODEL)

    def start(self) -> ModelService:
        """Start loading in a daemon thread (once); returns self."""
        if self._thread is None and not self._done.is_set():
            self._thread = threading.Thread(target=self._load, name="kybrief-model", daemon=True)
            self._thread.start()
        return self

    def _load(self) -> None:
        logger.info("loading model %s (%s)", self.settings.model, self.settings.engine)
        try:
            self._translator = self._loader()
            logger.info("model %s ready", self.settings.model)
        except KybriefError as exc:
            self._error = str(exc)
            logger.error("model not loaded: %s", exc)
        except Exception as exc:  # the server must keep running and say why
            self._error = f"the model could not be loaded ({type(exc).__name__}: {exc})"
            logger.exception("model not loaded")
        finally:
            self._done.set()

    def status(self) -> ModelStatus:
        """The model's state now."""
        engine, device = self.settings.engine, self.settings.device
        translator = self._translator
        if translator is not None:
            engine = getattr(translator.engine, "name", engine)
            device = getattr(translator.engine, "device", device)
        if translator is not None:
            state = READY
        elif self._error is not None:
            state = ERROR
        else:
            state = LOADING
        return ModelStatus(state, self.settings.model, engine, device, self.demo, self._error)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until loading has finished (ready or failed); False on timeout."""
        return self._done.wait(timeout)

    def get(self, timeout: float | None = 0) -> object:
        """The Translator, waiting up to ``timeout`` seconds (None: as long as it takes).

        Raises:
            ModelNotAvailableError: loading failed (the message says what to do).
            ModelLoadingError: still loading after ``timeout``.
        """
        if not self._done.wait(timeout):
            raise ModelLoadingError(
                f"the model {self.settings.model!r} is still loading; try again in a moment"
            )
        if self._translator is None:
            raise ModelNotAvailableError(self._error or "the model is not available")
        return self._translator

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the ``concurrency`` model slots for a model call."""
        with self._slots:
            yield


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
    if len(text) > max_chars:
        raise TextTooLongError(
            f"the text is {len(text):,} characters; this server accepts at most "
            f"{max_chars:,}. Split it into parts (or start the server with a larger --max-chars)."
        )
    return text
