"""The work behind the LibreTranslate endpoints: parameters, checks, translate and detect.

Checks run in LibreTranslate's order and with its messages, so clients that show them (or
match on them) behave as with a LibreTranslate server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from translate import (
    FLAGS,
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    LanguageGuess,
    TranslatedDocument,
    Translator,
    UnsupportedLanguageError,
    check_language,
    clean_text,
    detect_language,
)
from ui.libretranslate.html import parse_html

__all__ = [
    "ApiError",
    "Params",
    "detect_params",
    "languages_list",
    "require_text",
    "translate_params",
]

_FORMATS = ("text", "html")


class ApiError(Exception):
    """An HTTP error with LibreTranslate's ``{"error": message}`` body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Params:
    """A request's parameters (a JSON object, or query string + form fields)."""

    def __init__(self, values: Mapping[str, object], from_form: bool) -> None:
        self._values = dict(values)
        self.from_form = from_form

    def get(self, name: str, default: object = None) -> object:
        return self._values.get(name, default)

    def get_str(self, name: str) -> str | None:
        """A string parameter; None when absent. Raises ApiError for another type."""
        value = self._values.get(name)
        if value is None or isinstance(value, str):
            return value
        raise ApiError(400, f"Invalid request: {name} parameter must be a string")

    def get_int(self, name: str, default: int, minimum: int = 0) -> int:
        """An integer parameter (LibreTranslate clamps negative values up to ``minimum``)."""
        value = self._values.get(name, default)
        if isinstance(value, bool):
            value = int(value)
        try:
            return max(minimum, int(value))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise ApiError(400, f"Invalid request: {name} parameter is not a number") from None

    def get_bool(self, name: str, default: bool) -> bool:
        """A boolean: JSON true/false, or a form's true/false/1/0/yes/no/on/off."""
        value = self._values.get(name, default)
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ApiError(400, f"Invalid request: {name} parameter must be true or false")

    def language(self, code: object) -> str:
        """The ISO code kybrief uses for ``code``; 400 "zz is not supported" otherwise."""
        try:
            return check_language(code)
        except UnsupportedLanguageError:
            raise ApiError(400, f"{code} is not supported") from None


# --- POST /translate ----------------------------------------------------------------------


def translate_params(
    translator: Translator, params: Params, char_limit: int = -1, batch_limit: int = -1
) -> dict[str, object]:
    """Answer ``POST /translate``: ``{"translatedText", ["detectedLanguage"], ["alternatives"],
    "confidence", "flags"}`` (the last two are kybrief's own; clients ignore unknown keys).
    kybrief's own ``verify`` parameter (true/false, default false) adds the meaning check of
    every sentence: a ``meaning`` flag where its round trip shares little with the source.

    Raises:
        ApiError: 400 for missing or bad parameters and over-limit input.
        KybriefError: from the translator.
    """
    texts, batch = _texts(params)
    source, target = params.get("source"), params.get("target")
    for name, value in (("source", source), ("target", target)):
        if not value:
            raise ApiError(400, f"Invalid request: missing {name} parameter")
    alternatives = params.get_int("alternatives", 0)
    verify = params.get_bool("verify", False)
    if batch and batch_limit != -1 and len(texts) > batch_limit:
        raise _over_limit(len(texts), batch_limit)
    _check_chars(texts, char_limit)
    auto = source == "auto"
    source = None if auto else params.language(source)
    target = params.language(target)
    fmt = params.get("format") or "text"
    if fmt not in _FORMATS:
        raise ApiError(400, f"{fmt} format is not supported")
    guesses = [_guess(text, fmt) for text in texts] if auto else []
    for guess in guesses:
        if guess.code not in (*SUPPORTED_LANGUAGES, "und"):
            raise ApiError(400, f"{guess.code} is not supported")
    if fmt == "html":
        sources = [g.code if g.code in SUPPORTED_LANGUAGES else None for g in guesses]
        sources = sources or [source] * len(texts)
        out, checks = _translate_html(translator, texts, sources, target, verify)
    else:
        out, checks = _translate_text(translator, texts, source, target, verify)
    result: dict[str, object] = {"translatedText": out if batch else out[0]}
    # kybrief's own, additive (LibreTranslate clients ignore unknown keys): the least
    # confident sentence of each text, and every flag its sentences raised.
    confidence = [c.confidence for c in checks]
    flags = [list(c.flags) for c in checks]
    result["confidence"] = confidence if batch else confidence[0]
    result["flags"] = flags if batch else flags[0]
    if auto:
        detected = [_detection(g) for g in guesses]
        result["detectedLanguage"] = detected if batch else detected[0]
    if alternatives > 0:  # one hypothesis per text: NLLB's n-best lists are near-duplicates
        result["alternatives"] = [[] for _ in texts] if batch else []
    return result


