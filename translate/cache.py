"""A persistent translation memory in SQLite, keyed by model, engine, direction and sentence."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from translate.errors import KybriefError

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL, engine TEXT NOT NULL, source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL, source TEXT NOT NULL, translation TEXT NOT NULL,
    PRIMARY KEY (model, engine, source_lang, target_lang, source)
) WITHOUT ROWID
"""


@dataclass(frozen=True)
class CacheKey:
    """What a cached translation depends on besides its sentence."""

    model: str
    engine: str
    source_lang: str
    target_lang: str


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

    Args:
        path: the database file (created with its folder); ``":memory:"`` for a private one.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            raise KybriefError(f"cannot open translation cache {self.path}: {exc}") from exc
        self._lock = threading.Lock()
        self._hits = self._misses = 0

    def get_many(self, key: CacheKey, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of ``sources`` (those not cached are absent)."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT source, translation FROM translations WHERE model=? AND engine=? "
                    f"AND source_lang=? AND target_lang=? AND source IN ({marks})",
                    (key.model, key.engine, key.source_lang, key.target_lang, *chunk),
                )
                found.update(rows.fetchall())
            self._hits += len(found)
            self._misses += len(wanted) - len(found)
        return found

    def put_many(self, key: CacheKey, translations: dict[str, str]) -> None:
        """Store translations; a sentence already stored is overwritten."""
        rows = [
            (key.model, key.engine, key.source_lang, key.target_lang, src, tgt)
            for src, tgt in translations.items()
        ]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?,?,?,?,?,?)", rows)
            self._db.commit()

    def stats(self) -> CacheStats:
        """Hits and misses of this handle, and the rows in the database."""
        with self._lock:
            (rows,) = self._db.execute("SELECT COUNT(*) FROM translations").fetchone()
            return CacheStats(self._hits, self._misses, rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()
