"""What to study today: the queue, per-deck counts and the forecast.

Read-only questions answered from the store and the decks; the session engine
drives the answers. Items whose card has left its deck are skipped here (the
history keeps them; ``mesadrill doctor`` reports them).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mesadrill.core.history import ReviewEvent
from mesadrill.core.model import Deck, ItemKind, ReviewItem
from mesadrill.core.sm2 import needs_same_day_repeat
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.siblings import Taken, asked_cards, card_of, first_of_each_card, one_per_card


@dataclass(frozen=True, slots=True)
class Queue:
    """Today's items in the order they are asked."""

    due: tuple[ReviewItem, ...]
    new: tuple[ReviewItem, ...]
    repeats: tuple[ReviewItem, ...]  # graded below 4 earlier today, not yet passed
    held_due: int = 0  # due items left for another day by reviews_per_day
    held_new: int = 0  # new items left for another day by new_per_day_total

    @property
    def held_back(self) -> int:
        return self.held_due + self.held_new

    @property
    def items(self) -> list[ReviewItem]:
        return [*self.due, *self.new, *self.repeats]


@dataclass(frozen=True, slots=True)
class DeckCounts:
    deck_id: str
    due: int
    new: int  # new items still allowed today
    total: int
    last_studied: datetime | None
    again: int = 0  # graded below 4 earlier today: still to come back today


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
    *,
    reviews_per_day: int | None = None,
    new_per_day_total: int | None = None,
    bury_siblings: bool = True,
    gated: Collection[tuple[str, str]] = (),
) -> Queue:
    """Due items (most overdue first), then new ones within the daily limit, then repeats.

    With ``bury_siblings``, a card gives the day at most one of its items
    (see ``study.siblings``): not one whose card was asked earlier today,
    nor a second item of a card already in the queue.

    The work grows with the number of items due and new today, not with the
    size of the decks or of the history: the store hands over the due items
    a day at a time from an index, and new items are found by asking about
    a few at a time (see ``_new_items``). ``gated`` items are not
    introduced (a course's lessons after the current one).
    """
    by_id = {deck.id: deck for deck in decks}
    repeats: list[ReviewItem] = []
    today_events = store.events_on(today, list(by_id))
    taken: Taken | None = asked_cards(today_events) if bury_siblings else None
    pending = pending_repeats(today_events)
    held = store.held_keys(today) if pending else set()
    for deck_id, item_id in pending:
        if (deck_id, item_id) in held:  # suspended or buried since its failed grade
            continue
        deck = by_id.get(deck_id)
        item = deck.item(item_id) if deck is not None else None
        if item is not None and (kinds is None or item.kind in kinds):
            repeats.append(item)
    # Due items sort by day, then deck, then place in the deck. This loop
    # may see tens of thousands, so it leaves the per-item work to C.
    due_by_day: dict[str, list[ReviewItem]] = {}
    for deck in decks:
        waiting = {item.item_id for item in repeats if item.deck_id == deck.id}
        deck_taken = taken.setdefault(deck.id, set()) if taken is not None else None
        by_day = store.due_by_day(deck.id, today)
        # One question to the deck for every due id: where each stands (ids whose
        # card left the deck drop out here; their history stays).
        positions = deck.positions_of([item_id for _, item_ids in by_day for item_id in item_ids])
        for due_text, item_ids in by_day:
            indexes = sorted([index for index in map(positions.get, item_ids) if index is not None])
            chosen = deck.items_at(indexes)
            if waiting or kinds is not None:
                chosen = [i for i in chosen if i.item_id not in waiting and (kinds is None or i.kind in kinds)]
            if deck_taken is not None:  # the most overdue item of a card is asked; its siblings wait
                chosen = one_per_card(chosen, deck_taken)
            due_by_day.setdefault(due_text, []).extend(chosen)
    due = [item for day in sorted(due_by_day) for item in due_by_day[day]]
    new: list[ReviewItem] = []
    for deck in decks:  # after the due items, so a due card keeps its day
        allowance = max(0, new_per_day - store.introduced_on(deck.id, today))
        if allowance:
            deck_taken = taken.setdefault(deck.id, set()) if taken is not None else None
            new.extend(_new_items(store, deck, allowance, kinds, deck_taken, today, gated))
    # The daily limits over all decks (the per-deck new cap applied above).
    held_due = held_new = 0
    if reviews_per_day is not None:
        room = max(0, reviews_per_day - store.reviewed_total(today))
        held_due, due = max(0, len(due) - room), due[:room]
    if new_per_day_total is not None:
        room = max(0, new_per_day_total - store.introduced_total(today))
        held_new, new = max(0, len(new) - room), new[:room]
    return Queue(due=tuple(due), new=tuple(new), repeats=tuple(repeats), held_due=held_due, held_new=held_new)


