"""`review --plain` and friends, driven through real subprocesses across simulated days."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli import Interactive, run_cli
from support.history import jsonl, same_day_repeats
from support.plain import grade_shown, grade_then_kill

DAY1 = "2026-01-05T12:00:00+00:00"
DAY2 = "2026-01-06T12:00:00+00:00"


def write_deck(folder: Path, count: int = 30) -> Path:
    lines = ["deck: drill", "title: Drill deck", "description: For tests.", "cards:"]
    for index in range(1, count + 1):
        lines.append(f"  - {{id: a{index}, type: basic, front: 'Question {index}', back: 'Answer {index}'}}")
    lines.append(
        "  - {id: pick, type: choice, question: Which column?, choices: [theory, demonstrated behaviour, open question], answer: theory}"
    )
    path = folder / "drill.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path)


def review(deck: Path, now: str, lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    done = run_cli("review", str(deck), "--plain", *extra, input="\n".join(lines) + "\n", env={"MESADRILL_NOW": now})
    assert "Traceback" not in done.output, done.output
    return done  # type: ignore[return-value]


def cards(deck: Path, now: str = DAY1) -> dict[str, dict[str, object]]:
    done = run_cli("cards", str(deck), "--json", env={"MESADRILL_NOW": now})
    assert done.returncode == 0, done.output
    return {row["id"]: row for row in json.loads(done.stdout)}


def test_several_days_follow_sm2_with_lapses_repeats_the_day_boundary_and_undo(deck: Path) -> None:
    # Day 1: three new items; a2 lapses, comes back the same day, is passed.
    done = review(deck, DAY1, ["", "5", "", "2", "", "4", "", "4"], "--new", "3")
    assert done.returncode == 0
    assert "This one comes back later today." in done.stdout
    assert "[4/4] drill · again today" in done.stdout
    assert "Reviewed 3 item(s) with 4 grade(s), 1 below 3" in done.stdout
    day1 = cards(deck)
    assert (day1["a1"]["reviews"], day1["a1"]["last_review"]) == (1, "2026-01-05T12:00:00+00:00")
    assert (day1["a1"]["repetitions"], day1["a1"]["easiness"], day1["a1"]["interval_days"], day1["a1"]["due"]) == (
        1,
        2.6,
        1,
        "2026-01-06",
    )
    # A lapse: repetitions back to 0, EF unchanged; the same-day 4 moved nothing.
    assert (day1["a2"]["repetitions"], day1["a2"]["easiness"], day1["a2"]["interval_days"], day1["a2"]["due"]) == (
        0,
        2.5,
        1,
        "2026-01-06",
    )
    assert day1["a2"]["reviews"] == 2
    assert day1["a2"]["last_review"] == "2026-01-05T12:00:00+00:00"
    assert day1["a4"]["due"] is None and day1["a4"]["last_review"] is None

    # A second session the same day: the new-item limit counts across sessions.
    done = review(deck, DAY1, [""], "--new", "3")
    assert "Nothing to review" in done.stdout

    # Day 2: the three come due, in deck order; no new ones asked for.
    done = review(deck, DAY2, ["", "5", "", "5", "", "3", "", "5"], "--new", "0")
    assert done.returncode == 0
    day2 = cards(deck, DAY2)
    assert (day2["a1"]["repetitions"], day2["a1"]["interval_days"], day2["a1"]["due"], day2["a1"]["easiness"]) == (
        2,
        6,
        "2026-01-12",
        2.7,
    )
    assert (day2["a2"]["repetitions"], day2["a2"]["interval_days"], day2["a2"]["due"], day2["a2"]["easiness"]) == (
        1,
        1,
        "2026-01-07",
        2.6,
    )
    assert (day2["a3"]["repetitions"], day2["a3"]["interval_days"], day2["a3"]["easiness"]) == (2, 6, 2.36)

    # 03:30 on the 7th still counts for the 6th: a2 is not due yet.
    done = review(deck, "2026-01-07T03:30:00+00:00", [""], "--new", "0")
    assert "Nothing to review" in done.stdout
    # 04:30 it is. Grade 1, undo it, grade 5.
    done = review(deck, "2026-01-07T04:30:00+00:00", ["", "1", "u", "", "5"], "--new", "0")
    assert "Undid the last grade (a2)" in done.stdout
    day3 = cards(deck, "2026-01-07T04:30:00+00:00")
    assert (day3["a2"]["repetitions"], day3["a2"]["interval_days"], day3["a2"]["due"], day3["a2"]["easiness"]) == (
        2,
        6,
        "2026-01-13",
        2.7,
    )
    assert day3["a2"]["reviews"] == 4  # 2 on day 1, 1 on day 2, 1 on day 3 (the undone one is gone)


def test_a_day_start_can_be_configured(deck: Path, isolated_home: Path) -> None:
    config = isolated_home / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("day_start_hour = 0\nnew_per_day = 2\n")
    done = review(deck, "2026-01-05T01:00:00+00:00", ["", "5", "", "5"])
    assert "2 item(s)" in done.stdout
    assert cards(deck)["a1"]["due"] == "2026-01-06"  # 01:00 counts for the 5th when days start at midnight


def test_bad_config_is_a_clear_error(deck: Path, isolated_home: Path) -> None:
    config = isolated_home / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("day_start_hour = 25\n")
    done = review(deck, DAY1, [""])
    assert done.returncode == 2 and "day_start_hour should be a whole number from 0 to 23" in done.stderr


def test_bad_clock_override_is_a_clear_error(deck: Path) -> None:
    done = review(deck, "yesterday", [""])
    assert done.returncode == 2 and "MESADRILL_NOW" in done.stderr


def test_grade_input_is_asked_again_until_valid(deck: Path) -> None:
    done = review(deck, DAY1, ["", "7", "good", "", "4"], "--new", "1")
    assert done.stdout.count("Type a grade from 0 to 5") == 3
    assert cards(deck)["a1"]["repetitions"] == 1


def test_choice_card_says_right_or_wrong_and_suggests(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "deck: c\ntitle: C\ndescription: D\ncards:\n"
        "  - {id: q, type: choice, question: '[bold]Which?[/bold]', choices: [x, y, z], answer: y, explanation: Because.}\n"
    )
    done = review(path, DAY1, ["1", "1"])
    assert "Q: [bold]Which?[/bold]" in done.stdout
    assert "Wrong: the answer is 2." in done.stdout and "Enter accepts 1" in done.stdout and "Because." in done.stdout
    done = review(path, DAY1, ["2", "4"])
    assert "Right." in done.stdout and "Enter accepts 4" in done.stdout


def test_end_of_input_ends_cleanly_with_grades_saved(deck: Path) -> None:
    done = review(deck, DAY1, ["", "5", "", "4", ""])
    assert done.returncode == 0
    assert "Reviewed 2 item(s)" in done.stdout
    graded = [row for row in cards(deck).values() if row["reviews"]]
    assert len(graded) == 2


def test_q_ends_the_session(deck: Path) -> None:
    done = review(deck, DAY1, ["", "5", "q"])
    assert done.returncode == 0 and "Reviewed 1 item(s)" in done.stdout


def test_ctrl_c_ends_cleanly_with_grades_saved(deck: Path) -> None:
    session = Interactive("review", str(deck), "--plain", env={"MESADRILL_NOW": DAY1})
    for _ in range(2):
        grade_shown(session, "5")
    session.expect("(Enter to show the answer")
    session.process.send_signal(signal.SIGINT)
    assert session.wait() == 0
    assert "Reviewed 2 item(s)" in session.output
    assert "Traceback" not in session.stderr()
    assert sum(1 for row in cards(deck).values() if row["reviews"]) == 2


def count_events(isolated_home: Path) -> int:
    db = sqlite3.connect(isolated_home / "data" / "history.db")
    try:
        return int(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    finally:
        db.close()


@pytest.mark.parametrize("graded", [1, 7])
def test_sigkill_loses_nothing_already_graded(deck: Path, isolated_home: Path, graded: int) -> None:
    grade_then_kill(deck, graded, DAY1)  # the next item on screen means the last grade is committed
    assert count_events(isolated_home) == graded
    assert sum(1 for row in cards(deck).values() if row["reviews"]) == graded


def test_two_terminals_at_once_keep_every_grade(deck: Path, isolated_home: Path) -> None:
    env = {"MESADRILL_NOW": DAY1}
    first = Interactive("review", str(deck), "--plain", "--new", "30", env=env)
    second = Interactive("review", str(deck), "--plain", "--new", "30", env=env)
    for _ in range(10):
        for session in (first, second):
            grade_shown(session, "5")
    for session in (first, second):
        session.expect("(Enter to show the answer")
        session.close_input()
        assert session.wait() == 0
        assert "locked" not in session.stderr()
    assert count_events(isolated_home) == 20
    # The sessions overlap on most items. The second grade of an item that day
    # is a same-day repeat, whichever terminal gave it, so each item moved once.
    rows = cards(deck)
    graded = [row for row in rows.values() if row["reviews"]]
    assert sum(int(row["reviews"]) for row in graded) == 20
    assert all(row["repetitions"] == 1 and row["interval_days"] == 1 for row in graded)
    export = run_cli("history", "export", env=env)
    events = [json.loads(line) for line in export.stdout.splitlines()[1:]]
    kinds = sorted(e["kind"] for e in events)
    assert kinds.count("review") == len(graded) and kinds.count("same-day") == 20 - len(graded)


def test_corrupted_database_gets_a_clear_message_and_is_not_touched(deck: Path, isolated_home: Path) -> None:
    db = isolated_home / "data" / "history.db"
    db.parent.mkdir(parents=True)
    garbage = b"definitely not sqlite" * 200
    db.write_bytes(garbage)
    for args in (["review", str(deck), "--plain"], ["cards", str(deck)], ["decks"], ["doctor"]):
        done = run_cli(*args, input="\n", env={"MESADRILL_NOW": DAY1})
        assert done.returncode == 1, args
        assert str(db) in done.stderr and "doctor --restore" in done.stderr, args
        assert "Traceback" not in done.output
    assert db.read_bytes() == garbage
    assert sorted(p.name for p in db.parent.iterdir()) == ["history.db"]


def _limit_file_size(limit: int) -> object:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_during_a_session(deck: Path, isolated_home: Path) -> None:
    # A first session makes the database and the day's backup, so only grades write later.
    review(deck, DAY1, ["", "5"], "--new", "30")
    run_cli("cards", str(deck), env={"MESADRILL_NOW": DAY1})
    db = isolated_home / "data" / "history.db"
    limit = 40 * 1024  # room for the -shm file and a few WAL frames, then "disk full"
    assert db.stat().st_size <= 200 * 1024
    session = Interactive(
        "review", str(deck), "--plain", "--new", "30", env={"MESADRILL_NOW": DAY1}, preexec_fn=_limit_file_size(limit)
    )
    saved = 0
    while True:
        try:
            session.expect("(Enter to show the answer", timeout=20)
        except AssertionError:
            break
        session.send("")
        session.expect("Grade 0-5")
        session.send("5")
        saved += 1
        assert saved < 30, "the size limit never hit"
    code = session.wait()
    stderr = session.stderr()
    assert code == 1
    assert "the disk is full" in stderr or "disk error" in stderr
    assert "Traceback" not in stderr
    # Every grade that got its next item shown is there; the failed one is not.
    rows = cards(deck)
    assert sum(1 for row in rows.values() if row["reviews"]) == 1 + saved - 1
    check = run_cli("doctor", env={"MESADRILL_NOW": DAY1})
    assert "Integrity check: ok" in check.stdout


def test_review_of_unknown_deck(tmp_path: Path) -> None:
    done = run_cli("review", "no-such-deck", "--plain")
    assert done.returncode == 1 and "no deck with id 'no-such-deck'" in done.stderr and "Traceback" not in done.output


def test_review_of_a_deck_with_errors_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("deck: bad\ntitle: T\ndescription: D\ncards:\n  - {id: a, type: basic, front: Q}\n")
    done = run_cli("review", str(path), "--plain")
    assert done.returncode == 1 and f"{path}:5:5: missing 'back'" in done.stderr


def test_output_piped_into_head_ends_quietly(deck: Path, tmp_path: Path) -> None:
    export = tmp_path / "big.jsonl"
    export.write_text(jsonl(same_day_repeats(3000)))
    assert run_cli("history", "import", str(export)).returncode == 0
    for command in ("history export", f"cards {deck}", f"cards {deck} --json"):
        done = subprocess.run(
            f"{sys.executable} -m mesadrill {command} | head -1",
            shell=True,
            capture_output=True,
            text=True,
            env={**os.environ, "MESADRILL_NOW": DAY1},
            timeout=120,
        )
        assert done.stdout.count("\n") == 1, (command, done.stdout[:200], done.stderr)
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_an_edited_card_is_flagged_and_keeps_its_schedule(deck: Path) -> None:
    review(deck, DAY1, ["", "5"], "--new", "1")
    deck.write_text(deck.read_text().replace("back: 'Answer 1'", "back: 'Answer 1, corrected'"))
    done = review(deck, DAY2, ["", "5"], "--new", "0")
    assert "[1/1] drill · review · edited since last seen" in done.stdout
    assert "A: Answer 1, corrected" in done.stdout
    assert cards(deck, DAY2)["a1"]["repetitions"] == 2


def test_long_text_wraps_at_words_to_the_terminal_width(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    back = " ".join(f"word{i}" for i in range(60)) + "\nsecond [b]line[/b]"
    path.write_text(
        "deck: long\ntitle: L\ndescription: D\ncards:\n  - id: a\n    type: basic\n    front: Q\n    back: |\n"
        + "".join(f"      {line}\n" for line in back.split("\n"))
    )
    done = run_cli("review", str(path), "--plain", input="\n5\n", env={"MESADRILL_NOW": DAY1, "COLUMNS": "50"})
    lines = done.stdout[done.stdout.index("A: word0") :].splitlines()
    answer = [line for line in lines if line.startswith(("A: ", "   "))]
    assert answer[0].startswith("A: word0 word1") and all(len(line) <= 49 for line in answer)
    assert "   second [b]line[/b]" in lines
    assert " ".join(" ".join(answer).split()).startswith("A: " + " ".join(f"word{i}" for i in range(60)))
