"""Every write to the event log, and the refold that follows it (mixed into ``HistoryStore``).

A write appends events and refolds each touched item from its whole log
(``core.history.fold_item``), inside one ``BEGIN IMMEDIATE`` transaction: the
item row and each event's derived kind and state are the fold's, never a
snapshot. Undo appends an undo event; a merge (import, sync) adds the events
it does not hold yet, by id, and reports ids held with different content.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from mesadrill.core.errors import StoreError
from mesadrill.core.history import EventKind, FoldedItem, ItemRecord, ReviewEvent, fold_item
from mesadrill.core.sm2 import NEW
from mesadrill.store.rows import (
    _EVENT_COLUMNS,
    _EVENTS_FROM,
    _IN_CHUNK,
    _INSERT_DRILL,
    _INSERT_EVENT,
    _ITEM_COLUMNS,
    _day,
    _drill_parameters,
    _event_from_row,
    _event_parameters,
    _record_parameters,
)

MERGE_BATCH = 5000  # events per import transaction: a few ms of lock each
MERGE_PAUSE_S = 0.05  # between two batches, for anyone waiting (10 s over a million events)


@dataclass(slots=True)
class MergeResult:
    """What merging a batch of events did."""

    added: int = 0
    touched: set[tuple[str, str]] = field(default_factory=set)
    conflicts: list[str] = field(default_factory=list)  # ids already held with different content


class EventWrites:
    """The write half of ``HistoryStore``; it supplies ``db``, ``_write``, ``_rows``, ``_in`` and ``device_id``."""

    db: sqlite3.Connection
    reschedule: Callable[[tuple[str, str], FoldedItem], ItemRecord | None] | None = None
    """Set when a scheduler other than SM-2 builds the records (``Runtime.open_store``): it takes the
    log's fold of one item and gives the record, without folding the item again."""

    @property
    def device_id(self) -> str:
        raise NotImplementedError

    def _write(self, doing: str) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _rows(
        self, sql: str, parameters: Iterable[Any] = (), doing: str = "reading the history"
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    @staticmethod
    def _in(values: Collection[str]) -> str:
        return ",".join("?" * len(values))

    def _insert_event(self, event: ReviewEvent, *, ignore: bool = False) -> bool:
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        cursor = self.db.execute(f"{verb} INTO events {_INSERT_EVENT}", _event_parameters(event))
        inserted = cursor.rowcount == 1
        if inserted and event.drill is not None:
            self.db.execute(f"INSERT INTO drills {_INSERT_DRILL}", _drill_parameters(event))
        return inserted

    def _put_record(self, record: ItemRecord) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO items ({_ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _record_parameters(record),
        )

    def _item_events(self, key: tuple[str, str]) -> list[ReviewEvent]:
        rows = self.db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE e.deck_id = ? AND e.item_id = ?", key
        ).fetchall()
        return [_event_from_row(row) for row in rows]

    def _store_fold(self, key: tuple[str, str], stored: Sequence[ReviewEvent]) -> FoldedItem:
        """Fold one item's stored events; write its record and any derived column that changed."""
        folded = fold_item(stored)
        if folded.record is not None and self.reschedule is not None:
            # Another scheduler (FSRS) sets the schedule from this fold, which still decides kinds and undos.
            folded = FoldedItem(self.reschedule(key, folded) or folded.record, folded.events)
        before = {event.event_id: event for event in stored}
        for event in folded.events:
            old = before[event.event_id]
            if old.kind is not event.kind or old.state_after != event.state_after:
                state = event.state_after
                self.db.execute(
                    "UPDATE events SET kind = ?, repetitions = ?, easiness_centi = ?, interval_days = ?, due = ? "
                    "WHERE event_id = ?",
                    (
                        event.kind.value,
                        state.repetitions,
                        state.easiness_centi,
                        state.interval_days,
                        _day(state.due),
                        event.event_id,
                    ),
                )
        if folded.record is None:
            self.db.execute("DELETE FROM items WHERE deck_id = ? AND item_id = ?", key)
        else:
            self._put_record(folded.record)
        return folded

    def _refold(self, key: tuple[str, str]) -> FoldedItem:
        return self._store_fold(key, self._item_events(key))

    def _refold_all(self) -> None:
        """Refold every item, streaming the log once (inside the caller's transaction)."""
        self.db.execute("DELETE FROM items")
        keys = self.db.execute("SELECT DISTINCT deck_id, item_id FROM events").fetchall()
        for deck_id, item_id in keys:
            self._refold((deck_id, item_id))

    def append(self, event: ReviewEvent) -> ReviewEvent:
        """Record one new event of this device and refold its item, in one committed transaction.

        The item is refolded from its whole log inside the write transaction,
        so a grade given meanwhile in another terminal, or merged from another
        machine, counts exactly as ``replay`` would count it. Returns the event
        as the fold sees it (a grade's kind, review or same-day repeat, and
        its state after).
        """
        with self._write("saving a grade" if event.kind.is_grade else f"saving an {event.kind.value}"):
            return self._append_in_transaction(event)

    def append_in_transaction(self, event: ReviewEvent) -> ReviewEvent:
        """``append``, inside a write transaction the caller holds (``write``)."""
        return self._append_in_transaction(event)

    def _append_in_transaction(self, event: ReviewEvent) -> ReviewEvent:
        if event.device_id is None:
            event = replace(event, device_id=self.device_id)
        self._insert_event(event)
        folded = self._refold(event.key)
        return next(e for e in folded.events if e.event_id == event.event_id)

    def record_grade(self, event: ReviewEvent) -> ReviewEvent:
        """Append one grade (see ``append``)."""
        if not event.kind.is_grade:
            raise ValueError(f"not a grade: {event.kind.value}")
        return self.append(event)

    def undo(self, event_id: str, *, undo_id: str, at: datetime, study_day: date) -> ReviewEvent:
        """Take back one grade or card action with a tombstone event; its item is refolded without it.

        The grade stays in the log (and travels to other machines with the
        undo); any other grade of the item, from another terminal or machine,
        keeps counting.
        """
        rows = self._rows(
            "SELECT deck_id, item_id, kind, "
            "EXISTS (SELECT 1 FROM events AS u WHERE u.undoes = events.event_id) FROM events WHERE event_id = ?",
            (event_id,),
        )
        if not rows:
            raise StoreError(f"cannot undo: event {event_id} is not in the history")
        deck_id, item_id, kind, undone = rows[0]
        if kind == EventKind.UNDO.value:
            raise StoreError(f"cannot undo: event {event_id} is itself an undo")
        if undone:
            raise StoreError(f"cannot undo: event {event_id} was already undone (in another terminal?)")
        tombstone = ReviewEvent(
            event_id=undo_id,
            deck_id=deck_id,
            item_id=item_id,
            reviewed_at=at.astimezone(UTC),
            study_day=study_day,
            quality=0,
            kind=EventKind.UNDO,
            state_after=NEW,
            undoes=event_id,
        )
        return self.append(tombstone)

    def merge(self, events: Iterable[ReviewEvent], progress: Callable[[int], None] | None = None) -> MergeResult:
        """Add events not already present (by id) and refold the touched items.

        In transactions of ``MERGE_BATCH`` events, each committed with its
        items refolded, and a pause between them: a big import never holds
        the lock long enough to make a review in another terminal wait out
        its busy timeout. ``progress`` hears how many events are saved.
        An event whose id is already held with different content is not
        added; its id is listed in ``conflicts``.
        """
        batch = list(events)
        total = MergeResult()
        for start in range(0, len(batch), MERGE_BATCH):
            if start:
                time.sleep(MERGE_PAUSE_S)  # anyone waiting for the lock gets it now
            with self._write("importing history"):
                part = self.merge_in_transaction(batch[start : start + MERGE_BATCH])
            total.added += part.added
            total.touched |= part.touched
            total.conflicts += part.conflicts
            if progress is not None:
                progress(min(start + MERGE_BATCH, len(batch)))
        return total

    def merge_in_transaction(self, events: Iterable[ReviewEvent]) -> MergeResult:
        """``merge``, inside a write transaction the caller holds (``write``)."""
        result = MergeResult()
        # Into an empty log (a first sync, a first import) nothing is held: no need to look,
        # and every item is folded from the events in hand (``fresh_merge``).
        if self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None:
            from mesadrill.store.fresh_merge import merge_fresh

            merge_fresh(self.db, events, self.reschedule, result)
        else:
            self._merge_held(list(events), result)
        return result

    def _merge_held(self, batch: list[ReviewEvent], result: MergeResult) -> None:
        """Merge into a log that holds events: look up each id, and refold each item that had some."""
        added: dict[str, ReviewEvent] = {}
        # Items with no events before this merge are folded from the events in hand,
        # without reading them back.
        held_before: dict[tuple[str, str], bool] = {}
        for start in range(0, len(batch), _IN_CHUNK):
            chunk = batch[start : start + _IN_CHUNK]
            ids = list({event.event_id for event in chunk})
            held = {
                row[0]: _event_from_row(row)
                for row in self.db.execute(
                    f"SELECT {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE e.event_id IN ({self._in(ids)})", ids
                ).fetchall()
            }
            new: list[ReviewEvent] = []
            for event in chunk:
                known = held.get(event.event_id) or added.get(event.event_id)
                if known is not None:
                    if known.content() != event.content():
                        result.conflicts.append(event.event_id)
                    continue
                added[event.event_id] = event
                new.append(event)
                result.touched.add(event.key)
                if event.key not in held_before:
                    held_before[event.key] = bool(
                        self.db.execute(
                            "SELECT 1 FROM events WHERE deck_id = ? AND item_id = ? LIMIT 1", event.key
                        ).fetchone()
                    )
            self.db.executemany(f"INSERT INTO events {_INSERT_EVENT}", [_event_parameters(e) for e in new])
            self.db.executemany(
                f"INSERT INTO drills {_INSERT_DRILL}", [_drill_parameters(e) for e in new if e.drill is not None]
            )
            result.added += len(new)
        fresh: dict[tuple[str, str], list[ReviewEvent]] = {}
        for event in added.values():
            if not held_before[event.key]:
                fresh.setdefault(event.key, []).append(event)
        for key in sorted(result.touched):
            if key in fresh:
                self._store_fold(key, fresh[key])
            else:
                self._refold(key)

    def write(self, doing: str) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), for store modules beside this one."""
        return self._write(doing)

    def merge_events(self, events: Iterable[ReviewEvent]) -> set[tuple[str, str]]:
        """Add events not already present (by id); rebuild touched items from their whole log."""
        return self.merge(events).touched
