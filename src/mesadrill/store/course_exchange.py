"""Course progress in older history exports: quiz attempts and lessons read, as extra JSON Lines.

Exports made before course progress joined the event log (migration step
"course-events") end with lines ``{"quiz_attempt": {...}}`` or
``{"lesson_read": {...}}``; ``exchange``'s event reader skips them and this
module reads them, so those files still import. Importing merges by attempt
id (and keeps the earliest read of each lesson), so importing twice changes
nothing. Exports made now carry the same progress as ``quiz-attempt`` and
``lesson-read`` events instead.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from mesadrill.core.course import LessonRead, QuizAttempt
from mesadrill.store import course_store
from mesadrill.store.exchange import ImportFormatError

COURSE_KEYS = ("quiz_attempt", "lesson_read")


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
