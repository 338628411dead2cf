"""Items from the deck index read their cards as they are reached, all from one snapshot of the index."""

from __future__ import annotations

import copy
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mesadrill.core.model import ReviewItem
from mesadrill.decks import cache as deckcache
from mesadrill.decks.indexed_deck import IndexedItem
from mesadrill.decks.load import load_deck_file


def deck_text(cards: int, *, back: str = "Answer", skip: int | None = None) -> str:
    lines = ["deck: big", "title: Big", "description: Many cards.", "cards:"]
    lines += [
        f"  - {{id: c{n}, type: basic, front: Question {n}, back: {back} {n}{', reverse: true' if n % 3 == 0 else ''}}}"
        for n in range(cards)
        if n != skip
    ]
    lines += ["  - {id: gap, type: cloze, text: 'One {{c1::first}} and {{c2::second}}'}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.yaml"
    path.write_text(deck_text(300))
    deckcache.load(path)  # indexed
    return path


def indexed(path: Path) -> list[ReviewItem]:
    deck = deckcache.load(path).deck
    assert deck is not None and not deck.in_memory
    return deck.items_at(range(deck.item_count))


def reindex_elsewhere(path: Path) -> None:
    """Index ``path`` again from another process, as a second terminal would."""
    code = "import sys; from pathlib import Path; from mesadrill.decks import cache; cache.load(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)


def test_a_queue_reads_the_cards_of_the_items_it_reaches_and_they_are_the_deck_s_items(big: Path) -> None:
    items = indexed(big)
    assert all(isinstance(item, IndexedItem) and not item.has_card for item in items)
    assert items[0].prompt == "Question 0"
    assert [item.has_card for item in items[:17]] == [True] * 16 + [False]  # the first window only
    in_memory = load_deck_file(big).deck
    assert in_memory is not None
    assert items == list(in_memory.items)  # every card read as reached, each one its item's
    assert [hash(item) for item in items] == [hash(item) for item in in_memory.items]
    assert [(item.prompt, item.number) for item in items[-2:]] == [
        ("One [...] and second", 1),
        ("One first and [...]", 2),
    ]
    for kept in (copy.copy(items[5]), pickle.loads(pickle.dumps(items[5]))):
        assert type(kept) is ReviewItem and kept == items[5] == in_memory.items[5]


def test_cards_not_yet_reached_come_from_the_snapshot_their_items_were_found_in(big: Path) -> None:
    items = indexed(big)
    planned = load_deck_file(big).deck
    assert items[0].answer == "Answer 0" and planned is not None
    big.write_text(deck_text(300, back="Edited"))
    reindex_elsewhere(big)
    # Never half old cards and half new in one queue: the rest is read as it was planned.
    assert not items[100].has_card
    assert [item.answer for item in items] == [item.answer for item in planned.items]


def test_what_is_not_reached_is_read_before_the_snapshot_ends(big: Path) -> None:
    items = indexed(big)
    big.write_text(deck_text(300, back="Edited", skip=150))
    edited = deckcache.load(big).deck  # this process indexes the edit: the old snapshot ends first
    assert edited is not None and edited.item("c150") is None
    assert all(item.has_card for item in items if isinstance(item, IndexedItem))
    # The items of the old plan show the deck as it was, a card since removed too.
    assert [items[0].answer, items[200].prompt] == ["Answer 0", "Question 150"]
    assert edited.item("c0").answer == "Edited 0"  # type: ignore[union-attr]


def damage_card_row(card_id: str, body: str) -> None:
    with sqlite3.connect(deckcache.index_path()) as connection:
        connection.execute("UPDATE cards SET body = ? WHERE card_id = ?", (body, card_id))


def test_a_damaged_card_row_met_when_reached_is_read_from_the_file(big: Path) -> None:
    damage_card_row("c7", '["basic", 1]')
    deck = deckcache.load(big).deck
    assert deck is not None
    (item,) = deck.items_at(list(deck.positions_of(["c7"]).values()))
    assert (item.prompt, item.answer) == ("Question 7", "Answer 7")


def test_an_item_whose_card_left_both_a_damaged_index_and_its_file_says_so(big: Path) -> None:
    damage_card_row("c7", "not json")
    deck = deckcache.load(big).deck
    assert deck is not None
    (item,) = deck.items_at(list(deck.positions_of(["c7"]).values()))
    big.write_text(deck_text(300, skip=7))  # gone from the file too, before its card was reached
    assert item.prompt == "This card is no longer in big.yaml: it changed during the session."


@pytest.mark.parametrize(
    "forged",
    ["c7\x1b[2J", "c7:reverse", "c7:c1", "c7:c01", "../c7"],
    ids=["an-escape-sequence", "a-reverse-of-a-basic-item", "a-cloze-number-on-a-basic-item", "c01", "a-path"],
)
def test_an_item_id_no_card_could_have_is_never_handed_out(big: Path, forged: str) -> None:
    # Ids are shown before any card is read (the browser lists them): each must be an id a card could give.
    with sqlite3.connect(deckcache.index_path()) as connection:
        connection.execute("UPDATE items SET item_id = ? WHERE item_id = 'c7'", (forged,))
    in_file = load_deck_file(big).deck
    assert in_file is not None
    assert [item.item_id for item in indexed(big)] == [item.item_id for item in in_file.items]


def test_an_item_row_moved_onto_another_card_shows_the_card_its_id_names(big: Path) -> None:
    # Well-formed but not its card's (c7's row says c8): found out when the card is read, from the file.
    with sqlite3.connect(deckcache.index_path()) as connection:
        connection.execute("UPDATE items SET item_id = 'c8' WHERE item_id = 'c7'")
    assert [(item.item_id, item.prompt) for item in indexed(big) if item.item_id == "c8"] == [
        ("c8", "Question 8"),
        ("c8", "Question 8"),
    ]
