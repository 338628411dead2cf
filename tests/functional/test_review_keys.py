"""Review keys that must not cost a grade: a choice answer is not a grade; each grade key shows its interval."""

from __future__ import annotations

from pathlib import Path

from mesadrill.tui.screens.confirm import ConfirmScreen
from support.cli import run_cli
from support.tui import card_of, make_runtime, open_store, review_app, text_of, write_deck

CHOICE = "  - {id: q, type: choice, question: Which?, choices: [theory, behaviour, open question], answer: theory}\n"


async def test_pressing_the_answer_key_twice_does_not_grade(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, cards=CHOICE)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1", "1")
            await pilot.pause()
            assert card_of(app).answer == "1. theory"
            assert list(store.events()) == []  # the second 1 was not a grade
            await pilot.press("enter")  # accepts the suggestion
        (event,) = list(store.events())
        assert event.quality == 4


async def test_a_failing_grade_for_a_right_choice_is_asked_about(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path, cards=CHOICE)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1", "1", "1")  # answer, a repeat of the answer key (ignored), a grade
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("1")  # a stray key is not a yes
            await pilot.press("n")
            await pilot.pause()
            assert list(store.events()) == []
            await pilot.press("1")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
        (event,) = list(store.events())
        assert event.quality == 1


async def test_the_grade_keys_show_the_interval_each_grade_gives(tmp_path: Path) -> None:
    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space")
            assert "Next review 0-5 → 1 d" in text_of(app, "KeyBar")  # a new item: 1 day whatever the grade
            before = list(store.events())
            assert before == []  # showing the preview writes nothing


def test_plain_mode_confirms_a_failing_grade_for_a_right_choice_and_enter_accepts(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, cards=CHOICE)
    done = run_cli("review", str(deck), "--plain", input="1\n1\nn\n\n")
    assert done.returncode == 0, done.output
    assert "Grade it 1 anyway? (y/N)" in done.stdout
    assert "Next review: 0-5 → 1 d" in done.stdout
    exported = run_cli("history", "export", "--format", "csv")
    rows = exported.stdout.splitlines()
    assert len(rows) == 2 and ",4," in rows[1]  # one grade: the suggested 4


def test_plain_mode_shows_what_is_still_to_come_today(tmp_path: Path) -> None:
    deck = write_deck(tmp_path)
    done = run_cli("review", str(deck), "--plain", input="\n2\n\n5\n\n5\nq\n")
    assert done.returncode == 0, done.output
    assert "Again today: 1" in done.stdout
    decks = run_cli("decks", "--json", env={"MESADRILL_DECKS": str(deck)})
    (row,) = [r for r in __import__("json").loads(decks.stdout) if r["id"] == "t"]
    assert row["again"] == 1


async def test_summary_and_home_count_what_comes_back_today(tmp_path: Path) -> None:
    from mesadrill.tui.app import MesadrillApp
    from mesadrill.tui.screens.home import HomeScreen
    from mesadrill.tui.screens.summary import SummaryScreen

    runtime = make_runtime([write_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "2", "q")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            assert "Again today: 1" in text_of(app, "#forecast")
        home = MesadrillApp(runtime, store)
        async with home.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(home.screen, HomeScreen)
            assert "1 again today" in text_of(home, "#status")
            assert home.screen.counts["t"].again == 1
