"""The history database's schema, as an append-only list of named steps.

``PRAGMA user_version`` holds how many steps a database has had. Never edit a
released step: add a new one. ``store.HistoryStore.open`` backs the database
up, then runs every pending step in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from mesadrill.core.records import record
from mesadrill.store.course_ids import attempt_event_id, read_event_id


@record(frozen=True, slots=True)
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


def _card_actions(db: sqlite3.Connection) -> None:
    """Suspend, bury, reset and practice events; the items' suspended and buried flags.

    The first step's CHECK on ``events.kind`` names the three kinds of then, and
    SQLite cannot change a CHECK in place, so the table is rebuilt without one
    (``core.history.EventKind`` validates kinds on every read). Dropping
    ``events`` cascades into ``drills`` (foreign keys are on), so the drill rows
    are kept aside and put back. Another step may already have rebuilt
    ``events`` without that CHECK (the event-log work does, with more
    columns): then only the items gain their columns.
    """
    (events_sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()
    if "kind IN (" in events_sql.replace("  ", " "):
        _events_without_kind_check(db)
    db.execute("ALTER TABLE items ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE items ADD COLUMN buried_until TEXT")


def _events_without_kind_check(db: sqlite3.Connection) -> None:
    """The first schema's ``events``, rebuilt without its CHECK on ``kind``."""
    db.execute("CREATE TEMP TABLE drills_kept AS SELECT * FROM drills")
    db.execute(
        """
        CREATE TABLE events_rebuilt (
            event_id       TEXT PRIMARY KEY,
            deck_id        TEXT NOT NULL,
            item_id        TEXT NOT NULL,
            reviewed_at    TEXT NOT NULL,      -- UTC, ISO 8601 with microseconds
            study_day      TEXT NOT NULL,      -- YYYY-MM-DD, the local study day
            quality        INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),  -- 0 for actions
            kind           TEXT NOT NULL,      -- a core.history.EventKind value
            repetitions    INTEGER NOT NULL,   -- the state after this event
            easiness_centi INTEGER NOT NULL,
            interval_days  INTEGER NOT NULL,
            due            TEXT,
            duration_ms    INTEGER,
            item_hash      TEXT
        )
        """
    )
    db.execute("INSERT INTO events_rebuilt SELECT * FROM events ORDER BY rowid")
    db.execute("DROP TABLE events")
    db.execute("ALTER TABLE events_rebuilt RENAME TO events")
    db.execute("CREATE INDEX events_by_item ON events (deck_id, item_id, reviewed_at)")
    db.execute("CREATE INDEX events_by_day ON events (study_day)")
    db.execute("INSERT INTO drills SELECT * FROM temp.drills_kept")
    db.execute("DROP TABLE temp.drills_kept")


