"""The history store on real SQLite files: round trips, undo, merges, damage, migrations, backups."""

from __future__ import annotations

import itertools
import os
import sqlite3
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mesadrill.core import history
from mesadrill.core.errors import StoreError
from mesadrill.core.history import DrillDetails, EventKind, ItemRecord, ReviewEvent
from mesadrill.core.sm2 import NEW, Sm2State
from mesadrill.store.backups import list_backups, restore_backup, thin_backups
from mesadrill.store.daily_backup import start_daily_backup, take_daily_backup
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.migrations import MIGRATIONS

DAY = date(2026, 1, 5)
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
_TICK = itertools.count()  # events made one after another are a microsecond apart


def event(
    item: str = "a",
    quality: int = 4,
    *,
    day: date = DAY,
    at: datetime | None = None,
    kind: EventKind = EventKind.REVIEW,
    deck: str = "d",
    drill: DrillDetails | None = None,
) -> ReviewEvent:
    return ReviewEvent(
        event_id=uuid.uuid4().hex,
        deck_id=deck,
        item_id=item,
        reviewed_at=at
        or datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12, microseconds=next(_TICK)),
        study_day=day,
        quality=quality,
        kind=kind,
        state_after=NEW,
        duration_ms=1234,
        item_hash="abc123",
        drill=drill,
    )


def grade(store: HistoryStore, e: ReviewEvent) -> tuple[ReviewEvent, ItemRecord | None]:
    """Record a grade; returns it as the fold saw it, and the item's record before it."""
    before = store.record(e.deck_id, e.item_id)
    return store.record_grade(e), before


def undo(store: HistoryStore, event_id: str, day: date = DAY) -> ReviewEvent:
    at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=13, microseconds=next(_TICK))
    return store.undo(event_id, undo_id=uuid.uuid4().hex, at=at, study_day=day)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.db"


@pytest.fixture
def store(db_path: Path) -> HistoryStore:
    with HistoryStore.open(db_path, today=DAY, now=NOW) as opened:
        yield opened


def test_open_creates_the_schema_at_the_latest_version(db_path: Path, store: HistoryStore) -> None:
    assert db_path.exists()
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.event_count() == 0


def test_every_field_of_an_event_round_trips(store: HistoryStore) -> None:
    drill = DrillDetails("my answer ünïcode", 5, (0, 2, 4), 120, ("follow-up answer",))
    original = event("q1", 3, at=datetime(2026, 1, 5, 12, 0, 0, 123456, tzinfo=UTC), kind=EventKind.DRILL, drill=drill)
    saved, _ = grade(store, original)
    (loaded,) = list(store.events())
    assert loaded == saved
    assert loaded.drill == drill
    assert loaded.state_after == Sm2State(1, 236, 1, DAY + timedelta(days=1))
    assert store.drill_attempts("d", "q1") == [saved]


def test_record_grade_updates_the_item_in_the_same_transaction(store: HistoryStore) -> None:
    grade(store, event("a", 5))
    grade(store, event("a", 5, day=DAY + timedelta(days=1)))
    record = store.record("d", "a")
    assert record is not None
    assert (record.state.repetitions, record.state.interval_days, record.reviews) == (2, 6, 2)
    assert record.first_day == DAY
    assert store.records("d") == {"a": record}


def test_record_grade_counts_a_second_grade_of_the_day_as_a_repeat(store: HistoryStore) -> None:
    kinds = [
        grade(store, e)[0].kind for e in (event("a", 2), event("a", 4), event("a", 4, day=DAY + timedelta(days=1)))
    ]
    assert kinds == [EventKind.REVIEW, EventKind.SAME_DAY, EventKind.REVIEW]


def test_a_grade_stamped_earlier_than_the_latest_refolds_the_later_ones(store: HistoryStore) -> None:
    """A grade from a machine whose clock is behind still takes its place in time order."""
    later = grade(store, event("a", 5, at=NOW + timedelta(hours=1)))[0]
    assert later.kind is EventKind.REVIEW
    earlier = grade(store, event("a", 1, at=NOW))[0]
    assert earlier.kind is EventKind.REVIEW
    kinds = {e.event_id: e.kind for e in store.events()}
    assert kinds[later.event_id] is EventKind.SAME_DAY
    record = store.record("d", "a")
    assert record is not None and record.lapses == 1 and record == history.replay(store.events())[("d", "a")]


