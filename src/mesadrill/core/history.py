"""Review events and per-item records, and how a log of events folds into a record.

The log is the truth; a record is its summary, kept next to it so start-up never
replays the log. A record is always a deterministic fold of its item's events
(``fold_item``), ordered by (reviewed_at, event_id): the live grading path and
an import or sync run the same fold, so any two machines holding the same set
of events hold the same records, whatever order they learnt them in.

Whether a grade is a review or a same-day repeat is decided by the fold, from
the whole log, not by the machine that recorded it: the first grade of a study
day that is not undone moves the schedule, later ones are repeats. An undo is
itself an event (a tombstone naming the event it takes back), so it travels
to other machines like any grade; the undone grade stays in the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from mesadrill.core import sm2
from mesadrill.core.records import record
from mesadrill.core.sm2 import Sm2State

if TYPE_CHECKING:  # a type only: importing the course model at every start costs milliseconds
    from mesadrill.core.course import QuizAnswer


class EventKind(StrEnum):
    REVIEW = "review"  # the day's first grade: moves the schedule
    SAME_DAY = "same-day"  # a repeat within the day (SM-2 step 7): recorded only
    DRILL = "drill"  # an interview drill attempt: moves the schedule like a review
    UNDO = "undo"  # takes back the grade named by ``undoes``; quality is 0 and unused
    # Added with card actions; none of these moves the SM-2 schedule (quality is 0 and unused
    # for all but PRACTICE).
    PRACTICE = "practice"  # a grade in custom study on an item that was not due: recorded only
    SUSPEND = "suspend"  # left out of every queue until unsuspended
    UNSUSPEND = "unsuspend"
    BURY = "bury"  # left out of queues for the rest of its study day
    RESET = "reset"  # back to new: schedule, lapses and first day forgotten
    # The schedule another program (Anki) had for the item: sets it as it is, counts as no review.
    ANKI_SCHEDULE = "anki-schedule"
    # Course progress, kept in the log so sync carries it; neither touches any item's schedule.
    # Their deck_id is COURSE_PREFIX + the course id and their item_id the lesson id (quality 0).
    QUIZ_ATTEMPT = "quiz-attempt"  # a finished end-of-lesson quiz; its answers are in ``quiz``
    LESSON_READ = "lesson-read"  # a lesson's reading opened to the end

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
COURSE_KINDS = frozenset({EventKind.QUIZ_ATTEMPT, EventKind.LESSON_READ})
# Course events live under "course:<course id>": deck ids never hold ':', so no item is ever one.
COURSE_PREFIX = "course:"


@record(frozen=True, slots=True)
class DrillDetails:
    """What an interview drill attempt adds to its event."""

    answer_text: str | None
    points_total: int
    points_covered: tuple[int, ...]  # 0-based indexes into the card's key_points
    time_limit_s: int
    follow_up_answers: tuple[str, ...] = ()


@record(frozen=True, slots=True)
class QuizDetails:
    """What a quiz attempt adds to its event: each answer, and how many questions the quiz drew."""

    answers: tuple[QuizAnswer, ...]
    total: int  # questions drawn; one left unanswered (the quiz was left early) counts as wrong

    @property
    def score(self) -> int:
        return sum(1 for answer in self.answers if answer.right)


@record(frozen=True, slots=True)
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
    device_id: str | None = None  # the data folder it was recorded in (None: before device ids)
    undoes: str | None = None  # for an undo: the event it takes back
    quiz: QuizDetails | None = None  # for a quiz attempt: its answers

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck_id, self.item_id)

    def content(self) -> tuple[object, ...]:
        """What the event says, without what the fold derives (kind of grade, state after).

        Two events with one id must have the same content; the review/same-day
        choice and the state after are the fold's to decide.
        """
        # Review, same-day and drill are the fold's to tell apart; practice is the learner's choice.
        kind = "grade" if self.kind.is_grade and self.kind is not EventKind.PRACTICE else self.kind.value
        return (
            self.event_id,
            self.deck_id,
            self.item_id,
            self.reviewed_at,
            self.study_day,
            self.quality,
            kind,
            self.duration_ms,
            self.item_hash,
            self.drill,
            self.device_id,
            self.undoes,
            self.quiz,
        )


@record(frozen=True, slots=True)
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
    """Events are folded by time, ties broken by id, so any merge order agrees."""
    return (event.reviewed_at, event.event_id)


# How kinds the fold does not itself know change a record (suspend, bury, reset,
# quiz attempts...): register a function here; it gets the record so far (None
# before any grade) and the event, and returns the new record. A kind with no
# entry is kept in the log and leaves the record as it is.
KindFold = Callable[[ItemRecord | None, ReviewEvent], ItemRecord | None]
KIND_FOLDS: dict[str, KindFold] = {}


@record(frozen=True, slots=True)
class FoldedItem:
    """One item's fold: its record (None when no grade counts) and every event as the fold sees it."""

    record: ItemRecord | None
    events: tuple[ReviewEvent, ...]  # ordered; grades carry the derived kind and state_after


