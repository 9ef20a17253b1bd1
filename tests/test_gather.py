"""Requests batched together (``translate.engines.gather``): token for token one at a time.

Threads start together (a barrier), each with a different seed text, through a Translator whose
engine gathers; every result must equal the one the plain Translator gives alone, exactly:
translations, confidences, flags. The gatherer must also really have shared its batches
(fewer model calls than callers), or the test would prove nothing. Both engines: CTranslate2
int8 (the default, whose int8 products could depend on a batch's padding) and transformers.
"""

from __future__ import annotations

import threading

import pytest
from conftest import SEED_IDS, seed_paragraphs

from translate import TranslationCache
from translate.engines.gather import GatheringEngine, gathering
from ui.limits import Limits
from ui.options import ModelSettings
from ui.service import ModelService

#: Long enough for every caller to be waiting before the first batch is decoded.
WAIT = 0.5


def seed_texts() -> list[tuple[str, str]]:
    """(text, source) of different seed texts: each paragraph alone, in two languages."""
    texts = []
    for doc in SEED_IDS:
        for lang in ("ky", "ru"):
            texts += [(p, lang) for p in seed_paragraphs(doc, lang)[:3]]
    return texts


def together(work, items: list) -> list:
    """``work(item)`` for every item, each in its own thread, all started at once."""
    results: list = [None] * len(items)
    errors: list = []
    start = threading.Barrier(len(items))

    def run(k: int) -> None:
        start.wait()
        try:
            results[k] = work(items[k])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(items))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture(params=["ctranslate2", "transformers"])
def translator(request, tiny_translator, tiny_ct2_translator):
    return tiny_ct2_translator if request.param == "ctranslate2" else tiny_translator


def test_concurrent_documents_as_one_at_a_time(translator):
    texts = seed_texts()
    alone = [translator.translate_document(t, s, "en").to_dict() for t, s in texts]
    served = gathering(translator, wait=WAIT, expected=lambda: len(texts))
    shared = together(lambda item: served.translate_document(item[0], item[1], "en"), texts)
    assert [doc.to_dict() for doc in shared] == alone
    assert shared[0].translation == seed_paragraphs(SEED_IDS[0], "en")[0]  # real translations
    # two source languages, each in as few batches as the budget allows (the transformers
    # fixture's is 8 sentences): alone, each text took at least one batch of its own
    assert served.engine.calls < len(texts) / 2
    assert translator.engine is not served.engine  # the library's own path is untouched


