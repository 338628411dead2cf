"""Which scheduler folds the event log into records: SM-2 (the default) or FSRS.

Records are a fold of the log under one scheduler. ``Scheduling.key`` names
the scheduler and its settings; the store remembers which key built its
records, and when the settings name another, every record is rebuilt by
replaying the log under the new one. Nothing in the log changes, so
switching back gives back exactly the records there were.

Under FSRS, an item's record keeps the fields every front end reads (due
date, interval, reviews, lapses, last review, and FSRS's review count as
``repetitions``); FSRS's own state (stability, difficulty) is rebuilt from
the item's events when asked for (``fsrs_states``), which is cheap: an
item has tens of events, not thousands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from mesadrill.core import history
from mesadrill.core.history import EventKind, ItemRecord, ReviewEvent
from mesadrill.core.records import record
from mesadrill.core.sm2 import Sm2State

if TYPE_CHECKING:  # FSRS is loaded when a deck uses it, not by every start under SM-2
    from mesadrill.core.fsrs_adapter import FsrsScheduler, FsrsState

SCHEDULERS = ("sm2", "fsrs")
DEFAULT_DESIRED_RETENTION = 0.9
# The grades FSRS hears: every review, same-day repeat and drill (practice is recorded only, as under SM-2).
_FSRS_GRADES = frozenset({EventKind.REVIEW, EventKind.SAME_DAY, EventKind.DRILL})
Key = tuple[str, str]


@record(frozen=True, slots=True)
class Scheduling:
    name: str = "sm2"
    desired_retention: float = DEFAULT_DESIRED_RETENTION
    fuzz: bool = True

    @property
    def key(self) -> str:
        if self.name == "sm2":
            return "sm2"
        return f"fsrs:retention={self.desired_retention:.2f}:fuzz={'on' if self.fuzz else 'off'}"

    @property
    def is_fsrs(self) -> bool:
        return self.name == "fsrs"

    def for_deck(self, scheduler: str | None) -> Scheduling:
        """The scheduling of a deck whose file names ``scheduler`` (None: this one)."""
        return self if scheduler is None or scheduler == self.name else replace(self, name=scheduler)

    def fsrs(self) -> FsrsScheduler:
        from mesadrill.core.fsrs_adapter import FsrsScheduler

        return FsrsScheduler(self.desired_retention, self.fuzz)

    def replay(self, events: Iterable[ReviewEvent]) -> dict[Key, ItemRecord]:
        """Fold a log into one record per item under this scheduler."""
        if not self.is_fsrs:
            return history.replay(events)
        return {key: record for key, (record, _) in self._fold(events).items()}

    def fsrs_states(self, events: Iterable[ReviewEvent]) -> dict[Key, FsrsState]:
        """FSRS's own state of each item (stability, difficulty) after its log."""
        return {key: state for key, (_, state) in self._fold(events).items() if state is not None}

    def _fold(self, events: Iterable[ReviewEvent]) -> dict[Key, tuple[ItemRecord, FsrsState | None]]:
        if not self.is_fsrs:
            return {key: (record, None) for key, record in history.replay(events).items()}
        scheduler = self.fsrs()
        by_item: dict[Key, list[ReviewEvent]] = {}
        for event in events:
            by_item.setdefault(event.key, []).append(event)
        folded: dict[Key, tuple[ItemRecord, FsrsState | None]] = {}
        for key, item_events in by_item.items():
            # The log's own fold decides each grade's kind, what is undone, and the
            # bookkeeping (reviews, lapses, last review, first day, suspension);
            # FSRS then sets the schedule from the grades that count.
            scheduled = _fsrs_schedule(scheduler, history.fold_item(item_events))
            if scheduled is not None:
                folded[key] = scheduled
        return folded

    def schedule_folded(self, base: history.FoldedItem) -> ItemRecord | None:
        """The record of one item the log's fold has already folded, under this scheduler (no second fold)."""
        if not self.is_fsrs or base.record is None:
            return base.record
        scheduled = _fsrs_schedule(self.fsrs(), base)
        return None if scheduled is None else scheduled[0]


def _fsrs_schedule(scheduler: FsrsScheduler, base: history.FoldedItem) -> tuple[ItemRecord, FsrsState | None] | None:
    """FSRS's record and state for an item the log's fold has folded; None when it has no record."""
    if base.record is None:
        return None
    undone = {e.undoes for e in base.events if e.kind is EventKind.UNDO and e.undoes is not None}
    state: FsrsState | None = None
    schedule: Sm2State | None = None  # None: the fold's own state stands (new, reset or imported)
    streak = 0
    for event in base.events:
        if event.kind is EventKind.UNDO or event.event_id in undone:
            continue
        if event.kind is EventKind.RESET:
            state, schedule, streak = None, None, 0
        elif event.kind is EventKind.ANKI_SCHEDULE:
            imported = event.state_after
            schedule = None
            if imported.due is not None:
                due = datetime.combine(imported.due, time(12), tzinfo=UTC)
                state = scheduler.from_interval(imported.interval_days, due)
            else:
                state = None
        elif event.kind in _FSRS_GRADES:
            # Fuzz drawn from what the grade is, not its id, so a preview shows the day it will give.
            seed = f"{event.deck_id}|{event.item_id}|{event.study_day}|{event.quality}"
            state = scheduler.review(state, event.quality, event.reviewed_at, seed=seed)
            # Repetitions as SM-2 counts them (right answers since the last lapse): 0 reads "learning".
            streak = 0 if event.quality < 3 else streak + 1
            schedule = Sm2State(
                repetitions=streak,
                easiness_centi=base.record.state.easiness_centi,
                interval_days=state.interval_days,
                due=event.study_day + timedelta(days=state.interval_days),
            )
    record = base.record if schedule is None else replace(base.record, state=schedule)
    return record, state


@record(frozen=True, slots=True)
class DeckSchedulers:
    """The scheduler of every deck: the settings' one, and decks whose file names another."""

    default: Scheduling = Scheduling()
    overrides: tuple[tuple[str, str], ...] = ()  # (deck id, scheduler name), sorted by deck id

    @property
    def key(self) -> str:
        if not self.overrides:
            return self.default.key
        return self.default.key + "|" + ",".join(f"{deck}={self.for_deck(deck).key}" for deck, _ in self.overrides)

    def for_deck(self, deck_id: str) -> Scheduling:
        return self.default.for_deck(dict(self.overrides).get(deck_id))

    def schedule_folded(self, key: Key, base: history.FoldedItem) -> ItemRecord | None:
        """One folded item's record under its deck's scheduler: what a write stores."""
        return self.for_deck(key[0]).schedule_folded(base)

    def replay(self, events: Iterable[ReviewEvent]) -> dict[Key, ItemRecord]:
        """Fold a log into records, each deck's items under that deck's scheduler."""
        if not self.overrides:
            return self.default.replay(events)
        by_deck: dict[str, list[ReviewEvent]] = {}
        for event in events:
            by_deck.setdefault(event.deck_id, []).append(event)
        records: dict[Key, ItemRecord] = {}
        for deck_id, deck_events in by_deck.items():
            records.update(self.for_deck(deck_id).replay(deck_events))
        return records
