"""Each item's state in its own scheduler's terms, for ``cards``: SM-2's is in the record; FSRS's is replayed.

Under FSRS an item's stability (days until recall falls to 90%), difficulty
(1-10) and today's retrievability (the chance of recall now) are not kept
in the store: they are rebuilt from the item's events (a deck's log at a
time), which is the fold the records themselves come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from mesadrill.core.model import Deck
from mesadrill.core.scheduling import Scheduling
from mesadrill.store.history_store import HistoryStore


def scheduler_state(
    store: HistoryStore, decks: Sequence[Deck], scheduling: Scheduling, now: datetime
) -> dict[tuple[str, str], dict[str, Any]]:
    """For every item of ``decks``: its scheduler, and under FSRS its stability, difficulty, retrievability."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for deck in decks:
        deck_scheduling = scheduling.for_deck(deck.scheduler)
        if not deck_scheduling.is_fsrs:
            found.update({item.key: {"scheduler": "sm2"} for item in deck.items})
            continue
        scheduler = deck_scheduling.fsrs()
        states = deck_scheduling.fsrs_states(store.events(deck.id))
        for item in deck.items:
            state = states.get(item.key)
            found[item.key] = {
                "scheduler": "fsrs",
                "stability": round(state.stability, 4) if state else None,
                "difficulty": round(state.difficulty, 4) if state else None,
                "retrievability": round(scheduler.retrievability(state, now), 4) if state else None,
            }
    return found
