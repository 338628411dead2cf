"""Card search through the deck index's FTS5 rows: the same hits as the Python matcher, never stale, never an error."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadrill.core.cards import BasicCard, ChoiceCard, ClozeCard, InterviewCard
from mesadrill.core.model import Deck
from mesadrill.decks import cache as deckcache
from mesadrill.decks import card_search
from mesadrill.decks.cloze import parse_cloze
from mesadrill.decks.index_db import open_index
from mesadrill.decks.indexed_deck import IndexedSource
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.browse import Query, Row, find_rows, make_row, matches, parse_query

DAY = date(2026, 3, 2)


def python_hits(deck: Deck, words: list[str]) -> list[int]:
    """The reference: the places ``study.browse.matches`` accepts, worked out over the deck in memory."""
    return [
        place
        for place, item in enumerate(deck.items)
        if all(word.casefold() in card_search.search_text(item) for word in words)
    ]


def indexed_copy(folder: Path, deck: Deck) -> tuple[Deck, IndexedSource]:
    """``deck`` written to a fresh deck index (as ``index_db.store`` does for a parsed file) and built on it."""
    path = folder / "deck.yaml"
    path.write_text("stand-in for the deck file")
    index = open_index(folder / "index.sqlite3", "test-build")
    index.store(str(path), path.stat(), "digest", deck, [])
    row = index.lookup(str(path))
    assert row is not None
    source = IndexedSource(index, row, deck.id, lambda _: None, path)
    return Deck(deck.id, deck.title, deck.description, None, deck.tags, path, source=source), source


# ---- the index agrees with the matcher

# Text a deck can hold: any character but controls and lone surrogates (the loader refuses those).
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("aAbBcCßẞİıIiσςΣﬁΩΩ ǅǆǄ\"'*%_?[]^$(){}:-+.,;!é\u0301e\u00e9\U0001f600  "),
        st.characters(blacklist_categories=("Cc", "Cs")),
    ),
    max_size=30,
)


@st.composite
def cards(draw: st.DrawFn) -> list[BasicCard | ClozeCard | ChoiceCard | InterviewCard]:
    made: list[BasicCard | ClozeCard | ChoiceCard | InterviewCard] = []
    for number in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["basic", "reverse", "cloze", "choice", "interview"]))
        card_id = f"c{number}-{draw(st.sampled_from(['x', 'ABC', 'q', 'a_b']))}"
        if kind in ("basic", "reverse"):
            made.append(BasicCard(card_id, draw(_TEXT), draw(_TEXT), reverse=kind == "reverse"))
        elif kind == "cloze":
            text = f"{draw(_TEXT)} {{{{c1::{draw(_TEXT) or 'x'}}}}} {draw(_TEXT)} {{{{c2::{draw(_TEXT) or 'y'}}}}}"
            plain, deletions, _ = parse_cloze(text)
            made.append(ClozeCard(card_id, text, plain, deletions))
        elif kind == "choice":
            answer = draw(_TEXT) or "a"
            made.append(ChoiceCard(card_id, draw(_TEXT), (answer, answer + "!"), answer, draw(_TEXT) or None))
        else:
            made.append(InterviewCard(card_id, draw(_TEXT), draw(_TEXT), (draw(_TEXT),)))
    return made


@st.composite
def words(draw: st.DrawFn, texts: list[str]) -> list[str]:
    """Words that hit (pieces of the items' text, case changed) and words that may not (anything)."""
    found = []
    for _ in range(draw(st.integers(1, 3))):
        if texts and draw(st.booleans()):
            text = draw(st.sampled_from(texts))
            start = draw(st.integers(0, len(text)))
            piece = text[start : start + draw(st.integers(1, 8))]
            piece = draw(st.sampled_from([piece, piece.upper(), piece.lower(), piece.swapcase()]))
        else:
            piece = draw(_TEXT)
        piece = "".join(piece.split())  # a query's words never hold white space
        if piece:
            found.append(piece)
    return found or ["a"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_index_finds_exactly_what_the_python_matcher_finds(data: st.DataObject) -> None:
    made = data.draw(cards())
    deck = Deck("prop", "Prop", "", tuple(made))
    texts = [card_search.search_text(item) for item in deck.items] + [item.prompt for item in deck.items]
    with tempfile.TemporaryDirectory() as folder:
        _indexed, source = indexed_copy(Path(folder), deck)
        for _ in range(3):
            query = data.draw(words(texts))
            assert source.matching(query) == python_hits(deck, query), query
        assert card_search.covered(source._index.reading(), 1, 0)  # answered by the index, not a fallback
        source._index.close()


def test_short_words_and_punctuation_agree_with_the_matcher(tmp_path: Path) -> None:
    deck = Deck(
        "d",
        "D",
        "",
        (
            BasicCard("one", 'Straße "quoted" 50% off_*', "ΣΊΣΥΦΟΣ ﬁne"),
            BasicCard("two", "a AND b OR c NOT d NEAR(e)", "x:y^z", reverse=True),
        ),
    )
    _indexed, source = indexed_copy(tmp_path, deck)
    for query in (["ss"], ["STRASSE"], ['"quoted"'], ["50%"], ["_*"], ["σίσυφος"], ["fi"], ["FINE"], ["and", "or"],
                  ["NEAR(e)"], ["x:y^"], ["o"], ["two:reverse"], ["nothing-here"], ['"'], ["*"]):  # fmt: skip
        assert source.matching(query) == python_hits(deck, query), query
    assert source.matching(["a\x00b"]) is None  # cannot be bound as text: the caller scans


# ---- kept in step with the deck file


def deck_file(path: Path, backs: dict[int, str] | None = None, count: int = 200) -> None:
    backs = backs or {}
    lines = ["deck: big", "title: Big", "description: Many cards.", "cards:"]
    lines += [
        f"  - {{id: c{n}, type: basic, front: Question {n}, back: {backs.get(n, f'Answer {n}')}"
        f"{', reverse: true' if n % 3 == 0 else ''}}}"
        for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n")


def hits(path: Path, word: str) -> list[str]:
    deck = deckcache.load(path).deck
    if deck is not None and deck.source is None:  # just parsed and indexed: the next load is built on the index
        deck = deckcache.load(path).deck
    assert deck is not None and isinstance(deck.source, IndexedSource)
    places = deck.source.matching([word])
    assert places is not None, "answered by a scan, not the index"
    return [item.item_id for item in deck.items_at(places)]


def written(action) -> int:  # type: ignore[no-untyped-def]
    before = card_search.rows_written
    action()
    return card_search.rows_written - before


def test_an_edited_card_is_found_by_its_new_word_and_not_its_old(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {121: "zebra crossing"})
    assert hits(path, "ZEBRA") == ["c121"]  # the first search builds the file's rows
    deck_file(path, {121: "giraffe neck"})
    assert written(lambda: deckcache.load(path)) == 1  # the edit rewrote the one card's one row
    assert hits(path, "zebra") == []
    assert hits(path, "giraffe") == ["c121"]
    assert written(lambda: hits(path, "neck")) == 0  # nothing built again


def test_cards_added_moved_and_removed_keep_the_rows_in_step(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {5: "okapi", 151: "okapi too"})
    assert hits(path, "okapi") == ["c5", "c151"]
    text = path.read_text()
    lines = text.splitlines()
    moved = [*lines[:4], lines[4 + 151], "  - {id: new, type: basic, front: fresh okapi, back: b}"]
    moved += [line for n, line in enumerate(lines[4:]) if n not in (5, 151)]
    path.write_text("\n".join(moved) + "\n")  # c151 first, a new card, c5 gone
    assert written(lambda: deckcache.load(path)) == 1  # only the new card's row: the others kept theirs
    assert hits(path, "okapi") == ["c151", "new"]
    deck = deckcache.load(path).deck
    assert deck is not None and [item.item_id for item in deck.items_at([0, 1])] == ["c151", "new"]


def test_the_same_index_emptied_for_another_build_never_serves_old_rows(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {7: "narwhal"})
    assert hits(path, "narwhal") == ["c7"]
    other = tmp_path / "other.yaml"
    other.write_text(path.read_text().replace("deck: big", "deck: other"))
    assert hits(other, "narwhal") == ["c7"]  # a second file's rows, which the other build never re-indexes
    deckcache._stamp = "another build"  # the index is emptied; its files are numbered from 1 again
    deckcache._open = None
    try:
        deck_file(path, {8: "walrus"})
        deckcache.load(path)  # parsed and indexed afresh
        deck = deckcache.load(path).deck
        assert deck is not None and isinstance(deck.source, IndexedSource)
        connection = deck.source._index.reading()
        assert not card_search.covered(connection, deck.source._file_id, deck.source._generation)
        assert hits(path, "narwhal") == []
        assert hits(path, "walrus") == ["c8"]
        # The old build's rows were dropped at once, not deleted one by one (or left behind).
        assert connection.execute("SELECT count(*) FROM card_text").fetchone() == (deck.item_count,)
    finally:
        deckcache._stamp = None
        deckcache._open = None


# ---- damaged, missing, busy: a scan, never an error


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE card_text_data",
        "DROP TABLE card_text_config",
        "DROP TABLE card_text_idx",
        "DROP TABLE card_text",
        "DROP TABLE card_text_files",
        "DROP TABLE card_text_content",
    ],
)
def test_a_damaged_search_table_is_a_scan_then_built_again(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {41: "pangolin"})
    assert hits(path, "pangolin") == ["c41"]
    with sqlite3.connect(deckcache.index_path()) as connection:
        connection.execute(damage)
    connection.close()
    deckcache._open = None  # a new process
    deck = deckcache.load(path).deck
    assert deck is not None
    rows = find_rows(_store(tmp_path), [deck], parse_query("pangolin"), DAY, 8)
    assert [row.item.item_id for row in rows] == ["c41"]
    deckcache._open = None
    assert hits(path, "pangolin") == ["c41"]  # made again: the index answers once more
    with sqlite3.connect(deckcache.index_path()) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def test_an_edit_while_the_search_rows_are_damaged_still_indexes_the_deck(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {41: "pangolin"})
    assert hits(path, "pangolin") == ["c41"]
    with sqlite3.connect(deckcache.index_path()) as connection:
        connection.execute("DROP TABLE card_text_content")
    connection.close()
    deckcache._open = None
    deck_file(path, {41: "armadillo"})
    before = deckcache.parsed + deckcache.reindexed
    assert hits(path, "armadillo") == ["c41"]
    assert hits(path, "pangolin") == []
    assert deckcache.parsed + deckcache.reindexed == before + 1  # read once, then served by the index


def _store(tmp_path: Path) -> HistoryStore:
    from datetime import UTC, datetime

    return HistoryStore.open(tmp_path / "history.db", today=DAY, now=datetime(2026, 3, 2, 12, tzinfo=UTC))


def every_row(store: HistoryStore, deck: Deck) -> list[Row]:
    """The reference: a row for every item of the deck, every card read."""
    records = store.all_records()
    return [make_row(item, records.get(item.key), deck.tags, DAY, 8) for item in deck.items]


def test_find_rows_gives_what_search_over_every_row_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {3: "tapir", 4: "TAPIR run"})
    deckcache.load(path)
    deck = deckcache.load(path).deck
    assert deck is not None
    store = _store(tmp_path)
    for text in ("tapir", "tap is:new", "Question 1", "1", "ta", "deck:big tapir", "deck:other tapir", "is:due", ""):
        query = parse_query(text)
        expected = [row.item.key for row in every_row(store, deck) if matches(row, query)]
        assert [row.item.key for row in find_rows(store, [deck], query, DAY, 8)] == expected, text
    monkeypatch.setenv("MESADRILL_NO_CACHE", "1")
    plain = deckcache.load(path).deck
    assert plain is not None and plain.source is None
    assert [row.item.key for row in find_rows(store, [plain], Query(words=("tapir",)), DAY, 8)] == [
        ("big", "c3"),
        ("big", "c3:reverse"),
        ("big", "c4"),
    ]