def test_record_grade_builds_on_a_grade_given_elsewhere(db_path: Path) -> None:
    with (
        HistoryStore.open(db_path, today=DAY, now=NOW) as first,
        HistoryStore.open(db_path, today=DAY, now=NOW) as second,
    ):
        grade(first, event("a", 5))
        grade(second, event("a", 5, day=DAY + timedelta(days=1)))
        record = first.record("d", "a")
    assert record is not None and record.state.repetitions == 2


def test_undo_appends_a_tombstone_and_refolds_the_record(store: HistoryStore) -> None:
    grade(store, event("a", 5))
    grade(store, event("b", 4))
    before = store.record("d", "a")
    saved, previous = grade(store, event("a", 2, day=DAY + timedelta(days=1)))
    assert previous == before
    tombstone = undo(store, saved.event_id, DAY + timedelta(days=1))
    assert tombstone.kind is EventKind.UNDO and tombstone.undoes == saved.event_id
    assert tombstone.device_id == store.device_id
    assert store.record("d", "a") == before
    # The history keeps both the grade and its undo; neither counts as studying.
    assert [e.event_id for e in store.events("d", "a")][-2:] == [saved.event_id, tombstone.event_id]
    assert store.events_on(DAY + timedelta(days=1)) == []
    assert store.reviews_per_day(DAY) == {DAY: 2}


def test_undo_of_a_first_grade_makes_the_item_new_again(store: HistoryStore) -> None:
    saved, previous = grade(store, event("a", 4))
    assert previous is None and store.introduced_on("d", DAY) == 1
    undo(store, saved.event_id)
    assert store.record("d", "a") is None and store.introduced_on("d", DAY) == 0


def test_undo_keeps_a_grade_given_meanwhile_in_another_terminal(db_path: Path) -> None:
    """Issue 14 cause 2: the other terminal's grade survives the undo."""
    with (
        HistoryStore.open(db_path, today=DAY, now=NOW) as first,
        HistoryStore.open(db_path, today=DAY, now=NOW) as second,
    ):
        mine, _ = grade(first, event("a", 5, day=DAY - timedelta(days=1)))
        theirs, _ = grade(second, event("a", 4))
        undo(first, mine.event_id)
        record = first.record("d", "a")
    assert record is not None
    assert (record.reviews, record.state.repetitions, record.first_day) == (1, 1, DAY)
    assert record == history.replay([theirs])[("d", "a")]


def test_undoing_the_days_review_makes_the_repeat_the_review(store: HistoryStore) -> None:
    first, _ = grade(store, event("a", 1))
    second, _ = grade(store, event("a", 5))
    assert second.kind is EventKind.SAME_DAY
    undo(store, first.event_id)
    kinds = {e.event_id: e.kind for e in store.events()}
    assert kinds[second.event_id] is EventKind.REVIEW
    record = store.record("d", "a")
    assert record is not None and record.lapses == 0 and record.reviews == 1


def test_undo_of_a_missing_or_undone_event_is_an_error(store: HistoryStore) -> None:
    with pytest.raises(StoreError, match="not in the history"):
        undo(store, "nope")
    saved, _ = grade(store, event("a", 4))
    tombstone = undo(store, saved.event_id)
    with pytest.raises(StoreError, match="already undone"):
        undo(store, saved.event_id)
    with pytest.raises(StoreError, match="itself an undo"):
        undo(store, tombstone.event_id)


def test_due_items_most_overdue_first(store: HistoryStore) -> None:
    grade(store, event("late", 5, day=DAY - timedelta(days=5)))  # due DAY-4
    grade(store, event("later", 5, day=DAY - timedelta(days=2)))  # due DAY-1
    grade(store, event("today", 5, day=DAY - timedelta(days=1)))  # due DAY
    grade(store, event("future", 5, day=DAY))  # due DAY+1
    assert [item for _, items in store.due_by_day("d", DAY) for item in items] == ["late", "later", "today"]


def test_events_on_a_day_filtered_by_deck(store: HistoryStore) -> None:
    grade(store, event("a", 2))
    grade(store, event("x", 2, deck="other"))
    grade(store, event("b", 2, day=DAY + timedelta(days=1)))
    assert [e.item_id for e in store.events_on(DAY, ["d"])] == ["a"]
    assert {e.item_id for e in store.events_on(DAY)} == {"a", "x"}


