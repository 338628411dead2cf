"""Siblings: the review items of one card (a card and its reverse; the deletions of one cloze).

Asked on the same day, one gives the other away. So, as Anki's "bury
siblings" does, once one item of a card is asked on a study day, the card's
other items wait for the next day: they stay in the queue of no session that
day, and their schedule does not change (a due item is simply asked a day
late; a new one is introduced another day).
"""

from __future__ import annotations

from collections.abc import Iterable

from mesadrill.core.history import ReviewEvent
from mesadrill.core.model import Deck, ReviewItem

CardKey = tuple[str, str]  # (deck id, card id)


def card_key(item: ReviewItem) -> CardKey:
    return (item.deck_id, item.card.id)


def card_key_of(deck_id: str, item_id: str) -> CardKey:
    """The card an item id belongs to, without the deck: ``card:reverse`` and ``card:c2`` are ``card``."""
    card_id, _, suffix = item_id.rpartition(":")
    if card_id and (suffix == "reverse" or (suffix[:1] == "c" and suffix[1:].isdigit())):
        return (deck_id, card_id)
    return (deck_id, item_id)


def asked_cards(events: Iterable[ReviewEvent], decks: Iterable[Deck]) -> set[CardKey]:
    """The cards with an item graded in ``events`` (today's), looked up in the decks when they have it."""
    by_id = {deck.id: deck for deck in decks}
    cards: set[CardKey] = set()
    for event in events:
        deck = by_id.get(event.deck_id)
        item = deck.item(event.item_id) if deck is not None else None
        cards.add(card_key(item) if item is not None else card_key_of(event.deck_id, event.item_id))
    return cards


def one_per_card(items: Iterable[ReviewItem], taken: set[CardKey]) -> list[ReviewItem]:
    """``items`` less any whose card is in ``taken`` or already had an item earlier in the list.

    ``taken`` gains the card of every item kept.
    """
    kept: list[ReviewItem] = []
    for item in items:
        key = card_key(item)
        if key not in taken:
            taken.add(key)
            kept.append(item)
    return kept
