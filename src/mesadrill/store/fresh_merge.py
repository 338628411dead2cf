"""Merging into an empty log (a first sync, a first import): the general merge's result, built in bulk.

With nothing held there is nothing to look up, and every item is folded
from the events in hand. So each item is folded first and its events are
inserted once, already carrying the kind and state the fold gives them (the
general merge inserts them as received and then updates what its fold
changed: the same rows in the end). For a big merge the secondary indexes of
``events`` and ``items`` are dropped before the inserts and built again,
from their own SQL in ``sqlite_master``, after them: one sort each instead
of a million inserts at random places. All of it happens inside the
caller's write transaction, so a kill at any point leaves the log as it was;
a review in another terminal reads the committed log, indexes and all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TYPE_CHECKING

from mesadrill.core.history import FoldedItem, ItemRecord, ReviewEvent, fold_item
from mesadrill.store.rows import (
    _INSERT_DRILL,
    _INSERT_EVENT,
    _ITEM_COLUMNS,
    _drill_parameters,
    _event_parameters,
    _record_parameters,
)

if TYPE_CHECKING:
    from mesadrill.store.event_writes import MergeResult

REBUILD_INDEXES_FROM = 10_000  # events; below this, inserting into the indexes costs less than rebuilding them
_TABLES = ("events", "items")

Reschedule = Callable[[tuple[str, str], FoldedItem], ItemRecord | None]


def merge_fresh(
    db: sqlite3.Connection, events: Iterable[ReviewEvent], reschedule: Reschedule | None, result: MergeResult
) -> None:
    """Add ``events`` to an empty log and write every item's record (inside the caller's transaction)."""
    added: dict[str, ReviewEvent] = {}
    by_item: dict[tuple[str, str], list[ReviewEvent]] = {}
    for event in events:
        known = added.get(event.event_id)
        if known is not None:  # the same id twice in what arrived: keep the first, as the general merge does
            if known.content() != event.content():
                result.conflicts.append(event.event_id)
            continue
        added[event.event_id] = event
        key = (event.deck_id, event.item_id)
        item = by_item.get(key)
        if item is None:
            by_item[key] = [event]
        else:
            item.append(event)
    result.added += len(added)
    result.touched |= by_item.keys()
    records: list[tuple[object, ...]] = []
    for key in sorted(by_item):  # the general merge's order: a scheduler hook sees items alike
        folded = fold_item(by_item[key])
        record = folded.record
        if record is not None and reschedule is not None:
            record = reschedule(key, folded) or record
        if record is not None:
            records.append(_record_parameters(record))
        for event in folded.events:
            added[event.event_id] = event  # as the fold sees it
    # In id order, each row lands at the end of the primary key's index instead of at a random page;
    # rows are made as SQLite takes them, so a million are never held at once.
    in_id_order = sorted(added.values(), key=attrgetter("event_id"))
    indexes = _secondary_indexes(db) if len(in_id_order) >= REBUILD_INDEXES_FROM else []
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    db.executemany(f"INSERT INTO events {_INSERT_EVENT}", map(_event_parameters, in_id_order))
    drills = [event for event in in_id_order if event.drill is not None]
    db.executemany(f"INSERT INTO drills {_INSERT_DRILL}", map(_drill_parameters, drills))
    db.executemany(
        f"INSERT OR REPLACE INTO items ({_ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records
    )
    for _, sql in indexes:
        db.execute(sql)


def _secondary_indexes(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """The indexes made by CREATE INDEX on the tables a merge fills (not the primary keys SQLite keeps itself)."""
    rows = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(_TABLES))}) ORDER BY name",
        _TABLES,
    ).fetchall()
    return [(str(name), str(sql)) for name, sql in rows]
