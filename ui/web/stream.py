"""Translation that streams: the first sentence at once, then growing batches.

The Translator translates a whole document in one call; the app wants rows to appear while
it works. ``stream_translation`` segments the text with the Translator's own document plan and
feeds ``translate_pairs`` chunks of 1, 2, 4, ... sentences up to the batch size, yielding
the document so far after each chunk. Each chunk takes a model slot of the service and gives it
back before the document is yielded, so a client that goes away mid-stream holds no slot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from translate import SentencePair, TranslatedDocument, check_language
from ui.service import normalize_source


@dataclass(frozen=True)
class StreamStep:
    """The translation so far: every paragraph, sentences not yet translated left out.

    Attributes:
        document: the sentences translated so far, in document order.
        done: sentences translated so far.
        total: sentences in all.
    """

    document: TranslatedDocument
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done >= self.total


def _chunks(items: list[str], batch_size: int) -> Iterator[list[str]]:
    """1, 2, 4, ... items at a time, up to ``batch_size``: the first row shows at once."""
    size, start = 1, 0
    while start < len(items):
        yield items[start : start + size]
        start += size
        size = min(size * 2, max(batch_size, 1))


def stream_translation(
    service,
    text: str,
    source: str | None = None,
    target: str = "en",
    glossary=None,
    verify: bool = False,
) -> Iterator[StreamStep]:
    """Translate ``text`` chunk by chunk, yielding the document so far after each chunk.

    Args:
        service: the server's ``ui.service.ModelService``.
        text: the text.
        source: ``"ky"``, ``"ru"``, ``"en"``, or None / ``"auto"`` to detect per paragraph.
        target: the language to translate into.
        glossary: the request's own glossary (``ui.glossary.request_glossary``), or None.
        verify: each chunk also gets the meaning check (``Translator.verify``) in its slot.

    Raises:
        InputError: the text is empty or too long.
        UnsupportedLanguageError: a bad code, or a paragraph in an unknown language.
        ModelLoadingError: the model is still loading.
    """
    target = check_language(target)
    text = service.check_text(text)
    translator = service.translator()
    plan = translator.plan_document(text, normalize_source(source))
    done: list[list[SentencePair]] = [[] for _ in plan.paragraphs]
    total = sum(len(sentences) for _, sentences in plan.paragraphs)
    count = 0

    def step() -> StreamStep:
        return StreamStep(plan.document(target, done), count, total)

    yield step()
    for index, (lang, sentences) in enumerate(plan.paragraphs):
        for chunk in _chunks(sentences, getattr(translator, "batch_size", 16)):
            if lang in (target, "und"):
                out = [SentencePair(s, s) for s in chunk]
            else:
                with service.model() as model:
                    own = {} if glossary is None else {"glossary": glossary}
                    out = model.translate_pairs(chunk, lang, target, **own)
                    if verify:
                        out = model.verify(out, [lang] * len(out), target)
            done[index].extend(out)
            count += len(chunk)
            yield step()
