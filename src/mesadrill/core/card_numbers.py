"""Which items share a card, as small ints: for the sibling rule over tens of thousands of due items.

An item's card id is its id up to any ":" (a card id never holds one; an
item id is the card id, or the card id then ":reverse" or ":c<number>"), as
``study.siblings.card_of`` has it. The queue asks which card each due item
has; cutting that out of every id costs more than the rest of the queue, so
a deck in memory numbers its cards once and the queue looks the numbers up.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

CardNumbers = tuple["array[int]", dict[str, int]]  # each item's card number, by item index; numbers by card id


def number_cards(item_ids: Iterable[str]) -> CardNumbers:
    """The card number of each of ``item_ids`` (in order), and the numbers by card id (numbered as first met)."""
    numbers: dict[str, int] = {}
    of_item = array("i")
    add = of_item.append
    for item_id in item_ids:
        add(numbers.setdefault(item_id.partition(":")[0] if ":" in item_id else item_id, len(numbers)))
    return of_item, numbers
