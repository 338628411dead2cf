"""Course progress travels with `mesadrill sync` (issue 18): quiz attempts and lesson reads are events.

Three data folders share a course; each takes quizzes and reads lessons
between syncs, through a folder and through a bare git repository. Every
attempt and read shows on every machine exactly once, however often they
sync, and `history export` is the same on all three.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support.cli import TEST_DATA, run_cli

DAY1 = "2026-03-02T12:00:00+00:00"
DAY1_LATER = "2026-03-02T18:00:00+00:00"
DAY2 = "2026-03-03T12:00:00+00:00"


def machine(home: Path, name: str, decks: Path) -> dict[str, str]:
    return {
        "MESADRILL_DATA_DIR": str(home / name / "data"),
        "MESADRILL_CONFIG_DIR": str(home / name / "config"),
        "MESADRILL_DECKS": str(decks),
    }


def run_on(env: dict[str, str], *args: str, now: str = DAY2, input: str | None = None):  # type: ignore[no-untyped-def]
    done = run_cli(*args, env={**env, "MESADRILL_NOW": now}, input=input)
    assert done.returncode == 0 and "Traceback" not in done.output, done.output
    return done


def lessons(env: dict[str, str]) -> dict[str, dict[str, object]]:
    data = json.loads(run_on(env, "course", "birdwatch", "--json").stdout)
    return {row["id"]: row for row in data["lessons"]}


def state(env: dict[str, str]) -> tuple[str, str, str]:
    return (
        run_on(env, "course", "birdwatch", "--json").stdout,
        run_on(env, "cards", "birds", "--json").stdout,
        run_on(env, "history", "export").stdout,
    )


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(TEST_DATA / "course", folder)
    return folder


def make_target(kind: str, tmp_path: Path) -> str:
    if kind == "folder":
        folder = tmp_path / "synced"
        folder.mkdir()
        return str(folder)
    if shutil.which("git") is None:
        pytest.skip("git is not installed (.ci/run checks it is)")
    remote = tmp_path / "progress.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    return str(remote)


@pytest.mark.parametrize("kind", ["folder", "git"])
def test_quiz_attempts_and_lesson_reads_reach_every_machine_once(
    kind: str, decks: Path, isolated_home: Path, tmp_path: Path
) -> None:
    target = make_target(kind, tmp_path)
    a, b, c = (machine(isolated_home, name, decks) for name in "abc")
    # a: a quiz (2 of 3 right) and a lesson read; c: a quiz of its own on the same lesson, the same day.
    run_on(a, "quiz", "feathers", "--plain", now=DAY1, input="keratin\nx\n1\n")
    run_on(a, "lesson", "flight", "--plain", now=DAY1)
    run_on(a, "sync", target, now=DAY1)
    run_on(c, "quiz", "feathers", "--plain", now=DAY1_LATER, input="keratin\ndown\n1\n")
    run_on(c, "lesson", "flight", "--plain", now=DAY1_LATER)  # before it ever synced: a read of its own
    run_on(b, "sync", target, now=DAY1_LATER)
    got = lessons(b)
    assert (got["feathers"]["attempts"], got["feathers"]["best_score"]) == (1, 66)
    assert got["flight"]["read"] is True
    # b reads it again: it knows a's read already, so this makes no event.
    run_on(b, "lesson", "flight", "--plain", now=DAY2)
    for _ in range(3):
        for env in (c, b, a):
            done = run_on(env, "sync", target)
            assert "warning" not in done.stderr, done.stderr
    states = [state(env) for env in (a, b, c)]
    assert states[0] == states[1] == states[2]
    got = lessons(a)
    assert (got["feathers"]["attempts"], got["feathers"]["best_score"], got["feathers"]["latest_score"]) == (
        2,
        100,
        100,
    )
    events = [json.loads(line) for line in states[0][2].splitlines()[1:]]
    assert len(events) == len({e["event_id"] for e in events})
    quizzes = [e for e in events if e["kind"] == "quiz-attempt"]
    assert sorted(q["quiz"]["score"] for q in quizzes) == [2, 3]
    reads = [e for e in events if e["kind"] == "lesson-read"]
    assert [(e["item_id"], e["reviewed_at"][:10]) for e in reads] == [("flight", "2026-03-02")] * 2  # a's and c's
    # The quiz answers were graded as reviews too; the attempts themselves moved no schedule.
    cards = {row["id"]: row for row in json.loads(states[0][1])}
    assert all(not row["id"].startswith("course:") for row in cards.values())
    # Nothing more moves on further syncs: each attempt and read arrived exactly once.
    for env in (a, b, c):
        assert "sent 0 event(s), received 0" in run_on(env, "sync").stdout
    assert [state(env) for env in (a, b, c)] == states
