"""Course progress, read from the event log: quiz attempts and lessons read.

Both are events of the one log (kinds ``quiz-attempt`` and ``lesson-read``,
the migration step "course-events"), so sync, export and backups carry them
like any grade, and what this module returns is a fold of the log: every
attempt not undone, and the earliest read of each lesson. A quiz's graded
answers also go into the log as ordinary review events; the attempt event
keeps the attempt itself (score, date, answers). They sit under the deck id
``course:<course id>`` with the lesson id as item id, so no item's schedule
ever sees them. Every statement is here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from mesadrill.core.course import LessonRead, QuizAnswer, QuizAttempt
from mesadrill.core.history import COURSE_PREFIX, EventKind, QuizDetails, ReviewEvent
from mesadrill.core.sm2 import NEW
from mesadrill.store.course_ids import attempt_event_id, read_event_id
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.rows import _EVENT_COLUMNS, _EVENTS_FROM, _NOT_UNDONE, _event_from_row, _time


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


def attempt_event(attempt: QuizAttempt) -> ReviewEvent:
    """A quiz attempt as the event that records it (its id is the attempt's)."""
    return ReviewEvent(
        event_id=attempt_event_id(attempt.attempt_id),
        deck_id=COURSE_PREFIX + attempt.course_id,
        item_id=attempt.lesson_id,
        reviewed_at=attempt.taken_at.astimezone(UTC),
        study_day=attempt.study_day,
        quality=0,
        kind=EventKind.QUIZ_ATTEMPT,
        state_after=NEW,
        quiz=QuizDetails(attempt.answers, attempt.total),
    )


def read_event(read: LessonRead, device_id: str | None = None) -> ReviewEvent:
    """A lesson read as the event that records it (its id follows from what it says and where)."""
    return ReviewEvent(
        event_id=read_event_id(read.course_id, read.lesson_id, _time(read.read_at), device_id),
        deck_id=COURSE_PREFIX + read.course_id,
        item_id=read.lesson_id,
        reviewed_at=read.read_at.astimezone(UTC),
        study_day=read.study_day,
        quality=0,
        kind=EventKind.LESSON_READ,
        state_after=NEW,
        device_id=device_id,
    )


def _attempt_from(event: ReviewEvent) -> QuizAttempt:
    quiz = event.quiz or QuizDetails((), 0)
    return QuizAttempt(
        attempt_id=event.event_id,
        course_id=event.deck_id.removeprefix(COURSE_PREFIX),
        lesson_id=event.item_id,
        taken_at=event.reviewed_at,
        study_day=event.study_day,
        answers=quiz.answers,
        questions=quiz.total,
    )


def save_attempt(store: HistoryStore, attempt: QuizAttempt) -> None:
    """Append one finished attempt as an event of this device, committed before returning.

    It is dated at least a microsecond after the lesson's latest attempt, so
    two attempts under a clock that stands still (MESADRILL_NOW) still read
    back, everywhere, in the order they were taken.
    """
    with store.write("saving a quiz attempt"):
        store.append_in_transaction(store._after_latest(attempt_event(attempt)))


def _has_read(store: HistoryStore, read: LessonRead, at_or_before: str | None = None) -> bool:
    sql = (
        "SELECT 1 FROM events AS e INDEXED BY events_by_item "
        f"WHERE e.deck_id = ? AND e.item_id = ? AND e.kind = 'lesson-read' AND {_NOT_UNDONE}"
    )
    parameters: list[str] = [COURSE_PREFIX + read.course_id, read.lesson_id]
    if at_or_before is not None:
        sql += " AND e.reviewed_at <= ?"
        parameters.append(at_or_before)
    return bool(store.db.execute(sql + " LIMIT 1", parameters).fetchone())


def mark_read(store: HistoryStore, read: LessonRead) -> None:
    """Record that a lesson's reading was opened to the end (only the first time makes an event here)."""
    with store.write("saving a lesson as read"):
        if not _has_read(store, read):
            store.append_in_transaction(read_event(read, store.device_id))


def attempts(store: HistoryStore, course_id: str | None = None, lesson_id: str | None = None) -> list[QuizAttempt]:
    """Quiz attempts (of a course, or one lesson) not undone, oldest first."""
    # One course's events are a few rows of the deck-and-item index; without it SQLite would scan the log.
    source = (
        _EVENTS_FROM.replace("events AS e", "events AS e INDEXED BY events_by_item", 1) if course_id else _EVENTS_FROM
    )
    sql = f"SELECT {_EVENT_COLUMNS} FROM {source} WHERE e.kind = 'quiz-attempt' AND {_NOT_UNDONE}"
    parameters: list[str] = []
    if course_id is not None:
        sql += " AND e.deck_id = ?"
        parameters.append(COURSE_PREFIX + course_id)
        if lesson_id is not None:
            sql += " AND e.item_id = ?"
            parameters.append(lesson_id)
    sql += " ORDER BY e.reviewed_at, e.event_id"
    return [_attempt_from(_event_from_row(row)) for row in store._rows(sql, parameters)]


def reads(store: HistoryStore, course_id: str | None = None) -> list[LessonRead]:
    """The earliest read of each lesson (of a course), oldest first."""
    sql = (
        "SELECT e.deck_id, e.item_id, MIN(e.reviewed_at), e.study_day FROM events AS e "
        + ("INDEXED BY events_by_item " if course_id is not None else "")
        + f"WHERE e.kind = 'lesson-read' AND {_NOT_UNDONE}"
    )
    parameters: list[str] = []
    if course_id is not None:
        sql += " AND e.deck_id = ?"
        parameters.append(COURSE_PREFIX + course_id)
    rows = store._rows(sql + " GROUP BY e.deck_id, e.item_id ORDER BY 3, 1, 2", parameters)
    return [
        LessonRead(r[0].removeprefix(COURSE_PREFIX), r[1], datetime.fromisoformat(r[2]), date.fromisoformat(r[3]))
        for r in rows
    ]


def merge(store: HistoryStore, attempts_in: Iterable[QuizAttempt], reads_in: Iterable[LessonRead]) -> tuple[int, int]:
    """Add attempts (by id) and reads earlier than any held for their lesson; returns how many were new.

    For the ``quiz_attempt`` and ``lesson_read`` lines of exports made before
    course progress was part of the log.
    """
    added_attempts = added_reads = 0
    with store.write("importing course progress"):
        added_attempts = store.merge_in_transaction(attempt_event(a) for a in attempts_in).added
        for read in reads_in:
            if not _has_read(store, read, _time(read.read_at)):
                added_reads += store.merge_in_transaction([read_event(read)]).added
    return added_attempts, added_reads


def first_activity(store: HistoryStore, course_id: str, keys: Iterable[tuple[str, str]]) -> date | None:
    """The first study day the learner did anything in the course: a read, a quiz, or a course item's grade."""
    days: list[str] = []
    for (day,) in store._rows(
        # INDEXED BY: left to itself, SQLite answers MIN(study_day) by walking the whole log in day order.
        "SELECT MIN(e.study_day) FROM events AS e INDEXED BY events_by_item "
        f"WHERE e.deck_id = ? AND e.kind IN ('quiz-attempt', 'lesson-read') AND {_NOT_UNDONE}",
        (COURSE_PREFIX + course_id,),
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
