"""The daily limits over all decks: how much of what is due and new today they let through."""

from __future__ import annotations

from datetime import date

from mesadrill.core.records import record
from mesadrill.env.settings import Settings
from mesadrill.store.history_store import HistoryStore


@record(frozen=True, slots=True)
class Today:
    due: int  # due items the limits let through today
    new: int  # new items the limits let through today
    held_back: int  # what reviews_per_day and new_per_day_total leave for another day


def review_room(store: HistoryStore, settings: Settings, today: date) -> int:
    """How many more due items reviews_per_day lets through today."""
    return max(0, settings.reviews_per_day - store.reviewed_total(today))


def within_limits(store: HistoryStore, settings: Settings, today: date, due: int, new: int, beyond: int = 0) -> Today:
    """``due`` and ``new`` (summed over decks, each deck's own cap applied) cut to the global limits.

    ``beyond``: due items the counts left out already (``DeckCounts.due_beyond``), held back too.
    """
    due_room = review_room(store, settings, today)
    new_room = max(0, settings.new_per_day_total - store.introduced_total(today))
    shown_due, shown_new = min(due, due_room), min(new, new_room)
    return Today(shown_due, shown_new, due - shown_due + new - shown_new + beyond)