def _courses(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE quiz_attempts (
            attempt_id  TEXT PRIMARY KEY,
            course_id   TEXT NOT NULL,
            lesson_id   TEXT NOT NULL,
            taken_at    TEXT NOT NULL,      -- UTC, ISO 8601 with microseconds
            study_day   TEXT NOT NULL,
            score       INTEGER NOT NULL,
            total       INTEGER NOT NULL,
            answers     TEXT NOT NULL       -- JSON list of {deck_id, item_id, given, right, claimed}
        )
        """
    )
    db.execute("CREATE INDEX quiz_attempts_by_lesson ON quiz_attempts (course_id, lesson_id, taken_at)")
    db.execute(
        """
        CREATE TABLE lesson_reads (
            course_id   TEXT NOT NULL,
            lesson_id   TEXT NOT NULL,
            read_at     TEXT NOT NULL,
            study_day   TEXT NOT NULL,
            PRIMARY KEY (course_id, lesson_id)
        ) WITHOUT ROWID
        """
    )


def _meta(db: sqlite3.Connection) -> None:
    """Facts about the database itself, such as which scheduler built the item records."""
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")


def _event_log(db: sqlite3.Connection) -> None:
    """Device ids, undo tombstones, and room for more kinds of event.

    ``meta`` holds this data folder's device id (random, made here once).
    ``events`` is rebuilt because SQLite cannot alter a CHECK: ``kind`` may be
    any short name (undo, and kinds later versions add), and events gain the
    device that recorded them and, for an undo, the event it takes back.
    ``drills`` points at ``events`` by a foreign key with ON DELETE CASCADE, so
    it is moved across first and the old table dropped only when nothing
    refers to it any more.
    """
    # IF NOT EXISTS: another step may have made ``meta`` first (the scheduler work does).
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', lower(hex(randomblob(8))))")
    db.execute("ALTER TABLE events RENAME TO events_v2")
    db.execute(
        """
        CREATE TABLE events (
            event_id       TEXT PRIMARY KEY,
            deck_id        TEXT NOT NULL,
            item_id        TEXT NOT NULL,
            reviewed_at    TEXT NOT NULL,      -- UTC, ISO 8601 with microseconds
            study_day      TEXT NOT NULL,      -- YYYY-MM-DD, the local study day
            quality        INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
            kind           TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
            repetitions    INTEGER NOT NULL,   -- the state after this event, as the fold derives it
            easiness_centi INTEGER NOT NULL,
            interval_days  INTEGER NOT NULL,
            due            TEXT,
            duration_ms    INTEGER,
            item_hash      TEXT,
            device_id      TEXT,               -- the data folder that recorded it (NULL: older events)
            undoes         TEXT                -- for an undo: the event it takes back
        )
        """
    )
    db.execute(
        "INSERT INTO events (event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, repetitions, "
        "easiness_centi, interval_days, due, duration_ms, item_hash) "
        "SELECT event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, repetitions, "
        "easiness_centi, interval_days, due, duration_ms, item_hash FROM events_v2"
    )
    db.execute(
        """
        CREATE TABLE drills_v3 (
            event_id          TEXT PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
            answer_text       TEXT,
            points_total      INTEGER NOT NULL,
            points_covered    TEXT NOT NULL,   -- JSON list of 0-based key point indexes
            time_limit_s      INTEGER NOT NULL,
            follow_up_answers TEXT NOT NULL    -- JSON list of strings
        )
        """
    )
    db.execute("INSERT INTO drills_v3 SELECT * FROM drills")
    db.execute("DROP TABLE drills")
    db.execute("DROP TABLE events_v2")
    db.execute("ALTER TABLE drills_v3 RENAME TO drills")
    db.execute("CREATE INDEX events_by_item ON events (deck_id, item_id, reviewed_at)")
    db.execute("CREATE INDEX events_by_day ON events (study_day)")
    db.execute("CREATE INDEX events_by_undone ON events (undoes) WHERE undoes IS NOT NULL")


def _sync_state(db: sqlite3.Connection) -> None:
    """What ``mesadrill sync`` has sent and received.

    ``sync_segments``: each segment written by this device or applied from
    another, so none is applied twice. ``sync_received``: rowid ranges of the
    events a sync inserted (they are already at the target, so never sent
    back). ``meta`` keys ``sync_sent_rowid`` (events up to it are sent) and
    ``sync_target``/``sync_last`` are added as they are needed.
    """
    db.execute(
        """
        CREATE TABLE sync_segments (
            device_id  TEXT NOT NULL,
            seq        INTEGER NOT NULL,
            events     INTEGER NOT NULL,
            applied_at TEXT NOT NULL,          -- UTC, when this device wrote or applied it
            PRIMARY KEY (device_id, seq)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE TABLE sync_received (lo INTEGER NOT NULL, hi INTEGER NOT NULL)")


def _queue_indexes(db: sqlite3.Connection) -> None:
    """Today's due items, and the items introduced on a day, read from an index alone.

    A start after a long break counts tens of thousands of due items (the
    daily limit shows a few hundred of them), and the search for new items
    starts after those introduced on the latest day (thousands, in a big
    deck learnt fast). With the columns those questions read in the index,
    neither visits the items table. Each replaces an index it extends; and
    the items introduced today over all decks are counted from an index.
    """
    db.execute("CREATE INDEX items_due ON items (deck_id, due, suspended, buried_until, item_id)")
    db.execute("DROP INDEX IF EXISTS items_by_due")
    db.execute("CREATE INDEX items_introduced ON items (deck_id, first_day, item_id)")
    db.execute("DROP INDEX IF EXISTS items_by_first_day")
    db.execute("CREATE INDEX items_by_first_day ON items (first_day)")  # new today over all decks


def _course_events(db: sqlite3.Connection) -> None:
    """Quiz attempts and lesson reads become events of the one log, so sync and export carry them.

    ``events`` gains ``payload`` (a quiz attempt's answers and total, as
    JSON; NULL for every other kind). Each row of ``quiz_attempts`` becomes a
    ``quiz-attempt`` event with the attempt's id as its event id (another
    machine that held the same attempt makes the same event, so a sync never
    doubles it) and each ``lesson_reads`` row a ``lesson-read`` event whose id
    is derived from the course, lesson and time. Neither records a device (as
    for events made before device ids), so both copies are the same event.
    The two tables are then dropped: course progress is read from the log.
    """
    db.execute("ALTER TABLE events ADD COLUMN payload TEXT")
    insert = (
        "INSERT OR IGNORE INTO events (event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, "
        "repetitions, easiness_centi, interval_days, due, duration_ms, item_hash, device_id, undoes, payload) "
        "VALUES (?, ?, ?, ?, ?, 0, ?, 0, 250, 0, NULL, NULL, NULL, NULL, NULL, ?)"
    )
    attempts = db.execute(
        "SELECT attempt_id, course_id, lesson_id, taken_at, study_day, total, answers FROM quiz_attempts ORDER BY rowid"
    ).fetchall()
    for attempt_id, course_id, lesson_id, taken_at, study_day, total, answers in attempts:
        payload = '{"total": ' + str(int(total)) + ', "answers": ' + answers + "}"
        db.execute(
            insert,
            (
                attempt_event_id(attempt_id),
                f"course:{course_id}",
                lesson_id,
                taken_at,
                study_day,
                "quiz-attempt",
                payload,
            ),
        )
    reads = db.execute("SELECT course_id, lesson_id, read_at, study_day FROM lesson_reads").fetchall()
    for course_id, lesson_id, read_at, study_day in reads:
        event_id = read_event_id(course_id, lesson_id, read_at)
        db.execute(insert, (event_id, f"course:{course_id}", lesson_id, read_at, study_day, "lesson-read", None))
    db.execute("DROP TABLE quiz_attempts")
    db.execute("DROP TABLE lesson_reads")


MIGRATIONS: list[Migration] = [
    Migration("events-and-items", _events_and_items),
    Migration("drill-details", _drill_details),
    Migration("card-actions", _card_actions),
    Migration("courses", _courses),
    Migration("meta", _meta),
    Migration("event-log", _event_log),
    Migration("sync-state", _sync_state),
    Migration("queue-indexes", _queue_indexes),
    Migration("course-events", _course_events),
]
