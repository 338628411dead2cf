"""What sync has sent and received, kept in the history database (every SQL statement of sync).

Sending: events are sent in rowid order; ``meta.sync_sent_rowid`` is the
highest rowid written to a segment (updated only after the segment is safely
on disk, so a crash in between sends those events again: harmless, they merge
by id). Events a sync received are skipped by rowid range: they are already
at the target. Receiving: each applied segment is a row of ``sync_segments``,
written in the same transaction as its events, so none is applied twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from mesadrill.core.history import ReviewEvent
from mesadrill.core.records import record
from mesadrill.store.event_writes import MergeResult
from mesadrill.store.exchange import quiz_to_dict
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.rows import _EVENT_COLUMNS, _EVENTS_FROM, quiz_from_payload


@record(frozen=True, slots=True)
class DeviceSeen:
    device_id: str
    segments: int
    events: int
    last_applied: datetime
    last_event: datetime | None


def _meta(store: HistoryStore, key: str) -> str | None:
    rows = store.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchall()
    return str(rows[0][0]) if rows else None


def _set_meta(store: HistoryStore, key: str, value: str) -> None:
    store.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def sent_rowid(store: HistoryStore) -> int:
    return int(_meta(store, "sync_sent_rowid") or 0)


_UNSENT = "e.rowid > ? AND NOT EXISTS (SELECT 1 FROM sync_received AS r WHERE e.rowid BETWEEN r.lo AND r.hi) "


def unsent_count(store: HistoryStore) -> int:
    row = store.db.execute(f"SELECT COUNT(*) FROM events AS e WHERE {_UNSENT}", (sent_rowid(store),)).fetchone()
    return int(row[0])


def unsent(store: HistoryStore, batch: int) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """This folder's events not yet sent, in export form, ``batch`` at a time, with the highest rowid reached."""
    after = sent_rowid(store)
    while True:
        rows = store.db.execute(
            f"SELECT e.rowid, {_EVENT_COLUMNS} FROM {_EVENTS_FROM} WHERE {_UNSENT} ORDER BY e.rowid LIMIT ?",
            (after, batch),
        ).fetchall()
        if not rows:
            return
        after = rows[-1][0]
        yield after, [export_dict(row[1:]) for row in rows]


def export_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """``exchange.event_to_dict`` straight from a stored row: a first sync sends a whole history this way.

    Skipping the ReviewEvent in between halves the cost per event; a test checks
    the two give the same dict for every kind of event.
    """
    drill = None
    if row[14] is not None:
        drill = {
            "answer_text": row[13],
            "points_total": row[14],
            "points_covered": json.loads(row[15]),
            "time_limit_s": row[16],
            "follow_up_answers": json.loads(row[17]),
        }
    found: dict[str, Any] = {
        "event_id": row[0],
        "deck_id": row[1],
        "item_id": row[2],
        "reviewed_at": datetime.fromisoformat(row[3]).astimezone(UTC).isoformat(),
        "study_day": row[4],
        "quality": row[5],
        "kind": row[6],
        "repetitions": row[7],
        "easiness": row[8] / 100,
        "interval_days": row[9],
        "due": row[10],
        "duration_ms": row[11],
        "item_hash": row[12],
        "drill": drill,
        "device_id": row[18],
        "undoes": row[19],
    }
    if row[20] is not None:
        found["quiz"] = quiz_to_dict(quiz_from_payload(row[20]))
    return found


def reserve(store: HistoryStore, device_id: str, seq: int, count: int, now: datetime) -> None:
    """Record a segment of ours before it is written, so a kill after the write never makes it a stranger's."""
    with store.write("recording what sync sends"):
        store.db.execute(
            "INSERT OR IGNORE INTO sync_segments (device_id, seq, events, applied_at) VALUES (?, ?, ?, ?)",
            (device_id, seq, count, now.astimezone(UTC).isoformat()),
        )


