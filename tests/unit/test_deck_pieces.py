"""An edited deck re-read piece by piece gives exactly what reading the whole file gives."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadrill.core.model import Deck
from mesadrill.decks import cache as deckcache
from mesadrill.decks import card_pieces, card_rows, index_db, reindex
from mesadrill.decks.load import load_deck_file

HEADER = "# My deck\ndeck: pieces\ntitle: Pieces\ndescription: >-\n  Cut into\n  pieces.\ncards:\n"


def basic(n: int, back: str = "Answer") -> str:
    return f"  - id: c{n}\n    type: basic\n    front: Question {n}\n    back: {back} {n}\n"


# Card texts that stress the cut: block scalars (with a comment-like line and
# blank lines inside), flow style, quoted text over several lines, and a list.
SHAPES = [
    basic,
    lambda n: f"  - {{id: c{n}, type: basic, front: Flow {n}, back: Back {n}, reverse: true}}\n",
    lambda n: (
        f"  - id: c{n}\n    type: basic\n    front: |\n      Literal {n}\n\n      # not a comment\n    back: >-\n      folded\n      {n}\n"
    ),
    lambda n: (
        f"  - id: c{n}\n    type: basic\n    front: \"Quoted over\n      two lines {n}\"\n    back: 'single {n}'\n"
    ),
    lambda n: (
        f"  - id: c{n}\n    type: cloze\n    text: The {{{{c1::base}}}} and {{{{c2::mesa {n}}}}}.\n    tags: [a, b]\n"
    ),
    lambda n: (
        f"  - id: c{n}\n    type: choice\n    question: Pick {n}\n    choices:\n      - one\n      - two\n    answer: one\n"
    ),
    lambda n: (
        f"  # a comment before c{n}\n\n  - id: c{n}\n    type: basic\n    front: After a comment {n}\n    back: B\n"
    ),
]

# Edits that must send the whole file to the parser (or be read the same either way).
AWKWARD = [
    # Quoted text whose next line looks like a new card: the piece above cannot read alone.
    lambda n: f'  - id: c{n}\n    type: basic\n    front: "Tricky\n  - id: fake"\n    back: B\n',
    lambda n: f"  - id: c{n}\n    type: basic\n    front: [not, text]\n    back: B\n",  # an error
    lambda n: f"  - id: c{n}\n    type: basic\n    front: F\n    back: B\n    color: red\n",  # unknown field
    lambda n: "  - id: c0\n    type: basic\n    front: Duplicate\n    back: B\n",  # a duplicate id (unless n == 0)
    lambda n: f"  - id: c{n}\n    type: basic\n    front: plain text\n      over two lines\n    back: B\n",  # a warning
    lambda n: "\tbad: tab\n",
]


def same_as_whole_parse(path: Path) -> None:
    """The index's deck (re-read in pieces or not) equals a fresh parse of the file: cards, lines, items, problems."""
    via_index = deckcache.load(path)
    whole = load_deck_file(path)
    assert [str(p) for p in via_index.problems] == [str(p) for p in whole.problems]
    if whole.deck is None:
        assert via_index.deck is None
        return
    assert via_index.deck is not None
    assert via_index.deck.cards == whole.deck.cards
    assert [card.line for card in via_index.deck.cards] == [card.line for card in whole.deck.cards]
    assert via_index.deck.items == whole.deck.items
    assert (via_index.deck.id, via_index.deck.title, via_index.deck.tags) == (
        whole.deck.id,
        whole.deck.title,
        whole.deck.tags,
    )
    again = deckcache.load(path).deck  # and what the next start reads back from the index
    assert again is not None and again.cards == whole.deck.cards and again.items == whole.deck.items
    assert index_rows(path) == expected_rows(whole.deck)  # the rows themselves, not a fallback to the file


