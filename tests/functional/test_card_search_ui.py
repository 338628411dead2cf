"""Card search served by the deck index, as a user meets it: ``mesadrill cards --search`` and the TUI browser."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from mesadrill.decks import cache as deckcache
from mesadrill.decks.indexed_deck import IndexedSource
from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.browse import BrowseScreen
from support.cli import run_cli
from support.tui import MovableClock, make_runtime, open_store, text_of, write_deck


def deck_yaml(backs: dict[int, str], count: int = 60) -> str:
    lines = ["deck: zoo", "title: Zoo", "description: Animals.", "cards:"]
    lines += [
        f"  - {{id: a{n}, type: basic, front: Animal {n}, back: '{backs.get(n, f'plain {n}')}'}}" for n in range(count)
    ]
    lines.append("  - {id: cz, type: cloze, text: 'The {{c1::Okapi}} is a {{c2::giraffid}}.'}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "zoo.yaml").write_text(deck_yaml({7: "Striped ZEBRA", 30: "zebra finch"}))
    monkeypatch.setenv("MESADRILL_DECKS", str(folder))
    return folder / "zoo.yaml"


def ids(*args: str) -> list[str]:
    done = run_cli("cards", "--json", *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return [row["id"] for row in json.loads(done.stdout)]


def test_cards_search_through_the_index_matches_the_scan_and_follows_edits(decks: Path) -> None:
    run_cli("decks")  # index the deck
    for query in ("zebra", "ZEB", "okapi giraffid", "ze", "a", "Animal 3", "is:new zebra", "nothing"):
        indexed = run_cli("cards", "--json", "--search", query)
        scanned = run_cli("--no-cache", "cards", "--json", "--search", query)
        assert indexed.returncode == scanned.returncode == 0
        assert json.loads(indexed.stdout) == json.loads(scanned.stdout), query
    assert ids("--search", "zebra") == ["a7", "a30"]
    assert ids("--search", "okapi") == ["cz:c1", "cz:c2"]
    decks.write_text(deck_yaml({7: "Striped horse", 30: "zebra finch", 50: "Grevy zebra"}))
    assert ids("--search", "zebra") == ["a30", "a50"]  # the edited card's old word no longer finds it
    assert ids("--search", "horse") == ["a7"]
    table = run_cli("cards", "--search", "no-such-animal")
    assert table.returncode == 0 and "No items match." in table.stderr


def test_a_damaged_search_table_is_still_a_search(decks: Path) -> None:
    assert ids("--search", "zebra") == ["a7", "a30"]
    assert ids("--search", "zebra") == ["a7", "a30"]  # built on the index now
    index = Path(os.environ["MESADRILL_CACHE_DIR"]) / "decks" / "index.sqlite3"
    with sqlite3.connect(index) as connection:
        connection.execute("DROP TABLE card_text_data")
    connection.close()
    assert ids("--search", "zebra") == ["a7", "a30"]  # a scan this time
    assert ids("--search", "zebra") == ["a7", "a30"]  # and the index again


# ---- the browser, headless


@pytest.fixture
def zoo(tmp_path: Path) -> Iterator[tuple[object, object, Path]]:
    path = write_deck(
        tmp_path, "zoo", cards="".join(deck_yaml({7: "Striped ZEBRA", 30: "zebra finch"}).split("cards:\n")[1:])
    )
    deckcache.load(path)  # indexed, so the browser's deck is built on the index
    runtime = make_runtime([path], MovableClock())
    with open_store(runtime, tmp_path) as store:
        yield runtime, store, path


async def test_the_browser_searches_through_the_index(zoo) -> None:  # type: ignore[no-untyped-def]
    runtime, store, _ = zoo
    (deck,) = runtime.catalog.decks()
    assert isinstance(deck.source, IndexedSource)
    app = MesadrillApp(runtime, store, lambda app: BrowseScreen("zebra"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert [row.item.item_id for row in screen.rows] == ["a7", "a30"]
        assert "2 of 62 items" in text_of(app, "#browse-status")
        assert not deck.in_memory and set(deck.source._cards) == {7, 30}  # only the matching cards were read
        await pilot.press("slash", *"OKAPI")  # typed over the selected query; "O" and "OK" scan the text only
        assert not deck.in_memory
        assert isinstance(app.focused, Input)
        assert [row.item.item_id for row in screen.rows] == ["cz:c1", "cz:c2"]
        await pilot.press(*" giraffid")
        assert [row.item.item_id for row in screen.rows] == ["cz:c1", "cz:c2"]
        await pilot.press(*" is:new", "escape")
        assert len(screen.rows) == 2
        assert "Q: The [...] is a giraffid." in text_of(app, "#info-text")
        await pilot.press("slash", *["backspace"] * 30, "escape")
        assert len(screen.rows) == 62  # an empty box lists every item


async def test_a_big_decks_first_search_says_so_before_it_starts_and_when_done(zoo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Indexing a big deck's text takes seconds and the screen waits: it says what it is doing first."""
    from mesadrill.decks import indexed_deck
    from mesadrill.study.browse import indexing_ahead, parse_query

    monkeypatch.setattr(indexed_deck, "_TELL_FROM", 50)  # the zoo's 61 cards count as a big deck here
    runtime, store, _ = zoo
    decks = runtime.catalog.decks()
    assert indexing_ahead(decks, parse_query("zebra")) == "indexing the 61 cards of zoo for search (once)..."
    assert indexing_ahead(decks, parse_query("is:new")) is None  # no words: nothing to index
    app = MesadrillApp(runtime, store, lambda app: BrowseScreen("zebra"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert [row.item.item_id for row in screen.rows] == ["a7", "a30"]
        said = [notice.message for notice in app._notifications]
        assert said[:2] == [
            "Indexing the 61 cards of zoo for search (once)...",
            "Indexed zoo for search in " + said[1][26:],
        ]
        assert indexing_ahead(decks, parse_query("zebra")) is None  # built once: later searches are quick
        await pilot.press("slash", *" finch")
        assert [row.item.item_id for row in screen.rows] == ["a30"]
        assert len(app._notifications) == 2  # nothing more to announce
