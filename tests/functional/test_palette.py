"""ctrl+p: the command palette lists what the screen can do now, and runs it."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.palette import screen_commands
from mesadrill.tui.screens.help import HelpScreen
from mesadrill.tui.screens.home import HomeScreen
from support.tui import card_of, make_runtime, open_store, review_app, text_of, write_deck


def titles(app: MesadrillApp) -> list[str]:
    return [command.title for command in screen_commands(app, app.screen)]


async def test_the_palette_offers_the_screens_actions_that_work_now(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            question_side = titles(app)
            assert "Show answer" in question_side and "End" in question_side
            assert not any(title.startswith("Grade") for title in question_side)
            assert "Undo" not in question_side  # nothing to undo yet
            await pilot.press("space")
            answer_side = titles(app)
            assert "Grade 0" in answer_side and "Grade 5: perfect" in answer_side
            assert "Show answer" not in answer_side


async def test_ctrl_p_runs_an_action_by_name(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+p")
            assert CommandPalette.is_open(app)
            await pilot.press(*"show answer")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause()
            assert not CommandPalette.is_open(app)
            assert card_of(app).answer == "Answer 1"


async def test_home_palette_and_help_name_ctrl_p(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, HomeScreen)
            assert {"Review", "Drill", "Stats", "Reload", "Help", "Quit"} <= set(titles(app))
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert "Every action of this screen, by name" in text_of(app, "#keys")
