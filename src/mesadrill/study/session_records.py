"""What a review session keeps: its grades and card actions (for undo), its summary, and event ids."""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from mesadrill.core.history import ItemRecord, ReviewEvent
from mesadrill.core.model import ReviewItem
from mesadrill.study.actions import Done

_SEQUENCE = itertools.count()


def new_event_id(now: datetime) -> str:
    """A random id that sorts after this process's earlier ids of the same instant.

    The log is folded in (time, id) order; with a clock that stands still (a
    test, or two grades within a microsecond) the id keeps grades in the order
    they were given. 32 hex digits: time in microseconds, a counter, random.
    """
    micros = max(0, int(now.timestamp() * 1_000_000))
    return f"{micros:014x}{next(_SEQUENCE) % 0x10000:04x}{uuid.uuid4().hex[:14]}"


WAITING_MESSAGE = (
    "Another mesadrill is writing the history; this grade is saved as soon as it finishes (Ctrl-C to stop)."
)


@dataclass(frozen=True, slots=True)
class Graded:
    """One committed grade and what undoing it needs."""

    item: ReviewItem
    event: ReviewEvent  # as the fold sees it: a review (or drill) or a same-day repeat
    previous: ItemRecord | None  # the item's record just before the grade
    repeat_later: bool  # comes back later in this session
    position_before: int
    appended_at: int | None  # where the grade queued the item again, if it did
    leech: bool = False  # this grade made the item a leech
    leech_action: Done | None = None  # the suspension that came with it, undone with the grade

    @property
    def previous_lapses(self) -> int:
        return self.previous.lapses if self.previous is not None else 0


@dataclass(frozen=True, slots=True)
class Acted:
    """A card action (suspend, bury) taken during the session, and what undoing it needs."""

    done: Done
    removed: tuple[tuple[int, ReviewItem], ...]  # the item's places in the queue, from the current one on


@dataclass(slots=True)
class Summary:
    reviewed: int = 0  # grades given
    items: int = 0  # distinct items graded
    grades: Counter[int] = field(default_factory=Counter)
    repeated: list[ReviewItem] = field(default_factory=list)  # needed same-day repetition
    below_three: int = 0
    started: datetime | None = None
    ended: datetime | None = None
    forecast: dict[date, int] = field(default_factory=dict)
    again_today: int = 0  # graded below 4 today and not yet passed: still to come today

    @property
    def seconds(self) -> float:
        if self.started is None or self.ended is None:
            return 0.0
        return max(0.0, (self.ended - self.started).total_seconds())


def summarize(graded: Sequence[Graded], started: datetime, ended: datetime) -> Summary:
    """What a session's grades add up to (the caller adds the forecast and what is left for today)."""
    summary = Summary(started=started, ended=ended)
    seen: set[tuple[str, str]] = set()
    repeated: dict[tuple[str, str], ReviewItem] = {}
    for one in graded:
        summary.reviewed += 1
        summary.grades[one.event.quality] += 1
        if one.event.quality < 3:
            summary.below_three += 1
        seen.add(one.item.key)
        if one.repeat_later:
            repeated.setdefault(one.item.key, one.item)
    summary.items = len(seen)
    summary.repeated = list(repeated.values())
    return summary
