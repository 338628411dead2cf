"""Siblings: the review items of one card (a card and its reverse; the deletions of one cloze).

Asked on the same day, one gives the other away. So, as Anki's "bury
siblings" does, once one item of a card is asked on a study day, the card's
other items wait for the next day: they stay in the queue of no session that
day, and their schedule does not change (a due item is simply asked a day
late; a new one is introduced another day).

An item's card is read from its id: a card id never contains ":", and an
item id is the card id, or the card id then ":reverse" or ":c<number>". The
queue may hold tens of thousands of due items, so the cards taken are kept
as plain strings per deck: no tuple per item.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mesadrill.core.history import ReviewEvent
from mesadrill.core.model import ReviewItem

Taken = dict[str, set[str]]  # deck id -> ids of the cards already given a study day


def card_of(item_id: str) -> str:
    return item_id.partition(":")[0] if ":" in item_id else item_id


def asked_cards(events: Iterable[ReviewEvent]) -> Taken:
    """The cards with an item graded in ``events`` (today's), per deck."""
    taken: Taken = {}
    for event in events:
        taken.setdefault(event.deck_id, set()).add(card_of(event.item_id))
    return taken


def first_of_each_card(item_ids: Iterable[str], taken: set[str]) -> list[int]:
    """Which of ``item_ids`` (of one deck, in the order they would be asked) to keep: their places.

    An id is left out when its card is in ``taken`` or an earlier id had
    the same card; ``taken`` (that deck's cards) gains the card of every id
    kept. Plain string work: this sees every due item.
    """
    kept: list[int] = []
    keep = kept.append
    take = taken.add
    for place, item_id in enumerate(item_ids):
        card = item_id.partition(":")[0] if ":" in item_id else item_id
        if card not in taken:
            take(card)
            keep(place)
    return kept


def one_per_card(items: Sequence[ReviewItem], taken: set[str]) -> list[ReviewItem]:
    """``items`` (of one deck, in the order they would be asked) less siblings of earlier ones or of ``taken``."""
    kept = first_of_each_card([item.item_id for item in items], taken)
    return list(items) if len(kept) == len(items) else list(map(items.__getitem__, kept))
