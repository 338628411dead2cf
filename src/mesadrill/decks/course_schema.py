"""A JSON Schema of course format v1 (docs/course-format.md), from the parser's own tables.

The loader stays the authority: unique lesson ids, references that resolve
and reading files that exist are beyond a schema (``mesadrill lint`` checks them).
"""

from __future__ import annotations

from typing import Any

from mesadrill.core.course import DEFAULT_QUIZ_PASS, DEFAULT_QUIZ_QUESTIONS
from mesadrill.decks.course_format import COURSE_FIELDS, DAYS_RANGE, LESSON_FIELDS, PASS_RANGE, QUESTIONS_RANGE
from mesadrill.decks.format import CARD_ID, DECK_ID

_TEXT = {"type": "string", "minLength": 1}
_TEXT_LIST = {"type": "array", "items": _TEXT}
_CARD_REF = {"type": "string", "pattern": f"^{DECK_ID.pattern}:{CARD_ID.pattern}$"}
_DECK_OR_CARD = {"type": "string", "pattern": f"^{DECK_ID.pattern}(:{CARD_ID.pattern})?$"}


def course_schema() -> dict[str, Any]:
    lesson: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "summary", "reading"],
        "properties": {
            "id": {"type": "string", "pattern": f"^{CARD_ID.pattern}$", "description": "Unique in the course."},
            "title": {**_TEXT},
            "summary": {**_TEXT, "description": "One line for the course map."},
            "reading": {**_TEXT, "description": "Markdown text, or a path relative to the course file."},
            "covers": {**_TEXT_LIST, "description": "What this lesson covers."},
            "key_terms": {"type": "array", "items": _CARD_REF, "description": "DECK:CARD cards defining the terms."},
            "cards": {
                "type": "array",
                "items": _DECK_OR_CARD,
                "description": "Decks and DECK:CARD cards of the lesson.",
            },
            "interview": {"type": "array", "items": _CARD_REF, "description": "DECK:CARD interview prompts."},
            "quiz": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "questions": {
                        "type": "integer",
                        "minimum": QUESTIONS_RANGE[0],
                        "maximum": QUESTIONS_RANGE[1],
                        "default": DEFAULT_QUIZ_QUESTIONS,
                    },
                    "pass": {
                        "type": "integer",
                        "minimum": PASS_RANGE[0],
                        "maximum": PASS_RANGE[1],
                        "default": DEFAULT_QUIZ_PASS,
                        "description": "Percent.",
                    },
                },
            },
            "related": {
                "type": "array",
                "items": {"type": "string", "pattern": f"^({DECK_ID.pattern}:)?{CARD_ID.pattern}$"},
                "description": "Lesson ids in this course, or COURSE:LESSON.",
            },
        },
    }
    assert set(lesson["properties"]) == set(LESSON_FIELDS)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mesadrill course",
        "type": "object",
        "additionalProperties": False,
        "required": ["course", "title", "description", "lessons"],
        "properties": {
            "course": {"type": "string", "pattern": f"^{DECK_ID.pattern}$", "description": "The course id."},
            "title": {**_TEXT},
            "description": {**_TEXT},
            "days": {"type": "integer", "minimum": DAYS_RANGE[0], "maximum": DAYS_RANGE[1], "description": "Pace."},
            "lessons": {"type": "array", "minItems": 1, "items": lesson},
        },
    }
    assert set(schema["properties"]) == set(COURSE_FIELDS)
    return schema
