"""Course progress in a history export: quiz attempts and lessons read, as extra JSON Lines.

They follow the review events in a JSON Lines export, one object per line,
``{"quiz_attempt": {...}}`` or ``{"lesson_read": {...}}``; ``exchange``'s
event reader skips them and this module reads them. Importing merges by
attempt id (and keeps the earliest read of each lesson), so importing twice
changes nothing. CSV exports hold review events only.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import IO, Any

from mesadrill.core.course import LessonRead, QuizAttempt
from mesadrill.store import course_store
from mesadrill.store.exchange import ImportFormatError
from mesadrill.store.history_store import HistoryStore

COURSE_KEYS = ("quiz_attempt", "lesson_read")


def write_jsonl(store: HistoryStore, out: IO[str]) -> int:
    """Append every quiz attempt and lesson read; returns how many lines were written."""
    count = 0
    for attempt in course_store.attempts(store):
        row = {
            "attempt_id": attempt.attempt_id,
            "course_id": attempt.course_id,
            "lesson_id": attempt.lesson_id,
            "taken_at": attempt.taken_at.astimezone(UTC).isoformat(),
            "study_day": attempt.study_day.isoformat(),
            "score": attempt.score,
            "total": attempt.total,
            "answers": course_store.answers_to_json(attempt.answers),
        }
        out.write(json.dumps({"quiz_attempt": row}, ensure_ascii=False) + "\n")
        count += 1
    for read in course_store.reads(store):
        row = {
            "course_id": read.course_id,
            "lesson_id": read.lesson_id,
            "read_at": read.read_at.astimezone(UTC).isoformat(),
            "study_day": read.study_day.isoformat(),
        }
        out.write(json.dumps({"lesson_read": row}, ensure_ascii=False) + "\n")
        count += 1
    return count


def read_jsonl(text: str, name: str) -> tuple[list[QuizAttempt], list[LessonRead]]:
    """The course lines of an export (JSON Lines; other lines are left to the event reader)."""
    attempts: list[QuizAttempt] = []
    reads: list[LessonRead] = []
    if not text.lstrip("\ufeff").lstrip().startswith("{"):
        return attempts, reads
    for number, line in enumerate(text.splitlines(), start=1):
        if '"quiz_attempt"' not in line and '"lesson_read"' not in line:
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # the event reader reports lines that are not JSON
        where = f"{name}:{number}"
        if not isinstance(row, dict):
            continue
        try:
            if isinstance(row.get("quiz_attempt"), dict):
                attempts.append(_attempt(row["quiz_attempt"]))
            elif isinstance(row.get("lesson_read"), dict):
                reads.append(_read(row["lesson_read"]))
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFormatError(f"{where}: bad course progress line ({error})") from None
    return attempts, reads


def _text(row: dict[str, Any], key: str) -> str:
    value = row[key]
    if not isinstance(value, str) or not value:
        raise ValueError(f"'{key}' should be text")
    return value


def _moment(row: dict[str, Any], key: str) -> datetime:
    moment = datetime.fromisoformat(_text(row, key))
    if moment.tzinfo is None:
        raise ValueError(f"'{key}' needs a UTC offset")
    return moment.astimezone(UTC)


def _attempt(row: dict[str, Any]) -> QuizAttempt:
    return QuizAttempt(
        attempt_id=_text(row, "attempt_id"),
        course_id=_text(row, "course_id"),
        lesson_id=_text(row, "lesson_id"),
        taken_at=_moment(row, "taken_at"),
        study_day=date.fromisoformat(_text(row, "study_day")),
        answers=course_store.answers_from_json(row["answers"]),
        questions=_count(row, "total"),
    )


def _count(row: dict[str, Any], key: str) -> int:
    value = row.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"'{key}' should be a whole number")
    return value


def _read(row: dict[str, Any]) -> LessonRead:
    return LessonRead(
        course_id=_text(row, "course_id"),
        lesson_id=_text(row, "lesson_id"),
        read_at=_moment(row, "read_at"),
        study_day=date.fromisoformat(_text(row, "study_day")),
    )
