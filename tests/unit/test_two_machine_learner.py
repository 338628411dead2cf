"""Six simulated weeks on two machines that sync around each session give one machine's schedule (issue 18).

A learner studies one session a day (skipping some days) on the laptop or
the desktop at random, syncing through a folder before and after each
session (as `sync_on_exit` and a sync at start would). A third data folder
has the very same sessions, with the same grades at the same moments, alone.
At the end all three have the same records and the same grades in the log.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mesadrill.core.history import EventKind
from mesadrill.decks.load import load_deck_file
from mesadrill.env.settings import Settings
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.sync_target import FolderTarget
from mesadrill.study.review import ReviewSession
from mesadrill.study.sync import sync

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def write_deck(folder: Path, cards: int = 40) -> Path:
    lines = ["deck: sim", "title: Simulated", "description: For the two-machine test.", "cards:"]
    lines += [f"  - {{id: c{n}, type: basic, front: 'Q {n}', back: 'A {n}'}}" for n in range(cards)]
    path = folder / "sim.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)  # every look at the clock is a little later
        return self.now


def session(store: HistoryStore, deck: object, clock: Clock, grades: random.Random) -> list[tuple[str, int]]:
    run = ReviewSession(store, [deck], clock, Settings(new_per_day=6))  # type: ignore[list-item]
    asked = []
    while not run.done:
        quality = grades.choice([1, 3, 4, 4, 5, 5, 5]) if grades.random() > 0.1 else 2
        item = run.current
        assert item is not None
        run.grade(quality)
        asked.append((item.item_id, quality))
        if grades.random() < 0.05:  # now and then a slip, taken back
            run.undo()
            asked.pop()
    return asked


def test_six_weeks_on_two_machines_equal_one_machine(tmp_path: Path) -> None:
    loaded = load_deck_file(write_deck(tmp_path)).deck
    assert loaded is not None
    target = tmp_path / "synced"
    target.mkdir()
    folders = {name: tmp_path / name for name in ("laptop", "desktop", "alone")}
    stores = {name: HistoryStore.open(f / "history.db", today=START.date(), now=START) for name, f in folders.items()}
    plan = random.Random(20260105)
    clock = Clock()
    try:
        for day in range(42):
            if plan.random() < 0.2:
                continue  # a day off
            first = plan.choice(["laptop", "desktop"])
            other = "desktop" if first == "laptop" else "laptop"
            # Some days, a second session later on the other machine: the day's failed cards again.
            machines = [first, other] if plan.random() < 0.4 else [first]
            for number, machine in enumerate(machines):
                begin = START + timedelta(days=day, hours=plan.randint(0, 5) + 6 * number)
                seed = plan.random()
                clock.now = begin
                sync(stores[machine], FolderTarget(target), folders[machine], clock)
                clock.now = begin
                asked = session(stores[machine], loaded, clock, random.Random(seed))
                sync(stores[machine], FolderTarget(target), folders[machine], clock)
                clock.now = begin
                assert session(stores["alone"], loaded, clock, random.Random(seed)) == asked, f"day {day}"
        for name in ("laptop", "desktop"):
            sync(stores[name], FolderTarget(target), folders[name], clock)
        records = {name: store.records("sim") for name, store in stores.items()}
        assert records["laptop"] == records["desktop"] == records["alone"]
        assert sum(r.reviews for r in records["alone"].values()) > 150
        grades = {
            name: [(e.item_id, e.reviewed_at, e.quality, e.kind) for e in store.events()]
            for name, store in stores.items()
        }
        assert grades["laptop"] == grades["desktop"] == grades["alone"]
        kinds = [kind for _, _, _, kind in grades["alone"]]
        assert kinds.count(EventKind.SAME_DAY) > 10 and kinds.count(EventKind.UNDO) > 2
    finally:
        for store in stores.values():
            store.close()