def test_merge_is_idempotent_and_order_independent(tmp_path: Path) -> None:
    laptop = [event("a", 5, day=DAY), event("a", 4, day=DAY + timedelta(days=6))]
    desktop = [event("a", 5, day=DAY + timedelta(days=1)), event("b", 1, day=DAY + timedelta(days=2))]
    results = []
    for name, order in (("one", [laptop, desktop, laptop]), ("two", [desktop, laptop, desktop])):
        with HistoryStore.open(tmp_path / name / "h.db", today=DAY, now=NOW) as store:
            for batch in order:
                store.merge_events(batch)
            results.append((sorted(e.event_id for e in store.events()), store.records("d")))
    assert results[0] == results[1]
    records = results[0][1]
    assert records["a"].reviews == 3 and records["a"].state.repetitions == 3
    expected = history.replay(laptop + desktop)
    assert records["a"] == expected[("d", "a")] and records["b"] == expected[("d", "b")]


def test_merging_the_same_events_again_touches_nothing(store: HistoryStore) -> None:
    batch = [event("a", 5), event("b", 3)]
    assert store.merge_events(batch) == {("d", "a"), ("d", "b")}
    assert store.merge_events(batch) == set()
    assert store.event_count() == 2


def test_merging_an_id_held_with_different_content_keeps_ours_and_says_so(store: HistoryStore) -> None:
    ours = event("a", 5)
    store.merge([ours])
    result = store.merge([replace(ours, quality=1), replace(ours, kind=EventKind.SAME_DAY)])
    assert result.conflicts == [ours.event_id] and result.added == 0
    (kept,) = store.events()
    assert kept.quality == 5


def test_a_device_id_is_made_once_per_database(db_path: Path) -> None:
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        first = store.device_id
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        assert store.device_id == first and len(first) == 16
    with HistoryStore.open(db_path.parent / "other.db", today=DAY, now=NOW) as other:
        assert other.device_id != first


# ---- damage: a clear message, and the file left exactly as it was


