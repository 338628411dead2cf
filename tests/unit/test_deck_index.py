"""The deck index: a start reads only what it shows, an edit writes only what changed, two processes agree."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mesadrill.core.model import ItemKind
from mesadrill.decks import cache as deckcache
from mesadrill.decks import index_db
from mesadrill.decks.load import load_deck_file


def deck_text(cards: int, *, back: str = "Answer", extra: str = "") -> str:
    lines = ["deck: big", "title: Big", "description: Many cards.", "cards:"]
    lines += [
        f"  - {{id: c{n}, type: basic, front: Question {n}, back: {back} {n}{', reverse: true' if n % 3 == 0 else ''}}}"
        for n in range(cards)
    ]
    return extra + "\n".join(lines) + "\n"


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.yaml"
    path.write_text(deck_text(300))
    return path


def written_by(action) -> int:  # type: ignore[no-untyped-def]
    before = index_db.rows_written
    action()
    return index_db.rows_written - before


def test_a_deck_from_the_index_loads_no_card_until_one_is_shown(big: Path) -> None:
    deckcache.load(big)
    deck = deckcache.load(big).deck
    assert deck is not None and not deck.in_memory
    assert (deck.card_count, deck.item_count) == (300, 400)
    assert deck.positions_of(["c3:reverse", "c299", "gone"]) == {"c3:reverse": 5, "c299": 399}
    assert [item.prompt for item in deck.items_at([5, 0])] == ["Answer 3", "Question 0"]
    assert deck.scan(395, None, 10) == [
        (395, "c296"),
        (396, "c297"),
        (397, "c297:reverse"),
        (398, "c298"),
        (399, "c299"),
    ]
    assert deck.scan(0, {ItemKind.REVERSE}, 2) == [(1, "c0:reverse"), (5, "c3:reverse")]
    card = deck.card("c7")
    assert card is not None and card.line == 12
    assert not deck.in_memory  # all of that without reading every card
    assert deck.cards == load_deck_file(big).deck.cards  # type: ignore[union-attr]


def test_an_edit_to_one_card_rewrites_one_row(big: Path) -> None:
    deckcache.load(big)
    big.write_text(deck_text(300).replace("back: Answer 150", "back: Answer one-fifty"))
    assert written_by(lambda: deckcache.load(big)) == 3  # the card and its two items (c150 has a reverse)
    deck = deckcache.load(big).deck
    assert deck is not None and deck.item("c150").answer == "Answer one-fifty"  # type: ignore[union-attr]


def test_a_card_added_at_the_end_writes_the_card_and_its_items(big: Path) -> None:
    deckcache.load(big)
    big.write_text(deck_text(301))  # c300 has a reverse
    assert written_by(lambda: deckcache.load(big)) == 3
    deck = deckcache.load(big).deck
    assert deck is not None and deck.item_count == 402


def test_a_card_removed_leaves_no_row_behind(big: Path) -> None:
    deckcache.load(big)
    big.write_text(deck_text(299))
    deckcache.load(big)
    with sqlite3.connect(deckcache.index_path()) as connection:
        assert connection.execute("SELECT count(*) FROM cards").fetchone() == (299,)
        assert connection.execute("SELECT count(*) FROM items").fetchone() == (
            399,
        )  # c0 to c298, and the reverses of c0, c3 ... c297
    deck = deckcache.load(big).deck
    assert deck is not None and deck.item("c299") is None and deck.cards == load_deck_file(big).deck.cards  # type: ignore[union-attr]


def test_a_line_added_above_updates_every_card_s_line(big: Path) -> None:
    deckcache.load(big)
    big.write_text(deck_text(300, extra="# a comment\n"))
    deckcache.load(big)
    deck = deckcache.load(big).deck
    assert deck is not None and deck.cards == load_deck_file(big).deck.cards  # type: ignore[union-attr]
    assert deck.card("c0").line == 6  # type: ignore[union-attr]


def test_a_deck_re_indexed_by_another_process_after_it_was_looked_up_is_read_from_its_file(big: Path) -> None:
    deck = deckcache.load(big).deck
    deck = deckcache.load(big).deck
    assert deck is not None and not deck.in_memory
    big.write_text(deck_text(300, back="Edited"))
    subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from mesadrill.decks import cache;"
         "cache.load(Path(sys.argv[1]))", str(big)],
        check=True,
    )  # fmt: skip
    # Never half old rows and half new: the rows changed since the lookup, so the file is read.
    assert [item.answer for item in deck.items_at([0, 399])] == ["Edited 0", "Edited 299"]


HOLD_THE_INDEX = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def test_a_start_while_another_process_writes_the_index_neither_waits_nor_errs(big: Path) -> None:
    deckcache.load(big)
    big.write_text(deck_text(300, back="Changed"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_INDEX, str(deckcache.index_path()), "5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "mesadrill", "cards", str(big), "--json"],
            capture_output=True,
            text=True,
            env=dict(os.environ),
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "Changed 150" in done.stdout and "Answer 150" not in done.stdout
        assert time.monotonic() - started < 4.5  # it did not sit out the other process's write
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    reindexed, hits = deckcache.reindexed, deckcache.hits
    deck = deckcache.load(big).deck  # the index was left as it was: this process indexes the edit now
    assert (deckcache.reindexed, deckcache.hits) == (reindexed + 1, hits)
    assert deck is not None and deck.item("c150").answer == "Changed 150"  # type: ignore[union-attr]


RACE = """
import sys
from pathlib import Path
from mesadrill.decks import cache
deck = cache.load(Path(sys.argv[1])).deck
print(deck.item("c299").answer, deck.item_count)
"""


def test_two_processes_indexing_the_same_edit_at_once_both_get_it(big: Path) -> None:
    deckcache.load(big)
    big.write_text(deck_text(3000, back="Raced"))
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [out.strip() for out, _ in outputs] == ["Raced 299 4000"] * 4, [err for _, err in outputs]
    deck = deckcache.load(big).deck
    assert deck is not None and deck.cards == load_deck_file(big).deck.cards  # type: ignore[union-attr]


def test_processes_starting_together_on_no_index_all_load_their_decks_and_leave_a_working_index(big: Path) -> None:
    assert not deckcache.index_path().exists()
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [out.strip() for out, _ in outputs] == ["Answer 299 400"] * 6, [err for _, err in outputs]
    parsed, hits = deckcache.parsed, deckcache.hits
    deckcache.load(big)
    assert (deckcache.parsed, deckcache.hits) == (parsed, hits + 1)  # one of them indexed it; none wiped it


def test_an_index_another_process_holds_is_left_alone_not_called_damaged(tmp_path: Path) -> None:
    where = tmp_path / "index.sqlite3"
    holder = sqlite3.connect(where, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of making it
    holder.execute("INSERT INTO t VALUES (1)")
    try:
        with pytest.raises(index_db.IndexUnusable):
            index_db.open_index(where, "stamp")
        assert where.exists()  # busy is not damage: nothing was deleted
    finally:
        holder.execute("COMMIT")
        holder.close()
    index_db.open_index(where, "stamp").close()  # free again: it opens
