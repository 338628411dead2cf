"""Each item's state in its own scheduler's terms (``cards``), and FSRS's grade preview: replayed from the log.

Under FSRS an item's stability (days until recall falls to 90%), difficulty
(1-10) and today's retrievability (the chance of recall now) are not kept
in the store: they are rebuilt from the item's events (a deck's log at a
time), which is the fold the records themselves come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from mesadrill.core.history import EventKind, ReviewEvent
from mesadrill.core.model import Deck, ReviewItem
from mesadrill.core.scheduling import Scheduling
from mesadrill.core.sm2 import NEW
from mesadrill.store.history_store import HistoryStore


def scheduler_state(
    store: HistoryStore,
    decks: Sequence[Deck],
    scheduling: Scheduling,
    now: datetime,
    items: Sequence[ReviewItem] | None = None,
) -> dict[tuple[str, str], dict[str, Any]]:
    """For every item of ``decks`` (or only ``items``, of those decks): its scheduler, and under FSRS its
    stability, difficulty, retrievability."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for deck in decks:
        deck_items = deck.items if items is None else [item for item in items if item.deck_id == deck.id]
        deck_scheduling = scheduling.for_deck(deck.scheduler)
        if not deck_scheduling.is_fsrs:
            found.update({item.key: {"scheduler": "sm2"} for item in deck_items})
            continue
        if not deck_items:
            continue
        scheduler = deck_scheduling.fsrs()
        states = deck_scheduling.fsrs_states(store.events(deck.id))
        for item in deck_items:
            state = states.get(item.key)
            found[item.key] = {
                "scheduler": "fsrs",
                "stability": round(state.stability, 4) if state else None,
                "difficulty": round(state.difficulty, 4) if state else None,
                "retrievability": round(scheduler.retrievability(state, now), 4) if state else None,
            }
    return found


def fsrs_preview(
    store: HistoryStore, item: ReviewItem, scheduling: Scheduling, now: datetime, today: date
) -> dict[int, int]:
    """The interval each grade 0-5 would give the item now under FSRS: its log replayed with each grade added."""
    earlier = list(store.events(item.deck_id, item.item_id))
    moment = now.astimezone(UTC)
    result = {}
    for quality in range(6):
        event = ReviewEvent("preview", item.deck_id, item.item_id, moment, today, quality, EventKind.REVIEW, NEW)
        result[quality] = scheduling.replay([*earlier, event])[item.key].state.interval_days
    return result