def test_a_search_decodes_only_the_matching_cards(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {77: "quokka"})
    hits(path, "quokka")  # builds the rows once
    deckcache._open = None
    deck = deckcache.load(path).deck
    assert deck is not None and isinstance(deck.source, IndexedSource)
    rows = find_rows(_store(tmp_path), [deck], parse_query("quokka"), DAY, 8)
    assert [row.item.item_id for row in rows] == ["c77"]
    assert not deck.in_memory and set(deck.source._cards) == {77}


def test_a_big_decks_first_search_says_it_indexes_then_what_it_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mesadrill.decks import indexed_deck

    monkeypatch.setattr(indexed_deck, "_TELL_FROM", 100)  # "big": as a 10,000-card deck would be
    path = tmp_path / "big.yaml"
    deck_file(path, {10: "aardvark"})
    deckcache.load(path)
    deck = deckcache.load(path).deck
    assert deck is not None
    told: list[str] = []
    store = _store(tmp_path)
    assert [row.item.item_id for row in find_rows(store, [deck], parse_query("aardvark"), DAY, 8, told.append)] == [
        "c10"
    ]
    assert told[0] == "indexing the 200 cards of big for search (once)..."
    assert told[1].startswith("indexed big for search in ") and told[1].endswith(" s")
    find_rows(store, [deck], parse_query("aardvark"), DAY, 8, told.append)
    assert len(told) == 2  # once