def index_rows(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(deckcache.index_path()) as connection:
        (file_id,) = connection.execute("SELECT file_id FROM files WHERE path = ?", (str(path.resolve()),)).fetchone()
        cards = connection.execute(
            "SELECT position, card_id, line, body FROM cards WHERE file_id = ? ORDER BY position", (file_id,)
        ).fetchall()
        items = connection.execute(
            "SELECT position, item_id, kind, card_position FROM items WHERE file_id = ? ORDER BY position", (file_id,)
        ).fetchall()
    return cards, items


def expected_rows(deck: Deck) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    places = {card.id: place for place, card in enumerate(deck.cards)}
    cards = [
        (place, card.id, card.line, card_rows.encode(card_rows.fields(card))) for place, card in enumerate(deck.cards)
    ]
    items = [(place, item.item_id, item.kind.value, places[item.card.id]) for place, item in enumerate(deck.items)]
    return cards, items


def counters() -> tuple[int, int, int]:
    return deckcache.parsed, deckcache.reindexed, reindex.pieces_parsed


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "pieces.yaml"
    path.write_text(HEADER + "".join(SHAPES[n % len(SHAPES)](n) for n in range(40)))
    deckcache.load(path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_one_card_edit_parses_that_card_alone(deck: Path) -> None:
    parsed, reindexed, pieces = counters()
    edit(deck, "back: Answer 7\n", "back: Answer seven\n")
    same_as_whole_parse(deck)
    assert counters() == (parsed, reindexed + 1, pieces + 1)


def test_a_card_inserted_at_the_top_parses_only_that_card_and_moves_the_rest(deck: Path) -> None:
    parsed, reindexed, pieces = counters()
    edit(deck, "cards:\n", "cards:\n" + basic(100))
    same_as_whole_parse(deck)
    assert counters() == (parsed, reindexed + 1, pieces + 1)


def test_cards_moved_removed_and_a_comment_added_above_parse_nothing(deck: Path) -> None:
    text = deck.read_text()
    moved = text.replace(basic(0), "").replace(basic(14), basic(14) + basic(0)).replace(basic(21), "")
    deck.write_text("# a new first line\n" + moved)
    parsed, reindexed, pieces = counters()
    same_as_whole_parse(deck)
    assert counters() == (parsed, reindexed + 1, pieces)


def test_a_header_edit_parses_no_card(deck: Path) -> None:
    parsed, reindexed, pieces = counters()
    edit(deck, "title: Pieces", "title: Pieces, renamed")
    same_as_whole_parse(deck)
    assert counters() == (parsed, reindexed + 1, pieces)
    assert deckcache.load(deck).deck.title == "Pieces, renamed"  # type: ignore[union-attr]


def test_an_edit_that_breaks_a_card_is_reported_by_the_whole_parse_and_never_kept(deck: Path) -> None:
    edit(deck, "back: Answer 7\n", "back: [Answer, 7]\n")
    parsed, reindexed, _ = counters()
    same_as_whole_parse(deck)
    deckcache.load(deck)
    assert counters()[:2] == (parsed + 2, reindexed)  # both loads parse it whole: errors are never indexed
    edit(deck, "back: [Answer, 7]\n", "back: Answer 7\n")
    same_as_whole_parse(deck)


def test_quoted_text_hiding_a_card_line_is_read_whole(deck: Path) -> None:
    edit(deck, "back: Answer 7\n", 'back: "Answer\n  - id: c999\n    seven"\n')
    parsed, reindexed, _ = counters()
    same_as_whole_parse(deck)
    assert counters()[:2] == (parsed + 1, reindexed)
    assert deckcache.load(deck).deck.item("c7").answer.startswith("Answer - id: c999")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        (HEADER + basic(1) + basic(2), [8, 12]),
        ("deck: d\ntitle: T\ndescription: D\ncards:\n- id: a\n  type: basic\n  front: F\n  back: B\n- id: b\n", [5, 9]),
        (HEADER + basic(1) + "other: key\n", None),  # a key after the cards
        ("deck: d\ncards: [{id: a}]\n", None),  # flow style
        (HEADER + basic(1) + "\t- id: x\n", None),  # a tab
        ((HEADER + basic(1) + basic(2)).replace("\n", "\r\n"), [8, 12]),
        ((HEADER + basic(1)).replace("\n", "\r"), None),  # carriage returns alone
        (HEADER + basic(1) + "---\n" + basic(2), None),  # a second document
        (HEADER + basic(1) + "cards:\n" + basic(2), None),  # cards twice
        (HEADER + basic(1) + " - id: shallower\n", None),
    ],
)
def test_a_file_is_cut_only_in_the_plain_layout(text: str, cut: list[int] | None) -> None:
    pieces = card_pieces.split(text.encode())
    assert (pieces.lines if pieces else None) == cut


def test_an_index_of_the_previous_format_is_remade(tmp_path: Path) -> None:
    assert index_db.FORMAT == 4  # cards gained the piece digest: version 3 rows have none


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    shapes=st.lists(st.integers(0, len(SHAPES) - 1), min_size=1, max_size=12),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["replace", "insert", "delete", "move", "awkward", "comment", "header", "crlf"]),
            st.integers(0, 1000),
            st.integers(0, 1000),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_any_sequence_of_edits_reads_as_the_whole_file_does(
    shapes: list[int], edits: list[tuple[str, int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"MESADRILL_CACHE_DIR": folder}):
        path = Path(folder) / "deck.yaml"
        cards = [SHAPES[shape](n) for n, shape in enumerate(shapes)]
        header = HEADER
        fresh = len(cards)
        path.write_text(header + "".join(cards))
        same_as_whole_parse(path)
        for action, a, b in edits:
            where = a % (len(cards) + 1)
            if action == "replace" and cards:
                cards[where % len(cards)] = SHAPES[b % len(SHAPES)](fresh)
            elif action == "insert":
                cards.insert(where, SHAPES[b % len(SHAPES)](fresh))
            elif action == "delete" and len(cards) > 1:
                del cards[where % len(cards)]
            elif action == "move" and cards:
                cards.insert(b % len(cards), cards.pop(where % len(cards)))
            elif action == "awkward":
                cards.insert(where, AWKWARD[b % len(AWKWARD)](fresh))
            elif action == "comment":
                cards.insert(where, "  # just a comment\n" if b % 2 else "\n")
            elif action == "header":
                header = header.replace("title: Pieces", f"title: Pieces {b}")
            elif action == "crlf":
                header, cards = header.replace("\n", "\r\n"), [card.replace("\n", "\r\n") for card in cards]
            fresh += 1
            path.write_text(header + "".join(cards))
            same_as_whole_parse(path)


def test_a_deck_with_windows_line_endings_is_re_read_in_pieces_too(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes((HEADER + "".join(basic(n) for n in range(20))).replace("\n", "\r\n").encode())
    deckcache.load(path)
    path.write_bytes(path.read_bytes().replace(b"back: Answer 7\r\n", b"back: Answer seven\r\n"))
    parsed, reindexed, pieces = counters()
    same_as_whole_parse(path)
    assert counters() == (parsed, reindexed + 1, pieces + 1)
