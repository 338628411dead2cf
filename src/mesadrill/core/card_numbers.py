"""Which items share a card, as small ints: for the sibling rule over tens of thousands of due items.

An item's card id is its id up to any ":" (a card id never holds one; an
item id is the card id, or the card id then ":reverse" or ":c<number>"), as
``study.siblings.card_of`` has it. The queue asks which card each due item
has; cutting that out of every id costs more than the rest of the queue, so
a deck in memory numbers its cards once and the queue looks the numbers up.

Only an item that shares its card can lose its place to a sibling, so an
item alone on its card is given the number 0: the queue looks at the others
only (in a typical deck, about half the items).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import NamedTuple


class CardNumbers(NamedTuple):
    shared: array[int]  # by item index: its card's number, or 0 for an item alone on its card
    numbers: dict[str, int]  # every card's number (from 1), by card id
    first: array[int]  # by card number: the index of the card's first item (index 0 unused)


def number_cards(item_ids: Iterable[str]) -> CardNumbers:
    """Number the cards of ``item_ids`` (in order) as first met, from 1; see ``CardNumbers``.

    One pass: a card's first item is written down as alone (0), and given
    its card's number when a second item of the card turns up.
    """
    numbers: dict[str, int] = {}
    first = array("i", [-1])
    shared = array("i")
    add = shared.append
    start = first.append
    for index, item_id in enumerate(item_ids):
        number = numbers.setdefault(item_id.partition(":")[0] if ":" in item_id else item_id, len(first))
        if number == len(first):  # a card not met before
            start(index)
            add(0)
        else:
            add(number)
            shared[first[number]] = number
    return CardNumbers(shared, numbers, first)