def fold_item(events: Iterable[ReviewEvent]) -> FoldedItem:
    """Fold one item's events, in any order, into its record.

    Each grade gets its kind from the log: a drill attempt or a review when it
    is the first counted grade of its study day, else a same-day repeat. A
    grade named by an undo event counts for nothing (it is given the kind and
    state it would have had, so the log reads the same on every machine).
    """
    ordered = sorted(events, key=replay_order)
    undone = {e.undoes for e in ordered if e.kind is EventKind.UNDO and e.undoes is not None}
    # The record is kept in locals and built once at the end: this runs for
    # every event of a whole history on a first sync.
    fold = _Fold()
    counted_days: set[date] = set()
    out: list[ReviewEvent] = []
    for event in ordered:
        if event.kind.is_grade:
            if event.kind is EventKind.PRACTICE:
                kind, state = EventKind.PRACTICE, fold.state  # custom study on an item not due: moves nothing
            elif event.study_day in counted_days:
                kind, state = EventKind.SAME_DAY, fold.state
            else:
                kind = EventKind.DRILL if event.drill is not None else EventKind.REVIEW
                state = sm2.review(fold.state, event.quality, event.study_day)
            out.append(_derived(event, kind, state))
            if event.event_id not in undone:
                fold.count(event, state, kind.moves_schedule)
                counted_days.add(event.study_day)
            continue
        if event.kind in ACTION_KINDS:
            if event.event_id not in undone:
                current = fold.record() or ItemRecord(event.deck_id, event.item_id, sm2.NEW)
                fold.load(_apply_action(current, event))
        elif event.kind is not EventKind.UNDO:
            hook = KIND_FOLDS.get(event.kind.value)
            if hook is not None and event.event_id not in undone:
                fold.load(hook(fold.record(), event))
        out.append(_derived(event, event.kind, fold.state if fold.exists else sm2.NEW))
    return FoldedItem(fold.record(), tuple(out))


class _Fold:
    """An item's record as it is folded, field by field."""

    __slots__ = (
        "buried_until",
        "deck_id",
        "exists",
        "first_day",
        "item_id",
        "lapses",
        "last_review",
        "reviews",
        "state",
        "suspended",
    )

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.exists = False
        self.deck_id = self.item_id = ""
        self.state = sm2.NEW
        self.last_review: datetime | None = None
        self.reviews = self.lapses = 0
        self.first_day: date | None = None
        self.suspended = False
        self.buried_until: date | None = None

    def count(self, event: ReviewEvent, state: Sm2State, moved: bool) -> None:
        if not self.exists:
            self.exists, self.deck_id, self.item_id = True, event.deck_id, event.item_id
        self.state = state
        if moved and event.quality < 3:
            self.lapses += 1
        self.reviews += 1
        if self.last_review is None or event.reviewed_at > self.last_review:
            self.last_review = event.reviewed_at
        if event.kind is not EventKind.PRACTICE and (self.first_day is None or event.study_day < self.first_day):
            self.first_day = event.study_day

    def record(self) -> ItemRecord | None:
        if not self.exists:
            return None
        return ItemRecord(
            self.deck_id,
            self.item_id,
            self.state,
            self.last_review,
            self.reviews,
            self.lapses,
            self.first_day,
            self.suspended,
            self.buried_until,
        )

    def load(self, record: ItemRecord | None) -> None:
        if record is None:
            self.reset()
            return
        self.exists, self.deck_id, self.item_id = True, record.deck_id, record.item_id
        self.state, self.last_review = record.state, record.last_review
        self.reviews, self.lapses, self.first_day = record.reviews, record.lapses, record.first_day
        self.suspended, self.buried_until = record.suspended, record.buried_until


def _derived(event: ReviewEvent, kind: EventKind, state: Sm2State) -> ReviewEvent:
    """The event with the fold's kind and state (``dataclasses.replace`` is 5x slower, and this runs per event)."""
    if event.kind is kind and event.state_after == state:
        return event
    return ReviewEvent(
        event.event_id,
        event.deck_id,
        event.item_id,
        event.reviewed_at,
        event.study_day,
        event.quality,
        kind,
        state,
        event.duration_ms,
        event.item_hash,
        event.drill,
        event.device_id,
        event.undoes,
        event.quiz,
    )


def replay(events: Iterable[ReviewEvent]) -> dict[tuple[str, str], ItemRecord]:
    """Fold a log into one record per item (items whose every grade is undone have none)."""
    by_item: dict[tuple[str, str], list[ReviewEvent]] = {}
    for event in events:
        by_item.setdefault(event.key, []).append(event)
    records: dict[tuple[str, str], ItemRecord] = {}
    for key, item_events in by_item.items():
        record = fold_item(item_events).record
        if record is not None:
            records[key] = record
    return records
