"""Course progress in the history database: quiz attempts and lessons read.

Both are append-only records kept beside the review log (the migration step
"courses"), so they are backed up and exported with it. A quiz's graded
answers also go into the review log as ordinary review events; this table
keeps the attempt itself (score, date, answers). Every statement is here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from mesadrill.core.course import LessonRead, QuizAnswer, QuizAttempt
from mesadrill.store.history_store import HistoryStore

_ATTEMPT_COLUMNS = "attempt_id, course_id, lesson_id, taken_at, study_day, answers, total"


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def answers_to_json(answers: Iterable[QuizAnswer]) -> list[dict[str, Any]]:
    return [
        {"deck_id": a.deck_id, "item_id": a.item_id, "given": a.given, "right": a.right, "claimed": a.claimed}
        for a in answers
    ]


def answers_from_json(raw: Any) -> tuple[QuizAnswer, ...]:
    """The answers of an attempt from their JSON form; ValueError when it is not that."""
    if not isinstance(raw, list):
        raise ValueError("answers should be a list")
    found = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ValueError("each answer should be an object")
        deck_id, item_id, given = entry.get("deck_id"), entry.get("item_id"), entry.get("given")
        right, claimed = entry.get("right"), entry.get("claimed", False)
        if not (isinstance(deck_id, str) and isinstance(item_id, str) and isinstance(given, str)):
            raise ValueError("an answer needs deck_id, item_id and given as text")
        if not isinstance(right, bool) or not isinstance(claimed, bool):
            raise ValueError("an answer's right and claimed should be true or false")
        found.append(QuizAnswer(deck_id, item_id, given, right, claimed))
    return tuple(found)


def _attempt_from_row(row: tuple[Any, ...]) -> QuizAttempt:
    return QuizAttempt(
        attempt_id=row[0],
        course_id=row[1],
        lesson_id=row[2],
        taken_at=datetime.fromisoformat(row[3]),
        study_day=date.fromisoformat(row[4]),
        answers=answers_from_json(json.loads(row[5])),
        questions=int(row[6]),
    )


def _insert_attempt(store: HistoryStore, attempt: QuizAttempt) -> bool:
    cursor = store.db.execute(
        f"INSERT OR IGNORE INTO quiz_attempts ({_ATTEMPT_COLUMNS}, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            attempt.attempt_id,
            attempt.course_id,
            attempt.lesson_id,
            _time(attempt.taken_at),
            attempt.study_day.isoformat(),
            json.dumps(answers_to_json(attempt.answers), ensure_ascii=False),
            attempt.total,
            attempt.score,
        ),
    )
    return cursor.rowcount == 1


def _insert_read(store: HistoryStore, read: LessonRead) -> bool:
    cursor = store.db.execute(
        "INSERT OR IGNORE INTO lesson_reads (course_id, lesson_id, read_at, study_day) VALUES (?, ?, ?, ?)",
        (read.course_id, read.lesson_id, _time(read.read_at), read.study_day.isoformat()),
    )
    return cursor.rowcount == 1


def save_attempt(store: HistoryStore, attempt: QuizAttempt) -> None:
    """Append one finished attempt, committed before returning."""
    with store._write("saving a quiz attempt"):
        _insert_attempt(store, attempt)


def mark_read(store: HistoryStore, read: LessonRead) -> None:
    """Record that a lesson's reading was opened to the end (the first time is kept)."""
    with store._write("saving a lesson as read"):
        _insert_read(store, read)


def attempts(store: HistoryStore, course_id: str | None = None, lesson_id: str | None = None) -> list[QuizAttempt]:
    """Quiz attempts (of a course, or one lesson), oldest first."""
    sql = f"SELECT {_ATTEMPT_COLUMNS} FROM quiz_attempts"
    parameters: list[str] = []
    if course_id is not None:
        sql += " WHERE course_id = ?"
        parameters.append(course_id)
        if lesson_id is not None:
            sql += " AND lesson_id = ?"
            parameters.append(lesson_id)
    sql += " ORDER BY taken_at, rowid"
    return [_attempt_from_row(row) for row in store._rows(sql, parameters)]


def reads(store: HistoryStore, course_id: str | None = None) -> list[LessonRead]:
    sql = "SELECT course_id, lesson_id, read_at, study_day FROM lesson_reads"
    parameters: list[str] = []
    if course_id is not None:
        sql += " WHERE course_id = ?"
        parameters.append(course_id)
    rows = store._rows(sql + " ORDER BY read_at", parameters)
    return [LessonRead(r[0], r[1], datetime.fromisoformat(r[2]), date.fromisoformat(r[3])) for r in rows]


def merge(store: HistoryStore, attempts_in: Iterable[QuizAttempt], reads_in: Iterable[LessonRead]) -> tuple[int, int]:
    """Add attempts (by id) and reads (the earliest per lesson) not already present; returns how many were new."""
    added_attempts = added_reads = 0
    with store._write("importing course progress"):
        for attempt in attempts_in:
            added_attempts += _insert_attempt(store, attempt)
        for read in reads_in:
            rows = store.db.execute(
                "SELECT read_at FROM lesson_reads WHERE course_id = ? AND lesson_id = ?",
                (read.course_id, read.lesson_id),
            ).fetchall()
            if rows and rows[0][0] <= _time(read.read_at):
                continue
            if rows:
                store.db.execute(
                    "DELETE FROM lesson_reads WHERE course_id = ? AND lesson_id = ?", (read.course_id, read.lesson_id)
                )
            added_reads += _insert_read(store, read)
    return added_attempts, added_reads


def first_activity(store: HistoryStore, course_id: str, keys: Iterable[tuple[str, str]]) -> date | None:
    """The first study day the learner did anything in the course: a read, a quiz, or a course item's grade."""
    days: list[str] = []
    for (day,) in store._rows(
        "SELECT MIN(study_day) FROM lesson_reads WHERE course_id = ? "
        "UNION ALL SELECT MIN(study_day) FROM quiz_attempts WHERE course_id = ?",
        (course_id, course_id),
    ):
        if day:
            days.append(day)
    by_deck: dict[str, list[str]] = {}
    for deck_id, item_id in keys:
        by_deck.setdefault(deck_id, []).append(item_id)
    for deck_id, item_ids in by_deck.items():
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = store._rows(
                f"SELECT MIN(first_day) FROM items WHERE deck_id = ? AND item_id IN ({marks})", (deck_id, *chunk)
            )
            if rows and rows[0][0]:
                days.append(rows[0][0])
    return date.fromisoformat(min(days)) if days else None
