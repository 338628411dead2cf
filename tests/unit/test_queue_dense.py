"""The queue's dense paths for a deck in memory: packed positions, bulk lookups, siblings by card number.

``study.planner._one_per_card`` must give what the one-by-one rule
(``study.siblings.first_of_each_card``) gives, whichever items are due on
which days and whichever cards were asked today, including cards alone on
their card (numbered 0 and looked at only when taken).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesadrill.core.bulk import pick
from mesadrill.core.model import Deck, packed_ids
from mesadrill.decks.load import load_deck
from mesadrill.study.planner import _one_per_card
from mesadrill.study.siblings import first_of_each_card

SHAPES = {
    "basic": "{{id: {id}, type: basic, front: 'Q {id}', back: 'A'}}",
    "reverse": "{{id: {id}, type: basic, front: 'Q {id}', back: 'A', reverse: true}}",
    "cloze1": "{{id: {id}, type: cloze, text: '{id} {{{{c2::w}}}}'}}",
    "cloze3": "{{id: {id}, type: cloze, text: '{id} {{{{c1::a}}}} {{{{c2::b}}}} {{{{c4::c}}}}'}}",
}


def deck_of(shapes: list[str]) -> Deck:
    lines = ["deck: d", "title: T", "description: D", "cards:"]
    lines += [f"  - {SHAPES[shape].format(id=f'k{n}')}" for n, shape in enumerate(shapes)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.yaml"
        path.write_text("\n".join(lines) + "\n")
        deck = load_deck(path)
    assert deck is not None and deck.in_memory
    return deck


@settings(max_examples=300, deadline=None)
@given(
    shapes=st.lists(st.sampled_from(sorted(SHAPES)), min_size=1, max_size=10),
    data=st.data(),
)
def test_one_per_card_is_the_one_by_one_rule(shapes: list[str], data: st.DataObject) -> None:
    deck = deck_of(shapes)
    count = len(deck.items)
    due = data.draw(st.lists(st.integers(0, count - 1), unique=True))
    day_count = data.draw(st.integers(1, 4))
    days: list[list[int]] = [[] for _ in range(day_count)]
    for place in due:
        days[data.draw(st.integers(0, day_count - 1))].append(place)
    day_places = [sorted(places) for places in days]
    taken = data.draw(st.sets(st.sampled_from([f"k{n}" for n in range(len(shapes))] + ["elsewhere"])))

    ids = [deck.items[place].item_id for places in day_places for place in places]
    expected_taken = set(taken)
    kept = [ids[index] for index in first_of_each_card(ids, expected_taken)]
    flat, ends, cards = _one_per_card(deck, day_places, set(taken))

    assert [deck.items[place].item_id for place in flat] == kept
    expected_ends, seen = [], 0
    for places in day_places:
        seen += sum(1 for place in places if deck.items[place].item_id in kept)
        expected_ends.append(seen)
    assert ends == expected_ends
    # The cards reported are those of the kept items that share their card (the new items' filter).
    shared = deck.card_numbers.shared
    assert set(cards) == {shared[place] for place in flat if shared[place]}


def test_a_taken_card_alone_on_its_card_loses_its_due_item() -> None:
    deck = deck_of(["basic", "reverse", "cloze1"])  # items: k0, k1, k1:reverse, k2:c2
    flat, ends, _ = _one_per_card(deck, [[0, 1], [2, 3]], {"k0", "k2"})
    assert [deck.items[place].item_id for place in flat] == ["k1"]
    assert ends == [1, 1]


def test_positions_keys_are_fresh_strings_equal_to_the_ids() -> None:
    deck = deck_of(["reverse", "cloze3", "basic"])
    ids = [item.item_id for item in deck.items]
    assert deck.positions == {item_id: index for index, item_id in enumerate(ids)}
    assert all(key is not item.item_id for key, item in zip(deck.positions, deck.items, strict=True))


def test_packed_ids_keeps_an_id_holding_a_line_break_whole() -> None:
    deck = deck_of(["basic", "basic"])
    odd = [deck.items[0], type(deck.items[1])("d", "two\nlines", deck.items[1].kind, deck.items[1].card)]
    assert packed_ids(odd) == ["k0", "two\nlines"]


def test_pick_gives_every_value_in_order_and_raises_for_a_missing_key() -> None:
    table = {"a": 1, "b": 2, "c": 3}
    assert list(pick(table, [])) == []
    assert list(pick(table, ["b"])) == [2]
    assert list(pick(table, ["c", "a", "c"])) == [3, 1, 3]
    assert list(pick((10, 20, 30), [2, 0])) == [30, 10]
    with pytest.raises(KeyError):
        pick(table, ["a", "z"])
    with pytest.raises(KeyError):
        pick(table, ["z"])
