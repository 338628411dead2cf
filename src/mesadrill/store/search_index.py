"""The ``ask`` index: passages of course readings and card notes in an SQLite FTS5 table.

Two tables in the deck index file in the cache folder (``ask_meta`` and
``ask_passages``, beside the deck tables: one index, not two; never the
history database), filled again in one transaction whenever their signature
(the course, reading and deck files' paths, sizes and modification times,
and this build) changes, so a reader never sees half of them. Ranked with FTS5's ``bm25()``: the heading
weighs more than the body. The Porter stemmer built into FTS5 matches
"optimizers" with "optimize". Every statement is here.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from mesadrill.core.errors import MesadrillError
from mesadrill.core.records import record

FORMAT = "ask-2"
MARK_OPEN = "\x01"
MARK_CLOSE = "\x02"
HEADING_WEIGHT = 4.0
TITLE_WEIGHT = 2.0
BODY_WEIGHT = 1.0


@record(frozen=True, slots=True)
class PassageRow:
    """One indexed passage: where it comes from, and its text."""

    kind: str  # "reading" or "card"
    course_id: str
    lesson_id: str
    lesson_title: str
    heading: str
    path: str
    line: int
    body: str


@record(frozen=True, slots=True)
class Hit:
    row: PassageRow
    score: float  # bm25: lower is better
    marked_heading: str  # the heading and body with matched words between MARK_OPEN and MARK_CLOSE
    marked_body: str


_SCHEMA = (
    "CREATE TABLE ask_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE ask_passages USING fts5("
    "heading, title, body, kind UNINDEXED, course_id UNINDEXED, lesson_id UNINDEXED, "
    "lesson_title UNINDEXED, path UNINDEXED, line UNINDEXED, tokenize = 'porter unicode61')",
)


class SearchIndex:
    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, signature: str, passages: Iterable[PassageRow] | None = None) -> SearchIndex:
        """The index at ``path``; ``passages`` (called for) are indexed afresh when the signature differs.

        ``passages`` may be a generator: it is only consumed when a rebuild is needed.
        """
        try:
            db = _connect(path)
        except sqlite3.DatabaseError:  # damaged: the file is a cache, made again
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{path}{suffix}")
            db = _connect(path)
        except (OSError, sqlite3.Error) as error:
            raise MesadrillError(f"cannot open the ask index {path}: {error}") from None
        if not _current(db, signature):
            if passages is None:
                db.close()
                raise MesadrillError(f"the ask index at {path} is out of date")
            try:
                _build(db, signature, passages)
            except sqlite3.Error as error:
                db.close()
                raise MesadrillError(f"cannot write the ask index {path}: {error}") from None
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def search(self, match: str, limit: int, lesson_id: str | None = None, kind: str | None = None) -> list[Hit]:
        """Passages matching an FTS5 query, best first."""
        sql = (
            "SELECT kind, course_id, lesson_id, lesson_title, heading, path, line, body, "
            f"bm25(ask_passages, {HEADING_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank, "
            f"highlight(ask_passages, 0, '{MARK_OPEN}', '{MARK_CLOSE}'), "
            f"highlight(ask_passages, 2, '{MARK_OPEN}', '{MARK_CLOSE}') "
            "FROM ask_passages WHERE ask_passages MATCH ?"
        )
        parameters: list[object] = [match]
        if lesson_id is not None:
            sql += " AND lesson_id = ?"
            parameters.append(lesson_id)
        if kind is not None:
            sql += " AND kind = ?"
            parameters.append(kind)
        sql += " ORDER BY rank LIMIT ?"
        parameters.append(limit)
        try:
            rows = self.db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise MesadrillError(f"ask: cannot search the index {self.path}: {error}") from None
        return [
            Hit(PassageRow(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), r[7]), float(r[8]), r[9], r[10]) for r in rows
        ]

    def bare(self, match: str, limit: int) -> list[tuple[int, float]]:
        """The least a ranked FTS5 query can do: rowids and bm25 only (the benchmark's floor)."""
        sql = "SELECT rowid, bm25(ask_passages) AS rank FROM ask_passages WHERE ask_passages MATCH ? ORDER BY rank LIMIT ?"
        return [(int(r[0]), float(r[1])) for r in self.db.execute(sql, (match, limit)).fetchall()]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM ask_passages").fetchone()[0])


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        db.execute("PRAGMA journal_mode = WAL")  # as the deck index: readers never wait for a writer
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a damaged file says so here
    except BaseException:
        db.close()
        raise
    return db


def _current(db: sqlite3.Connection, signature: str) -> bool:
    try:
        meta = dict(db.execute("SELECT key, value FROM ask_meta").fetchall())
    except sqlite3.Error:
        return False
    return meta.get("format") == FORMAT and meta.get("signature") == signature


def _build(db: sqlite3.Connection, signature: str, passages: Iterable[PassageRow]) -> None:
    """Fill the ask tables afresh in one transaction: a reader sees the old ones or the new, never half."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if _current(db, signature):  # another process built them meanwhile
            db.execute("COMMIT")
            return
        for table in ("ask_meta", "ask_passages"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _SCHEMA:
            db.execute(statement)
        db.executemany(
            "INSERT INTO ask_passages (heading, title, body, kind, course_id, lesson_id, lesson_title, path, line) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (p.heading, p.lesson_title, p.body, p.kind, p.course_id, p.lesson_id, p.lesson_title, p.path, p.line)
                for p in passages
            ),
        )
        db.executemany("INSERT INTO ask_meta VALUES (?, ?)", (("format", FORMAT), ("signature", signature)))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
