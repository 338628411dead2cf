"""The app's starts that need no command parser: the home screen, and a review or drill of decks named alone.

``mesadrill``, ``mesadrill review DECK...`` and ``mesadrill drill DECK...``
(deck names or paths, no options) are the starts a learner types every day.
Building click's parser for them cost each about 45 million instructions
(6 ms) of a start whose budget is the first frame (issue 13), so
``cli.entry`` sends them here; anything with an option, or any other
command, goes to the click command line, whose ``review`` and ``drill``
open the app through these same functions. Nothing here imports click
before the app has closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mesadrill.tui import startup  # the garbage collector's switch only: no Textual

if TYPE_CHECKING:
    from mesadrill.study.custom import Custom
    from mesadrill.study.runtime import Runtime


def home_in_app() -> None:
    """The app on its home screen."""
    from mesadrill.tui.launch import run_home

    _in_app(run_home)


def review_in_app(
    decks: Sequence[str], new_per_day: int | None = None, custom: Custom | None = None, tags: Sequence[str] = ()
) -> None:
    """A review of ``decks`` (ids or paths) in the app, then the sync ``sync_on_exit`` asks for."""

    def session(runtime: Runtime) -> None:
        from mesadrill.tui.launch import run_review

        run_review(runtime, runtime.catalog.find_all(decks), new_per_day, custom, tags)

    _in_app(session)


def drill_in_app(
    decks: Sequence[str], mock: int | None = None, new_per_day: int | None = None, tags: Sequence[str] = ()
) -> None:
    """A drill of ``decks`` in the app, then the sync ``sync_on_exit`` asks for."""

    def session(runtime: Runtime) -> None:
        from mesadrill.tui.launch import run_drill

        run_drill(runtime, runtime.catalog.find_all(decks), mock, new_per_day, tags)

    _in_app(session)


def open_session(command: str, decks: Sequence[str]) -> None:
    """``review`` or ``drill`` (``cli.entry.SESSION_COMMANDS``) of ``decks``, with every option at its default."""
    (review_in_app if command == "review" else drill_in_app)(decks)


def _in_app(body: Callable[[Runtime], None]) -> None:
    """``body`` with the collector paused until the first frame (``tui.startup``), then sync on exit."""
    startup.pause()
    try:
        from mesadrill.study.runtime import Runtime

        runtime = Runtime.from_environment()
        body(runtime)
    finally:
        startup.resume()
    if runtime.settings.sync_on_exit:  # click (for the messages) only now, after the app
        from mesadrill.cli.sync import sync_after_session

        sync_after_session(runtime)
