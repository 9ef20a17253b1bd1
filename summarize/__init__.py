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
from summarize.dates import extract_dates
from summarize.digest import digest
from summarize.digest_types import (
    Digest,
    DigestEntry,
    DigestInput,
    EntryDocument,
    EntryFigure,
    SkippedDocument,
)
from summarize.entities import Glossary, extract_entities, load_glossary
from summarize.extractive import (
    Selection,
    SourceDocument,
    SourceSentence,
    Weights,
    read_source,
    score_sentences,
    select_sentences,
)
from summarize.figures import extract_figures
from summarize.guard import check_figures
from summarize.name_guard import name_warnings
from summarize.render import to_markdown
from summarize.romanize import romanize
from summarize.types import DateMention, Entity, Figure

__all__ = [
    "DEFAULT_SUMMARIZER_MODEL",
    "MODES",
    "AbstractiveSummarizer",
    "Brief",
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
    "SkippedDocument",
    "SourceDocument",
    "SourceSentence",
    "Summarizer",
    "Weights",
    "brief",
    "check_figures",
    "default_translator",
    "digest",
    "extract_dates",
    "extract_entities",
    "extract_figures",
    "load_glossary",
    "name_warnings",
    "read_source",
    "romanize",
    "score_sentences",
    "select_sentences",
    "summarize",
    "to_markdown",
]
