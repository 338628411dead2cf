"""Card actions: suspend, unsuspend, bury and reset, as events in the history.

An action is an event like a grade, so export, import and sync carry it and a
record stays a fold of the log. Actions are keyed by item id, which a text
edit does not change, so a suspended card stays suspended when it is edited.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime

from mesadrill.core import sm2
from mesadrill.core.errors import DeckNotFound
from mesadrill.core.history import EventKind, ItemRecord, ReviewEvent
from mesadrill.core.model import Deck, ReviewItem
from mesadrill.core.records import record
from mesadrill.store.history_store import HistoryStore

ACTIONS = {
    "suspend": EventKind.SUSPEND,
    "unsuspend": EventKind.UNSUSPEND,
    "bury": EventKind.BURY,
    "reset": EventKind.RESET,
}


@record(frozen=True, slots=True)
class Done:
    """One action saved, and the record it replaced (for undo)."""

    item: ReviewItem
    event: ReviewEvent
    previous: ItemRecord | None


def action_event(item: ReviewItem, kind: EventKind, now: datetime, today: date) -> ReviewEvent:
    return ReviewEvent(
        event_id=uuid.uuid4().hex,
        deck_id=item.deck_id,
        item_id=item.item_id,
        reviewed_at=now.astimezone(UTC),
        study_day=today,
        quality=0,
        kind=kind,
        state_after=sm2.NEW,  # the store fills in the state the fold gives
        item_hash=item.text_hash,
    )


def perform(
    store: HistoryStore, items: Sequence[ReviewItem], kind: EventKind, now: datetime, today: date
) -> list[Done]:
    """Save one ``kind`` event per item, all in one transaction."""
    events = [action_event(item, kind, now, today) for item in items]
    previous = store.append_actions(events)
    return [Done(item, event, before) for item, event, before in zip(items, events, previous, strict=True)]


def undo(store: HistoryStore, done: Done, now: datetime | None = None) -> None:
    """Take the action back with an undo event (the action stays in the log, and the undo syncs)."""
    at = now or done.event.reviewed_at
    store.undo(done.event.event_id, undo_id=uuid.uuid4().hex, at=at, study_day=done.event.study_day)


def resolve(refs: Iterable[str], find: Callable[[str], Deck], everything: Sequence[Deck]) -> list[ReviewItem]:
    """The items named by ``DECK:CARD[:ITEM]`` (or ``CARD[:ITEM]`` when one deck has it).

    A card names all its items (its reverse, each cloze deletion); a deck
    alone names every item of the deck.
    """
    chosen: dict[tuple[str, str], ReviewItem] = {}
    for ref in refs:
        for item in _resolve_one(ref, find, everything):
            chosen.setdefault(item.key, item)
    return list(chosen.values())


def _resolve_one(ref: str, find: Callable[[str], Deck], everything: Sequence[Deck]) -> list[ReviewItem]:
    known = {deck.id: deck for deck in everything}
    deck_ref, sep, rest = ref.partition(":")
    if not sep and ref in known:
        return list(known[ref].items)
    if sep and rest and (deck_ref in known or deck_ref not in {"", *_all_card_ids(everything)}):
        deck = known.get(deck_ref) or find(deck_ref)
        items = _in_deck(deck, rest)
        if not items:
            raise DeckNotFound(f"no card or item '{rest}' in deck '{deck.id}' (see `mesadrill cards {deck.id}`)")
        return items
    # No deck given: a card or item that only one deck has.
    found = [(deck, items) for deck in everything if (items := _in_deck(deck, ref))]
    if not found:
        raise DeckNotFound(f"no deck, card or item '{ref}' (name it as DECK:CARD or DECK:CARD:ITEM)")
    if len(found) > 1:
        places = ", ".join(f"{deck.id}:{ref}" for deck, _ in found)
        raise DeckNotFound(f"'{ref}' is in several decks; say which: {places}")
    return found[0][1]


def _all_card_ids(decks: Sequence[Deck]) -> set[str]:
    return {card.id for deck in decks for card in deck.cards}


def _in_deck(deck: Deck, name: str) -> list[ReviewItem]:
    """A card's items (CARD), one item (CARD:reverse, CARD:c2), or a basic card's front (CARD:front)."""
    whole = [item for item in deck.items if item.card.id == name]
    if whole:
        return whole
    card_id, _, part = name.rpartition(":")
    if part == "front":
        name = card_id
    item = deck.item(name)
    return [item] if item is not None else []
