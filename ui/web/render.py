"""What the app shows: the brief as escaped Markdown, tables, the download files.

Every piece of text that comes from a release (or from the model) is escaped before it is put
into Markdown, so no HTML, script or link in a release ever reaches the page.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

from summarize.markdown import escape_markdown
from translate import LANGUAGE_NAMES, describe_flags

FIGURE_HEADERS = ["Value", "Unit", "English", "Source phrase"]
ENTITY_HEADERS = ["Name", "Kind", "Source"]
DATE_HEADERS = ["Date", "Source"]
TRANSLATION_HEADERS = ["Source", "Translation", "Check"]
_DOWNLOAD_MAX_AGE_S = 3600


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def flag_words(flags) -> str:
    """`` ⚠ check the source: low model confidence`` for a flagged sentence, else ""."""
    words = describe_flags(flags)
    return f" **⚠ check the source: {escape_markdown(words)}**" if words else ""


def _checked(sentences, flags) -> list[str]:
    flags = list(flags)
    return [
        escape_markdown(text) + (flag_words(flags[i]) if i < len(flags) else "")
        for i, text in enumerate(sentences)
    ]


def brief_markdown(brief) -> str:
    """The brief for the page: headline, summary, key points, a line about the source.

    A flagged sentence says why, in words, right after it (readable without colour).
    """
    lines = [f"### {escape_markdown(brief.headline)}{flag_words(brief.headline_flags)}", ""]
    if any(brief.summary_flags):
        lines.append(" ".join(_checked(brief.summary_sentences, brief.summary_flags)))
    else:
        lines.append(escape_markdown(brief.summary))
    if brief.key_points:
        lines += ["", "**Key points**", ""]
        lines += [f"- {point}" for point in _checked(brief.key_points, brief.key_point_flags)]
    about = (
        f"Source: {language_name(brief.source_language)} · {brief.sentence_count} sentences · "
        f"{brief.translated_count} translated · {brief.flagged_count} of "
        f"{brief.translated_count} flagged · {escape_markdown(brief.summarizer)} summary"
    )
    lines += ["", f"<sub>{about}</sub>"]
    return "\n".join(lines)


def warnings_markdown(brief) -> str:
    """The translation check and the figure guard's verdict, always visible."""
    return "\n\n".join(
        filter(None, [reliability_markdown(brief.translation), _figure_check(brief)])
    )


def reliability_markdown(document) -> str:
    """A plain statement when sentences of a translation are flagged ("" when none is)."""
    if document is None or not document.flagged_count:
        return ""
    flagged, total = document.flagged_count, len(document.sentences)
    if flagged * 2 > total:
        verdict = "**This translation is unreliable**: most of its sentences"
    else:
        verdict = "Some sentences"
    counts: dict[str, int] = {}
    for pair in document.sentences:
        for flag in pair.flags:
            counts[flag] = counts.get(flag, 0) + 1
    reasons = ", ".join(f"{describe_flags([f])} ({n})" for f, n in counts.items())
    return (
        f"**⚠ Translation check: {flagged} of {total} sentences flagged.** {verdict} may be "
        f"mistranslated ({escape_markdown(reasons)}); they are marked in the Translation tab. "
        "Check them against the source."
    )


def _figure_check(brief) -> str:
    """The figure guard's verdict: every warning, or that all is well."""
    if brief.warnings:
        head = f"**⚠ Figure check: {len(brief.warnings)} warning(s)**: check these in the source."
        return "\n".join([head, "", *(f"- {escape_markdown(w)}" for w in brief.warnings)])
    if not brief.figures:
        return "Figure check: the source states no figures."
    if brief.unchecked_figures:
        return f"Figure check: {len(brief.unchecked_figures)} figure(s) not checked (fast mode)."
    return f"✓ Figure check: all {len(brief.figures)} figures of the source are in the English."


