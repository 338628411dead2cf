"""The app at sizes nobody plans for: it draws what fits and never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesadrill.tui.screens.home import HomeScreen
from mesadrill.tui.screens.review import ReviewScreen
from support.tui import make_runtime, open_store, review_app, write_deck


@pytest.mark.parametrize("size", [(6, 24), (1, 1), (6, 3), (12, 5), (200, 4)])
async def test_a_review_at_a_tiny_terminal_keeps_working(tmp_path: Path, size: tuple[int, int]) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=size) as pilot:
            assert isinstance(app.screen, ReviewScreen)
            await pilot.press("space")
            await pilot.pause()
            await pilot.press("4")
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert store.event_count() == 1


@pytest.mark.parametrize("size", [(6, 24), (1, 1)])
async def test_the_home_screen_at_a_tiny_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    from mesadrill.tui.app import MesadrillApp

    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("s")
            await pilot.pause()
