"""Review events and per-item records, and how a log of events folds into a record.

The log is the truth; a record is its summary, kept next to it so start-up never
replays the log. ``replay`` is how a record is rebuilt (after an import merges
two machines' logs) and must agree with the incremental path in the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from mesadrill.core import sm2
from mesadrill.core.sm2 import Sm2State


class EventKind(StrEnum):
    REVIEW = "review"  # the day's first grade: moves the schedule
    SAME_DAY = "same-day"  # a repeat within the day (SM-2 step 7): recorded only
    DRILL = "drill"  # an interview drill attempt: moves the schedule like a review
    # Appended later; none of these moves the SM-2 schedule (quality is 0 and unused
    # for all but PRACTICE).
    PRACTICE = "practice"  # a grade in custom study on an item that was not due: recorded only
    SUSPEND = "suspend"  # left out of every queue until unsuspended
    UNSUSPEND = "unsuspend"
    BURY = "bury"  # left out of queues for the rest of its study day
    RESET = "reset"  # back to new: schedule, lapses and first day forgotten
    # The schedule another program (Anki) had for the item: sets it as it is, counts as no review.
    ANKI_SCHEDULE = "anki-schedule"

    @property
    def moves_schedule(self) -> bool:
        return self in (EventKind.REVIEW, EventKind.DRILL)

    @property
    def is_grade(self) -> bool:
        """A grade the learner gave (as opposed to an action on the card)."""
        return self in GRADE_KINDS


GRADE_KINDS = frozenset({EventKind.REVIEW, EventKind.SAME_DAY, EventKind.DRILL, EventKind.PRACTICE})
ACTION_KINDS = frozenset(
    {EventKind.SUSPEND, EventKind.UNSUSPEND, EventKind.BURY, EventKind.RESET, EventKind.ANKI_SCHEDULE}
)


@dataclass(frozen=True, slots=True)
class DrillDetails:
    """What an interview drill attempt adds to its event."""

    answer_text: str | None
    points_total: int
    points_covered: tuple[int, ...]  # 0-based indexes into the card's key_points
    time_limit_s: int
    follow_up_answers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One grade, as it is stored and exported. Immutable once written."""

    event_id: str
    deck_id: str
    item_id: str
    reviewed_at: datetime  # aware, UTC
    study_day: date  # the local study day it counted for
    quality: int
    kind: EventKind
    state_after: Sm2State
    duration_ms: int | None = None
    item_hash: str | None = None
    drill: DrillDetails | None = field(default=None)

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck_id, self.item_id)


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """The schedule of one item plus what the log says about it, in one row."""

    deck_id: str
    item_id: str
    state: Sm2State
    last_review: datetime | None = None
    reviews: int = 0  # every grade, same-day repeats included
    lapses: int = 0  # schedule-moving grades below 3
    first_day: date | None = None  # study day of its first grade: counts it as "new" that day
    suspended: bool = False
    buried_until: date | None = None  # left out of queues before this study day

    def buried_on(self, day: date) -> bool:
        return self.buried_until is not None and day < self.buried_until

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck_id, self.item_id)


def apply(record: ItemRecord | None, event: ReviewEvent) -> ItemRecord:
    """The record after one more event (the event's own state_after is ignored)."""
    if record is None:
        record = ItemRecord(event.deck_id, event.item_id, sm2.NEW)
    if not event.kind.is_grade:
        return _apply_action(record, event)
    state = record.state
    lapses = record.lapses
    if event.kind.moves_schedule:
        state = sm2.review(state, event.quality, event.study_day)
        if event.quality < 3:
            lapses += 1
    last = record.last_review
    return ItemRecord(
        deck_id=record.deck_id,
        item_id=record.item_id,
        state=state,
        last_review=event.reviewed_at if last is None or event.reviewed_at > last else last,
        reviews=record.reviews + 1,
        lapses=lapses,
        first_day=(
            record.first_day
            if event.kind is EventKind.PRACTICE
            else event.study_day
            if record.first_day is None
            else min(record.first_day, event.study_day)
        ),
        suspended=record.suspended,
        buried_until=record.buried_until,
    )


def _apply_action(record: ItemRecord, event: ReviewEvent) -> ItemRecord:
    """Suspend, unsuspend, bury and reset: they set flags, or forget the schedule; an imported schedule sets it."""
    if event.kind is EventKind.ANKI_SCHEDULE:
        # The state it carries is the item's state from here on; it is no review.
        first_day = record.first_day
        if first_day is None and event.state_after.due is not None:
            first_day = event.study_day
        return replace(record, state=event.state_after, first_day=first_day)
    if event.kind is EventKind.SUSPEND:
        return replace(record, suspended=True)
    if event.kind is EventKind.UNSUSPEND:
        return replace(record, suspended=False, buried_until=None)
    if event.kind is EventKind.BURY:
        until = event.study_day + timedelta(days=1)
        return replace(record, buried_until=until if record.buried_until is None else max(until, record.buried_until))
    # RESET: new again (the grades stay in the log); suspension is kept, as in Anki.
    return replace(record, state=sm2.NEW, lapses=0, first_day=None, buried_until=None)


def replay_order(event: ReviewEvent) -> tuple[datetime, str]:
    """Events are replayed by time, ties broken by id, so any merge order agrees."""
    return (event.reviewed_at, event.event_id)


def replay(events: Iterable[ReviewEvent]) -> dict[tuple[str, str], ItemRecord]:
    """Fold a log into one record per item."""
    records: dict[tuple[str, str], ItemRecord] = {}
    for event in sorted(events, key=replay_order):
        records[event.key] = apply(records.get(event.key), event)
    return records
