"""The model's records: built fast, but exactly as frozen as plain frozen dataclasses."""

from __future__ import annotations

import gc
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from mesadrill.core.cards import BasicCard, CardType, ChoiceCard, ClozeCard, ClozeDeletion, InterviewCard
from mesadrill.core.model import Deck, ItemKind, ReviewItem
from mesadrill.decks import cache as deckcache
from mesadrill.decks.collector import collector_paused
from mesadrill.decks.load import load_deck_file

CLOZE = ClozeCard(
    "z",
    "The {{c1::base}} {{c2::mesa::a term}}",
    "The base mesa",
    (ClozeDeletion(1, "base", None, 4, 8), ClozeDeletion(2, "mesa", "a term", 9, 13)),
)


def test_records_keep_their_defaults_and_cannot_be_changed() -> None:
    card = BasicCard("a", "Q", "A")
    assert (card.reverse, card.tags, card.source, card.line, card.type) == (False, (), None, 0, CardType.BASIC)
    assert InterviewCard("i", "P", "A", ("k",)).time_limit == 90
    assert ChoiceCard("c", "Q", ("x", "y"), "y").type is CardType.CHOICE
    item = ReviewItem("d", "a", ItemKind.BASIC, card)
    for record, name in ((card, "front"), (card, "type"), (item, "item_id"), (CLOZE.deletions[0], "answer")):
        with pytest.raises(FrozenInstanceError):
            setattr(record, name, "changed")
    assert card == BasicCard("a", "Q", "A") and hash(card) == hash(BasicCard("a", "Q", "A"))
    assert card != BasicCard("a", "Q", "other")
    with pytest.raises(TypeError):
        BasicCard("a", "Q")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        BasicCard("a", "Q", "A", type=CardType.CLOZE)  # type: ignore[call-arg]


def test_items_work_out_their_text_from_the_card() -> None:
    deck = Deck("d", "Deck", "For tests.", (BasicCard("b", "Front", "Back", reverse=True), CLOZE))
    assert [item.item_id for item in deck.items] == ["b", "b:reverse", "z:c1", "z:c2"]
    assert deck.positions == {"b": 0, "b:reverse": 1, "z:c1": 2, "z:c2": 3}
    reverse = deck.item("b:reverse")
    assert reverse is not None and (reverse.prompt, reverse.answer) == ("Back", "Front")
    second = deck.item("z:c2")
    assert second is not None and second.number == 2
    assert second.prompt == "The base [a term]"
    assert [second.prompt[start:end] for start, end in second.prompt_highlights] == ["[a term]"]
    assert [second.answer[start:end] for start, end in second.highlights] == ["mesa"]


@pytest.mark.parametrize("load", [load_deck_file, deckcache.load], ids=["parsed", "from-cache"])
def test_a_loaded_deck_goes_straight_to_the_oldest_collector_generation(tmp_path: Path, load) -> None:  # type: ignore[no-untyped-def]
    # Left young, the next collection would walk every card once more only to find it alive.
    path = tmp_path / "d.yaml"
    path.write_text(
        "deck: d\ntitle: D\ndescription: D.\ncards:\n"
        + "".join(f"  - {{id: c{n}, type: basic, front: Q{n}, back: A{n}}}\n" for n in range(50))
    )
    deckcache.load(path)  # so that the cached case reads an entry
    assert gc.isenabled()
    deck = load(path).deck
    assert gc.isenabled()
    young = {id(thing) for thing in gc.get_objects(generation=0)}
    assert not young.intersection(id(card) for card in deck.cards)
    assert not young.intersection(id(item) for item in deck.items)


def test_the_collector_resumes_after_an_error_and_only_the_outermost_pause_resumes_it() -> None:
    with pytest.raises(ValueError), collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
