"""English briefs of Kyrgyz and Russian press releases.

    from summarize import brief
    b = brief(text)                  # a shared default Translator (NLLB-200 600M)
    b.headline, b.summary, b.key_points, b.figures, b.dates, b.entities, b.warnings
    b.to_markdown(); b.to_dict()

    from summarize import digest, DigestInput
    d = digest([DigestInput(text, id="a.txt"), ...])   # one English entry per event
    d.to_html(); d.to_markdown(); d.to_dict()

Importing this package loads no model and imports no torch.
"""

from summarize.abstractive import DEFAULT_SUMMARIZER_MODEL, AbstractiveSummarizer
from summarize.brief import MODES, Brief, Summarizer, brief, default_translator, summarize
from summarize.checks import Checked, check_sentences
from summarize.dates import extract_dates
from summarize.digest.build import digest
from summarize.digest.types import (
    Digest,
    DigestEntry,
    DigestInput,
    EntryDocument,
    EntryFigure,
    SkippedDocument,
)
from summarize.entities import Glossary, extract_entities, load_glossary
from summarize.extractive import Selection, Weights, score_sentences, select_sentences
from summarize.figures.extract import extract_figures, read_figures
from summarize.figures.guard import check_figures
from summarize.markdown import to_markdown
from summarize.source import SentenceFacts, SourceDocument, SourceSentence, read_source
from summarize.types import DateMention, Entity, Figure
from translate.names.romanize import romanize

__all__ = [
    "DEFAULT_SUMMARIZER_MODEL",
    "MODES",
    "AbstractiveSummarizer",
    "Brief",
    "Checked",
    "DateMention",
    "Digest",
    "DigestEntry",
    "DigestInput",
    "Entity",
    "EntryDocument",
    "EntryFigure",
    "Figure",
    "Glossary",
    "Selection",
    "SentenceFacts",
    "SkippedDocument",
    "SourceDocument",
    "SourceSentence",
    "Summarizer",
    "Weights",
    "brief",
    "check_figures",
    "check_sentences",
    "default_translator",
    "digest",
    "extract_dates",
    "extract_entities",
    "extract_figures",
    "load_glossary",
    "read_figures",
    "read_source",
    "romanize",
    "score_sentences",
    "select_sentences",
    "summarize",
    "to_markdown",
]
