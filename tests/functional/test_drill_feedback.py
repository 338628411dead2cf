"""The drill at 80x24: feedback that scrolls, answers that are not lost, honest suggestions and counts."""

from __future__ import annotations

from pathlib import Path

from textual import events

from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.confirm import ConfirmScreen
from mesadrill.tui.screens.drill import DrillScreen
from mesadrill.tui.screens.summary import SummaryScreen
from mesadrill.tui.widgets.answer_area import AnswerArea
from mesadrill.tui.widgets.point_list import PointList
from support.cli import BUNDLED_DECKS
from support.tui import drill_app, make_runtime, open_store, text_of, write_deck

INTERVIEW = (
    "  - id: explain\n"
    "    type: interview\n"
    "    prompt: Explain mesa-optimization.\n"
    "    answer: Training can produce a learned optimizer.\n"
    "    key_points: [learned optimizer with its own objective, mechanism not confirmed, protects the objective]\n"
    "    follow_ups: [What would change your mind?]\n"
    "  - id: second\n"
    "    type: interview\n"
    "    prompt: Distinguish inner from outer alignment.\n"
    "    answer: Outer is the objective; inner is what the model learned.\n"
    "    key_points: [outer is the objective, inner is what was learned]\n"
)


def point_rows(app: MesadrillApp) -> list[str]:
    points = app.screen.query_one("#points", PointList)
    return [points.render_line(y).text for y in range(points.size.height)]


async def test_long_feedback_scrolls_and_the_cursor_stays_in_view(tmp_path: Path) -> None:
    runtime = make_runtime([BUNDLED_DECKS / "mesa-interview.yaml"])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "s")
            feedback = app.screen.query_one("#feedback")
            points = app.screen.query_one("#points", PointList)
            assert feedback.max_scroll_y > 0  # the feedback is longer than the screen
            assert feedback.scroll_y == 0
            await pilot.press("pagedown")
            assert feedback.scroll_y > 0
            await pilot.press("end")
            assert feedback.scroll_y == feedback.max_scroll_y
            await pilot.press("home")
            assert feedback.scroll_y == 0
            for _ in range(points.option_count - 1):
                await pilot.press("down")
                # The highlighted point's line is inside the visible part of the feedback.
                line = points.region.y + points._index_to_line[points.highlighted]  # type: ignore[index]
                assert feedback.region.y <= line < feedback.region.bottom
            await pilot.press("tab")
            assert app.focused is feedback  # Tab reaches the feedback itself; arrows then scroll it
            await pilot.press("home", "down")
            assert feedback.scroll_y == 1


async def test_ticks_show_by_shape_not_only_colour(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "s", "down", "space")
            rows = point_rows(app)
            assert rows[0].startswith("▐ ▌ learned optimizer")
            assert rows[1].startswith("▐✓▌ mechanism not confirmed")


async def test_an_answer_given_aloud_is_not_offered_grade_zero(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "s")
            legend = text_of(app, "KeyBar")
            assert "suggested grade 0" not in legend and "tick the points you made" in legend
            await pilot.press("enter")  # nothing to accept yet
            assert list(store.events()) == []
            await pilot.press("space")  # one point ticked: now there is a suggestion
            assert "1/3 points: suggested grade" in text_of(app, "KeyBar")


async def test_escape_twice_asks_before_throwing_away_a_typed_answer(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t", *"half an answer", "escape", "escape")
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            assert isinstance(app.screen, DrillScreen)
            assert app.screen.query_one("#typed", AnswerArea).text == "half an answer"
            await pilot.press("escape")
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)


async def test_ctrl_s_keeps_the_last_words_and_later_keys_are_not_commands(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t")
            # A fast typist: every key arrives before the first is processed.
            for character in "learned optimizer":
                app.post_message(events.Key("space" if character == " " else character, character))
            app.post_message(events.Key("ctrl+s", None))
            for character in "s5":  # "s" would skip the follow-ups, "5" would grade
                app.post_message(events.Key(character, character))
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DrillScreen)
            assert screen.attempt is not None and screen.attempt.answer_text == "learned optimizer"
            assert screen.phase == "follow-up"  # the stray "s" did not skip it
            assert list(store.events()) == []


async def test_each_mock_feedback_page_shows_its_own_position(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store, mock=2)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "s", "space")  # both answered aloud
            assert app.screen.phase == "feedback"  # type: ignore[attr-defined]
            assert "  1 / 2  " in text_of(app, "TopBar")
            await pilot.press("3")
            assert "  2 / 2  " in text_of(app, "TopBar")


def test_plain_drill_offers_no_grade_for_an_untouched_spoken_answer(tmp_path: Path) -> None:
    from support.cli import run_cli

    deck = write_deck(tmp_path, "iv", cards=INTERVIEW)
    # Aloud (empty answer), skip the follow-ups, no ticks, then Enter (refused: no suggestion), then 3.
    done = run_cli("drill", str(deck), "--plain", "--mock", "1", input="\ns\n\n\n3\n")
    assert done.returncode == 0, done.output
    assert "suggested grade 0" not in done.stdout
    assert "grade it yourself" in done.stdout and "Type a grade from 0 to 5" in done.stdout
    exported = run_cli("history", "export", "--format", "csv")
    assert ",3," in exported.stdout.splitlines()[1]