_PROBE = 250  # items asked about at a time
_PROBE_LIMIT = 2_000  # past this many seen items in a row, read every seen id at once instead


def _new_items(
    store: HistoryStore,
    deck: Deck,
    allowance: int,
    kinds: Collection[ItemKind] | None,
    taken: set[str] | None = None,
    today: date | None = None,
    gated: Collection[tuple[str, str]] = (),
) -> list[ReviewItem]:
    """Up to ``allowance`` items of the deck never reviewed, in deck order from where the learner left off."""
    return deck.items_at(_new_positions(store, deck, allowance, kinds, taken, today, gated))


def _new_positions(
    store: HistoryStore,
    deck: Deck,
    allowance: int,
    kinds: Collection[ItemKind] | None,
    taken: set[str] | None = None,
    today: date | None = None,
    gated: Collection[tuple[str, str]] = (),
) -> list[int]:
    """Where in the deck the next ``allowance`` new items stand (see ``_new_items``).

    New items are met in deck order, so the unseen ones usually start right
    after the newest item introduced. The search starts there, asking the
    deck and the store about a few items at a time, and wraps round to the
    top of the deck for any left behind (a card inserted higher up, or items
    a drill passed over). Should it meet a long run of seen items (a
    finished deck), it reads every seen id of the deck at once instead: one
    pass over the deck's history, and no more. With ``taken`` (the cards
    already given today, see ``study.siblings``), items of those cards are
    passed over and the card of each item found joins it. ``gated`` items
    (course gating) are passed over. Only the ids looked at are read from
    the deck, never every card.
    """
    if allowance <= 0 or deck.item_count == 0:
        return []
    latest = deck.positions_of(store.latest_introduced(deck.id))
    start = max(latest.values()) + 1 if latest else 0
    found: list[tuple[int, str]] = []
    seen: set[str] | None = None
    probed = 0
    cursor, wrapped = start, start == 0
    while len(found) < allowance:
        batch = deck.scan(cursor, kinds, _PROBE)
        if wrapped:
            batch = [pair for pair in batch if pair[0] < start] if start else batch
        if not batch:
            if wrapped:
                break
            cursor, wrapped = 0, True
            continue
        cursor = batch[-1][0] + 1
        if seen is None and probed >= _PROBE_LIMIT:
            seen = store.seen_item_ids(deck.id, today)
        known = seen if seen is not None else store.seen_among(deck.id, [item_id for _, item_id in batch], today)
        probed += len(batch)
        fresh = [pair for pair in batch if pair[1] not in known and (not gated or (deck.id, pair[1]) not in gated)]
        if taken is not None:
            fresh = list(map(fresh.__getitem__, first_of_each_card([item_id for _, item_id in fresh], taken)))
        found.extend(fresh)
    if taken is not None:
        for _, item_id in found[allowance:]:  # looked at but not chosen: their cards stay free
            taken.discard(card_of(item_id))
    return [index for index, _ in found[:allowance]]


def deck_counts(
    store: HistoryStore,
    deck: Deck,
    today: date,
    new_per_day: int,
    last_studied: datetime | None = None,
    *,
    bury_siblings: bool = True,
    gated: Collection[tuple[str, str]] = (),
) -> DeckCounts:
    """What ``build_queue`` would give the deck today, counted; ``again`` is what waits to come back today.

    Asked the same way the queue is (the due ids, then new items found a few
    at a time), so it costs what is due and new today, not the deck's size.
    """
    today_events = store.events_on(today, [deck.id])
    by_day = store.due_by_day(deck.id, today)
    due_ids = [item_id for _, item_ids in by_day for item_id in item_ids]
    pending = [item_id for _, item_id in pending_repeats(today_events)]
    present = deck.positions_of([*due_ids, *pending])
    again = sum(1 for item_id in pending if item_id in present)
    due_ids = [item_id for item_id in due_ids if item_id in present]
    taken = asked_cards(today_events).get(deck.id, set()) if bury_siblings else None
    due = len(first_of_each_card(due_ids, taken)) if taken is not None else len(due_ids)
    allowance = max(0, new_per_day - store.introduced_on(deck.id, today))
    new = len(_new_positions(store, deck, allowance, None, taken, today, gated))
    return DeckCounts(deck.id, due, new, deck.item_count, last_studied, again)


def forecast(store: HistoryStore, today: date, days: int, deck_ids: Collection[str] | None = None) -> dict[date, int]:
    """Items falling due on each of the next ``days`` days (overdue ones count today)."""
    end = today + timedelta(days=days - 1)
    counts = store.due_per_day(date.min, end, deck_ids)
    result = {today + timedelta(days=offset): 0 for offset in range(days)}
    for day, count in counts.items():
        result[max(day, today)] += count
    return result
