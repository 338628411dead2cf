"""Study statistics, computed from the store (``render.stats_text`` draws them).

- a heatmap of reviews per day over the last year (weeks across, weekdays down)
- reviews and retention (share of schedule-moving grades >= 3) over 7/30/365 days
- items due per day over the next 30 days
- per deck: new, learning (interval < 21 days) and mature (>= 21 days) items
- for FSRS decks, its predicted retention: the mean probability of recall,
  now, of every item reviewed so far
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from mesadrill.core.history import EventKind
from mesadrill.core.model import Deck
from mesadrill.core.records import record
from mesadrill.core.scheduling import Scheduling
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.planner import forecast

MATURE_DAYS = 21
WINDOWS = (7, 30, 365)


@record(frozen=True, slots=True)
class Window:
    days: int
    reviews: int  # every grade, repeats included
    retention: float | None  # None when there were no reviews


@record(frozen=True, slots=True)
class Maturity:
    deck_id: str
    title: str
    new: int
    learning: int
    mature: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.mature


@record(frozen=True, slots=True)
class Report:
    today: date
    per_day: dict[date, int]  # reviews per study day, last 365 days
    windows: tuple[Window, ...]
    due: dict[date, int]  # next 30 days, overdue counted today
    maturity: tuple[Maturity, ...]
    streak: int  # consecutive study days ending today (or yesterday)
    suspended: int = 0  # items of these decks suspended
    leeches: int = 0  # items that lapsed leech_threshold times or more
    predicted_retention: float | None = None  # FSRS only: mean recall probability now of reviewed items


def predicted_retention(
    store: HistoryStore, decks: Sequence[Deck], scheduling: Scheduling, now: datetime
) -> float | None:
    """FSRS's predicted retention now: the mean retrievability of every reviewed item of the FSRS decks."""
    chances: list[float] = []
    for deck in decks:
        deck_scheduling = scheduling.for_deck(deck.scheduler)
        if not deck_scheduling.is_fsrs:
            continue
        scheduler = deck_scheduling.fsrs()
        states = deck_scheduling.fsrs_states(store.events(deck.id))
        chances.extend(scheduler.retrievability(state, now) for state in states.values())
    return sum(chances) / len(chances) if chances else None


def build_report(
    store: HistoryStore,
    decks: Sequence[Deck],
    today: date,
    leech_threshold: int = 8,
    scheduling: Scheduling | None = None,
    now: datetime | None = None,
) -> Report:
    year_ago = today - timedelta(days=364)
    per_day = store.reviews_per_day(year_ago)
    windows = []
    for days in WINDOWS:
        since = today - timedelta(days=days - 1)
        reviews = sum(count for day, count in per_day.items() if day >= since)
        qualities = store.grades_since(since, (EventKind.REVIEW, EventKind.DRILL))
        retention = sum(1 for q in qualities if q >= 3) / len(qualities) if qualities else None
        windows.append(Window(days, reviews, retention))
    due = forecast(store, today, 30, [deck.id for deck in decks])
    maturity = []
    suspended = leeches = 0
    for deck in decks:
        records = store.records(deck.id)
        present = [records[item.item_id] for item in deck.items if item.item_id in records]
        suspended += sum(1 for record in present if record.suspended)
        leeches += sum(1 for record in present if record.lapses >= leech_threshold)
        new = learning = mature = 0
        for item in deck.items:
            record = records.get(item.item_id)
            if record is None or record.state.is_new:
                new += 1
            elif record.state.interval_days >= MATURE_DAYS:
                mature += 1
            else:
                learning += 1
        maturity.append(Maturity(deck.id, deck.title, new, learning, mature))
    streak = _streak(per_day, today)
    predicted = None
    if scheduling is not None and now is not None and any(scheduling.for_deck(d.scheduler).is_fsrs for d in decks):
        predicted = predicted_retention(store, decks, scheduling, now)
    return Report(today, per_day, tuple(windows), due, tuple(maturity), streak, suspended, leeches, predicted)


def _streak(per_day: dict[date, int], today: date) -> int:
    day = today if per_day.get(today) else today - timedelta(days=1)
    streak = 0
    while per_day.get(day):
        streak += 1
        day -= timedelta(days=1)
    return streak
