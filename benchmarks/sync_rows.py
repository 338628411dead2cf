"""The sync rows of benchmarks/run.py: a first sync of the whole history, and a daily one.

* first sync, sending: this device's whole history (``history_events``, stored
  in time order as a learner makes it) into an empty folder; floor: one SELECT of every event written out as JSON lines.
* first sync, receiving: another device merging all of it; floor: one
  ``executemany`` INSERT of the same rows in one transaction.
* a daily sync on a history of that size: 100 new local events sent and 100
  from another device received; floor: the same 100 + 100 rows read and
  inserted with plain SQL. Budget: under 1 s, first syncs under 30 s (issue 18).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mesadrill.core.history import EventKind, ReviewEvent
from mesadrill.core.sm2 import NEW
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.sync_target import FolderTarget
from mesadrill.study.sync import sync
from synth import write_history

SENDER_ITEMS_PER_EVENT = 10  # a plausible ten reviews per item


def _once(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def _fresh_events(device: str, count: int, at: datetime, day: date, prefix: str) -> list[ReviewEvent]:
    return [
        ReviewEvent(
            f"{prefix}{index:08d}",
            "bench",
            f"fresh-{prefix}-{index}",
            at + timedelta(microseconds=index),
            day,
            4,
            EventKind.REVIEW,
            NEW,
            device_id=device,
        )
        for index in range(count)
    ]


def _in_time_order(db_path: Path) -> None:
    """Store the events in the order a learner made them (the synthetic history writes them item by item).

    Sync sends in rowid order, so each segment then holds some events of most
    items, as a real history's would: the receiving side has to fold items
    whose events arrive in many segments.
    """
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TEMP TABLE by_time AS SELECT * FROM events ORDER BY reviewed_at, event_id")
        db.execute("DELETE FROM events")
        db.execute("INSERT INTO events SELECT * FROM temp.by_time ORDER BY reviewed_at, event_id")
        db.execute("COMMIT")
    finally:
        db.close()


def sync_rows(sizes: Any, folder: Path, today: date, now: datetime, row: Callable[..., Any]) -> list[Any]:
    events_total = sizes.history_events
    items = max(1, events_total // SENDER_ITEMS_PER_EVENT)
    sender_db = folder / "sender" / "history.db"
    sender_db.parent.mkdir()
    written = write_history(sender_db, "bench", [f"item-{i}" for i in range(items)], events_total, today)
    _in_time_order(sender_db)
    size = f"{written:,} events"
    target = folder / "target"
    target.mkdir()
    clock = lambda: now  # noqa: E731

    with HistoryStore.open(sender_db, today=today, now=now) as sender:
        first_send = _once(lambda: sync(sender, FolderTarget(target), sender_db.parent, clock))
    floor_out = folder / "floor.jsonl"

    def floor_send() -> None:
        db = sqlite3.connect(sender_db)
        with floor_out.open("w") as out:
            for rowdata in db.execute("SELECT * FROM events"):
                out.write(json.dumps(rowdata) + "\n")
        db.close()

    send_floor = _once(floor_send)

    receiver_db = folder / "receiver" / "history.db"
    with HistoryStore.open(receiver_db, today=today, now=now) as receiver:
        first_receive = _once(lambda: sync(receiver, FolderTarget(target), receiver_db.parent, clock))
        assert receiver.event_count() == written, receiver.event_count()
    floor_db_path = folder / "floor.db"
    with HistoryStore.open(floor_db_path, today=today, now=now):
        pass

    def floor_receive() -> None:
        source = sqlite3.connect(sender_db)
        rows = source.execute(
            "SELECT event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, repetitions, "
            "easiness_centi, interval_days, due, duration_ms, item_hash FROM events"
        ).fetchall()
        source.close()
        db = sqlite3.connect(floor_db_path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)", rows)
        db.execute("COMMIT")
        db.close()

    receive_floor = _once(floor_receive)

    # A daily sync: 100 graded here, 100 arriving from the receiver, on a history this size.
    daily: list[float] = []
    daily_floor: list[float] = []
    with (
        HistoryStore.open(sender_db, today=today, now=now) as sender,
        HistoryStore.open(receiver_db, today=today, now=now) as receiver,
    ):
        for rep in range(sizes.reps_load):
            at = now + timedelta(minutes=rep)
            for event in _fresh_events(sender.device_id, 100, at, today, f"s{rep:03d}"):
                sender.record_grade(replace(event, device_id=None))
            for event in _fresh_events(receiver.device_id, 100, at, today, f"r{rep:03d}"):
                receiver.record_grade(replace(event, device_id=None))
            sync(receiver, FolderTarget(target), receiver_db.parent, clock)
            daily.append(_once(lambda: sync(sender, FolderTarget(target), sender_db.parent, clock)))
            floor = sqlite3.connect(floor_db_path, isolation_level=None)

            def floor_daily(floor: sqlite3.Connection = floor, rep: int = rep) -> None:
                floor.execute("SELECT * FROM events ORDER BY rowid DESC LIMIT 100").fetchall()
                floor.execute("BEGIN IMMEDIATE")
                floor.executemany(
                    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                    [
                        (
                            f"f{rep}-{i}",
                            "d",
                            "i",
                            "t",
                            "2026-01-05",
                            4,
                            "review",
                            1,
                            250,
                            1,
                            None,
                            None,
                            None,
                            None,
                            None,
                        )
                        for i in range(100)
                    ],
                )
                floor.execute("COMMIT")

            daily_floor.append(_once(floor_daily))
            floor.close()
    daily.sort()
    daily_floor.sort()
    return [
        row("first sync, sending the whole history", size, first_send, send_floor, "ms", 10.0, budget_abs=30_000),
        row(
            "first sync, receiving the whole history", size, first_receive, receive_floor, "ms", 30.0, budget_abs=30_000
        ),
        row(
            "daily sync: send 100, receive 100",
            size,
            daily[len(daily) // 2],
            daily_floor[len(daily_floor) // 2],
            "ms",
            200.0,
            budget_abs=1_000,
        ),
    ]
