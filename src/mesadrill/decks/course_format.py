"""Course format v1's names: the fields of a course and of a lesson, and their ranges.

Shared by the course parser and the course JSON Schema (docs/course-format.md).
"""

from __future__ import annotations

COURSE_FIELDS = ("course", "title", "description", "days", "lessons")
LESSON_FIELDS = (
    "id",
    "title",
    "summary",
    "reading",
    "covers",
    "key_terms",
    "cards",
    "interview",
    "quiz",
    "related",
)
QUIZ_FIELDS = ("questions", "pass")
DAYS_RANGE = (1, 3650)
QUESTIONS_RANGE = (1, 100)
PASS_RANGE = (1, 100)
MAX_READING_BYTES = 4 * 1024 * 1024
