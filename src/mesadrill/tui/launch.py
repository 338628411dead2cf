"""Starting the Textual app from the CLI, and turning its end into an exit code.

Each ``run_*`` pauses the garbage collector (``tui.startup``) before it
imports anything of Textual's, so this module imports none of it itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mesadrill.core.errors import MesadrillError
from mesadrill.tui import startup

if TYPE_CHECKING:
    from textual.screen import Screen

    from mesadrill.core.course import Course, Lesson
    from mesadrill.core.model import Deck
    from mesadrill.store.history_store import HistoryStore
    from mesadrill.study.custom import Custom
    from mesadrill.study.runtime import Runtime
    from mesadrill.tui.app import MesadrillApp

    FirstScreen = Callable[[MesadrillApp], Screen[None]]


def _run(
    runtime: Runtime, first: FirstScreen | None, prepare: Callable[[HistoryStore], FirstScreen] | None = None
) -> None:
    """Run the app on ``first`` (or the home screen); ``prepare`` makes ``first`` from the open store instead."""
    plain_modes = "`mesadrill review DECK --plain`, `mesadrill drill DECK --plain`, `mesadrill stats --plain`"
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise MesadrillError(f"the app needs a terminal; in scripts and pipes use the line-based modes: {plain_modes}")
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        raise MesadrillError(
            f"the app needs a terminal that can draw a full screen (TERM={os.environ.get('TERM', '')!r}); "
            f"here use the line-based modes: {plain_modes}"
        )
    startup.pause()
    try:
        from mesadrill.tui.app import MesadrillApp

        with runtime.open_store(backup_later=True) as store:  # the app starts it after its first frame
            if prepare is not None:
                first = prepare(store)
            app = MesadrillApp(runtime, store, first)
            app.run()
    finally:
        startup.resume()
    if app.error_message:
        raise MesadrillError(app.error_message)
    if app.return_code:
        raise SystemExit(app.return_code)


def run_home(runtime: Runtime) -> None:
    _run(runtime, None)


def run_review(
    runtime: Runtime,
    decks: Sequence[Deck],
    new_per_day: int | None,
    custom: Custom | None = None,
    tags: Sequence[str] = (),
) -> None:
    def first(app: MesadrillApp) -> Screen[None]:
        from mesadrill.tui.screens.review import ReviewScreen

        return ReviewScreen.for_decks(app, decks, new_per_day, custom=custom, tags=tags)

    _run(runtime, first)


def run_stats(runtime: Runtime) -> None:
    def first(app: MesadrillApp) -> Screen[None]:
        from mesadrill.tui.screens.stats import StatsScreen

        return StatsScreen()

    _run(runtime, first)


def run_drill(
    runtime: Runtime, decks: Sequence[Deck], mock: int | None, new_per_day: int | None, tags: Sequence[str] = ()
) -> None:
    def prepare(store: HistoryStore) -> FirstScreen:
        """One session, built before the app starts so an empty drill is a message, not a blank screen."""
        from mesadrill.study.drill import DrillSession
        from mesadrill.tui.screens.drill import DrillScreen

        session = DrillSession(
            store, decks, runtime.clock, runtime.settings, mock=mock, new_per_day=new_per_day, tags=tags
        )
        if session.empty:
            raise MesadrillError("no interview cards in " + ", ".join(deck.id for deck in decks))
        return lambda app: DrillScreen(session)

    _run(runtime, None, prepare)


def run_lesson(runtime: Runtime, course: Course, lesson: Lesson) -> None:
    def first(app: MesadrillApp) -> Screen[None]:
        from mesadrill.tui.screens.lesson import LessonScreen

        return LessonScreen(course, lesson)

    _run(runtime, first)


def run_quiz(runtime: Runtime, course: Course, lesson: Lesson) -> None:
    def prepare(store: HistoryStore) -> FirstScreen:
        """The quiz drawn before the app starts, so a lesson with nothing to ask is a message."""
        from mesadrill.study.quiz import QuizSession
        from mesadrill.tui.screens.quiz import QuizScreen

        decks = {deck.id: deck for deck in runtime.catalog.decks()}
        session = QuizSession(store, course, lesson, decks, runtime.clock, runtime.settings)
        if session.empty:
            raise MesadrillError(f"lesson '{lesson.id}' has no choice, cloze or basic cards to quiz on")
        return lambda app: QuizScreen(session)

    _run(runtime, None, prepare)