def test_edits_re_read_piece_by_piece_keep_the_search_rows_in_step(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    deck_file(path, {10: "ocelot", 20: "serval"})
    assert hits(path, "ocelot") == ["c10"]
    for backs, found, gone in (
        ({10: "caracal", 20: "serval"}, "caracal", "ocelot"),  # one card changed
        ({20: "serval", 199: "ocelot again"}, "ocelot", "caracal"),  # another changed back
    ):
        deck_file(path, backs)
        before = deckcache.reindexed
        assert hits(path, found) == [f"c{n}" for n, back in sorted(backs.items()) if found in back]
        assert hits(path, gone) == []
        assert deckcache.reindexed == before + 1  # re-read only in the pieces that changed
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:4], lines[4 + 20], *lines[4:24], *lines[25:]]) + "\n")  # c20 moved first
    assert hits(path, "serval") == ["c20"]
    deck = deckcache.load(path).deck
    assert deck is not None and deck.items_at(deck.source.matching(["serval"]))[0].item_id == "c20"  # type: ignore[union-attr]


def test_a_deck_file_removed_leaves_no_search_rows_for_the_next_deck_indexed(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    deck_file(old, {7: "pangolin"})
    assert hits(old, "pangolin") == ["c7"]
    old.unlink()
    deckcache.load(old)  # gone: its rows are forgotten
    new = tmp_path / "new.yaml"
    deck_file(new, {9: "armadillo"})
    assert hits(new, "pangolin") == []  # never the removed deck's rows, whatever id the new file gets
    assert hits(new, "armadillo") == ["c9", "c9:reverse"]
    with sqlite3.connect(deckcache.index_path()) as connection:
        files = {file_id for (file_id,) in connection.execute("SELECT file_id FROM files")}
        covered = {file_id for (file_id,) in connection.execute("SELECT file_id FROM card_text_files")}
        cards = {file_id for (file_id,) in connection.execute("SELECT DISTINCT file_id FROM card_text_cards")}
    assert covered <= files and cards <= files
