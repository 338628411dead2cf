"""What to study today: the queue, per-deck counts and the forecast.

Read-only questions answered from the store and the decks; the session engine
drives the answers. Items whose card has left its deck are skipped here (the
history keeps them; ``mesadrill doctor`` reports them).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mesadrill.history import ReviewEvent
from mesadrill.model import Deck, ItemKind, ReviewItem
from mesadrill.sm2 import needs_same_day_repeat
from mesadrill.store import HistoryStore


@dataclass(frozen=True, slots=True)
class Queue:
    """Today's items in the order they are asked."""

    due: tuple[ReviewItem, ...]
    new: tuple[ReviewItem, ...]
    repeats: tuple[ReviewItem, ...]  # graded below 4 earlier today, not yet passed

    @property
    def items(self) -> list[ReviewItem]:
        return [*self.due, *self.new, *self.repeats]


@dataclass(frozen=True, slots=True)
class DeckCounts:
    deck_id: str
    due: int
    new: int  # new items still allowed today
    unseen: int  # never-reviewed items in the deck
    total: int
    last_studied: datetime | None


def pending_repeats(events: Sequence[ReviewEvent]) -> list[tuple[str, str]]:
    """Items whose latest grade of the day is below 4, in the order first graded."""
    last: dict[tuple[str, str], int] = {}
    for event in events:
        last[event.key] = event.quality
    return [key for key, quality in last.items() if needs_same_day_repeat(quality)]


def build_queue(
    store: HistoryStore,
    decks: Sequence[Deck],
    today: date,
    new_per_day: int,
    kinds: Collection[ItemKind] | None = None,
) -> Queue:
    """Due items (most overdue first), then new ones within the daily limit, then repeats."""
    by_key: dict[tuple[str, str], ReviewItem] = {}
    order: dict[tuple[str, str], int] = {}
    for deck in decks:
        for item in deck.items:
            if kinds is None or item.kind in kinds:
                order[item.key] = len(order)
                by_key[item.key] = item
    due: list[tuple[date, int, ReviewItem]] = []
    new: list[ReviewItem] = []
    today_events = store.events_on(today, [d.id for d in decks])
    repeat_keys = [key for key in pending_repeats(today_events) if key in by_key]
    waiting = set(repeat_keys)
    for deck in decks:
        for item_id, due_day in store.due_item_ids(deck.id, today):
            key = (deck.id, item_id)
            if key in by_key and key not in waiting:
                due.append((due_day, order[key], by_key[key]))
        allowance = max(0, new_per_day - store.introduced_on(deck.id, today))
        if allowance:
            seen = store.records(deck.id)
            for item in deck.items:
                if allowance == 0:
                    break
                if item.key in by_key and item.item_id not in seen:
                    new.append(item)
                    allowance -= 1
    due.sort(key=lambda entry: (entry[0], entry[1]))
    return Queue(
        due=tuple(entry[2] for entry in due),
        new=tuple(new),
        repeats=tuple(by_key[key] for key in repeat_keys),
    )


def deck_counts(store: HistoryStore, deck: Deck, today: date, new_per_day: int, last_studied: datetime | None = None) -> DeckCounts:
    records = store.records(deck.id)
    items = {item.item_id for item in deck.items}
    due = sum(1 for item_id, _ in store.due_item_ids(deck.id, today) if item_id in items)
    unseen = sum(1 for item_id in items if item_id not in records)
    allowance = max(0, new_per_day - store.introduced_on(deck.id, today))
    return DeckCounts(deck.id, due, min(unseen, allowance), unseen, len(items), last_studied)


def forecast(store: HistoryStore, today: date, days: int, deck_ids: Collection[str] | None = None) -> dict[date, int]:
    """Items falling due on each of the next ``days`` days (overdue ones count today)."""
    end = today + timedelta(days=days - 1)
    counts = store.due_per_day(date.min, end, deck_ids)
    result = {today + timedelta(days=offset): 0 for offset in range(days)}
    for day, count in counts.items():
        result[max(day, today)] += count
    return result
