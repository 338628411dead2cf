"""A write the store refuses ends the app with the store's message and what is safe; nothing goes on as if saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_drill import INTERVIEW

from mesadrill.store.history_store import HistoryStore
from mesadrill.tui.app import MesadrillApp
from support.tui import drill_app, make_runtime, open_store, review_app, write_deck


def refuse_writes(store: HistoryStore) -> None:
    store.db.execute("PRAGMA query_only = ON")  # reads work, every write fails


@pytest.mark.parametrize(
    ("keys", "kept", "not_shown"),
    [
        (("space", "2"), "Every grade before this one is saved", "comes back later"),
        (("exclamation_mark",), "Every grade before this is saved", "Suspended"),
    ],
    ids=["grade", "suspend"],
)
async def test_a_grade_or_suspension_that_cannot_be_saved_ends_the_review(
    tmp_path: Path, keys: tuple[str, ...], kept: str, not_shown: str
) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        refuse_writes(store)
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*keys)
            await pilot.pause()
    assert app.return_code == 1
    assert app.error_message and kept in app.error_message
    assert not any(not_shown in note.message for note in app._notifications)


async def test_an_undo_that_cannot_be_saved_ends_the_review_and_keeps_the_grade(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "5")
            refuse_writes(store)
            await pilot.press("u")
            await pilot.pause()
        assert store.event_count() == 1
        record = store.record("t", "c1")
        assert record is not None and record.reviews == 1
    assert app.return_code == 1 and app.error_message
    assert "Every grade" not in app.error_message  # an undo says only what went wrong


async def test_a_drill_grade_that_cannot_be_saved_ends_the_drill(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        refuse_writes(store)
        app: MesadrillApp = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "s", "3")
            await pilot.pause()
            assert app.screen.query_one("#phases").current == "feedback"  # type: ignore[attr-defined]
    assert app.return_code == 1
    assert app.error_message and "Every grade before this one is saved" in app.error_message
