"""A deck index written by someone else: never followed, never trusted, never a hang."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from test_deckcache import DECK, counts

from mesadrill.decks import cache as deckcache


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    path = tmp_path / "cached.yaml"
    path.write_text(DECK)
    return path


def forge(statement: str, *parameters: object) -> None:
    """Change the index as anyone who can write the cache folder could."""
    with sqlite3.connect(deckcache.index_path()) as connection:
        connection.execute(statement, parameters)


def _row(card: int, field: int, value: object) -> Callable[[], None]:
    """Set one field of one card's row (the row as ``card_rows.encode`` writes it)."""

    def change() -> None:
        with sqlite3.connect(deckcache.index_path()) as connection:
            (body,) = connection.execute("SELECT body FROM cards WHERE position = ?", (card,)).fetchone()
            row = json.loads(body)
            row[field] = value
            connection.execute(
                "UPDATE cards SET body = ? WHERE position = ?", (json.dumps(row, ensure_ascii=False), card)
            )

    return change


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_row(0, 2, "Question \x1b]52;c;cHduZWQ=\x07one"), id="osc-52-in-a-front"),
        pytest.param(_row(0, 2, "Question \x1b[2Jone"), id="csi-in-a-front"),
        pytest.param(_row(0, 3, "Answer \x9b2Jone"), id="8-bit-csi-in-a-back"),
        pytest.param(_row(0, 2, {"not": "text"}), id="an-object-for-text"),
        pytest.param(_row(0, 4, "yes"), id="text-for-a-flag"),
        pytest.param(_row(3, 5, 10**30), id="huge-time-limit"),
        pytest.param(_row(3, 4, ["fine", 7]), id="a-number-in-key-points"),
        pytest.param(_row(0, 1, "../../etc"), id="a-card-id-outside-the-charset"),
        pytest.param(_row(0, 1, "b1\nb2"), id="a-card-id-of-two-lines"),
        pytest.param(_row(0, 1, ["b1"]), id="a-list-for-a-card-id"),
        pytest.param(_row(2, 4, "neither"), id="a-choice-answer-not-among-the-choices"),
        pytest.param(_row(1, 4, [[1, "x", None, 5, 2]]), id="a-cloze-span-backwards"),
        pytest.param(_row(1, 4, [[10**6, "x", None, 0, 1]]), id="a-cloze-number-out-of-range"),
        pytest.param(_row(1, 4, [[1, "x", None, 0, 10**6]]), id="a-cloze-span-past-the-text"),
        pytest.param(_row(1, 4, [[1, "x", 7, 0, 1]]), id="a-number-for-a-hint"),
        pytest.param(_row(1, 4, "deletions"), id="text-for-deletions"),
        pytest.param(_row(0, 5, ["fine", 3]), id="a-number-among-tags"),
        pytest.param(_row(0, 6, 12), id="a-number-for-a-source"),
        pytest.param(_row(2, 5, ["no"]), id="a-list-for-an-explanation"),
        pytest.param(_row(3, 6, "not a list"), id="text-for-follow-ups"),
        pytest.param(_row(3, 9, ["x"]), id="a-list-for-an-interview-source"),
        pytest.param(lambda: forge("UPDATE cards SET body = 'not json'"), id="not-json"),
        pytest.param(lambda: forge("DELETE FROM cards WHERE position = 1"), id="a-card-row-missing"),
        pytest.param(lambda: forge("UPDATE items SET card_position = 0"), id="items-pointing-at-the-wrong-card"),
        pytest.param(lambda: forge("UPDATE cards SET line = -5"), id="a-negative-line"),
    ],
)
def test_a_forged_card_row_is_never_shown_the_deck_file_is_read_instead(
    deck_path: Path, change: Callable[[], None]
) -> None:
    expected = deckcache.load(deck_path).deck
    assert expected is not None
    change()
    result = deckcache.load(deck_path)
    assert result.deck is not None
    assert [result.deck.item(i.item_id) for i in expected.items] == list(expected.items)
    assert result.deck.cards == expected.cards  # every card as parsed, none as forged


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(
            "UPDATE files SET deck = json_array('cached', 'T\x1b[2J', 'D', json_array(), NULL)", id="csi-title"
        ),
        pytest.param("UPDATE files SET deck = json_array('../x', 'T', 'D', json_array(), NULL)", id="bad-deck-id"),
        pytest.param("UPDATE files SET deck = 'nonsense'", id="not-json"),
        pytest.param("UPDATE files SET problems = json_array(json_array(1, 1, 'x\x07'))", id="bell-in-a-warning"),
        pytest.param("UPDATE files SET card_count = -1", id="negative-count"),
    ],
)
def test_a_forged_file_row_is_a_miss(deck_path: Path, statement: str) -> None:
    expected = deckcache.load(deck_path).deck
    forge(statement.replace("\\x1b", "\x1b").replace("\\x07", "\x07"))
    parsed, hits = counts()
    result = deckcache.load(deck_path)
    assert counts() == (parsed + 1, hits)
    assert result.deck == expected


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a runaway read fails fast, no OOM killer


def _decks_command(deck_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mesadrill", "lint", str(deck_path)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        preexec_fn=_limit_memory,
        timeout=60,
    )


@pytest.mark.parametrize("kind", ["symlink-to-dev-zero", "fifo", "symlink-to-a-fifo", "directory"])
def test_an_index_that_is_not_a_regular_file_is_a_miss_not_a_hang(deck_path: Path, tmp_path: Path, kind: str) -> None:
    deckcache.load(deck_path)
    entry = deckcache.index_path()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{entry}{suffix}").unlink(missing_ok=True)
    if kind == "symlink-to-dev-zero":
        entry.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(entry)
    elif kind == "symlink-to-a-fifo":
        os.mkfifo(tmp_path / "pipe")
        entry.symlink_to(tmp_path / "pipe")
    else:
        entry.mkdir()
    done = _decks_command(deck_path)  # times out (a FIFO) or runs out of memory (/dev/zero) when followed
    assert done.returncode == 0 and "ok: deck 'cached'" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr
