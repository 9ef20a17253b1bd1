"""Batch output: the append-only JSON-lines journal (crash-safe, resumable) and CSV / Markdown.

The journal is the source of truth: one complete JSON line per document, appended and made
durable (flush + fsync) after every chunk. A run killed at any moment leaves at most one
partial last line, which ``--resume`` cuts off before it skips the ids already there. For
``--format jsonl`` the journal *is* the output; for ``csv`` and ``md`` it is kept beside the
output (``OUTPUT.journal.jsonl``) and the output is rendered from it, whole, at the end.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from translate.errors import InputError, KybriefError

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "md")
CSV_COLUMNS = (
    *("id", "language", "error", "flagged", "mean_confidence"),
    *("headline", "summary", "key_points", "translation"),
)


def journal_path(output: str | Path, fmt: str) -> Path:
    """Where the records of a run are journaled: the output itself for jsonl."""
    output = Path(output)
    return output if fmt == "jsonl" else output.with_name(output.name + ".journal.jsonl")


def dump_record(record: dict) -> str:
    """One record as its journal line: sorted keys, so equal records are equal lines."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


class Journal:
    """The append-only record file of a batch run.

    Args:
        path: the journal file.
        resume: keep the records already there (a partial last line is cut off).
        overwrite: start again even if the file has records.

    Raises:
        InputError: the file has records and neither ``resume`` nor ``overwrite`` is set.
    """

    def __init__(self, path: str | Path, resume: bool = False, overwrite: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        has_records = self.path.exists() and self.path.stat().st_size > 0
        if has_records and not (resume or overwrite):
            raise InputError(
                f"{self.path} already has records; pass --resume to finish that run, "
                "or --overwrite to start again"
            )
        #: id -> whether that document failed, for every record already in the file.
        self.done: dict[str, bool] = recover(self.path) if resume else {}
        self._file = open(self.path, "a" if resume else "w", encoding="utf-8", newline="\n")  # noqa: SIM115

    def write(self, records: Iterable[dict]) -> None:
        """Append records (call ``sync`` to make them durable)."""
        records = list(records)
        lines = [dump_record(r) for r in records]
        self._file.write("".join(lines))
        for record in records:
            self.done[record["id"]] = record.get("error") is not None

    def sync(self) -> None:
        """Flush and fsync, so a crash after this loses nothing written before it."""
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        if not self._file.closed:
            self.sync()
            self._file.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def recover(path: str | Path) -> dict[str, bool]:
    """Cut a partial last line off a journal and return {id: failed} of its records.

    Lines are split on ``\\n`` only: JSON escapes newlines, but ``str.splitlines`` would also
    split on U+2028 and friends, which ``ensure_ascii=False`` leaves raw.

    Raises:
        KybriefError: a complete line is not a JSON record (the file is not a kybrief journal).
    """
    path = Path(path)
    if not path.exists():
        return {}
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        logger.warning("%s: dropping a partial last line (%d bytes)", path, len(data) - end)
        with open(path, "r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
    done: dict[str, bool] = {}
    for number, line in enumerate(data[:end].split(b"\n")[:-1], 1):
        record = _parse_line(path, number, line)
        done[record["id"]] = record.get("error") is not None
    return done


def read_records(path: str | Path) -> list[dict]:
    """Every complete record of a journal, in file order (a partial last line is ignored)."""
    data = Path(path).read_bytes()
    lines = data[: data.rfind(b"\n") + 1].split(b"\n")[:-1]
    return [_parse_line(Path(path), n, line) for n, line in enumerate(lines, 1)]


def _parse_line(path: Path, number: int, line: bytes) -> dict:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise KybriefError(f"{path}: line {number} is not a JSON record ({exc})") from exc
    if not isinstance(record, dict) or "id" not in record:
        raise KybriefError(f"{path}: line {number} is not a kybrief batch record")
    return record


def render(journal: str | Path, output: str | Path, fmt: str) -> None:
    """Write ``output`` in ``fmt`` (csv or md) from the journal, atomically (temp + rename)."""
    if fmt == "jsonl":
        return
    records = read_records(journal)
    text = render_csv(records) if fmt == "csv" else render_markdown(records)
    output = Path(output)
    temp = output.with_name(output.name + ".tmp")
    with open(temp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, output)


def _fields(record: dict) -> dict[str, str]:
    """The flat text fields of a record (brief parts, translation text) for csv / md."""
    brief = record.get("brief") or {}
    translation = record.get("translation") or brief.get("translation")
    if isinstance(translation, dict):
        translation = translation.get("translation", "")
    points = brief.get("key_points") or []
    quality = record.get("quality") or {}
    confidence = quality.get("mean_confidence")
    return {
        "id": record["id"],
        "language": record.get("language") or "",
        "error": record.get("error") or "",
        "flagged": ""
        if not quality
        else f"{quality.get('flagged', 0)} of {quality.get('sentences', 0)}",
        "mean_confidence": "" if confidence is None else f"{confidence:.2f}",
        "headline": _text(brief.get("headline")),
        "summary": _text(brief.get("summary")),
        "key_points": "\n".join(_text(p) for p in points),
        "translation": translation or "",
    }


def _text(value: object) -> str:
    """A brief part as text: a string, a list of strings, or a dict with a text field."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("text", "english", "translation"):
            if isinstance(value.get(key), str):
                return value[key]
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value)


def render_csv(records: list[dict]) -> str:
    """Records as CSV with a header: id, language, error, flagged ("2 of 13"), mean confidence,
    headline, summary, key points, text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(_fields(record))
    return buffer.getvalue()


def render_markdown(records: list[dict]) -> str:
    """Records as one Markdown document: a section per document."""
    parts = ["# kybrief batch\n"]
    for record in records:
        fields = _fields(record)
        parts.append(f"## {fields['id']}\n")
        if fields["error"]:
            parts.append(f"**Error:** {fields['error']}\n")
            continue
        parts.append(f"*Language: {fields['language']}*\n")
        if fields["flagged"]:
            confidence = fields["mean_confidence"] or "n/a"
            note = f"*Sentences flagged: {fields['flagged']} · mean confidence {confidence}*\n"
            parts.append(("⚠ " if not fields["flagged"].startswith("0 ") else "") + note)
        if fields["headline"]:
            parts.append(f"### {fields['headline']}\n")
        if fields["summary"]:
            parts.append(fields["summary"] + "\n")
        if fields["key_points"]:
            parts.append("\n".join(f"- {p}" for p in fields["key_points"].split("\n")) + "\n")
        if fields["translation"]:
            parts.append("**Translation**\n\n" + fields["translation"] + "\n")
    return "\n".join(parts)
