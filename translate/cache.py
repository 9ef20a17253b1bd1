"""A persistent translation memory in SQLite: a translation, its confidence and its flags,
keyed by everything that can change the translation.

Schema version 2 (``PRAGMA user_version``). Version 1 files (one ``translations`` table, no
confidence, keyed by model and engine name only) are migrated by dropping that table: its rows
cannot say which compute type, beam size or model files made them, nor how confident the model
was, so serving them could give a stale translation or one that looks more trustworthy than
it is. They are translated again on demand.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from translate.document import SentencePair
from translate.errors import KybriefError

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    model TEXT NOT NULL, setup TEXT NOT NULL, source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL, source TEXT NOT NULL, translation TEXT NOT NULL,
    confidence REAL, flags TEXT NOT NULL,
    PRIMARY KEY (model, setup, source_lang, target_lang, source)
) WITHOUT ROWID
"""


@dataclass(frozen=True)
class CacheKey:
    """What a cached translation depends on besides its sentence.

    Attributes:
        model: the model as named (hub id or folder).
        engine: ``"ctranslate2"`` or ``"transformers"``.
        compute_type: ``"int8"``, ``"float32"``, ... (the weights' arithmetic).
        beam_size: 1 for greedy decoding.
        vocab_map: a digest of the output vocabulary map, ``""`` for none.
        fingerprint: a digest of the model's files (names, sizes, modification times), so a
            rebuilt local model does not reuse its predecessor's translations.
        source_lang: ISO code of the source.
        target_lang: ISO code of the target.
    """

    model: str
    engine: str
    compute_type: str
    beam_size: int
    vocab_map: str
    fingerprint: str
    source_lang: str
    target_lang: str

    @property
    def setup(self) -> str:
        """Engine, compute type, beam size, vocabulary map and fingerprint as one string."""
        return (
            f"engine={self.engine};compute={self.compute_type};beam={self.beam_size};"
            f"vmap={self.vocab_map or '-'};files={self.fingerprint}"
        )


@dataclass(frozen=True)
class CacheStats:
    """Lookups since the cache was opened, and rows stored."""

    hits: int
    misses: int
    rows: int

    def to_dict(self) -> dict:
        return {"hits": self.hits, "misses": self.misses, "rows": self.rows}


class TranslationCache:
    """SQLite translation memory, safe to share between threads and processes (WAL mode).

    Each row keeps a translation with the model's confidence and the flags raised on it, so a
    cached sentence is as informative as a fresh one.

    Args:
        path: the database file (created with its folder); ``":memory:"`` for a private one.

    Raises:
        KybriefError: the file cannot be opened, or was written by a newer kybrief.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            _migrate(self._db, self.path)
        except sqlite3.DatabaseError as exc:
            raise KybriefError(f"cannot open translation cache {self.path}: {exc}") from exc
        self._lock = threading.Lock()
        self._hits = self._misses = 0

    def get_many(self, key: CacheKey, sources: Iterable[str]) -> dict[str, SentencePair]:
        """Cached translations of ``sources`` (those not cached are absent).

        A row without a confidence (none should exist; a hand-edited file might) is a miss.
        """
        wanted = list(dict.fromkeys(sources))
        found: dict[str, SentencePair] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT source, translation, confidence, flags FROM sentences "
                    "WHERE model=? AND setup=? AND source_lang=? AND target_lang=? "
                    f"AND confidence IS NOT NULL AND source IN ({marks})",
                    (key.model, key.setup, key.source_lang, key.target_lang, *chunk),
                )
                for source, translation, confidence, flags in rows.fetchall():
                    found[source] = SentencePair(
                        source, translation, float(confidence), tuple(flags.split())
                    )
            self._hits += len(found)
            self._misses += len(wanted) - len(found)
        return found

    def put_many(self, key: CacheKey, pairs: Iterable[SentencePair]) -> None:
        """Store translations with their confidence and flags; a sentence already stored is
        overwritten. Pairs without a confidence are not stored."""
        rows = [
            (
                key.model,
                key.setup,
                key.source_lang,
                key.target_lang,
                p.source,
                p.translation,
                p.confidence,
                " ".join(p.flags),
            )
            for p in pairs
            if p.confidence is not None
        ]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO sentences VALUES (?,?,?,?,?,?,?,?)", rows)
            self._db.commit()

    @property
    def hits(self) -> int:
        """Sentences found since this handle was opened (read without the lock)."""
        return self._hits

    @property
    def misses(self) -> int:
        """Sentences looked up and not found since this handle was opened."""
        return self._misses

    def stats(self) -> CacheStats:
        """Hits and misses of this handle, and the rows in the database."""
        with self._lock:
            (rows,) = self._db.execute("SELECT COUNT(*) FROM sentences").fetchone()
            return CacheStats(self._hits, self._misses, rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _migrate(db: sqlite3.Connection, path: str) -> None:
    """Bring the file to ``SCHEMA_VERSION`` (see the module docstring), in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise KybriefError(
                f"translation cache {path} was written by a newer kybrief "
                f"(schema {version}; this one reads {SCHEMA_VERSION}): use another file"
            )
        old = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='translations'"
        ).fetchone()
        if old:
            (rows,) = db.execute("SELECT COUNT(*) FROM translations").fetchone()
            db.execute("DROP TABLE translations")
            logger.info(
                "translation cache %s: %d rows of the old format (no confidence, incomplete "
                "key) dropped; they will be translated again when needed",
                path,
                rows,
            )
        db.execute(_SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.commit()
    except BaseException:
        db.rollback()
        raise
