"""The browser and the review screen's card actions, headless, on a real store; snapshots at 80x24 and 50x15."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from mesadrill.core.history import EventKind
from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.browse import BrowseScreen
from mesadrill.tui.screens.review import ReviewScreen
from support.tui import MovableClock, card_of, fake_editor, make_runtime, open_store, review_app, text_of, write_deck

CARDS = (
    "  - {id: base, type: basic, front: base optimizer, back: 'The training process [b]optimizing[/b] the base objective.',"
    " tags: [terms], reverse: true}\n"
    "  - {id: mesa, type: basic, front: mesa-optimizer, back: 'A learned model that is itself an optimizer.', tags: [terms]}\n"
    "  - {id: o1, type: cloze, text: 'When caught, {{c1::o1}} kept up the deception in over {{c2::85%}} of follow-ups.',"
    " tags: [evidence]}\n"
)


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[object, object]]:
    deck = write_deck(tmp_path, "mesa", cards=CARDS, title="Mesa basics")
    runtime = make_runtime([deck], MovableClock())
    with open_store(runtime, tmp_path) as store:
        yield runtime, store


def browse_app(runtime: object, store: object) -> MesadrillApp:
    return MesadrillApp(runtime, store, lambda app: BrowseScreen())  # type: ignore[arg-type]


def listed(app: MesadrillApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return [row.item.item_id for row in screen.rows]


async def test_search_filter_sort_and_info(setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    app = browse_app(runtime, store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert listed(app) == ["base", "base:reverse", "mesa", "o1:c1", "o1:c2"]
        info = text_of(app, "#info-text")
        assert "mesa:base" in info and "Q: base optimizer" in info and "[b]optimizing[/b]" in info
        assert "tags: terms" in info and "New: never reviewed." in info
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"tag:evidence")
        assert listed(app) == ["o1:c1", "o1:c2"]
        await pilot.press("enter")
        assert isinstance(app.focused, DataTable)
        await pilot.press("slash", *["backspace"] * 12, *"OPTIMIZER", "escape")
        assert listed(app) == ["base", "base:reverse", "mesa"]
        await pilot.press("slash", *"  is:sus")  # the start of a state, while typing: no error
        assert listed(app) == []
        await pilot.press(*"z")
        assert "no state 'susz'" in text_of(app, "#browse-status")
        await pilot.press(*["backspace"] * 30, *"optimizer", "escape")
        assert len(listed(app)) == 3
        await pilot.press("f")  # state filter: new
        assert "is:new" in text_of(app, "#browse-status")
        await pilot.press("o")
        assert "sort: due" in text_of(app, "#browse-status")


async def test_actions_on_marked_rows_are_history_events(setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    app = browse_app(runtime, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space")  # mark base and base:reverse
        assert "2 marked" in text_of(app, "#browse-status")
        await pilot.press("exclamation_mark")
        assert [e.kind for e in store.events()] == [EventKind.SUSPEND, EventKind.SUSPEND]
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert [row.state for row in screen.rows[:2]] == ["suspended", "suspended"]
        await pilot.press("up", "up", "exclamation_mark")  # all selected suspended: unsuspends
        assert store.record("mesa", "base") is not None and not store.record("mesa", "base").suspended
        await pilot.press("down", "down", "minus")  # mesa
        assert screen.highlighted() is not None and screen.rows[2].state == "buried"
        assert "History:" in text_of(app, "#info-text") and "bury" in text_of(app, "#info-text")
        await pilot.press("R")
        assert [e.kind for e in store.events()].count(EventKind.RESET) == 0  # asks first
        await pilot.press("R")
        assert [e.kind for e in store.events()].count(EventKind.RESET) == 1
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_edit_opens_the_deck_at_the_card(setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    fake_editor(tmp_path, monkeypatch, f'echo "$@" > {tmp_path / "called"}\n')
    app = browse_app(runtime, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "e")
    called = (tmp_path / "called").read_text()
    assert "+6" in called and "mesa.yaml" in called


async def test_review_screen_suspend_bury_undo_and_browse(setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    app = review_app(runtime, store, ["mesa"])
    async with app.run_test(size=(80, 24)) as pilot:
        # One item per card a day (siblings): base, mesa, o1:c1.
        assert card_of(app).question == "base optimizer"
        await pilot.press("exclamation_mark")
        assert card_of(app).question == "mesa-optimizer"
        await pilot.press("minus")
        assert card_of(app).question.startswith("When caught, ")
        record = store.record("mesa", "base")
        assert record is not None and record.suspended
        await pilot.press("u")
        assert card_of(app).question == "mesa-optimizer"
        assert store.record("mesa", "mesa") is None
        await pilot.press("b")
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("down", "down", "minus")  # bury mesa, the card the review is showing
        await pilot.press("q")
        assert isinstance(app.screen, ReviewScreen)
        assert card_of(app).question.startswith("When caught, ")


async def test_home_opens_the_browser(setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    app = MesadrillApp(runtime, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, BrowseScreen)


@pytest.fixture
def coloured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")


def test_browse_80x24(snap_compare, setup, coloured) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(browse_app(runtime, store), press=["down", "space", "exclamation_mark"], terminal_size=(80, 24))


def test_browse_50x15(snap_compare, setup, coloured) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(browse_app(runtime, store), terminal_size=(50, 15))


async def test_a_leech_is_announced_and_suspended_in_the_app(tmp_path: Path) -> None:
    from mesadrill.env.settings import Settings

    deck = write_deck(tmp_path, "mesa", cards=CARDS, title="Mesa basics")
    clock = MovableClock()
    runtime = make_runtime([deck], clock, Settings(leech_threshold=1))
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store, ["mesa"])
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "1")
            shown = [n.message for n in app._notifications]
            assert any(m.startswith("Leech: base has lapsed 1 times; suspended.") for m in shown), shown
            assert card_of(app).question != "base optimizer"
            record = store.record("mesa", "base")
            assert record is not None and record.suspended
            await pilot.press("question_mark")
            await pilot.press("escape", "b", "question_mark")
            assert "deck:ID tag:NAME is:STATE" in text_of(app, "#keys")
