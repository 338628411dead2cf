"""The ``ask`` index: passages of course readings and card notes in an SQLite FTS5 table.

A file in the cache folder (never the history database), rebuilt whenever its
signature (the course, reading and deck files' paths, sizes and modification
times, and this build) changes. Ranked with FTS5's ``bm25()``: the heading
weighs more than the body. The Porter stemmer built into FTS5 matches
"optimizers" with "optimize". Every statement is here.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mesadrill.core.errors import MesadrillError

FORMAT = "ask-2"
MARK_OPEN = "\x01"
MARK_CLOSE = "\x02"
HEADING_WEIGHT = 4.0
TITLE_WEIGHT = 2.0
BODY_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Hit:
    row: PassageRow
    score: float  # bm25: lower is better
    marked_heading: str  # the heading and body with matched words between MARK_OPEN and MARK_CLOSE
    marked_body: str


_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE passages USING fts5("
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
        db = _connect_existing(path, signature)
        if db is None:
            if passages is None:
                raise MesadrillError(f"the ask index at {path} is out of date")
            _build(path, signature, passages)
            db = _connect_existing(path, signature)
            if db is None:
                raise MesadrillError(f"cannot build the ask index at {path}")
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
            f"bm25(passages, {HEADING_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank, "
            f"highlight(passages, 0, '{MARK_OPEN}', '{MARK_CLOSE}'), "
            f"highlight(passages, 2, '{MARK_OPEN}', '{MARK_CLOSE}') "
            "FROM passages WHERE passages MATCH ?"
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
        sql = "SELECT rowid, bm25(passages) AS rank FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT ?"
        return [(int(r[0]), float(r[1])) for r in self.db.execute(sql, (match, limit)).fetchall()]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0])


def _connect_existing(path: Path, signature: str) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = db.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.Error:
        return None
    meta = dict(rows)
    if meta.get("format") != FORMAT or meta.get("signature") != signature:
        db.close()
        return None
    return db


def _build(path: Path, signature: str, passages: Iterable[PassageRow]) -> None:
    """Write a new index beside the old one and move it into place, so a reader never sees half of one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".ask-", suffix=".tmp", dir=path.parent)
        os.close(handle)
    except OSError as error:
        raise MesadrillError(f"cannot write the ask index in {path.parent}: {error.strerror}") from None
    try:
        db = sqlite3.connect(temporary)
        try:
            for statement in _SCHEMA:
                db.execute(statement)
            db.executemany(
                "INSERT INTO passages (heading, title, body, kind, course_id, lesson_id, lesson_title, path, line) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        p.heading,
                        p.lesson_title,
                        p.body,
                        p.kind,
                        p.course_id,
                        p.lesson_id,
                        p.lesson_title,
                        p.path,
                        p.line,
                    )
                    for p in passages
                ),
            )
            db.executemany("INSERT INTO meta VALUES (?, ?)", (("format", FORMAT), ("signature", signature)))
            db.commit()
        finally:
            db.close()
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise MesadrillError(f"cannot write the ask index {path}: {error}") from None