def test_every_direction_shared(translator, seed_rows):
    """Six directions at once, each from its own thread: each group decoded apart."""
    jobs = [(a, b) for a in ("ky", "ru", "en") for b in ("ky", "ru", "en") if a != b]
    rows = seed_rows[:12]
    alone = [translator.translate_sentences([r[a] for r in rows], a, b) for a, b in jobs]
    served = gathering(translator, wait=WAIT, expected=lambda: len(jobs))
    shared = together(lambda j: served.translate_sentences([r[j[0]] for r in rows], *j), jobs)
    assert shared == alone
    assert shared[jobs.index(("ky", "en"))] == [r["en"] for r in rows]  # the model knows them
    # directions never share a batch: each took its own, as many as alone
    assert served.engine.calls == len(jobs) * -(-len(rows) // translator.batch_size)


def test_a_smaller_budget_is_kept(translator):
    """Callers with different length budgets share a batch; a hypothesis that ran past a
    caller's budget is decoded again with that budget, as the caller alone would have."""
    engine = translator.engine
    texts = [p for p, _ in seed_texts() if _ == "ky"][:2]
    budgets = [6, 200]
    alone = [
        engine.translate_batch([t], "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=b)
        for t, b in zip(texts, budgets)
    ]
    assert alone[0][0].text != alone[1][0].text  # the small budget really cuts
    gatherer = GatheringEngine(
        engine, batch_size=64, batch_tokens=8192, wait=WAIT, expected=lambda: 2
    )
    shared = together(
        lambda k: gatherer.translate_batch(
            [texts[k]], "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=budgets[k]
        ),
        [0, 1],
    )
    assert shared == alone
    assert gatherer.calls == 2  # the shared batch, and the cut one again with its own budget


def test_one_failure_stays_its_own(tiny_ct2_translator):
    """A shared batch that fails is run again per caller: only the bad caller gets the error."""
    engine = tiny_ct2_translator.engine

    class Picky:
        def __getattr__(self, name):
            return getattr(engine, name)

        def translate_batch(self, texts, *args, **kwargs):
            if "BOOM" in texts:
                raise RuntimeError("bad sentence")
            return engine.translate_batch(texts, *args, **kwargs)

    gatherer = GatheringEngine(
        Picky(), batch_size=64, batch_tokens=8192, wait=WAIT, expected=lambda: 2
    )
    good = seed_texts()[0][0]

    def call(text):
        try:
            return gatherer.translate_batch(
                [text], "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=64
            )
        except RuntimeError as exc:
            return str(exc)

    shared = together(call, [good, "BOOM"])
    assert shared[1] == "bad sentence"
    assert shared[0] == engine.translate_batch(
        [good], "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=64
    )


def test_service_briefs_share_batches_and_memory(tiny_ct2_translator, tmp_path):
    """Through the server's ModelService with its translation memory: concurrent briefs equal
    the briefs one at a time, and the memory holds each request's sentences as alone."""
    import copy

    texts = ["\n\n".join(seed_paragraphs(doc, lang)) for doc in SEED_IDS for lang in ("ky", "ru")]
    plain = ModelService(ModelSettings(), translator=tiny_ct2_translator, gather_ms=0)
    alone = [plain.brief(text).to_dict() for text in texts]
    remembering = copy.copy(tiny_ct2_translator)
    remembering.cache = TranslationCache(tmp_path / "tm.sqlite")
    service = ModelService(
        ModelSettings(),
        Limits(concurrency=len(texts)),
        translator=remembering,
        gather_ms=WAIT * 1000,
    )
    try:
        shared = together(lambda text: service.brief(text).to_dict(), texts)
        assert shared == alone
        engine = service.translator().engine
        # alone, each brief makes two model calls: its translation and the meaning check's
        # way back; shared, fewer in all
        assert isinstance(engine, GatheringEngine) and engine.calls < 2 * len(texts)
        first = engine.calls
        again = together(lambda text: service.brief(text).to_dict(), texts)
        assert again == alone
        assert engine.calls == first  # the second round came from the memory
    finally:
        service.close()


def test_a_failing_count_of_callers_never_leaves_a_caller_waiting(tiny_ct2_translator):
    """The gatherer asks the server how many requests hold a slot; when that fails, it
    decodes what it has rather than leaving its callers waiting on a thread that died."""
    engine = tiny_ct2_translator.engine
    sentences = [text for text, lang in seed_texts()[:2] if lang == "ky"]
    plain = engine.translate_batch(
        sentences, "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=256
    )

    def broken() -> int:
        raise AttributeError("no such counter")

    gatherer = GatheringEngine(engine, batch_size=8, batch_tokens=4096, expected=broken)
    out = together(
        lambda s: gatherer.translate_batch(
            [s], "kir_Cyrl", "eng_Latn", beam_size=1, max_new_tokens=256
        ),
        sentences,
    )
    assert [o[0].text for o in out] == [p.text for p in plain]
    gatherer.close()


def test_a_service_counts_its_callers_from_its_admission(tiny_ct2_translator):
    service = ModelService(ModelSettings(), translator=tiny_ct2_translator, gather_ms=5)
    served = service.translator()
    assert isinstance(served.engine, GatheringEngine)
    assert served.engine._expected() == service.admission.busy == 0
    service.close()