def mark_sent(store: HistoryStore, upto_rowid: int) -> None:
    """Events up to ``upto_rowid`` are in a segment on disk."""
    with store.write("recording what sync sent"):
        if upto_rowid > sent_rowid(store):
            _set_meta(store, "sync_sent_rowid", str(upto_rowid))
        store.db.execute("DELETE FROM sync_received WHERE hi <= ?", (sent_rowid(store),))


def known_segments(store: HistoryStore) -> set[tuple[str, int]]:
    return {(d, s) for d, s in store.db.execute("SELECT device_id, seq FROM sync_segments").fetchall()}


def highest_own_seq(store: HistoryStore, device_id: str) -> int:
    row = store.db.execute("SELECT MAX(seq) FROM sync_segments WHERE device_id = ?", (device_id,)).fetchone()
    return int(row[0] or 0)


def apply(store: HistoryStore, segments: Iterable[tuple[str, int, list[ReviewEvent]]], now: datetime) -> MergeResult:
    """Merge every segment's events and record the segments, in one transaction."""
    # A first sync inserts a whole history at random points of the id index; with
    # SQLite's default 2 MB page cache most of that time goes to re-reading pages.
    previous_cache = store.db.execute("PRAGMA cache_size").fetchone()[0]
    store.db.execute(f"PRAGMA cache_size = {-BIG_MERGE_CACHE_KIB}")
    try:
        return _apply(store, segments, now)
    finally:
        store.db.execute(f"PRAGMA cache_size = {int(previous_cache)}")


BIG_MERGE_CACHE_KIB = 256 * 1024


def _apply(store: HistoryStore, segments: Iterable[tuple[str, int, list[ReviewEvent]]], now: datetime) -> MergeResult:
    with store.write("merging synced events"):
        before = int(store.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM events").fetchone()[0])
        # Every segment's events in one merge: each touched item is folded once, from the
        # events in hand, not once per segment that holds some of its events.
        ready = list(segments)
        total = store.merge_in_transaction(event for _, _, events in ready for event in events)
        for device_id, seq, events in ready:
            store.db.execute(
                "INSERT OR IGNORE INTO sync_segments (device_id, seq, events, applied_at) VALUES (?, ?, ?, ?)",
                (device_id, seq, len(events), now.astimezone(UTC).isoformat()),
            )
        after = int(store.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM events").fetchone()[0])
        if after > before:
            store.db.execute("INSERT INTO sync_received (lo, hi) VALUES (?, ?)", (before + 1, after))
    return total


def devices_seen(store: HistoryStore, own: str) -> list[DeviceSeen]:
    rows = store.db.execute(
        "SELECT s.device_id, COUNT(*), SUM(s.events), MAX(s.applied_at), "
        "(SELECT MAX(e.reviewed_at) FROM events AS e WHERE e.device_id = s.device_id) "
        "FROM sync_segments AS s WHERE s.device_id != ? GROUP BY s.device_id ORDER BY s.device_id",
        (own,),
    ).fetchall()
    return [
        DeviceSeen(d, n, int(total or 0), datetime.fromisoformat(seen), datetime.fromisoformat(last) if last else None)
        for d, n, total, seen, last in rows
    ]


def use_target(store: HistoryStore, key: str) -> bool:
    """Make ``key`` the target sent to; a different one from last time gets the whole history again.

    Returns True when the target changed. Segments already applied are kept
    (a device numbers its segments across every target it has used).
    """
    if _meta(store, "sync_target_key") == key:
        return False
    with store.write("switching the sync target"):
        _set_meta(store, "sync_target_key", key)
        _set_meta(store, "sync_sent_rowid", "0")
        store.db.execute("DELETE FROM sync_received")
    return True


def new_device_id(store: HistoryStore) -> str:
    """Give this data folder a fresh random device id (its events keep the one they were recorded with)."""
    with store.write("renewing the device id"):
        store.db.execute("UPDATE meta SET value = lower(hex(randomblob(8))) WHERE key = 'device_id'")
    return store.device_id


def remember(store: HistoryStore, key: str, value: str) -> None:
    with store.write("recording the sync"):
        _set_meta(store, key, value)


def recall(store: HistoryStore, key: str) -> str | None:
    return _meta(store, key)
