"""Two terminals studying the same deck at once: no item asked twice, no grade ignored, nobody waits."""

from __future__ import annotations

import json
from pathlib import Path

from test_plain_review import DAY1, cards, write_deck

from support.cli import Interactive, run_cli
from support.plain import grade_shown


def test_a_second_terminal_skips_what_the_first_graded_and_keeps_its_own_grade(
    tmp_path: Path, isolated_home: Path
) -> None:
    deck = write_deck(tmp_path)
    env = {"MESADRILL_NOW": DAY1}
    first = Interactive("review", str(deck), "--plain", "--new", "30", env=env)
    second = Interactive("review", str(deck), "--plain", "--new", "30", env=env)
    second.expect("Q: Question 1\n")  # on screen in both before either grades
    for number in (1, 2, 3):
        assert f"Q: Question {number}\n" in grade_shown(first, "5")
    first.expect("Q: Question 4\n")
    # Read-only commands answer while both sessions are open.
    assert run_cli("cards", str(deck), env=env).returncode == 0
    # The second terminal had item 1 on screen all along, and the learner forgot it there.
    grade_shown(second, "0")
    asked = second.expect("(Enter to show the answer")
    assert "Skipped 2 item(s) graded in another terminal" in asked
    assert "Q: Question 4\n" in asked and "Question 2" not in asked and "Question 3" not in asked
    second.send("")
    second.expect("Grade 0-5")
    second.send("4")
    second.expect("Q: Question 5\n")
    grade_shown(first, "5")  # item 4, already on screen here: a same-day repeat
    for session in (first, second):
        session.expect("(Enter to show the answer")
        session.close_input()
        assert session.wait() == 0
        assert "Traceback" not in session.stderr() and "locked" not in session.stderr()
    rows = cards(deck)
    assert [rows[f"a{n}"]["repetitions"] for n in (2, 3, 4)] == [1, 1, 1]
    export = run_cli("history", "export", env=env)
    kinds = [(row["item_id"], row["quality"], row["kind"]) for row in map(json.loads, export.stdout.splitlines()[1:])]
    # Both terminals' grades of item 1 are kept. The log decides which of two
    # grades given at the same instant is the day's review (time, then event
    # id), the same on every machine; the other is a same-day repeat.
    first_item = sorted((quality, kind) for item, quality, kind in kinds if item == "a1")
    assert [quality for quality, _ in first_item] == [0, 5]
    assert sorted(kind for _, kind in first_item) == ["review", "same-day"]
    assert sorted(k for k in kinds if k[0] != "a1") == sorted(
        [("a2", 5, "review"), ("a3", 5, "review"), ("a4", 4, "review"), ("a4", 5, "same-day")]
    )


def test_a_lapse_after_a_lapse_elsewhere_is_a_same_day_repeat(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    env = {"MESADRILL_NOW": DAY1}
    first = Interactive("review", str(deck), "--plain", "--new", "30", env=env)
    second = Interactive("review", str(deck), "--plain", "--new", "30", env=env)
    second.expect("Q: Question 1\n")
    grade_shown(first, "1")
    first.expect("Q: Question 2\n")
    grade_shown(second, "0")
    second.expect("Q: Question 2\n")
    for session in (first, second):
        session.close_input()
        assert session.wait() == 0
    row = cards(deck)["a1"]
    assert row["lapses"] == 1 and row["reviews"] == 2


async def test_the_app_skips_an_item_another_terminal_graded(tmp_path: Path) -> None:
    from mesadrill.study.review import ReviewSession
    from support.tui import card_of, make_runtime, open_store, review_app
    from support.tui import write_deck as write_tui_deck

    runtime = make_runtime([write_tui_deck(tmp_path)])
    with open_store(runtime, tmp_path) as store, open_store(runtime, tmp_path) as other_store:
        app = review_app(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert card_of(app).question == "Question 1"
            other = ReviewSession(other_store, runtime.catalog.decks(), runtime.clock, runtime.settings)
            other.grade(5)  # question 1, on screen here too
            other.grade(5)  # question 2
            await pilot.press("space")
            await pilot.press("4")
            await pilot.pause()
            assert card_of(app).question == "Question 3"
            assert any("Skipped 1 item(s) graded in another terminal" in n.message for n in app._notifications)
        assert store.event_count() == 3
