"""The history database's schema, as an append-only list of named steps.

``PRAGMA user_version`` holds how many steps a database has had. Never edit a
released step: add a new one. ``store.HistoryStore.open`` backs the database
up, then runs every pending step in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _events_and_items(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE events (
            event_id       TEXT PRIMARY KEY,
            deck_id        TEXT NOT NULL,
            item_id        TEXT NOT NULL,
            reviewed_at    TEXT NOT NULL,      -- UTC, ISO 8601 with microseconds
            study_day      TEXT NOT NULL,      -- YYYY-MM-DD, the local study day
            quality        INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
            kind           TEXT NOT NULL CHECK (kind IN ('review', 'same-day', 'drill')),
            repetitions    INTEGER NOT NULL,   -- the state after this grade
            easiness_centi INTEGER NOT NULL,
            interval_days  INTEGER NOT NULL,
            due            TEXT,
            duration_ms    INTEGER,
            item_hash      TEXT
        )
        """
    )
    db.execute("CREATE INDEX events_by_item ON events (deck_id, item_id, reviewed_at)")
    db.execute("CREATE INDEX events_by_day ON events (study_day)")
    db.execute(
        """
        CREATE TABLE items (
            deck_id        TEXT NOT NULL,
            item_id        TEXT NOT NULL,
            repetitions    INTEGER NOT NULL,
            easiness_centi INTEGER NOT NULL,
            interval_days  INTEGER NOT NULL,
            due            TEXT,
            last_review    TEXT,
            reviews        INTEGER NOT NULL,
            lapses         INTEGER NOT NULL,
            first_day      TEXT,
            PRIMARY KEY (deck_id, item_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX items_by_due ON items (deck_id, due)")
    db.execute("CREATE INDEX items_by_first_day ON items (deck_id, first_day)")


def _drill_details(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE drills (
            event_id          TEXT PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
            answer_text       TEXT,
            points_total      INTEGER NOT NULL,
            points_covered    TEXT NOT NULL,   -- JSON list of 0-based key point indexes
            time_limit_s      INTEGER NOT NULL,
            follow_up_answers TEXT NOT NULL    -- JSON list of strings
        )
        """
    )


def _anki_schedule_kind(db: sqlite3.Connection) -> None:
    """Let ``events.kind`` hold 'anki-schedule' (a schedule imported from Anki).

    SQLite cannot alter a CHECK constraint, and rebuilding the table would
    copy every event. A CHECK constraint does not change how rows are stored,
    so this takes the shorter route SQLite's ALTER TABLE documentation gives
    for exactly this case: edit the table's definition in the schema, bump
    the schema version, and check integrity, all inside the migration's
    transaction (anything wrong rolls it back).
    """
    old = "CHECK (kind IN ('review', 'same-day', 'drill'))"
    new = "CHECK (kind IN ('review', 'same-day', 'drill', 'anki-schedule'))"
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
    if old not in sql:
        raise sqlite3.DatabaseError("the events table is not as the earlier migrations left it")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'events'", (sql.replace(old, new),)
        )
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError(f"integrity check after changing the events table: {problems[:3]}")


def _meta(db: sqlite3.Connection) -> None:
    """Facts about the database itself, such as which scheduler built the item records."""
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")


MIGRATIONS: list[Migration] = [
    Migration("events-and-items", _events_and_items),
    Migration("drill-details", _drill_details),
    Migration("anki-schedule-kind", _anki_schedule_kind),
    Migration("meta", _meta),
]
