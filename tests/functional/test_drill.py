"""Interview drills: the Textual screen with an injected clock, mock interviews, plain mode, the journal."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import SelectionList, TextArea

from mesadrill.core.history import EventKind
from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.drill import DrillScreen
from mesadrill.tui.screens.summary import SummaryScreen
from support.cli import run_cli
from support.tui import MovableClock, drill_app, make_runtime, open_store, text_of, write_deck

INTERVIEW = (
    "  - id: explain\n"
    "    type: interview\n"
    "    prompt: Explain mesa-optimization.\n"
    "    answer: Training can produce a learned optimizer with its own mesa-objective;"
    " the mechanism is not confirmed in any model.\n"
    "    key_points: [learned optimizer with its own mesa-objective, mechanism not confirmed in any model,"
    " deceptive alignment protects the objective]\n"
    "    time_limit: 60\n"
    "    follow_ups: [What would change your mind?]\n"
    "    pitfalls: [Says experiments confirmed the mechanism.]\n"
    "  - id: second\n"
    "    type: interview\n"
    "    prompt: Distinguish inner from outer alignment.\n"
    "    answer: Outer is the objective; inner is what the model learned.\n"
    "    key_points: [outer alignment is about the objective, inner alignment is about what was learned]\n"
)


async def test_a_typed_drill_past_the_limit_is_pre_ticked_graded_and_kept(tmp_path: Path, isolated_home: Path) -> None:
    clock = MovableClock()
    deck = write_deck(tmp_path, "iv", cards=INTERVIEW, title="Interview")
    runtime = make_runtime([deck], clock)
    folder = isolated_home / "data"
    folder.mkdir(parents=True)
    with open_store(runtime, folder) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert text_of(app, "#prompt") == "Explain mesa-optimization."
            assert text_of(app, "TopBar").endswith("  1 / 2      1:00")
            await pilot.press("t")
            assert isinstance(app.focused, TextArea)
            await pilot.press(*"A learned optimizer with its own mesa-objective appears.")
            clock.advance(75)  # 15 s over the limit
            app.screen.tick()  # what the countdown's timer runs, without waiting for it  # type: ignore[attr-defined]
            await pilot.pause()
            assert text_of(app, "TopBar").endswith("  1 / 2  +0:15 over")
            await pilot.press("ctrl+s")
            assert text_of(app, "#prompt") == "Follow-up: What would change your mind?"
            await pilot.press("t", *"Finding the mechanism.", "ctrl+s")
            assert app.screen.query_one("#phases").current == "feedback"  # type: ignore[attr-defined]
            points = app.screen.query_one("#points", SelectionList)
            assert points.selected == [0]  # only the first point's words were typed
            assert "0:15 over" in text_of(app, "#fb-time")
            assert "1/3 points: suggested grade 1" in text_of(app, "KeyBar")  # 1/3 -> 2, minus 1 for the overrun
            await pilot.press("down", "space")  # the learner ticks the second point too
            assert points.selected == [0, 1]
            assert "2/3 points: suggested grade 2" in text_of(app, "KeyBar")
            assert "Says experiments confirmed the mechanism." in text_of(app, "#fb-pitfalls")
            await pilot.press("4")
            assert text_of(app, "#prompt") == "Distinguish inner from outer alignment."
            await pilot.press("escape")
            assert isinstance(app.screen, SummaryScreen)
        (attempt,) = store.drill_attempts("iv", "explain")
        assert attempt.kind is EventKind.DRILL and attempt.quality == 4
        assert attempt.duration_ms == 75_000
        assert attempt.drill is not None
        assert attempt.drill.answer_text == "A learned optimizer with its own mesa-objective appears."
        assert attempt.drill.points_covered == (0, 1) and attempt.drill.points_total == 3
        assert attempt.drill.time_limit_s == 60
        assert attempt.drill.follow_up_answers == ("Finding the mechanism.",)
        record = store.record("iv", "explain")
        assert record is not None and record.state.repetitions == 1
    done = run_cli("answers", "iv:explain", env={"MESADRILL_DECKS": str(deck)})
    assert done.returncode == 0, done.output
    assert "1:15/1:00" in done.stdout and "2/3" in done.stdout
    assert "A learned optimizer with its own mesa-objective appears." in done.stdout
    assert "follow-up: Finding the mechanism." in done.stdout


async def test_an_answer_given_aloud_ends_with_space_and_starts_unticked(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space")  # end the spoken answer
            await pilot.press("s")  # skip the follow-ups
            assert app.screen.query_one("#points", SelectionList).selected == []
            assert "Answered aloud" in text_of(app, "#fb-yours")
            await pilot.press("space", "down", "space", "down", "space")  # ticks all three
            assert "3/3 points: suggested grade 5" in text_of(app, "KeyBar")
            await pilot.press("enter")  # accept
        (attempt,) = store.drill_attempts("iv", "explain")
        assert attempt.quality == 5 and attempt.drill is not None and attempt.drill.answer_text is None


async def test_a_mock_interview_gives_feedback_only_at_the_end(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store, mock=2)
        async with app.run_test(size=(80, 24)) as pilot:
            assert text_of(app, "TopBar").startswith("Mock interview: Test deck ")
            await pilot.press("space")  # first answer
            assert text_of(app, "#prompt").startswith("Follow-up:")
            await pilot.press("space")  # follow-up answered aloud
            assert text_of(app, "#prompt") == "Distinguish inner from outer alignment."
            await pilot.press("space")  # second answer (no follow-ups)
            assert store.event_count() == 0  # nothing graded during the interview
            assert text_of(app, "#fb-prompt") == "Explain mesa-optimization."
            await pilot.press("3")
            assert text_of(app, "#fb-prompt") == "Distinguish inner from outer alignment."
            await pilot.press("5")
            assert isinstance(app.screen, SummaryScreen)
        assert [(e.item_id, e.quality) for e in store.events()] == [("explain", 3), ("second", 5)]


async def test_drilling_a_deck_without_interview_cards(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        assert DrillScreen.for_decks(MesadrillApp(runtime, store), runtime.catalog.decks()) is None
    done = run_cli("drill", str(write_deck(tmp_path, "plain-only")), "--plain")
    assert "No interview cards" in done.stdout


async def test_home_d_starts_a_drill(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW)])
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("d")
            assert isinstance(app.screen, DrillScreen)


def test_plain_drill_with_follow_ups_ticks_and_grade(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "iv", cards=INTERVIEW)
    lines = [
        "A learned optimizer with its own mesa-objective.",
        "",  # end of answer
        "The mechanism is not confirmed in any model yet.",
        "",  # end of follow-up answer
        "3",  # tick point 3 by hand
        "",  # ticks done
        "",  # accept the suggestion
    ]
    env = {"MESADRILL_NOW": "2026-01-05T12:00:00+00:00"}
    done = run_cli("drill", str(deck), "--plain", "--mock", "1", input="\n".join(lines) + "\n", env=env)
    assert done.returncode == 0, done.output
    assert "Mock interview: 1 prompt(s)" in done.stdout
    assert "  [x] 1. learned optimizer with its own mesa-objective" in done.stdout
    assert "  [x] 2. mechanism not confirmed in any model" in done.stdout  # from the follow-up answer
    assert "3/3 points in 0:00: suggested grade 5." in done.stdout
    journal = run_cli("answers", "explain", env={"MESADRILL_DECKS": str(deck)})
    assert "3/3" in journal.stdout and "grade 5" in journal.stdout


def test_plain_drill_practises_when_nothing_is_due(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "iv", cards=INTERVIEW)
    env = {"MESADRILL_NOW": "2026-01-05T12:00:00+00:00"}
    run_cli("drill", str(deck), "--plain", input="\ns\n\n5\n\n\n5\n", env=env)
    done = run_cli("drill", str(deck), "--plain", input="", env=env)
    assert "Nothing due: practising all 2 interview prompt(s)." in done.stdout


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("nope", "no card 'nope' in any deck"),
        ("iv:nope", "no card 'nope' in deck 'iv'"),
        ("iv:basic", "is a basic card"),
    ],
)
def test_answers_explains_a_bad_card_reference(tmp_path: Path, ref: str, message: str) -> None:
    deck = write_deck(tmp_path, "iv", cards=INTERVIEW + "  - {id: basic, type: basic, front: Q, back: A}\n")
    done = run_cli("answers", ref, env={"MESADRILL_DECKS": str(deck)})
    assert done.returncode == 1 and message in done.stderr


def test_drill_snapshots(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NO_COLOR")
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW, title="Interview answers")])
    with open_store(runtime, tmp_path) as store:
        assert snap_compare(drill_app(runtime, store), terminal_size=(80, 24))


def test_drill_feedback_snapshot(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NO_COLOR")
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW, title="Interview answers")])
    with open_store(runtime, tmp_path) as store:
        keys = ["t", *"A learned optimizer with its own mesa-objective.", "ctrl+s", "s"]
        assert snap_compare(drill_app(runtime, store), press=keys, terminal_size=(80, 24))


def test_drill_snapshots_narrow(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NO_COLOR")
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW, title="Interview answers")])
    with open_store(runtime, tmp_path) as store:
        assert snap_compare(drill_app(runtime, store), terminal_size=(50, 15))


def test_drill_feedback_snapshot_narrow(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NO_COLOR")
    runtime = make_runtime([write_deck(tmp_path, "iv", cards=INTERVIEW, title="Interview answers")])
    with open_store(runtime, tmp_path) as store:
        keys = ["t", *"A learned optimizer with its own mesa-objective.", "ctrl+s", "s", "down", "down"]
        assert snap_compare(drill_app(runtime, store), press=keys, terminal_size=(50, 15))


async def test_j_in_the_feedback_opens_the_journal_with_past_attempts(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "iv", cards=INTERVIEW)
    runtime = make_runtime([deck])
    with open_store(runtime, tmp_path) as store:
        app = drill_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("t", *"A learned optimizer.", "ctrl+s")  # typed answer
            await pilot.press("s")  # skip the follow-up
            assert app.screen.query_one("#phases").current == "feedback"  # type: ignore[attr-defined]
            await pilot.press("4")  # graded: the attempt is in the journal now
            await pilot.press("t", *"Outer is the objective.", "ctrl+s")
            assert app.screen.query_one("#phases").current == "feedback"  # type: ignore[attr-defined]
            await pilot.press("j")
            from mesadrill.tui.screens.answers import AnswersScreen

            assert isinstance(app.screen, AnswersScreen)
            assert app.screen.journal.card.id == "second"
