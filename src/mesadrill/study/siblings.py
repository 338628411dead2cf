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

from collections.abc import Iterable, Mapping, Sequence

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


def buried_places(days: Sequence[Sequence[str]], positions: Mapping[str, int], taken: set[str]) -> dict[int, set[int]]:
    """The rule of ``first_of_each_card`` over a deck's due items, which may number tens of thousands.

    ``days`` holds each due day's item ids (days most overdue first, ids in
    any order): they are asked day by day, in deck order (``positions``)
    within a day. The first item of each card not in ``taken`` stays; the
    places of the others are returned under their day's index in ``days``,
    and ``taken`` gains the card of every id.

    Most items are alone on their card, and an id names its card unless it
    holds a ":" (a reverse, a cloze deletion). So the ids themselves go
    through set operations done in C; only the ids with a ":" are looked at
    one by one, and only the items of cards with more than one item due (or
    asked today already) are ordered as they would be asked.
    """
    plain: set[str] = set()  # ids that are their card's id
    for ids in days:
        plain.update(ids)
    marked: list[tuple[int, str, str]] = []  # (day, item id, card) of each id with a ":"
    for day, ids in enumerate(days):
        if ":" in "".join(ids):
            marked += [(day, item_id, item_id.partition(":")[0]) for item_id in ids if ":" in item_id]
    plain.difference_update([item_id for _, item_id, _ in marked])
    contested = plain.intersection(taken)  # cards with more than one item due, or asked today already
    alone: set[str] = set()
    for _, _, card in marked:
        if card in alone or card in plain or card in taken:
            contested.add(card)
        else:
            alone.add(card)
    drop: dict[int, set[int]] = {}
    if contested:
        asked = [(day, positions[item_id], card) for day, item_id, card in marked if card in contested]
        contested_plain = plain.intersection(contested)
        for day, ids in enumerate(days):
            if contested_plain and not contested_plain.isdisjoint(ids):
                asked += [(day, positions[item_id], item_id) for item_id in ids if item_id in contested_plain]
        asked.sort()  # as they would be asked: by day, then place in the deck (no two items share a place)
        given: set[str] = set()
        for day, place, card in asked:
            if card in taken or card in given:
                drop.setdefault(day, set()).add(place)
            else:
                given.add(card)
    taken |= plain
    taken |= alone
    taken |= contested
    return drop
