"""Starting the app: the garbage collector paused for the start runs again once the first screen is drawn."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from mesadrill.tui import startup
from mesadrill.tui.app import MesadrillApp
from support.tui import card_of, make_runtime, open_store, review_app, write_deck


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    startup.resume()
    gc.enable()


async def test_the_collector_runs_again_once_the_first_card_is_on_screen(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        startup.pause()
        assert not gc.isenabled()
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert card_of(app).question == "Question 1"
            assert gc.isenabled()


async def test_the_home_screen_resumes_it_too(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        startup.pause()
        async with MesadrillApp(runtime, store).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()


def test_a_pause_it_did_not_make_is_left_alone() -> None:
    """Someone else stopped the collector (a deck load, a caller): they restart it, not us."""
    gc.disable()
    startup.pause()
    startup.resume()
    assert not gc.isenabled()
    gc.enable()
    startup.pause()
    startup.resume()
    startup.resume()  # a second resume (the launcher's, after the app's) does nothing more
    assert gc.isenabled()


def test_a_command_that_cannot_open_the_app_leaves_the_collector_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app commands pause it from their first line; failing before any frame (no terminal here) resumes it."""
    from click.testing import CliRunner

    from mesadrill.cli.main import cli

    for name in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"MESADRILL_{name}_DIR", str(tmp_path / name.lower()))
    for args in (["review", "mesa-terms"], ["stats"], []):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and "needs a terminal" in str(result.exception), args
        assert gc.isenabled(), args


async def test_the_days_backup_waits_for_the_first_screen(tmp_path: Path, isolated_home: Path) -> None:
    """No start pays for a backup: the launcher opens the history with the backup left for later, and the
    app starts it once its first frame is on screen."""
    runtime = make_runtime([write_deck(tmp_path)])
    with runtime.open_store(backup_later=True) as store:
        assert runtime.backup_thread is None and runtime.pending_backup is not None
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert runtime.backup_thread is not None and runtime.pending_backup is None
        runtime.wait_for_backup()


def test_other_commands_start_it_as_the_history_opens(tmp_path: Path, isolated_home: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with runtime.open_store():
        assert runtime.backup_thread is not None and runtime.pending_backup is None
        runtime.wait_for_backup()
