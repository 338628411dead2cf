"""Courses: lessons in order, each with a reading, its cards and an end-of-lesson quiz.

Plain frozen data, like the deck model. A course refers to cards by
``DECK:CARD`` (or a whole deck by its id); whether those references resolve is
checked against the decks that are loaded (``decks.course_check``), not here.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from mesadrill.core.records import record

DEFAULT_QUIZ_QUESTIONS = 15
DEFAULT_QUIZ_PASS = 80


@record(frozen=True, slots=True)
class Ref:
    """A ``DECK:CARD`` reference (``card_id`` None: the whole deck), where it was written."""

    deck_id: str
    card_id: str | None
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return self.deck_id if self.card_id is None else f"{self.deck_id}:{self.card_id}"


@record(frozen=True, slots=True)
class Related:
    """A related lesson: in this course (``course_id`` None) or another."""

    course_id: str | None
    lesson_id: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return self.lesson_id if self.course_id is None else f"{self.course_id}:{self.lesson_id}"


@record(frozen=True, slots=True)
class Lesson:
    id: str
    title: str
    summary: str
    reading: str  # Markdown
    reading_path: Path | None = None  # the file it was read from, or None when inline
    reading_line: int = 1  # the line of the reading's first line in that file (or in the course file)
    covers: tuple[str, ...] = ()
    key_terms: tuple[Ref, ...] = ()
    cards: tuple[Ref, ...] = ()
    interview: tuple[Ref, ...] = ()
    quiz_questions: int = DEFAULT_QUIZ_QUESTIONS
    quiz_pass: int = DEFAULT_QUIZ_PASS  # percent
    related: tuple[Related, ...] = ()
    line: int = 0


@record(frozen=True, slots=True)
class Course:
    id: str
    title: str
    description: str
    lessons: tuple[Lesson, ...]
    days: int | None = None
    path: Path | None = None

    def lesson(self, lesson_id: str) -> Lesson | None:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        return None

    def index(self, lesson_id: str) -> int:
        for number, lesson in enumerate(self.lessons):
            if lesson.id == lesson_id:
                return number
        raise KeyError(lesson_id)


class LessonStatus(StrEnum):
    NOT_STARTED = "not started"
    READ = "read"
    PASSED = "quiz passed"
    MASTERED = "mastered"

    @property
    def passed(self) -> bool:
        return self in (LessonStatus.PASSED, LessonStatus.MASTERED)


def percent(score: int, total: int) -> int:
    """A quiz score as a whole percent, rounded down (so 79.9% does not pass at 80)."""
    return 0 if total <= 0 else score * 100 // total


def lesson_status(*, read: bool, best_percent: int | None, pass_percent: int, mastered: bool) -> LessonStatus:
    """Where a learner stands on a lesson; a pass and all items past their first interval is mastered."""
    passed = best_percent is not None and best_percent >= pass_percent
    if passed and mastered:
        return LessonStatus.MASTERED
    if passed:
        return LessonStatus.PASSED
    if read:
        return LessonStatus.READ
    return LessonStatus.NOT_STARTED


def current_lesson(statuses: list[LessonStatus]) -> int:
    """The index of the first lesson not passed (the last one when every lesson is)."""
    for number, status in enumerate(statuses):
        if not status.passed:
            return number
    return max(0, len(statuses) - 1)


def day_of(days: int | None, started: int) -> tuple[int, int] | None:
    """ "Day N of M": ``started`` is the number of study days since the first one (0 on day 1)."""
    if days is None:
        return None
    return started + 1, days


@record(frozen=True, slots=True)
class QuizAnswer:
    """One question of an attempt: the item asked, what was typed, and whether it counted as right."""

    deck_id: str
    item_id: str
    given: str
    right: bool
    claimed: bool = False  # a near miss the learner claimed as right


@record(frozen=True, slots=True)
class QuizAttempt:
    """One finished end-of-lesson quiz, as stored and exported. Immutable once written."""

    attempt_id: str
    course_id: str
    lesson_id: str
    taken_at: datetime  # aware, UTC
    study_day: date
    answers: tuple[QuizAnswer, ...]
    questions: int = 0  # questions the quiz drew; one left unanswered (the quiz was left early) counts as wrong

    @property
    def score(self) -> int:
        return sum(1 for answer in self.answers if answer.right)

    @property
    def total(self) -> int:
        return max(self.questions, len(self.answers))

    @property
    def percent(self) -> int:
        return percent(self.score, self.total)


@record(frozen=True, slots=True)
class LessonRead:
    """A lesson's reading opened to the end, once (the first time counts)."""

    course_id: str
    lesson_id: str
    read_at: datetime
    study_day: date
