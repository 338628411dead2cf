"""The places any screen can open (help, stats, browse, ask) and quit: each screen's keys reach them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_drill import INTERVIEW
from textual.screen import Screen

from mesadrill.decks.catalog import deck_files
from mesadrill.study.runtime import Runtime
from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.ask import AskScreen
from mesadrill.tui.screens.browse import BrowseScreen
from mesadrill.tui.screens.course_map import CourseMapScreen
from mesadrill.tui.screens.drill import DrillScreen
from mesadrill.tui.screens.help import HelpScreen
from mesadrill.tui.screens.home import HomeScreen
from mesadrill.tui.screens.lesson import LessonScreen
from mesadrill.tui.screens.review import ReviewScreen
from mesadrill.tui.screens.stats import StatsScreen
from mesadrill.tui.screens.summary import SummaryScreen
from support.cli import TEST_DATA
from support.tui import make_runtime, open_store, write_deck

First = Callable[[MesadrillApp], Screen[None]]


def feathers(app: MesadrillApp) -> LessonScreen:
    course = app.catalog.courses()[0]
    lesson = course.lesson("feathers")
    assert lesson is not None
    return LessonScreen(course, lesson)


def drill(app: MesadrillApp) -> Screen[None]:
    screen = DrillScreen.for_decks(app, app.catalog.find_all(["iv"]))
    assert screen is not None
    return screen


PLACES: list[tuple[str, First, tuple[str, ...], type[Screen[None]] | None]] = [
    ("home help", lambda app: HomeScreen(), ("question_mark",), HelpScreen),
    ("home stats", lambda app: HomeScreen(), ("s",), StatsScreen),
    ("home browse", lambda app: HomeScreen(), ("b",), BrowseScreen),
    ("home quit", lambda app: HomeScreen(), ("q",), None),
    ("map help", lambda app: CourseMapScreen(app.catalog.courses()[0]), ("question_mark",), HelpScreen),
    ("map stats", lambda app: CourseMapScreen(app.catalog.courses()[0]), ("s",), StatsScreen),
    ("map ask", lambda app: CourseMapScreen(app.catalog.courses()[0]), ("a",), AskScreen),
    ("map quit", lambda app: CourseMapScreen(app.catalog.courses()[0]), ("q",), None),
    ("lesson help", feathers, ("question_mark",), HelpScreen),
    ("lesson ask", feathers, ("a",), AskScreen),
    (
        "review help",
        lambda app: ReviewScreen.for_decks(app, app.catalog.find_all(["t"])),
        ("question_mark",),
        HelpScreen,
    ),
    ("review browse", lambda app: ReviewScreen.for_decks(app, app.catalog.find_all(["t"])), ("b",), BrowseScreen),
    ("review ask", lambda app: ReviewScreen.for_decks(app, app.catalog.find_all(["t"])), ("a",), AskScreen),
    ("drill help", drill, ("question_mark",), HelpScreen),
    ("browse help", lambda app: BrowseScreen(), ("question_mark",), HelpScreen),
]


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    folder = tmp_path / "course"
    shutil.copytree(TEST_DATA / "course", folder)
    return make_runtime([*deck_files(folder), write_deck(tmp_path), write_deck(tmp_path, "iv", cards=INTERVIEW)])


@pytest.mark.parametrize(("first", "keys", "opened"), [p[1:] for p in PLACES], ids=[p[0] for p in PLACES])
async def test_the_key_opens_the_place(
    runtime: Runtime, tmp_path: Path, first: First, keys: tuple[str, ...], opened: type[Screen[None]] | None
) -> None:
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store, first)
        async with app.run_test(size=(80, 24)) as pilot:
            start = app.screen
            await pilot.press(*keys)
            await pilot.pause()
            if opened is None:
                assert not app.is_running  # quit
            else:
                assert isinstance(app.screen, opened), app.screen
                assert app.screen_stack[-2] is start  # opened over it: escape comes back


async def test_the_summary_opens_the_stats(runtime: Runtime, tmp_path: Path) -> None:
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store, lambda app: ReviewScreen.for_decks(app, app.catalog.find_all(["t"])))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("q")  # end the review
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("s")
            assert isinstance(app.screen, StatsScreen)
