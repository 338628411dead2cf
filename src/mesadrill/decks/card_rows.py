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


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("not a list of text")
    "".join(value)  # a TypeError (a miss) unless every element is text; at C speed
    return tuple(value)


def _whole(value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError("not a whole number in range")
    return value


_CARD_IDS = re.compile(f"(?:{CARD_ID.pattern}\n)*{CARD_ID.pattern}")


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


# The decoders below check every field inline (type, range) rather than in a
# helper per field: reading every card of a 10,000-card deck builds 12,000
# records, and a call per field was a quarter of that work. ``line`` and
# the card id are checked by the caller (``decode_rows``: the ids all at
# once). A list of texts is checked with one join, in C.


def _basic(row: list[Any], line: int) -> Card:
    _, card_id, front, back, reverse, tags, source = row
    if (
        type(front) is not str
        or type(back) is not str
        or type(reverse) is not bool
        or type(tags) is not list
        or (source is not None and type(source) is not str)
    ):
        raise ValueError("not a basic card's row")
    "".join(tags)  # a TypeError unless every tag is text
    return BasicCard(card_id, front, back, reverse, tuple(tags), source, line)


def _cloze(row: list[Any], line: int) -> Card:
    _, card_id, text, plain, deletions, tags, source = row
    if (
        type(text) is not str
        or type(plain) is not str
        or type(deletions) is not list
        or type(tags) is not list
        or (source is not None and type(source) is not str)
    ):
        raise ValueError("not a cloze card's row")
    size = len(plain)
    checked = []
    for number, answer, hint, start, end in deletions:
        if (
            type(number) is not int
            or not 1 <= number <= MAX_CLOZE_NUMBER
            or type(answer) is not str
            or (hint is not None and type(hint) is not str)
            or type(start) is not int
            or type(end) is not int
            or not 0 <= start <= end <= size
        ):
            raise ValueError("not a cloze deletion")
        checked.append(ClozeDeletion(number, answer, hint, start, end))
    "".join(tags)
    return ClozeCard(card_id, text, plain, tuple(checked), tuple(tags), source, line)


def _choice(row: list[Any], line: int) -> Card:
    _, card_id, question, choices, answer, explanation, tags, source = row
    if (
        type(question) is not str
        or type(choices) is not list
        or type(answer) is not str
        or (explanation is not None and type(explanation) is not str)
        or type(tags) is not list
        or (source is not None and type(source) is not str)
    ):
        raise ValueError("not a choice card's row")
    "".join(choices)
    "".join(tags)
    if answer not in choices:
        raise ValueError("the answer is not one of the choices")
    return ChoiceCard(card_id, question, tuple(choices), answer, explanation, tuple(tags), source, line)


_SHORTEST, _LONGEST = TIME_LIMIT_RANGE


def _interview(row: list[Any], line: int) -> Card:
    _, card_id, prompt, answer, key_points, time_limit, follow_ups, pitfalls, tags, source = row
    if (
        type(prompt) is not str
        or type(answer) is not str
        or type(time_limit) is not int
        or not _SHORTEST <= time_limit <= _LONGEST
        or (source is not None and type(source) is not str)
    ):
        raise ValueError("not an interview card's row")
    for listed in (key_points, follow_ups, pitfalls, tags):
        if type(listed) is not list:
            raise ValueError("not a list of text")
        "".join(listed)
    return InterviewCard(
        card_id,
        prompt,
        answer,
        tuple(key_points),
        time_limit,
        tuple(follow_ups),
        tuple(pitfalls),
        tuple(tags),
        source,
        line,
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
    return decode_rows([text.encode("utf-8", "surrogatepass")], [line])[0]


def decode_rows(bodies: list[bytes], lines: list[int]) -> list[Card]:
    """Rows as the index holds them (each body's bytes: ``CAST(body AS BLOB)``), with each row's line.

    One scan for control characters and one JSON parse for them all (a
    whole deck): the bytes are joined into one JSON array, looked at while
    still bytes (at memchr speed), and parsed. Reading them as bytes spares
    SQLite's and Python's decoding of each row and an encoding back for the
    scan: about 10 ms of a 10,000-card deck.
    """
    if type(bodies) is not list or type(lines) is not list or len(bodies) != len(lines):
        raise ValueError("not rows")
    data = b"[" + b",".join(bodies) + b"]"  # a TypeError unless every body is bytes
    # A memchr-speed look first: a control character can only be an escape, DEL, or C1 (after 0xC2
    # in UTF-8); a raw one below 0x20 is refused by the JSON parser itself.
    if (b"\\u00" in data or b"\x7f" in data or b"\xc2" in data) and _UNSAFE_BYTES.search(data) is not None:
        raise ValueError("not a clean row")
    parsed = json.loads(data)  # bytes that are not UTF-8: a UnicodeDecodeError, a ValueError
    if type(parsed) is not list or len(parsed) != len(lines):
        raise ValueError("not one row each")  # a row holding "],[" or the like
    cards = []
    for row, line in zip(parsed, lines, strict=True):
        if type(row) is not list or not row or type(line) is not int or not 0 <= line <= _MAX_LINE:
            raise ValueError("not a row")
        cards.append(_DECODERS[row[0]](row, line))
    # Every card id at once: one line each (no id holds a line break), one match over them all.
    ids = "\n".join([card.id for card in cards])  # a TypeError unless each is text
    if cards and (ids.count("\n") != len(cards) - 1 or _CARD_IDS.fullmatch(ids) is None):
        raise ValueError("not a card id")
    return cards
