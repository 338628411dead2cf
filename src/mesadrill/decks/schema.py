"""A JSON Schema of deck format v1, for editors' completion and checks.

Built from the loader's own field tables, so the two cannot drift apart. The
loader stays the authority: some rules (unique ids, a cloze needing a
deletion, the answer being one of the choices) are beyond a schema.
"""

from __future__ import annotations

from typing import Any

from mesadrill.core.cards import DEFAULT_TIME_LIMIT, CardType
from mesadrill.decks.format import CARD_ID, DECK_ID, TIME_LIMIT_RANGE

_TEXT = {"type": "string", "minLength": 1}
_TEXT_LIST = {"type": "array", "items": _TEXT}

_FIELD_SCHEMAS: dict[str, dict[str, Any]] = {
    "front": {**_TEXT, "description": "The question side."},
    "back": {**_TEXT, "description": "The answer side."},
    "reverse": {"type": "boolean", "default": False, "description": "Also drill back -> front, as its own item."},
    "text": {
        **_TEXT,
        "pattern": r"\{\{[^{}]+\}\}",
        "description": "Text with {{...}} deletions; {{c2::answer::hint}} numbers a deletion and gives a hint.",
    },
    "question": {**_TEXT, "description": "The question."},
    "choices": {**_TEXT_LIST, "minItems": 2, "uniqueItems": True, "description": "The choices, shown numbered from 1."},
    "explanation": {**_TEXT, "description": "Why the answer is right, shown after answering."},
    "prompt": {**_TEXT, "description": "The interview question."},
    "key_points": {**_TEXT_LIST, "minItems": 1, "description": "What a strong answer covers; ticked after answering."},
    "time_limit": {
        "type": "integer",
        "minimum": TIME_LIMIT_RANGE[0],
        "maximum": TIME_LIMIT_RANGE[1],
        "default": DEFAULT_TIME_LIMIT,
        "description": "Seconds to answer in.",
    },
    "follow_ups": {**_TEXT_LIST, "description": "What an interviewer asks next."},
    "pitfalls": {**_TEXT_LIST, "description": "What a weak answer gets wrong."},
}

_ANSWER = {
    CardType.CHOICE: {**_TEXT, "description": "The right choice, exactly as written in choices."},
    CardType.INTERVIEW: {**_TEXT, "description": "A model answer."},
}

_REQUIRED = {
    CardType.BASIC: ["front", "back"],
    CardType.CLOZE: ["text"],
    CardType.CHOICE: ["question", "choices", "answer"],
    CardType.INTERVIEW: ["prompt", "answer", "key_points"],
}


def _card_schema(card_type: CardType) -> dict[str, Any]:
    from mesadrill.decks.format import TYPE_FIELDS

    properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": f"^{CARD_ID.pattern}$", "description": "Stable id, unique in the deck."},
        "type": {"const": card_type.value},
        "tags": _TEXT_LIST,
        "source": {**_TEXT, "description": "A citation shown after the answer."},
    }
    for name in TYPE_FIELDS[card_type]:
        properties[name] = _ANSWER[card_type] if name == "answer" else _FIELD_SCHEMAS[name]
    return {
        "title": f"{card_type.value} card",
        "type": "object",
        "properties": properties,
        "required": ["id", "type", *_REQUIRED[card_type]],
        "additionalProperties": False,
    }


def deck_schema() -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://mesadrill.invalid/schema/deck-v1.json",
        "title": "mesadrill deck (format v1)",
        "type": "object",
        "properties": {
            "deck": {"type": "string", "pattern": f"^{DECK_ID.pattern}$", "description": "Stable deck id."},
            "title": _TEXT,
            "description": _TEXT,
            "tags": _TEXT_LIST,
            "scheduler": {
                "enum": ["sm2", "fsrs"],
                "description": "Schedule this deck with SM-2 or FSRS, whatever config.toml says.",
            },
            "cards": {
                "type": "array",
                "minItems": 1,
                "items": {"oneOf": [_card_schema(t) for t in CardType]},
            },
        },
        "required": ["deck", "title", "description", "cards"],
        "additionalProperties": False,
    }
