"""Deck format v1's names: id patterns, ranges and which fields each card type has.

Shared by the parser and the JSON Schema, so the two cannot drift apart, and
light enough that the schema need not import the parser or YAML.
"""

from __future__ import annotations

import re

from mesadrill.core.cards import CardType

DECK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
CARD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
TIME_LIMIT_RANGE = (10, 3600)

DECK_FIELDS = ("deck", "title", "description", "tags", "scheduler", "cards")
COMMON_FIELDS = ("id", "type", "tags", "source")
TYPE_FIELDS: dict[CardType, tuple[str, ...]] = {
    CardType.BASIC: ("front", "back", "reverse"),
    CardType.CLOZE: ("text",),
    CardType.CHOICE: ("question", "choices", "answer", "explanation"),
    CardType.INTERVIEW: ("prompt", "answer", "key_points", "time_limit", "follow_ups", "pitfalls"),
}