def format_value(value: float) -> str:
    """12000.0 -> "12,000"; 3.9 -> "3.9"; 2e9 -> "2,000,000,000"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def figures_frame(figures) -> pd.DataFrame:
    rows = [
        [("≈ " if f.approximate else "") + format_value(f.value), f.unit, f.text, f.source]
        for f in figures
    ]
    return pd.DataFrame(rows, columns=FIGURE_HEADERS)


def entities_frame(entities) -> pd.DataFrame:
    return pd.DataFrame([[e.name, e.kind, e.source] for e in entities], columns=ENTITY_HEADERS)


def dates_frame(dates) -> pd.DataFrame:
    return pd.DataFrame([[d.text, d.source] for d in dates], columns=DATE_HEADERS)


#: The background of a flagged row (the Check column says why, so colour is never the only sign).
FLAGGED_ROW = "background-color: #fde8e8"


def check_cell(pair) -> str:
    """The Check column: why a sentence may be mistranslated, and the model's confidence."""
    confidence = "" if pair.confidence is None else f"confidence {pair.confidence:.2f}"
    if getattr(pair, "round_trip", None) is not None:
        confidence += f", round trip {pair.round_trip:.2f}"
    if not pair.flags:
        return f"✓ {confidence}".strip() if confidence else ""
    words = describe_flags(pair.flags)
    return f"⚠ {words}" + (f" ({confidence})" if confidence else "")


def translation_frame(document):
    """One row per sentence: source | translation | check; flagged rows are tinted."""
    pairs = [] if document is None else list(document.sentences)
    rows = [[p.source, p.translation, check_cell(p)] for p in pairs]
    frame = pd.DataFrame(rows, columns=TRANSLATION_HEADERS)
    if not any(p.flags for p in pairs):
        return frame
    tints = [FLAGGED_ROW if p.flags else "" for p in pairs]
    return frame.style.apply(lambda row: [tints[row.name]] * len(row), axis=1)


def detection_markdown(detection) -> str:
    """ "Detected: **Kyrgyz** (ky), confidence 0.97", plus a mix of paragraph languages."""
    text = (
        f"Detected: **{escape_markdown(detection.name)}** ({escape_markdown(detection.language)}), "
        f"confidence {detection.confidence:.2f}"
    )
    counts: dict[str, int] = {}
    for p in detection.paragraphs:
        counts[p.language] = counts.get(p.language, 0) + 1
    if len(counts) > 1:
        mix = ", ".join(f"{n} {escape_markdown(language_name(c))}" for c, n in counts.items())
        text += f" · paragraphs: {mix}"
    return text


_downloads: tempfile.TemporaryDirectory | None = None
_downloads_lock = threading.Lock()


def _download_dir() -> Path:
    """A fresh folder for one request's files; folders older than an hour are removed."""
    global _downloads
    with _downloads_lock:
        if _downloads is None:
            _downloads = tempfile.TemporaryDirectory(prefix="kybrief-downloads-")
        root = Path(_downloads.name)
        for old in root.iterdir():
            if time.time() - old.stat().st_mtime > _DOWNLOAD_MAX_AGE_S:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(dir=root))


def write_brief_files(brief) -> tuple[str, str]:
    """Write the brief as ``kybrief-brief.md`` and ``kybrief-brief.json``; their paths."""
    folder = _download_dir()
    md_path = folder / "kybrief-brief.md"
    json_path = folder / "kybrief-brief.json"
    md_path.write_text(brief.to_markdown(), encoding="utf-8")
    data = json.dumps(brief.to_dict(), ensure_ascii=False, indent=2)
    json_path.write_text(data + "\n", encoding="utf-8")
    return str(md_path), str(json_path)


def write_translation_file(document) -> str:
    """Write a translation as ``kybrief-translation.json``; its path."""
    path = _download_dir() / "kybrief-translation.json"
    path.write_text(json.dumps(document.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)


def write_downloads(files: dict[str, str]) -> list[str]:
    """Write ``{file name: text}`` into one fresh download folder; the paths, in order."""
    folder = _download_dir()
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths
