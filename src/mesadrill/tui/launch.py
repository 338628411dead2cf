"""Starting the Textual app from the CLI, and turning its end into an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from textual.screen import Screen

from mesadrill.core.course import Course, Lesson
from mesadrill.core.errors import MesadrillError
from mesadrill.core.model import Deck
from mesadrill.study.runtime import Runtime
from mesadrill.tui.app import MesadrillApp


def _run(runtime: Runtime, first: Callable[[MesadrillApp], Screen[None]] | None) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise MesadrillError(
            "the app needs a terminal; in scripts and pipes use the line-based modes: "
            "`mesadrill review DECK --plain`, `mesadrill drill DECK --plain`, `mesadrill stats --plain`"
        )
    with runtime.open_store() as store:
        app = MesadrillApp(runtime, store, first)
        app.run()
    if app.error_message:
        raise MesadrillError(app.error_message)
    if app.return_code:
        raise SystemExit(app.return_code)


def run_home(runtime: Runtime) -> None:
    _run(runtime, None)


def run_review(runtime: Runtime, decks: Sequence[Deck], new_per_day: int | None) -> None:
    from mesadrill.tui.screens.review import ReviewScreen

    def first(app: MesadrillApp) -> Screen[None]:
        return ReviewScreen.for_decks(app, decks, new_per_day)

    _run(runtime, first)


def run_stats(runtime: Runtime) -> None:
    from mesadrill.tui.screens.stats import StatsScreen

    _run(runtime, lambda app: StatsScreen())


def run_drill(runtime: Runtime, decks: Sequence[Deck], mock: int | None, new_per_day: int | None) -> None:
    from mesadrill.tui.screens.drill import DrillScreen

    def first(app: MesadrillApp) -> Screen[None]:
        screen = DrillScreen.for_decks(app, decks, mock=mock, new_per_day=new_per_day)
        if screen is None:
            raise MesadrillError("no interview cards in " + ", ".join(deck.id for deck in decks))
        return screen

    from mesadrill.study.drill import DrillSession

    with runtime.open_store() as store:
        if DrillSession(store, decks, runtime.clock, runtime.settings, mock=mock, new_per_day=new_per_day).empty:
            raise MesadrillError("no interview cards in " + ", ".join(deck.id for deck in decks))
    _run(runtime, first)


def run_lesson(runtime: Runtime, course: Course, lesson: Lesson) -> None:
    from mesadrill.tui.screens.lesson import LessonScreen

    _run(runtime, lambda app: LessonScreen(course, lesson))


def run_quiz(runtime: Runtime, course: Course, lesson: Lesson) -> None:
    from mesadrill.study.quiz import draw
    from mesadrill.tui.screens.quiz import QuizScreen

    if not draw(lesson, {deck.id: deck for deck in runtime.catalog.decks()}, 0):
        raise MesadrillError(f"lesson '{lesson.id}' has no choice, cloze or basic cards to quiz on")

    def first(app: MesadrillApp) -> Screen[None]:
        screen = QuizScreen.for_lesson(app, course, lesson)
        assert screen is not None
        return screen

    _run(runtime, first)
