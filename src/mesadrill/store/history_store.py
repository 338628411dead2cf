"""The history store: the event log and the per-item records.

One SQLite file holds an append-only log of events (``events``, with drill
details beside it in ``drills``) and one summary row per item (``items``),
updated in the same transaction as the event it summarises, so start-up never
replays the log. Every write (a grade, an undo, an import) appends events and
then refolds each touched item from its whole log (``core.history.fold_item``):
the item row and each event's derived kind and state are the fold's, never a
snapshot, so every machine with the same events has the same rows.

Durability: WAL with ``synchronous=FULL`` (a committed grade survives a power
cut), every write in ``BEGIN IMMEDIATE`` with a busy timeout (two terminals
wait for each other instead of failing with "database is locked"), a backup
before any migration (and one a day, in the background: ``daily_backup``),
which includes rows still in the ``-wal`` file. A file that is not a database, is damaged,
or was made by a newer mesadrill is reported and left exactly as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mesadrill.core.errors import StoreError
from mesadrill.core.history import (
    EventKind,
    ItemRecord,
    ReviewEvent,
)
from mesadrill.store.card_queries import CardQueries
from mesadrill.store.due_queries import DueQueries
from mesadrill.store.event_writes import EventWrites
from mesadrill.store.migrations import MIGRATIONS
from mesadrill.store.rows import (
    _COUNTED,
    _EVENT_COLUMNS,
    _EVENTS_FROM,
    _GRADE_KINDS,
    _IN_CHUNK,
    _ITEM_COLUMNS,
    _NOT_UNDONE,
    _SCHEDULE_KINDS,
    _event_from_row,
    _record_from_row,
)
from mesadrill.store.schedule_meta import ScheduleMeta
from mesadrill.store.sqlite import BUSY_TIMEOUT_S, busy_retried, check_file, describe

if TYPE_CHECKING:
    from mesadrill.store.backups import Backup  # imported where used: most starts never list or take one

# The migration after which events are refolded by the log's rule.
_EVENT_LOG_STEP = [step.name for step in MIGRATIONS].index("event-log") + 1


class HistoryStore(EventWrites, CardQueries, DueQueries, ScheduleMeta):
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
            if 0 < version < _EVENT_LOG_STEP:
                # Older versions let the recording machine decide review or same-day repeat.
                self._refold_all()
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
    def patience(self, seconds: float) -> Iterator[None]:
        """Writes inside wait at most ``seconds`` for another connection's lock, then raise StoreBusy.

        For a front end that would rather say it is waiting than freeze for
        the usual busy timeout.
        """
        self.db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

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

    @property
    def device_id(self) -> str:
        """This data folder's random id, stamped on every event recorded here."""
        return str(self._rows("SELECT value FROM meta WHERE key = 'device_id'")[0][0])

    def record(self, deck_id: str, item_id: str) -> ItemRecord | None:
        rows = self._rows(f"SELECT {_ITEM_COLUMNS} FROM items WHERE deck_id = ? AND item_id = ?", (deck_id, item_id))
        return _record_from_row(rows[0]) if rows else None

    def records(self, deck_id: str) -> dict[str, ItemRecord]:
        rows = self._rows(f"SELECT {_ITEM_COLUMNS} FROM items WHERE deck_id = ?", (deck_id,))
        return {row[1]: _record_from_row(row) for row in rows}

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
            f"SELECT e.item_hash FROM events AS e WHERE e.deck_id = ? AND e.item_id = ? AND {_COUNTED} "
            "ORDER BY e.reviewed_at DESC, e.event_id DESC LIMIT 1",
            (deck_id, item_id),
        )
        return rows[0][0] if rows else None

    def grades_on(self, deck_id: str, item_id: str, day: date) -> list[tuple[str, int, EventKind]]:
        """(event id, quality, kind) of one item's grades on a study day, from any terminal.

        Cheap (the item index), so a session asks before showing each item;
        also safe inside ``record_grade``'s transaction. INDEXED BY: left to
        itself SQLite takes the day index, whose rows grow with every grade of
        the day, and a long session slowed down as it went.
        """
        rows = self._rows(
            "SELECT e.event_id, e.quality, e.kind FROM events AS e INDEXED BY events_by_item "
            f"WHERE e.deck_id = ? AND e.item_id = ? "
            f"AND e.study_day = ? AND e.kind IN {_GRADE_KINDS} AND {_NOT_UNDONE}",
            (deck_id, item_id, day.isoformat()),
        )
        return [(event_id, quality, EventKind(kind)) for event_id, quality, kind in rows]

    def introduced_on(self, deck_id: str, day: date) -> int:
        rows = self._rows("SELECT COUNT(*) FROM items WHERE deck_id = ? AND first_day = ?", (deck_id, day.isoformat()))
        return int(rows[0][0])

    def events_on(self, day: date, deck_ids: Collection[str] | None = None) -> list[ReviewEvent]:
        """The day's grades of the schedule (reviews, same-day repeats, drills; none undone), in order."""
        sql = (
            f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE e.study_day = ? AND e.kind IN {_SCHEDULE_KINDS} "
            f"AND {_NOT_UNDONE}"
        )
        parameters: list[Any] = [day.isoformat()]
        if deck_ids is not None:
            if not deck_ids:
                return []
            sql += f" AND e.deck_id IN ({self._in(deck_ids)})"
            parameters.extend(deck_ids)
        sql += " ORDER BY e.reviewed_at, e.event_id"
        return [_event_from_row(row) for row in self._rows(sql, parameters)]

    def events(self, deck_id: str | None = None, item_id: str | None = None) -> Iterator[ReviewEvent]:
        """Every event (of a deck, or one item), undos and undone ones too, in fold order, streamed."""
        sql = f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM}"
        parameters: list[Any] = []
        if deck_id is not None:
            sql += " WHERE e.deck_id = ?"
            parameters.append(deck_id)
            if item_id is not None:
                sql += " AND e.item_id = ?"
                parameters.append(item_id)
        sql += " ORDER BY e.reviewed_at, e.event_id"
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
            f"SELECT e.study_day, COUNT(*) FROM events AS e WHERE e.study_day >= ? AND {_COUNTED} GROUP BY e.study_day",
            (since.isoformat(),),
        )
        return {date.fromisoformat(day): count for day, count in rows}

    def grades_since(self, since: date, kinds: Collection[EventKind]) -> list[int]:
        if not kinds:
            return []
        rows = self._rows(
            f"SELECT e.quality FROM events AS e WHERE e.study_day >= ? AND e.kind IN ({self._in(kinds)}) AND {_COUNTED}",
            [since.isoformat(), *(k.value for k in kinds)],
        )
        return [row[0] for row in rows]

    def last_studied(self) -> dict[str, datetime]:
        rows = self._rows("SELECT deck_id, MAX(last_review) FROM items GROUP BY deck_id")
        return {deck_id: datetime.fromisoformat(last) for deck_id, last in rows if last}

    def drill_attempts(self, deck_id: str, item_id: str) -> list[ReviewEvent]:
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM events AS e JOIN drills AS d ON d.event_id = e.event_id "
            f"WHERE e.deck_id = ? AND e.item_id = ? AND {_COUNTED} ORDER BY e.reviewed_at, e.event_id",
            (deck_id, item_id),
        )
        return [_event_from_row(row) for row in rows]

    # ---- writes

    # ---- maintenance

    def integrity_check(self) -> list[str]:
        return [str(row[0]) for row in self._rows("PRAGMA integrity_check", doing="checking the database")]

    def backups(self) -> list[Backup]:
        from mesadrill.store.backups import list_backups

        return list_backups(self.path)

    def backup(self, reason: str, now: datetime) -> Path:
        from mesadrill.store.backups import backup_folder, vacuum_into

        try:
            return vacuum_into(self.db, self.path, now, reason)
        except sqlite3.Error as error:
            # A damaged history shows first when a backup reads every page: name the history then.
            damaged = getattr(error, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
            raise describe(error, self.path if damaged else backup_folder(self.path), "taking a backup") from None
        except OSError as error:
            raise StoreError(f"cannot write a backup in {backup_folder(self.path)}: {error.strerror}") from None
