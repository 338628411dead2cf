"""The history store: the event log and the per-item records.

One SQLite file holds an append-only log of grades (``events``, with drill
details beside it in ``drills``) and one summary row per item (``items``),
updated in the same transaction as the event it summarises, so start-up never
replays the log.

Durability: WAL with ``synchronous=FULL`` (a committed grade survives a power
cut), every write in ``BEGIN IMMEDIATE`` with a busy timeout (two terminals
wait for each other instead of failing with "database is locked"), a backup
before any migration (and one a day, in the background: ``daily_backup``),
which includes rows still in the ``-wal`` file. A file that is not a database, is damaged,
or was made by a newer mesadrill is reported and left exactly as it is.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from mesadrill.core.errors import StoreError
from mesadrill.core.history import DrillDetails, EventKind, ItemRecord, ReviewEvent, replay
from mesadrill.core.sm2 import Sm2State
from mesadrill.store.backups import Backup, backup_folder, list_backups, vacuum_into
from mesadrill.store.card_queries import CardQueries
from mesadrill.store.migrations import MIGRATIONS
from mesadrill.store.schedule_meta import ScheduleMeta
from mesadrill.store.sqlite import BUSY_TIMEOUT_S, busy_retried, check_file, describe

_EVENT_COLUMNS = (
    "e.event_id, e.deck_id, e.item_id, e.reviewed_at, e.study_day, e.quality, e.kind, "
    "e.repetitions, e.easiness_centi, e.interval_days, e.due, e.duration_ms, e.item_hash, "
    "d.answer_text, d.points_total, d.points_covered, d.time_limit_s, d.follow_up_answers"
)
_EVENTS_FROM = "events AS e LEFT JOIN drills AS d ON d.event_id = e.event_id"
MERGE_BATCH = 5000  # events per import transaction: a few ms of lock each
MERGE_PAUSE_S = 0.05  # between two batches, for anyone waiting (10 s over a million events)
_IN_CHUNK = 500  # values per IN (...) list, well under SQLite's variable limit
_ITEM_COLUMNS = (
    "deck_id, item_id, repetitions, easiness_centi, interval_days, due, last_review, reviews, lapses, first_day, "
    "suspended, buried_until"
)
# The kinds of the real schedule's grades (not practice, not card actions).
_SCHEDULE_KINDS = "('review', 'same-day', 'drill')"
_GRADE_KINDS = "('review', 'same-day', 'drill', 'practice')"


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _event_from_row(row: tuple[Any, ...]) -> ReviewEvent:
    drill = None
    if row[14] is not None:
        drill = DrillDetails(
            answer_text=row[13],
            points_total=row[14],
            points_covered=tuple(json.loads(row[15])),
            time_limit_s=row[16],
            follow_up_answers=tuple(json.loads(row[17])),
        )
    return ReviewEvent(
        event_id=row[0],
        deck_id=row[1],
        item_id=row[2],
        reviewed_at=datetime.fromisoformat(row[3]),
        study_day=date.fromisoformat(row[4]),
        quality=row[5],
        kind=EventKind(row[6]),
        state_after=Sm2State(row[7], row[8], row[9], _parse_day(row[10])),
        duration_ms=row[11],
        item_hash=row[12],
        drill=drill,
    )


def _record_from_row(row: tuple[Any, ...]) -> ItemRecord:
    return ItemRecord(
        deck_id=row[0],
        item_id=row[1],
        state=Sm2State(row[2], row[3], row[4], _parse_day(row[5])),
        last_review=datetime.fromisoformat(row[6]) if row[6] else None,
        reviews=row[7],
        lapses=row[8],
        first_day=_parse_day(row[9]),
        suspended=bool(row[10]),
        buried_until=_parse_day(row[11]),
    )


# ---- errors


class HistoryStore(CardQueries, ScheduleMeta):
    """An open history database. Use as a context manager, or call close()."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, *, today: date, now: datetime) -> HistoryStore:
        """Open (creating if need be) and migrate after a backup.

        The day's backup is not taken here: see ``store.daily_backup``, which
        the runtime starts beside the session so no start waits for it.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreError(f"cannot create the data folder {path.parent}: {error.strerror}") from None
        existed = path.exists() and path.stat().st_size > 0
        version = check_file(path) if existed else 0
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as error:
            raise describe(error, path, "opening the history") from None
        store = cls(db, path)
        try:
            store._configure()
            if version < len(MIGRATIONS):
                if existed and version > 0:
                    store.backup(f"pre-migration-v{len(MIGRATIONS)}", now)
                store._migrate()
        except BaseException:
            store.close()
            raise
        return store

    def _configure(self) -> None:
        try:
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            mode = busy_retried(lambda: self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            if str(mode).lower() != "wal":
                raise StoreError(
                    f"{self.path}: SQLite would not use WAL mode here (got {mode}); is it on a network drive?"
                )
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as error:
            raise describe(error, self.path, "opening the history") from None

    def _migrate(self) -> None:
        with self._write("upgrading the history database"):
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError(f"{self.path} was made by a newer mesadrill (schema {version})")
            for step in MIGRATIONS[version:]:
                step.apply(self.db)
            self.db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # ---- plumbing

    @contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE and committed before returning."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise describe(error, self.path, doing) from None
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.in_transaction:
                with suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise describe(error, self.path, doing) from None
            raise

    def _rows(
        self, sql: str, parameters: Iterable[Any] = (), doing: str = "reading the history"
    ) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.Error as error:
            raise describe(error, self.path, doing) from None

    @staticmethod
    def _in(values: Collection[str]) -> str:
        return ",".join("?" * len(values))

    # ---- reads

    def record(self, deck_id: str, item_id: str) -> ItemRecord | None:
        rows = self._rows(f"SELECT {_ITEM_COLUMNS} FROM items WHERE deck_id = ? AND item_id = ?", (deck_id, item_id))
        return _record_from_row(rows[0]) if rows else None

    def records(self, deck_id: str) -> dict[str, ItemRecord]:
        rows = self._rows(f"SELECT {_ITEM_COLUMNS} FROM items WHERE deck_id = ?", (deck_id,))
        return {row[1]: _record_from_row(row) for row in rows}

    def due_by_day(self, deck_id: str, day: date) -> list[tuple[str, list[str]]]:
        """Items due by ``day``, grouped by due day (YYYY-MM-DD, earliest first).

        For the queue, which may handle tens of thousands: SQLite joins each
        day's ids into one string, so Python handles one row per day. An id
        holding a line break (only an imported history could have one, and
        no deck can) would split wrongly, so it is left out here.
        """
        rows = self._rows(
            "SELECT due, group_concat(item_id, char(10)) FROM items "
            "WHERE deck_id = ? AND due IS NOT NULL AND due <= ? AND instr(item_id, char(10)) = 0 "
            "AND suspended = 0 AND (buried_until IS NULL OR buried_until <= ?) "
            "GROUP BY due ORDER BY due",
            (deck_id, day.isoformat(), day.isoformat()),
        )
        return [(due, joined.split("\n")) for due, joined in rows]

    @staticmethod
    def _not_new(today: date | None) -> tuple[str, tuple[str, ...]]:
        """Items that are not new today: scheduled, or (with ``today``) suspended or buried."""
        if today is None:
            return "due IS NOT NULL", ()
        return "(due IS NOT NULL OR suspended = 1 OR buried_until > ?)", (today.isoformat(),)

    def seen_item_ids(self, deck_id: str, today: date | None = None) -> set[str]:
        """Every item of the deck with a schedule (with ``today``: or held back by suspend or bury)."""
        where, extra = self._not_new(today)
        rows = self._rows(f"SELECT item_id FROM items WHERE deck_id = ? AND {where}", (deck_id, *extra))
        return {item_id for (item_id,) in rows}

    def seen_among(self, deck_id: str, item_ids: Sequence[str], today: date | None = None) -> set[str]:
        """Which of ``item_ids`` are not new: for checking a few items without reading them all."""
        seen: set[str] = set()
        where, extra = self._not_new(today)
        for start in range(0, len(item_ids), _IN_CHUNK):
            chunk = item_ids[start : start + _IN_CHUNK]
            rows = self._rows(
                f"SELECT item_id FROM items WHERE deck_id = ? AND {where} AND item_id IN ({self._in(chunk)})",
                (deck_id, *extra, *chunk),
            )
            seen.update(item_id for (item_id,) in rows)
        return seen

    def latest_introduced(self, deck_id: str) -> list[str]:
        """The items of the deck first reviewed on the latest day any was."""
        rows = self._rows(
            "SELECT item_id FROM items WHERE deck_id = ? AND first_day = "
            "(SELECT MAX(first_day) FROM items WHERE deck_id = ?)",
            (deck_id, deck_id),
        )
        return [item_id for (item_id,) in rows]

    def last_item_hash(self, deck_id: str, item_id: str) -> str | None:
        """The hash of the item's text as shown at its latest grade."""
        rows = self._rows(
            f"SELECT item_hash FROM events WHERE deck_id = ? AND item_id = ? AND kind IN {_GRADE_KINDS} "
            "ORDER BY reviewed_at DESC, rowid DESC LIMIT 1",
            (deck_id, item_id),
        )
        return rows[0][0] if rows else None

    def grades_on(self, deck_id: str, item_id: str, day: date) -> list[tuple[str, int, EventKind]]:
        """(event id, quality, kind) of one item's grades on a study day, from any terminal.

        Cheap (the item index), so a session asks before showing each item;
        also safe inside ``record_grade``'s transaction.
        """
        rows = self._rows(
            f"SELECT event_id, quality, kind FROM events WHERE deck_id = ? AND item_id = ? AND study_day = ? "
            f"AND kind IN {_GRADE_KINDS}",
            (deck_id, item_id, day.isoformat()),
        )
        return [(event_id, quality, EventKind(kind)) for event_id, quality, kind in rows]

    def introduced_on(self, deck_id: str, day: date) -> int:
        rows = self._rows("SELECT COUNT(*) FROM items WHERE deck_id = ? AND first_day = ?", (deck_id, day.isoformat()))
        return int(rows[0][0])

    def events_on(self, day: date, deck_ids: Collection[str] | None = None) -> list[ReviewEvent]:
        """The day's grades of the schedule (reviews, same-day repeats, drills), in order."""
        sql = f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE e.study_day = ? AND e.kind IN {_SCHEDULE_KINDS}"
        parameters: list[Any] = [day.isoformat()]
        if deck_ids is not None:
            if not deck_ids:
                return []
            sql += f" AND e.deck_id IN ({self._in(deck_ids)})"
            parameters.extend(deck_ids)
        sql += " ORDER BY e.reviewed_at, e.rowid"
        return [_event_from_row(row) for row in self._rows(sql, parameters)]

    def events(self, deck_id: str | None = None, item_id: str | None = None) -> Iterator[ReviewEvent]:
        """Every event (of a deck, or one item), oldest first, streamed."""
        sql = f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM}"
        parameters: list[Any] = []
        if deck_id is not None:
            sql += " WHERE e.deck_id = ?"
            parameters.append(deck_id)
            if item_id is not None:
                sql += " AND e.item_id = ?"
                parameters.append(item_id)
        sql += " ORDER BY e.reviewed_at, e.rowid"
        try:
            cursor = self.db.execute(sql, parameters)
            while True:
                rows = cursor.fetchmany(1000)
                if not rows:
                    return
                for row in rows:
                    yield _event_from_row(row)
        except sqlite3.Error as error:
            raise describe(error, self.path, "reading the history") from None

    def event_count(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM events")[0][0])

    def deck_ids(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT DISTINCT deck_id FROM items ORDER BY deck_id")]

    def item_keys(self) -> list[tuple[str, str]]:
        return [(row[0], row[1]) for row in self._rows("SELECT deck_id, item_id FROM items ORDER BY deck_id, item_id")]

    def reviews_per_day(self, since: date) -> dict[date, int]:
        rows = self._rows(
            f"SELECT study_day, COUNT(*) FROM events WHERE study_day >= ? AND kind IN {_GRADE_KINDS} GROUP BY study_day",
            (since.isoformat(),),
        )
        return {date.fromisoformat(day): count for day, count in rows}

    def grades_since(self, since: date, kinds: Collection[EventKind]) -> list[int]:
        if not kinds:
            return []
        rows = self._rows(
            f"SELECT quality FROM events WHERE study_day >= ? AND kind IN ({self._in(kinds)})",
            [since.isoformat(), *(k.value for k in kinds)],
        )
        return [row[0] for row in rows]

    def due_per_day(self, start: date, end: date, deck_ids: Collection[str] | None = None) -> dict[date, int]:
        sql = "SELECT due, COUNT(*) FROM items WHERE due IS NOT NULL AND suspended = 0 AND due >= ? AND due <= ?"
        parameters: list[Any] = [start.isoformat(), end.isoformat()]
        if deck_ids is not None:
            if not deck_ids:
                return {}
            sql += f" AND deck_id IN ({self._in(deck_ids)})"
            parameters.extend(deck_ids)
        rows = self._rows(sql + " GROUP BY due", parameters)
        return {date.fromisoformat(day): count for day, count in rows}

    def last_studied(self) -> dict[str, datetime]:
        rows = self._rows("SELECT deck_id, MAX(last_review) FROM items GROUP BY deck_id")
        return {deck_id: datetime.fromisoformat(last) for deck_id, last in rows if last}

    def drill_attempts(self, deck_id: str, item_id: str) -> list[ReviewEvent]:
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM events AS e JOIN drills AS d ON d.event_id = e.event_id "
            "WHERE e.deck_id = ? AND e.item_id = ? ORDER BY e.reviewed_at, e.rowid",
            (deck_id, item_id),
        )
        return [_event_from_row(row) for row in rows]

    # ---- writes

    def _insert_event(self, event: ReviewEvent, *, ignore: bool = False) -> bool:
        state = event.state_after
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        cursor = self.db.execute(
            f"{verb} INTO events (event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, "
            "repetitions, easiness_centi, interval_days, due, duration_ms, item_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.event_id,
                event.deck_id,
                event.item_id,
                _time(event.reviewed_at),
                event.study_day.isoformat(),
                event.quality,
                event.kind.value,
                state.repetitions,
                state.easiness_centi,
                state.interval_days,
                _day(state.due),
                event.duration_ms,
                event.item_hash,
            ),
        )
        inserted = cursor.rowcount == 1
        if inserted and event.drill is not None:
            drill = event.drill
            self.db.execute(
                "INSERT INTO drills (event_id, answer_text, points_total, points_covered, time_limit_s, follow_up_answers) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    event.event_id,
                    drill.answer_text,
                    drill.points_total,
                    json.dumps(list(drill.points_covered)),
                    drill.time_limit_s,
                    json.dumps(list(drill.follow_up_answers), ensure_ascii=False),
                ),
            )
        return inserted

    def _put_record(self, record: ItemRecord) -> None:
        state = record.state
        self.db.execute(
            f"INSERT OR REPLACE INTO items ({_ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.deck_id,
                record.item_id,
                state.repetitions,
                state.easiness_centi,
                state.interval_days,
                _day(state.due),
                _time(record.last_review) if record.last_review else None,
                record.reviews,
                record.lapses,
                _day(record.first_day),
                int(record.suspended),
                _day(record.buried_until),
            ),
        )

    def record_grade(
        self, event: ReviewEvent, transition: Callable[[ItemRecord | None, bool], tuple[ReviewEvent, ItemRecord]]
    ) -> ReviewEvent:
        """Append one grade and update its item, in one committed transaction.

        ``transition(current, graded_today)`` gets the item's record and whether
        it already has a grade on the event's study day, both read inside the
        write transaction (so a grade just given in another terminal counts),
        and returns the event to store and the item's new record.
        """
        with self._write("saving a grade"):
            rows = self.db.execute(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE deck_id = ? AND item_id = ?", (event.deck_id, event.item_id)
            ).fetchall()
            current = _record_from_row(rows[0]) if rows else None
            graded_today = bool(
                self.db.execute(
                    f"SELECT 1 FROM events WHERE deck_id = ? AND item_id = ? AND study_day = ? AND kind IN {_SCHEDULE_KINDS} LIMIT 1",
                    (event.deck_id, event.item_id, event.study_day.isoformat()),
                ).fetchall()
            )
            event, new = transition(current, graded_today)
            event = replace(event, state_after=new.state)
            self._insert_event(event)
            self._put_record(new)
        return event

    def undo(self, event_id: str, previous: ItemRecord | None) -> None:
        """Remove exactly one event and put its item back as it was before it."""
        with self._write("undoing a grade"):
            rows = self.db.execute("SELECT deck_id, item_id FROM events WHERE event_id = ?", (event_id,)).fetchall()
            if not rows:
                raise StoreError(f"cannot undo: event {event_id} is not in the history (undone elsewhere?)")
            deck_id, item_id = rows[0]
            self.db.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            if previous is None:
                self.db.execute("DELETE FROM items WHERE deck_id = ? AND item_id = ?", (deck_id, item_id))
            else:
                self._put_record(previous)

    def merge_events(
        self,
        incoming: Iterable[ReviewEvent],
        replay: Callable[[Iterable[ReviewEvent]], Any] = replay,
        progress: Callable[[int], None] | None = None,
    ) -> set[tuple[str, str]]:
        """Add events not already present (by id); rebuild the file's items from their whole log.

        ``replay`` folds an item's log into its record (the scheduler's fold; SM-2 by default).
        In short transactions (``MERGE_BATCH`` events, then as many items), so
        a review in another terminal waits for one batch, never the whole
        import. Every item the file names is rebuilt, not only those that got
        new events: an import cut short and run again still heals every item.
        ``progress`` gets the number of events handled so far after each batch.
        """
        events = list(incoming)
        touched: set[tuple[str, str]] = set()
        for start in range(0, len(events), MERGE_BATCH):
            with self._write("importing history"):
                for event in events[start : start + MERGE_BATCH]:
                    if self._insert_event(event, ignore=True):
                        touched.add(event.key)
            if progress is not None:
                progress(min(len(events), start + MERGE_BATCH))
            # SQLite's busy handler polls (every 100 ms at most): leave the lock
            # free long enough between batches that a waiting grade gets it.
            time.sleep(MERGE_PAUSE_S)
        keys = sorted({event.key for event in events})
        for start in range(0, len(keys), MERGE_BATCH // 10):
            with self._write("rebuilding schedules after an import"):
                for deck_id, item_id in keys[start : start + MERGE_BATCH // 10]:
                    rows = self.db.execute(
                        f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE e.deck_id = ? AND e.item_id = ?",
                        (deck_id, item_id),
                    ).fetchall()
                    records = replay(_event_from_row(row) for row in rows)
                    self._put_record(records[(deck_id, item_id)])
        return touched

    # ---- maintenance

    def integrity_check(self) -> list[str]:
        return [str(row[0]) for row in self._rows("PRAGMA integrity_check", doing="checking the database")]

    def backups(self) -> list[Backup]:
        return list_backups(self.path)

    def backup(self, reason: str, now: datetime) -> Path:
        try:
            return vacuum_into(self.db, self.path, now, reason)
        except sqlite3.Error as error:
            # A damaged history shows first when a backup reads every page: name the history then.
            damaged = getattr(error, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
            raise describe(error, self.path if damaged else backup_folder(self.path), "taking a backup") from None
        except OSError as error:
            raise StoreError(f"cannot write a backup in {backup_folder(self.path)}: {error.strerror}") from None
