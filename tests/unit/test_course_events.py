"""Quiz attempts and lesson reads as events of the one log (issue 18): migration, fold, export, checks."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mesadrill.core import history
from mesadrill.core.course import LessonRead, QuizAnswer, QuizAttempt
from mesadrill.core.history import EventKind, ReviewEvent
from mesadrill.core.sm2 import NEW
from mesadrill.store import course_store, exchange, sync_state
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.import_checks import ImportFormatError
from mesadrill.store.migrations import MIGRATIONS

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = NOW.date()
ANSWERS = (QuizAnswer("birds", "lift", "lift", True), QuizAnswer("birds", "keel", "keal", True, claimed=True))


def attempt(attempt_id: str = "att1", lesson: str = "flight", at: datetime = NOW) -> QuizAttempt:
    return QuizAttempt(
        attempt_id, "birdwatch", lesson, at, at.date(), (*ANSWERS, QuizAnswer("birds", "x", "", False)), 4
    )


def old_database(path: Path, attempts: list[tuple[object, ...]], reads: list[tuple[object, ...]]) -> None:
    """A history as the step before "course-events" left it, with course rows in their old tables."""
    db = sqlite3.connect(path)
    before = [step.name for step in MIGRATIONS].index("course-events")
    for step in MIGRATIONS[:before]:
        step.apply(db)
    db.execute(f"PRAGMA user_version = {before}")
    db.executemany("INSERT INTO quiz_attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", attempts)
    db.executemany("INSERT INTO lesson_reads VALUES (?, ?, ?, ?)", reads)
    db.commit()
    db.close()


ANSWERS_JSON = json.dumps(course_store.answers_to_json(ANSWERS))
OLD_ATTEMPTS = [
    ("att1", "birdwatch", "feathers", "2026-03-01T10:00:00.000000+00:00", "2026-03-01", 2, 3, ANSWERS_JSON),
    ("an id with spaces", "birdwatch", "flight", "2026-03-01T11:00:00.000000+00:00", "2026-03-01", 2, 2, ANSWERS_JSON),
]
OLD_READS = [("birdwatch", "feathers", "2026-03-01T09:00:00.000000+00:00", "2026-03-01")]


def test_the_migration_moves_course_rows_into_the_log_with_stable_ids(tmp_path: Path) -> None:
    exports = []
    for name in ("laptop", "desktop"):  # two machines that both held the same attempts (an old import)
        path = tmp_path / f"{name}.db"
        old_database(path, OLD_ATTEMPTS, OLD_READS)
        with HistoryStore.open(path, today=DAY, now=NOW) as store:
            got = course_store.attempts(store)
            assert [(a.lesson_id, a.score, a.total, a.answers) for a in got] == [
                ("feathers", 2, 3, ANSWERS),
                ("flight", 2, 2, ANSWERS),
            ]
            assert got[0].attempt_id == "att1" and got[1].attempt_id.startswith("quiz-")
            (read,) = course_store.reads(store)
            assert (read.lesson_id, read.read_at) == ("feathers", datetime(2026, 3, 1, 9, tzinfo=UTC))
            tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert "quiz_attempts" not in tables and "lesson_reads" not in tables  # the log is the only copy
            assert store.all_records() == {}  # no item's schedule sees them
            out = io.StringIO()
            exchange.write_jsonl(store.events(), out)
            exports.append(out.getvalue())
    assert exports[0] == exports[1]  # the same events, ids and all: a sync between them doubles nothing
    with HistoryStore.open(tmp_path / "laptop.db", today=DAY, now=NOW) as laptop:
        result = laptop.merge(exchange.read_events(exports[1], "desktop"))
        assert result.added == 0 and result.conflicts == []


def test_course_events_move_no_schedule_even_on_an_item_of_the_same_name() -> None:
    grade = ReviewEvent("g1", "course:birdwatch", "flight", NOW, DAY, 5, EventKind.REVIEW, NEW)
    quiz = course_store.attempt_event(attempt(at=NOW + timedelta(minutes=1)))
    read = course_store.read_event(LessonRead("birdwatch", "flight", NOW - timedelta(minutes=1), DAY))
    assert history.replay([grade, quiz, read]) == history.replay([grade])
    assert history.replay([quiz, read]) == {}
    for kind in (EventKind.QUIZ_ATTEMPT, EventKind.LESSON_READ):
        assert not kind.moves_schedule and not kind.is_grade and kind not in history.ACTION_KINDS


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_course_events_round_trip_an_export_and_a_sync_segment(tmp_path: Path, fmt: str) -> None:
    with HistoryStore.open(tmp_path / "a.db", today=DAY, now=NOW) as source:
        course_store.save_attempt(source, attempt())
        course_store.save_attempt(source, attempt("att2"))  # the same moment: dated a microsecond later
        course_store.mark_read(source, LessonRead("birdwatch", "flight", NOW, DAY))
        course_store.mark_read(source, LessonRead("birdwatch", "flight", NOW + timedelta(hours=1), DAY))
        assert [a.attempt_id for a in course_store.attempts(source, "birdwatch", "flight")] == ["att1", "att2"]
        assert len(course_store.reads(source)) == 1
        out = io.StringIO()
        (exchange.write_jsonl if fmt == "jsonl" else exchange.write_csv)(source.events(), out)
        read = exchange.read_events(out.getvalue(), f"export.{fmt}")
        assert read == list(source.events()) and len(read) == 3
        ((_, sent),) = list(sync_state.unsent(source, batch=100))
        assert {row["event_id"]: row for row in sent} == {e.event_id: exchange.event_to_dict(e) for e in read}
        with HistoryStore.open(tmp_path / f"b-{fmt}.db", today=DAY, now=NOW) as target:
            target.merge(read)
            assert course_store.attempts(target) == course_store.attempts(source)
            assert course_store.reads(target) == course_store.reads(source)


def quiz_line(**changes: object) -> dict[str, object]:
    row = exchange.event_to_dict(course_store.attempt_event(attempt()))
    row.update(changes)
    return row


GOOD_QUIZ = quiz_line()["quiz"]
assert isinstance(GOOD_QUIZ, dict)
HOSTILE = {
    "no quiz": (quiz_line(quiz=None), "'quiz' is missing"),
    "quiz is a list": (quiz_line(quiz=[1]), "'quiz' should be an object, not a list"),
    "a lying score": (
        quiz_line(quiz={**GOOD_QUIZ, "score": 4}),
        "'quiz.score' should be 2, the answers marked right, not 4",
    ),
    "more answers than questions": (quiz_line(quiz={**GOOD_QUIZ, "total": 1}), "'quiz.answers' should be a list"),
    "a negative total": (quiz_line(quiz={**GOOD_QUIZ, "total": -1}), "'quiz.total' should be from 0"),
    "an answer not an object": (
        quiz_line(quiz={**GOOD_QUIZ, "answers": ["right"], "score": 0}),
        "'quiz.answers[1]' should be an object",
    ),
    "right as text": (
        quiz_line(quiz={**GOOD_QUIZ, "answers": [{"deck_id": "d", "item_id": "i", "given": "", "right": "yes"}]}),
        "'quiz.answers[1].right' and 'claimed' should be true or false",
    ),
    "an answer's deck id with spaces": (
        quiz_line(quiz={**GOOD_QUIZ, "answers": [{"deck_id": "a b", "item_id": "i", "given": "", "right": False}]}),
        "'quiz.answers[1].deck_id' should be an id",
    ),
    "a quiz on a review": (quiz_line(kind="review", quality=4), "'quiz' belongs only to a quiz-attempt event"),
    "not under course:": (quiz_line(deck_id="birds"), "'deck_id' of a quiz-attempt event should be 'course:'"),
    "a read with a quality": (
        {**quiz_line(kind="lesson-read", quality=3), "quiz": None},
        "'quality' of a lesson-read event should be 0",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_malformed_course_event_is_refused_by_line_and_field(case: str) -> None:
    row, message = HOSTILE[case]
    text = json.dumps({"format": "mesadrill-history", "version": 2}) + "\n" + json.dumps(row) + "\n"
    with pytest.raises(ImportFormatError) as caught:
        exchange.read_events(text, "hostile.jsonl")
    assert str(caught.value).startswith("hostile.jsonl:2: ") and message in str(caught.value), str(caught.value)


def test_the_first_read_of_a_lesson_is_the_one_that_counts(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "a.db", today=DAY, now=NOW) as store:
        later = LessonRead("birdwatch", "flight", NOW, DAY)
        earlier = LessonRead("birdwatch", "flight", NOW - timedelta(days=1), date(2026, 3, 1))
        course_store.mark_read(store, later)
        assert course_store.merge(store, [], [earlier, later]) == (0, 1)
        assert course_store.reads(store, "birdwatch") == [earlier]
        assert course_store.first_activity(store, "birdwatch", []) == date(2026, 3, 1)