def damaged_files(tmp_path: Path) -> dict[str, bytes]:
    good = tmp_path / "good.db"
    with HistoryStore.open(good, today=DAY, now=NOW) as store:
        for index in range(50):
            grade(store, event(f"i{index}", 4))
    good_bytes = good.read_bytes()
    mangled = bytearray(good_bytes)
    mangled[0:16] = b"NOT SQLITE FMT\x00\x00"
    broken_pages = bytearray(good_bytes)
    for offset in range(4096, len(broken_pages), 997):
        broken_pages[offset] ^= 0xFF
    return {
        "random bytes": os.urandom(8192),
        "a text file": b"this is my shopping list\nmilk\n",
        "a mangled header": bytes(mangled),
        "a truncated database": good_bytes[: len(good_bytes) // 3 + 100],
        "scrambled pages": bytes(broken_pages),
    }


def test_damaged_files_are_reported_and_left_unchanged(tmp_path: Path) -> None:
    for name, content in damaged_files(tmp_path).items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        path = folder / "history.db"
        path.write_bytes(content)
        with pytest.raises(StoreError) as caught:
            HistoryStore.open(path, today=DAY, now=NOW)
        message = str(caught.value)
        assert str(path) in message and "has not been changed" in message and "doctor --restore" in message, name
        assert path.read_bytes() == content, name
        assert sorted(p.name for p in folder.iterdir()) == ["history.db"], name


def test_a_newer_schema_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA user_version = 99")
    raw.execute("CREATE TABLE future (x)")
    raw.commit()
    raw.close()
    content = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer mesadrill"):
        HistoryStore.open(db_path, today=DAY, now=NOW)
    assert db_path.read_bytes() == content


# ---- migrations


def test_migrating_from_the_first_schema_keeps_rows_and_backs_up(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    MIGRATIONS[0].apply(raw)
    raw.execute("PRAGMA user_version = 1")
    raw.execute(
        "INSERT INTO events VALUES ('e1', 'd', 'a', '2026-01-04T12:00:00.000000+00:00', '2026-01-04', 5, 'review', 1, 260, 1, '2026-01-05', 10, 'h')"
    )
    raw.execute(
        "INSERT INTO items VALUES ('d', 'a', 1, 260, 1, '2026-01-05', '2026-01-04T12:00:00.000000+00:00', 1, 0, '2026-01-04')"
    )
    raw.commit()
    raw.close()
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        (loaded,) = list(store.events())
        assert loaded.event_id == "e1" and loaded.drill is None
        assert store.record("d", "a") is not None
        grade(store, event("b", 4, kind=EventKind.DRILL, drill=DrillDetails(None, 3, (1,), 90)))
    reasons = [b.reason for b in list_backups(db_path)]
    assert f"pre-migration-v{len(MIGRATIONS)}" in reasons
    pre = next(b for b in list_backups(db_path) if b.reason.startswith("pre-migration"))
    check = sqlite3.connect(pre.path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    assert check.execute("SELECT event_id FROM events").fetchall() == [("e1",)]
    check.close()


def test_blank_database_needs_no_migration_backup(db_path: Path, store: HistoryStore) -> None:
    assert list_backups(db_path) == []


# ---- backups


def test_a_backup_holds_rows_still_in_the_wal(db_path: Path, store: HistoryStore) -> None:
    grade(store, event("a", 5))
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    backup = store.backup("manual", NOW)
    alone = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    assert alone.execute("SELECT item_id FROM events").fetchall() == [("a",)]
    alone.close()


def test_daily_backup_once_a_day_when_there_is_history(db_path: Path) -> None:
    warnings: list[str] = []
    HistoryStore.open(db_path, today=DAY, now=NOW).close()
    assert take_daily_backup(db_path, NOW, warnings.append) is None  # no history yet
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        grade(store, event("a", 5))
        assert list_backups(db_path) == []  # opening takes no backup: no start waits for one
        for _ in range(2):
            start_daily_backup(db_path, NOW, warnings.append).join()
    assert [b.reason for b in list_backups(db_path)] == ["daily"]
    start_daily_backup(db_path, NOW + timedelta(days=1), warnings.append).join()
    assert [b.reason for b in list_backups(db_path)] == ["daily", "daily"]
    assert warnings == []


def test_daily_backup_holds_rows_still_in_the_wal_and_is_on_disk_whole(db_path: Path, store: HistoryStore) -> None:
    grade(store, event("a", 5))
    target = take_daily_backup(db_path, NOW, pytest.fail)
    assert target is not None and target.parent == db_path.parent / "backups"
    alone = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)
    assert alone.execute("SELECT item_id FROM events").fetchall() == [("a",)]
    assert alone.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    alone.close()
    assert not list(target.parent.glob("*.partial"))
    assert sorted(p.name for p in target.parent.iterdir() if not p.name.startswith(".")) == [target.name]
    assert target.read_bytes()[18:20] == b"\x01\x01"  # a rollback-journal file: reading it makes no side files


def test_a_partial_backup_is_never_listed_and_is_cleared_by_the_next(db_path: Path, store: HistoryStore) -> None:
    grade(store, event("a", 5))
    folder = db_path.parent / "backups"
    folder.mkdir()
    leftover = folder / "history-20260105T120000Z-daily.db.partial"
    leftover.write_bytes(b"SQLite format 3\x00" + bytes(100))  # what a killed copy leaves
    journal = folder / "history-20260105T120000Z-daily.db.partial-journal"
    journal.write_bytes(bytes(512))
    assert list_backups(db_path) == []
    take_daily_backup(db_path, NOW, pytest.fail)
    assert not leftover.exists() and not journal.exists()
    assert [b.reason for b in list_backups(db_path)] == ["daily"]


def test_a_failed_daily_backup_is_a_warning(db_path: Path, store: HistoryStore) -> None:
    grade(store, event("a", 5))
    (db_path.parent / "backups").write_text("a file where the folder should be")
    warnings: list[str] = []
    assert take_daily_backup(db_path, NOW, warnings.append) is None
    assert len(warnings) == 1 and "could not take today's backup" in warnings[0]
    assert store.event_count() == 1


def test_thinning_keeps_seven_daily_and_four_weekly(db_path: Path, store: HistoryStore) -> None:
    grade(store, event("a", 5))
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(60):
        store.backup("daily", start + timedelta(days=day))
    for index in range(8):
        store.backup("manual", start + timedelta(hours=index))
    stranger = db_path.parent / "backups" / "my-notes.txt"
    stranger.write_text("not ours")
    thin_backups(db_path)
    kept = list_backups(db_path)
    daily = [b for b in kept if b.reason == "daily"]
    assert len(daily) == 7 + 4
    assert daily[0].taken_at == start + timedelta(days=59)
    assert len({b.taken_at.isocalendar()[:2] for b in daily[7:]}) == 4
    assert len([b for b in kept if b.reason == "manual"]) == 5
    assert stranger.exists()


def test_restore_keeps_the_current_history_first(db_path: Path) -> None:
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        grade(store, event("a", 5))
        backup = store.backup("manual", NOW)
        grade(store, event("b", 5))
    kept = restore_backup(db_path, backup, NOW + timedelta(minutes=1))
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        assert [e.item_id for e in store.events()] == ["a"]
    previous = sqlite3.connect(kept)
    assert sorted(r[0] for r in previous.execute("SELECT item_id FROM events")) == ["a", "b"]
    previous.close()


def test_restore_over_a_damaged_database_moves_it_aside(db_path: Path) -> None:
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        grade(store, event("a", 5))
        backup = store.backup("manual", NOW)
    db_path.write_bytes(b"garbage" * 100)
    kept = restore_backup(db_path, backup, NOW + timedelta(minutes=1))
    assert kept.read_bytes() == b"garbage" * 100
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        assert store.event_count() == 1


def test_restore_refuses_a_file_that_is_not_a_backup(db_path: Path, tmp_path: Path) -> None:
    HistoryStore.open(db_path, today=DAY, now=NOW).close()
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello")
    with pytest.raises(StoreError):
        restore_backup(db_path, bogus, NOW)


def test_migrating_to_the_event_log_keeps_drills_and_refolds_days_counted_twice(db_path: Path) -> None:
    """A history from before the event-log step: two machines' grades of one day, both stored as reviews."""
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    for step in MIGRATIONS[:2]:
        step.apply(raw)
    raw.execute("PRAGMA user_version = 2")
    raw.executemany(
        "INSERT INTO events VALUES (?, 'd', 'a', ?, '2026-01-04', 5, 'review', ?, 260, ?, ?, 10, 'h')",
        [
            ("e1", "2026-01-04T12:00:00.000000+00:00", 1, 1, "2026-01-05"),
            ("e2", "2026-01-04T13:00:00.000000+00:00", 2, 6, "2026-01-10"),
        ],
    )
    raw.execute("INSERT INTO drills VALUES ('e1', 'naïve answer', 3, '[0, 2]', 90, '[\"more\"]')")
    raw.execute(
        "INSERT INTO items VALUES ('d', 'a', 2, 270, 6, '2026-01-10', '2026-01-04T13:00:00.000000+00:00', 2, 0, '2026-01-04')"
    )
    raw.commit()
    raw.close()
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        first, second = store.events()
        assert first.drill == DrillDetails("naïve answer", 3, (0, 2), 90, ("more",))
        assert (first.kind, second.kind) == (EventKind.DRILL, EventKind.SAME_DAY)
        assert first.device_id is None and len(store.device_id) == 16
        record = store.record("d", "a")
        assert record is not None
        assert (record.state.repetitions, record.state.interval_days, record.reviews) == (1, 1, 2)
        # The rebuilt tables still work: a new grade, and an undo of an old one.
        undo(store, second.event_id)
        grade(store, event("a", 4, day=DAY))
        assert store.db.execute("SELECT COUNT(*) FROM drills").fetchone()[0] == 1


def test_migrating_a_history_with_card_actions_keeps_them(db_path: Path) -> None:
    """A database made by the card-actions step (main before the event log) upgrades with its suspensions."""
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    names = [step.name for step in MIGRATIONS]
    upto = names.index("card-actions") + 1
    for step in MIGRATIONS[:upto]:
        step.apply(raw)
    raw.execute(f"PRAGMA user_version = {upto}")
    raw.executemany(
        "INSERT INTO events (event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, repetitions, "
        "easiness_centi, interval_days, due, duration_ms, item_hash) VALUES (?, 'd', 'a', ?, '2026-01-04', ?, ?, ?, 250, ?, ?, NULL, NULL)",
        [
            ("e1", "2026-01-04T12:00:00.000000+00:00", 4, "review", 1, 1, "2026-01-05"),
            ("e2", "2026-01-04T13:00:00.000000+00:00", 0, "suspend", 1, 1, "2026-01-05"),
        ],
    )
    raw.commit()
    raw.close()
    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        record = store.record("d", "a")
        assert record is not None and record.suspended and record.reviews == 1
        assert [e.kind for e in store.events()] == [EventKind.REVIEW, EventKind.SUSPEND]
        undo(store, "e2")
        record = store.record("d", "a")
        assert record is not None and not record.suspended


def test_checking_a_crashed_history_reads_its_wal_and_writes_nothing(db_path: Path, tmp_path: Path) -> None:
    from mesadrill.store.sqlite import check_file

    with HistoryStore.open(db_path, today=DAY, now=NOW) as store:
        grade(store, event("a", 5))
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for suffix in ("", "-wal"):  # what a killed process leaves (its -shm is rebuilt from the -wal)
            (crashed / f"history.db{suffix}").write_bytes(db_path.with_name(db_path.name + suffix).read_bytes())
    copy = crashed / "history.db"
    main, wal = copy.read_bytes(), copy.with_name("history.db-wal").read_bytes()
    assert check_file(copy) > 0
    assert copy.read_bytes() == main and copy.with_name("history.db-wal").read_bytes() == wal
    with HistoryStore.open(copy, today=DAY, now=NOW) as reopened:
        assert reopened.event_count() == 1
