"""Cards as rows of plain data, for the deck index: written by this build, checked as untrusted when read.

A row is a JSON array: the card type, then the card's fields in order (its
line kept apart, in its own column, so a line added above a card does not
change the card's row). Anyone who can write the cache folder can write the
index, so a row read back is checked as deck data: every text free of
control characters, every field of its type, ids and numbers in range.
Anything else raises ``ValueError`` (or ``TypeError``/``KeyError``), which
the index treats as a miss.
"""

from __future__ import annotations

import json
import marshal
import re
from operator import attrgetter
from typing import Any

from mesadrill.core.cards import BasicCard, Card, ChoiceCard, ClozeCard, ClozeDeletion, InterviewCard
from mesadrill.decks.cloze import MAX_CLOZE_NUMBER
from mesadrill.decks.format import CARD_ID, TIME_LIMIT_RANGE

try:  # hashlib would load OpenSSL first, 3 ms at every start, for a hash Python has built in
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - an interpreter without the builtin module
    from hashlib import blake2b as _blake2b

# Control characters a row must not hold, as JSON escapes or raw (the parser
# removes them from deck text; tab and newline are written as \t and \n).
_UNSAFE_BYTES = re.compile(rb"\\u00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("not text")
    return value


def _optional(value: Any) -> str | None:
    return None if value is None else _text(value)


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("not a list of text")
    "".join(value)  # a TypeError (a miss) unless every element is text; at C speed
    return tuple(value)


def _whole(value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError("not a whole number in range")
    return value


def checked_card_id(value: Any) -> str:
    """A card id read back from the index; ValueError if it is not one."""
    if type(value) is not str or CARD_ID.fullmatch(value) is None:
        raise ValueError("not a card id")
    return value


_MAX_LINE = 100_000_000


def clean_text(value: Any) -> str:
    """Text read back from the index, with no control character in it; ValueError if not."""
    if type(value) is not str or _RAW_UNSAFE.search(value) is not None:
        raise ValueError("not clean text")
    return value


def clean_texts(value: Any) -> tuple[str, ...]:
    return tuple(map(clean_text, _texts(value)))


def whole(value: Any) -> int:
    """A line or column number read back from the index."""
    return _whole(value, 0, _MAX_LINE)


_RAW_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _basic(row: list[Any], line: int) -> Card:
    _, card_id, front, back, reverse, tags, source = row
    if type(reverse) is not bool:
        raise ValueError("reverse is not true/false")
    return BasicCard(
        checked_card_id(card_id),
        _text(front),
        _text(back),
        reverse,
        _texts(tags),
        _optional(source),
        _whole(line, 0, _MAX_LINE),
    )


def _cloze(row: list[Any], line: int) -> Card:
    _, card_id, text, plain, deletions, tags, source = row
    plain = _text(plain)
    checked = []
    for number, answer, hint, start, end in deletions:
        begins = _whole(start, 0, len(plain))
        checked.append(
            ClozeDeletion(
                _whole(number, 1, MAX_CLOZE_NUMBER),
                _text(answer),
                _optional(hint),
                begins,
                _whole(end, begins, len(plain)),
            )
        )
    return ClozeCard(
        checked_card_id(card_id),
        _text(text),
        plain,
        tuple(checked),
        _texts(tags),
        _optional(source),
        _whole(line, 0, _MAX_LINE),
    )


def _choice(row: list[Any], line: int) -> Card:
    _, card_id, question, choices, answer, explanation, tags, source = row
    choices = _texts(choices)
    if _text(answer) not in choices:
        raise ValueError("the answer is not one of the choices")
    return ChoiceCard(
        checked_card_id(card_id),
        _text(question),
        choices,
        answer,
        _optional(explanation),
        _texts(tags),
        _optional(source),
        _whole(line, 0, _MAX_LINE),
    )


def _interview(row: list[Any], line: int) -> Card:
    _, card_id, prompt, answer, key_points, time_limit, follow_ups, pitfalls, tags, source = row
    return InterviewCard(
        checked_card_id(card_id),
        _text(prompt),
        _text(answer),
        _texts(key_points),
        _whole(time_limit, *TIME_LIMIT_RANGE),
        _texts(follow_ups),
        _texts(pitfalls),
        _texts(tags),
        _optional(source),
        _whole(line, 0, _MAX_LINE),
    )


_DECODERS = {"basic": _basic, "cloze": _cloze, "choice": _choice, "interview": _interview}


# ---- writing


def _fields(card: Card) -> list[Any]:
    if isinstance(card, BasicCard):
        return ["basic", card.id, card.front, card.back, card.reverse, card.tags, card.source]
    if isinstance(card, ClozeCard):
        deletions = [[d.number, d.answer, d.hint, d.start, d.end] for d in card.deletions]
        return ["cloze", card.id, card.text, card.plain, deletions, card.tags, card.source]
    if isinstance(card, ChoiceCard):
        return [
            "choice",
            card.id,
            card.question,
            card.choices,
            card.answer,
            card.explanation,
            card.tags,
            card.source,
        ]
    return [
        "interview", card.id, card.prompt, card.answer, card.key_points, card.time_limit,
        card.follow_ups, card.pitfalls, card.tags, card.source,
    ]  # fmt: skip


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def fields(card: Card) -> list[Any]:
    """The card's row as plain data (its line apart: see the module's note)."""
    return _fields(card)


def encode(row: list[Any]) -> str:
    """A row from ``fields`` as JSON text."""
    return _encode(row)


def digest(card: Card) -> bytes:
    """A short digest of everything a card holds but its line, to tell an edited card without encoding it.

    The card's fields as a tuple (attrgetter, at C speed) through marshal's
    version 2, which writes the same bytes for the same values (no
    back-references, which depend on reference counts); only ever hashed
    here, never read back. A deck of 100,000 cards is digested in a fraction
    of the time encoding every card would take.
    """
    kind = type(card)
    if kind is ClozeCard:
        assert isinstance(card, ClozeCard)
        values: tuple[Any, ...] = ("cloze", _CLOZE(card), tuple(map(_DELETION, card.deletions)))
    else:
        values = (kind.__name__, _FIELDS[kind](card))
    return _blake2b(marshal.dumps(values, 2), digest_size=8).digest()


_FIELDS: dict[type, Any] = {
    BasicCard: attrgetter("id", "front", "back", "reverse", "tags", "source"),
    ChoiceCard: attrgetter("id", "question", "choices", "answer", "explanation", "tags", "source"),
    InterviewCard: attrgetter(
        "id", "prompt", "answer", "key_points", "time_limit", "follow_ups", "pitfalls", "tags", "source"
    ),
}
_CLOZE = attrgetter("id", "text", "plain", "tags", "source")
_DELETION = attrgetter("number", "answer", "hint", "start", "end")


def decode(text: str, line: int) -> Card:
    """The card a row written by ``encode`` holds, checked field by field; ValueError when it is not one."""
    return decode_all([(text, line)])[0]


def decode_all(rows: list[tuple[str, int]]) -> list[Card]:
    """Many rows at once: one scan for control characters and one JSON parse for all of them (a whole deck)."""
    texts = [text for text, _ in rows]
    if any(type(text) is not str for text in texts):
        raise ValueError("not a row")
    return decode_joined("[" + ",".join(texts) + "]", [line for _, line in rows])


def decode_joined(joined: str, lines: list[int]) -> list[Card]:
    """Rows already joined into one JSON array (by the index's query), with each row's line."""
    if type(joined) is not str or type(lines) is not list:
        raise ValueError("not rows")
    data = joined.encode("utf-8", "surrogatepass")
    # A memchr-speed look first (a control character can only be an escape, DEL, or C1 after 0xC2 in UTF-8).
    if (b"\\u00" in data or b"\x7f" in data or b"\xc2" in data) and _UNSAFE_BYTES.search(data) is not None:
        raise ValueError("not a clean row")
    parsed = json.loads(joined)
    if type(parsed) is not list or len(parsed) != len(lines):
        raise ValueError("not one row each")  # a row holding "],[" or the like
    cards = []
    for row, line in zip(parsed, lines, strict=True):
        if type(row) is not list or not row:
            raise ValueError("not a row")
        cards.append(_DECODERS[row[0]](row, _whole(line, 0, _MAX_LINE)))
    return cards
