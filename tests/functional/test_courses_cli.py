"""Courses from the command line: the map, the plain quiz, lesson --plain, export/import of attempts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.cli import TEST_DATA, run_cli

DAY1 = "2026-03-02T12:00:00+00:00"
DAY2 = "2026-03-03T12:00:00+00:00"


@pytest.fixture
def course_env(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "course"
    shutil.copytree(TEST_DATA / "course", folder)
    return {"MESADRILL_DECKS": str(folder), "MESADRILL_NOW": DAY1}


def course_json(env: dict[str, str]) -> dict[str, object]:
    done = run_cli("course", "birdwatch", "--json", env=env)
    assert done.returncode == 0, done.output
    return json.loads(done.stdout)


def lessons(env: dict[str, str]) -> dict[str, dict[str, object]]:
    found = course_json(env)["lessons"]
    assert isinstance(found, list)
    return {row["id"]: row for row in found}


def item(env: dict[str, str], item_id: str) -> dict[str, object]:
    done = run_cli("cards", "birds", "--json", env=env)
    assert done.returncode == 0, done.output
    return next(row for row in json.loads(done.stdout) if row["id"] == item_id)


def test_the_map_starts_at_lesson_one(course_env: dict[str, str]) -> None:
    data = course_json(course_env)
    assert data["current_lesson"] == "feathers"
    assert (data["day"], data["days"]) == (1, 6)
    rows = lessons(course_env)
    assert rows["feathers"] == {
        "id": "feathers",
        "number": 1,
        "title": "Feathers",
        "summary": "What feathers are made of and how birds look after them.",
        "status": "not started",
        "current": True,
        "read": False,
        "best_score": None,
        "latest_score": None,
        "attempts": 0,
        "pass": 60,
        "items": 3,
        "new": 3,
        "due": 0,
    }
    text = run_cli("course", env=course_env).stdout
    assert "Day 1 of 6 · Lesson 1 of 3: Feathers" in text
    assert ">  1. Feathers  [not started]" in text


def test_a_plain_quiz_scores_saves_and_schedules(course_env: dict[str, str]) -> None:
    # Questions come in lesson order: basic (typed), cloze (typed), choice (by number).
    done = run_cli("quiz", "feathers", "--plain", input="KERATIN!\ndwn\nn\n2\n", env=course_env)
    assert done.returncode == 0, done.output
    out = done.stdout
    assert "Near miss: you wrote 'dwn'; the answer is 'Down'." in out
    assert "Score: 1/3 (33%): not passed (pass: 60%)" in out
    assert "- Q3. Which gland supplies the oil birds spread when preening?" in out
    assert "  You: 2. The thyroid gland" in out
    assert "  Why: The uropygial (preen) gland sits at the base of the tail." in out
    assert "  Source: Test reading 01" in out
    rows = lessons(course_env)
    assert (rows["feathers"]["best_score"], rows["feathers"]["latest_score"], rows["feathers"]["attempts"]) == (
        33,
        33,
        1,
    )
    # Wrong answers went into the schedule as failed reviews; the right one, new and not due, did not.
    assert item(course_env, "preening-oil")["reviews"] == 1 and item(course_env, "preening-oil")["lapses"] == 1
    assert item(course_env, "down-feathers:c1")["lapses"] == 1
    assert item(course_env, "feather-keratin")["reviews"] == 0

    # The next day the failed items are due; a right answer to a due item counts as a review.
    later = {**course_env, "MESADRILL_NOW": DAY2}
    again = run_cli("quiz", "feathers", "--plain", input="keratin\ndown\n1\n", env=later)
    assert "Score: 3/3 (100%): passed" in again.stdout, again.output
    assert item(later, "preening-oil")["reviews"] == 2 and item(later, "preening-oil")["repetitions"] == 1
    assert item(later, "feather-keratin")["reviews"] == 0
    rows = lessons(later)
    assert (rows["feathers"]["best_score"], rows["feathers"]["latest_score"]) == (100, 100)
    assert rows["feathers"]["status"] == "quiz passed"
    assert course_json(later)["current_lesson"] == "flight"
    assert course_json(later)["day"] == 2  # Day 2 of 6: the second calendar day since the first quiz
    worse = run_cli("quiz", "feathers", "--plain", input="x\nx\n3\n", env=later)
    assert "Score: 0/3 (0%)" in worse.stdout
    rows = lessons(later)
    assert (rows["feathers"]["best_score"], rows["feathers"]["latest_score"], rows["feathers"]["attempts"]) == (
        100,
        0,
        3,
    )


def test_a_claimed_near_miss_counts_as_right(course_env: dict[str, str]) -> None:
    done = run_cli("quiz", "feathers", "--plain", input="keratine\ny\ndown\n1\n", env=course_env)
    assert "Score: 3/3 (100%): passed" in done.stdout, done.output


def test_quiz_attempts_and_reads_travel_in_an_export(course_env: dict[str, str], tmp_path: Path) -> None:
    run_cli("quiz", "feathers", "--plain", input="keratin\ndown\n1\n", env=course_env)
    shown = run_cli("lesson", "flight", "--plain", env=course_env)
    assert "Lesson 2 of 3: Flight" in shown.stdout and "## Soaring on rising air" in shown.stdout
    assert "Key terms:" in shown.stdout and "What force keeps a gliding bird up? (birds:lift)" in shown.stdout
    assert "Related lessons: feathers, migration" in shown.stdout
    out = tmp_path / "export.jsonl"
    assert run_cli("history", "export", "--out", str(out), env=course_env).returncode == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    # Course progress is events of the one log: a quiz attempt carries its answers, a read nothing more.
    attempts = [line for line in lines if line.get("kind") == "quiz-attempt"]
    assert len(attempts) == 1 and attempts[0]["quiz"]["score"] == 3 and attempts[0]["quiz"]["total"] == 3
    assert (attempts[0]["deck_id"], attempts[0]["item_id"], attempts[0]["quality"]) == (
        "course:birdwatch",
        "feathers",
        0,
    )
    assert attempts[0]["quiz"]["answers"][2] == {
        "deck_id": "birds",
        "item_id": "preening-oil",
        "given": "1",
        "right": True,
        "claimed": False,
    }
    reads = [line for line in lines if line.get("kind") == "lesson-read"]
    assert [(r["deck_id"], r["item_id"]) for r in reads] == [("course:birdwatch", "flight")]
    assert not any("quiz_attempt" in line or "lesson_read" in line for line in lines)
    elsewhere = {**course_env, "MESADRILL_DATA_DIR": str(tmp_path / "other")}
    first = run_cli("history", "import", str(out), env=elsewhere)
    assert f"Imported {len(lines) - 1} new event(s) of {len(lines) - 1}" in first.stdout, first.output
    assert "; 0 item schedule(s) rebuilt" in first.stdout  # course events are no item's schedule
    second = run_cli("history", "import", str(out), env=elsewhere)
    assert f"Imported 0 new event(s) of {len(lines) - 1}" in second.stdout
    rows = lessons(elsewhere)
    assert rows["feathers"]["best_score"] == 100 and rows["flight"]["read"] is True
    assert rows["flight"]["status"] == "read"
    again = tmp_path / "again.jsonl"
    assert run_cli("history", "export", "--out", str(again), env=elsewhere).returncode == 0
    assert again.read_text() == out.read_text()


def test_an_export_from_before_course_events_still_imports_its_progress(
    course_env: dict[str, str], tmp_path: Path
) -> None:
    """Older exports ended with quiz_attempt and lesson_read lines: they import as events, once."""
    old = tmp_path / "old.jsonl"
    answers = [{"deck_id": "birds", "item_id": "preening-oil", "given": "1", "right": True, "claimed": False}]
    attempt = {
        "attempt_id": "a1b2c3",
        "course_id": "birdwatch",
        "lesson_id": "feathers",
        "taken_at": "2026-03-01T10:00:00+00:00",
        "study_day": "2026-03-01",
        "score": 1,
        "total": 1,
        "answers": answers,
    }
    read = {
        "course_id": "birdwatch",
        "lesson_id": "flight",
        "read_at": "2026-03-01T09:00:00+00:00",
        "study_day": "2026-03-01",
    }
    old.write_text(
        json.dumps({"format": "mesadrill-history", "version": 2})
        + "\n"
        + json.dumps({"quiz_attempt": attempt})
        + "\n"
        + json.dumps({"lesson_read": read})
        + "\n"
    )
    first = run_cli("history", "import", str(old), env=course_env)
    assert "Imported 1 new quiz attempt(s) of 1 and 1 new lesson read(s) of 1." in first.stdout, first.output
    second = run_cli("history", "import", str(old), env=course_env)
    assert "Imported 0 new quiz attempt(s) of 1 and 0 new lesson read(s) of 1." in second.stdout
    rows = lessons(course_env)
    assert rows["feathers"]["best_score"] == 100 and rows["feathers"]["attempts"] == 1
    assert rows["flight"]["read"] is True
    out = tmp_path / "export.jsonl"
    assert run_cli("history", "export", "--out", str(out), env=course_env).returncode == 0
    kinds = [json.loads(line).get("kind") for line in out.read_text().splitlines()[1:]]
    assert kinds == ["lesson-read", "quiz-attempt"]
    assert json.loads(out.read_text().splitlines()[2])["event_id"] == "a1b2c3"  # the attempt keeps its id


def test_unknown_lessons_and_courses_are_clear_errors(course_env: dict[str, str]) -> None:
    done = run_cli("quiz", "feather", "--plain", env=course_env)
    assert done.returncode == 1
    assert "no lesson 'feather' (did you mean 'feathers'?)" in done.stderr
    assert "Traceback" not in done.stderr
    other = run_cli("course", "birdwach", env=course_env)
    assert other.returncode == 1 and "did you mean 'birdwatch'?" in other.stderr


def test_review_introduces_only_the_current_lessons_new_cards(course_env: dict[str, str], tmp_path: Path) -> None:
    done = run_cli("review", "birds", "--plain", input="", env=course_env)
    assert "Reviewing Birds: 3 item(s)." in done.stdout  # lesson 1's three, not all nine
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text("course_gating = false\n")
    ungated = run_cli("review", "birds", "--plain", input="", env={**course_env, "MESADRILL_CONFIG_DIR": str(config)})
    assert "Reviewing Birds: 9 item(s)." in ungated.stdout


def test_leaving_a_quiz_early_counts_the_rest_as_wrong(course_env: dict[str, str]) -> None:
    done = run_cli("quiz", "feathers", "--plain", input="keratin\n", env=course_env)
    assert "Input ended: the attempt is saved; questions not answered count as wrong." in done.stdout
    assert "Score: 1/3 (33%): not passed (pass: 60%)" in done.stdout
    row = lessons(course_env)["feathers"]
    assert (row["best_score"], row["status"]) == (33, "not started")