def _texts(params: Params) -> tuple[list[str], bool]:
    """``q`` as a list of texts, and whether it came as a list."""
    q = params.get("q")
    if not q:
        raise ApiError(400, "Invalid request: missing q parameter")
    batch = isinstance(q, list)
    texts = q if batch else [q]
    if not all(isinstance(t, str) for t in texts):
        raise ApiError(400, "Invalid request: q must be a string or a list of strings")
    if params.from_form:
        # As LibreTranslate: form line endings become \n, so limits count alike for all clients.
        texts = ["\n".join(t.splitlines()) for t in texts]
    return texts, batch


def _check_chars(texts: Sequence[str], char_limit: int) -> None:
    chars = sum(len(t) for t in texts)
    if char_limit != -1 and chars > char_limit:
        raise _over_limit(chars, char_limit)


def _over_limit(size: int, limit: int) -> ApiError:
    return ApiError(400, f"Invalid request: request ({size}) exceeds text limit ({limit})")


def _guess(text: str, fmt: str) -> LanguageGuess:
    return detect_language(clean_text(parse_html(text).text if fmt == "html" else text))


def _detection(guess: LanguageGuess) -> dict[str, object]:
    """LibreTranslate's detection: confidence in percent."""
    return {"confidence": round(guess.confidence * 100, 1), "language": guess.code}


@dataclass(frozen=True)
class Check:
    """How far one text's translation can be trusted: its least confident sentence (None when
    nothing was translated) and the flags of all its sentences."""

    confidence: float | None = None
    flags: tuple[str, ...] = ()

    @classmethod
    def of(cls, documents: Sequence[TranslatedDocument]) -> Check:
        pairs = [p for doc in documents for p in doc.sentences]
        scores = [p.confidence for p in pairs if p.confidence is not None]
        raised = {flag for p in pairs for flag in p.flags}
        known = [f for f in FLAGS if f in raised] + sorted(raised - set(FLAGS))
        return cls(min(scores) if scores else None, tuple(known))


def _translate_text(
    translator: Translator, texts: list[str], source: str | None, target: str, verify: bool
) -> tuple[list[str], list[Check]]:
    """Blank texts come back as they are (the translator refuses empty text)."""
    todo = [i for i, t in enumerate(texts) if t.strip()]
    out, checks = list(texts), [Check()] * len(texts)
    # source None: the translator detects each paragraph, so mixed texts translate fully.
    docs = translator.translate_documents([texts[i] for i in todo], source=source, target=target)
    if verify:
        docs = [translator.verify_document(doc) for doc in docs]
    for i, doc in zip(todo, docs, strict=True):
        out[i], checks[i] = doc.translation, Check.of([doc])
    return out, checks


def _translate_html(
    translator: Translator,
    texts: list[str],
    sources: list[str | None],
    target: str,
    verify: bool = False,
) -> tuple[list[str], list[Check]]:
    """Translate the text nodes of each HTML text; nodes of one source share batches.

    Each document's nodes are translated from the document's language: one node is often
    a word or two, too little to detect on its own.
    """
    templates = [parse_html(t) for t in texts]
    by_source: dict[str | None, list[tuple[int, int]]] = {}
    for doc, (template, source) in enumerate(zip(templates, sources, strict=True)):
        for node in range(len(template.slots)):
            by_source.setdefault(source, []).append((doc, node))
    translations = [list(t.segments) for t in templates]
    documents: list[list[TranslatedDocument]] = [[] for _ in texts]
    for source, nodes in by_source.items():
        segments = [templates[d].segments[n] for d, n in nodes]
        done = translator.translate_documents(segments, source=source, target=target)
        if verify:
            done = [translator.verify_document(doc) for doc in done]
        for (d, n), doc in zip(nodes, done, strict=True):
            translations[d][n] = doc.translation
            documents[d].append(doc)
    rendered = [t.render(tr) for t, tr in zip(templates, translations, strict=True)]
    return rendered, [Check.of(docs) for docs in documents]


# --- POST /detect, GET /languages, text for /brief ------------------------------------------


def detect_params(params: Params, char_limit: int = -1) -> list[dict[str, object]]:
    """Answer ``POST /detect``: ``[{"confidence": 0-100, "language": code}]``.

    A list ``q`` is detected as one text, as LibreTranslate pools a batch.
    """
    texts, _ = _texts(params)
    _check_chars(texts, char_limit)
    return [_detection(detect_language(clean_text("\n".join(texts))))]


def languages_list() -> list[dict[str, object]]:
    """Answer ``GET /languages``: every language translates into the other two."""
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "targets": sorted(c for c in SUPPORTED_LANGUAGES if c != code),
        }
        for code in SUPPORTED_LANGUAGES
    ]


def require_text(params: Params, char_limit: int = -1) -> str:
    """``q`` as one text (for /brief), within the character limit."""
    texts, batch = _texts(params)
    if batch:
        raise ApiError(400, "Invalid request: q must be a string")
    _check_chars(texts, char_limit)
    return texts[0]
