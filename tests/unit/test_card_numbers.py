"""Card numbers: which items share a card, for the queue's sibling rule."""

from __future__ import annotations

from mesadrill.core.card_numbers import number_cards


def test_items_alone_on_their_card_are_numbered_zero() -> None:
    numbered = number_cards(["a", "b", "b:reverse", "c:c1", "d:c1", "d:c2", "d:c3", "e"])
    assert list(numbered.shared) == [0, 2, 2, 0, 4, 4, 4, 0]
    assert numbered.numbers == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    assert list(numbered.first) == [-1, 0, 1, 3, 4, 7]


def test_a_card_whose_items_are_apart_is_still_one_card() -> None:
    # Decks keep a card's items together; the numbering does not depend on it.
    numbered = number_cards(["x", "y", "x:reverse"])
    assert list(numbered.shared) == [1, 0, 1]
    assert list(numbered.first) == [-1, 0, 1]


def test_no_items() -> None:
    numbered = number_cards([])
    assert list(numbered.shared) == [] and numbered.numbers == {} and list(numbered.first) == [-1]
