"""Checks against a real NLLB-200 model (``KYBRIEF_TEST_MODEL=facebook/nllb-200-distilled-600M``).

Skipped unless that variable names a downloaded model (``kybrief download`` first). The
thresholds are NTREX-level quality for the 600M model on these in-domain sentences, not the
tiny model's exact memorization.
"""

from __future__ import annotations

import os

import pytest
from conftest import SEED_IDS, load_seed_rows, seed_text

pytestmark = pytest.mark.model
ROWS = load_seed_rows()


@pytest.fixture(scope="module")
def real_translator():
    from translate import Translator

    return Translator(os.environ["KYBRIEF_TEST_MODEL"], local_files_only=True)


@pytest.mark.parametrize("source,target", [("ky", "en"), ("ky", "ru"), ("ru", "en"), ("en", "ky")])
def test_seed_sentences_reach_nllb_quality(real_translator, source, target):
    import sacrebleu

    hyps = real_translator.translate([r[source] for r in ROWS], source=source, target=target)
    chrf = sacrebleu.corpus_chrf(hyps, [[r[target] for r in ROWS]], word_order=2).score
    assert chrf > 35, f"{source}->{target} chrF++ {chrf:.1f}"


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_real_brief_keeps_gold_facts(real_translator, gold, doc_id):
    from summarize import brief

    result = brief(seed_text(doc_id), translator=real_translator)
    assert {(f.value, f.unit) for f in result.figures} >= {
        (float(f["value"]), f["unit"]) for f in gold[doc_id]["figures"]
    }
    assert len(result.translation.sentences) == gold[doc_id]["sentences"]
    assert all(s.translation.strip() for s in result.translation.sentences)
