"""Parsed decks kept between runs, so an unchanged deck file is not parsed again.

Parsing YAML is most of the time it takes to load a big deck; reading the
same deck back from JSON is many times faster. A deck file whose resolved
path, size, modification time and content hash (BLAKE2b of its bytes) all
match an entry written by this very build of mesadrill is rebuilt from that
entry; anything else is parsed as usual and, when it has no errors, written
back. Only decks without errors are kept, so a broken deck reports its errors
on every load; warnings are kept with the deck and come back on a hit.

The cache folder is writable by the user, so an entry is only ever data:
JSON (never pickle or marshal), a header line that must match exactly and
holds the payload's CRC-32 (against damage; the file's identity is the
BLAKE2b key), then the payload. Anything unreadable, damaged,
truncated, of another shape or from another version is a miss, never an
error, and writing an entry is best effort (a read-only or full cache folder
just means no cache). ``--no-cache`` or ``MESADRILL_NO_CACHE=1`` turns the
cache off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import zlib
from pathlib import Path
from typing import Any

from mesadrill import __version__
from mesadrill.core.errors import Problem
from mesadrill.core.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    ClozeDeletion,
    Deck,
    InterviewCard,
)
from mesadrill.decks.cloze import MAX_CLOZE_NUMBER
from mesadrill.decks.collector import collector_paused
from mesadrill.decks.format import CARD_ID, DECK_ID, TIME_LIMIT_RANGE
from mesadrill.decks.load import load_deck_file, parse_deck, read_deck_bytes
from mesadrill.decks.result import LoadResult
from mesadrill.env import paths

try:  # hashlib would load OpenSSL first, 3 ms at every start, for a hash Python has built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the builtin module
    from hashlib import blake2b

FORMAT = 1  # bump when the entry layout changes
# The modules whose code decides what a parsed deck holds: an edit to any of
# them makes every entry a miss. Named by module, not by file, so a move that
# leaves a name behind fails loudly (tests/test_deckcache.py) instead of
# silently no longer invalidating the cache.
LOADER_MODULES = (
    "mesadrill.core.cleantext",
    "mesadrill.core.errors",
    "mesadrill.core.model",
    "mesadrill.core.suggest",
    "mesadrill.decks.cache",
    "mesadrill.decks.cloze",
    "mesadrill.decks.collector",
    "mesadrill.decks.fields",
    "mesadrill.decks.format",
    "mesadrill.decks.load",
    "mesadrill.decks.parse",
    "mesadrill.decks.result",
    "mesadrill.decks.yamlhints",
    "mesadrill.decks.yamlsafe",
)

# How many decks were parsed and how many came from the cache in this
# process: the tests read these to tell a hit from a miss.
parsed = 0
hits = 0


def enabled() -> bool:
    return os.environ.get("MESADRILL_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    return paths.cache_dir() / "decks"


def load(path: Path) -> LoadResult:
    """What ``decks.load_deck_file`` gives, from the cache when the file is unchanged."""
    global parsed, hits
    if not enabled():
        parsed += 1
        return load_deck_file(path)
    try:
        info = path.stat()
        resolved = str(path.resolve())
    except (OSError, RuntimeError):
        parsed += 1
        return load_deck_file(path)  # reports the problem with the file
    data = read_deck_bytes(path)
    if isinstance(data, LoadResult):
        return data
    key = [_build_stamp(), resolved, info.st_size, info.st_mtime_ns, blake2b(data).hexdigest()]
    entry = _entry_path(resolved)
    found = _read_entry(entry, key, path, _entry_limit(info.st_size))
    if found is not None:
        hits += 1
        return found
    parsed += 1
    result = parse_deck(data, path)
    if result.deck is not None:
        _write_entry(entry, key, result)
    return result


_stamp: str | None = None


def _build_stamp() -> str:
    """This mesadrill's version and its loader's source files, as one string.

    An entry written by any other build (an upgrade, or a developer's edit
    to the loader without a version bump) is a miss.
    """
    global _stamp
    if _stamp is None:
        parts = [__version__, str(FORMAT)]
        for name in LOADER_MODULES:
            try:
                info = loader_module_path(name).stat()
                parts.append(f"{info.st_size}.{info.st_mtime_ns}")
            except OSError:
                parts.append("-")  # a wheel installed without sources: the version alone decides
        _stamp = "/".join(parts)
    return _stamp


def loader_module_path(name: str) -> Path:
    """The source file of one of LOADER_MODULES, found without importing it."""
    package_root = Path(__file__).resolve().parent.parent  # src/mesadrill
    return package_root.joinpath(*name.split(".")[1:]).with_suffix(".py")


def _entry_limit(deck_size: int) -> int:
    """The most bytes an entry for a deck file of ``deck_size`` bytes can need."""
    return 4 * deck_size + (1 << 20)


def _entry_path(resolved: str) -> Path:
    return folder() / f"{blake2b(resolved.encode('utf-8', 'surrogateescape'), digest_size=16).hexdigest()}.json"


# ---- reading


def _read_entry(entry: Path, key: list[Any], path: Path, limit: int) -> LoadResult | None:
    """An entry, only if it is a regular file of at most ``limit`` bytes holding valid deck data.

    Opened without following a symlink and without blocking (a FIFO or a
    device put in the cache folder is a miss, not a hang or an endless read).
    """
    try:
        descriptor = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            header_line = handle.readline(4096)
            payload = handle.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    if len(payload) > limit or (_may_be_unsafe(payload) and _UNSAFE.search(payload) is not None):
        return None  # too big, or a terminal control character the parser would have removed
    try:
        header = json.loads(header_line)
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        if header.get("payload_crc32") != zlib.crc32(payload):
            return None  # damaged or truncated
        with collector_paused():
            return _decode(json.loads(payload), path)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None


# Anyone who can write the cache folder can write an entry (its key is no
# secret), so an entry is checked as deck data: every text free of control
# characters (as JSON escapes or raw C1/DEL bytes; tab and newline are
# written as \t and \n), every field of its type, ids and numbers in range.
_UNSAFE = re.compile(rb"\\u00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|\x7f|\xc2[\x80-\x9f]")


def _may_be_unsafe(payload: bytes) -> bool:
    """A memchr-speed look first: most entries hold none of these bytes, so the regex never runs."""
    return b"\\u00" in payload or b"\x7f" in payload or b"\xc2" in payload


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


def _card_id(value: Any) -> str:
    if type(value) is not str or CARD_ID.fullmatch(value) is None:
        raise ValueError("not a card id")
    return value


def _decode(payload: dict[str, Any], path: Path) -> LoadResult:
    shown = str(path)
    problems = [
        Problem(shown, _whole(line, 0, _MAX_LINE), _whole(column, 0, _MAX_LINE), _text(message), severity)
        for line, column, message, severity in payload["problems"]
        if severity in ("error", "warning")
    ]
    deck_id, title, description, tags, rows, scheduler = payload["deck"]
    if type(deck_id) is not str or DECK_ID.fullmatch(deck_id) is None:
        raise ValueError("not a deck id")
    if scheduler not in (None, "sm2", "fsrs"):
        raise ValueError("not a scheduler")
    cards = tuple([_DECODERS[row[0]](row) for row in rows])
    return LoadResult(
        path, Deck(deck_id, _text(title), _text(description), cards, _texts(tags), path, scheduler), problems
    )


_MAX_LINE = 100_000_000


def _basic(row: list[Any]) -> Card:
    _, card_id, front, back, reverse, tags, source, line = row
    if type(reverse) is not bool:
        raise ValueError("reverse is not true/false")
    return BasicCard(
        _card_id(card_id),
        _text(front),
        _text(back),
        reverse,
        _texts(tags),
        _optional(source),
        _whole(line, 0, _MAX_LINE),
    )


def _cloze(row: list[Any]) -> Card:
    _, card_id, text, plain, deletions, tags, source, line = row
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
        _card_id(card_id),
        _text(text),
        plain,
        tuple(checked),
        _texts(tags),
        _optional(source),
        _whole(line, 0, _MAX_LINE),
    )


def _choice(row: list[Any]) -> Card:
    _, card_id, question, choices, answer, explanation, tags, source, line = row
    choices = _texts(choices)
    if _text(answer) not in choices:
        raise ValueError("the answer is not one of the choices")
    return ChoiceCard(
        _card_id(card_id),
        _text(question),
        choices,
        answer,
        _optional(explanation),
        _texts(tags),
        _optional(source),
        _whole(line, 0, _MAX_LINE),
    )


def _interview(row: list[Any]) -> Card:
    _, card_id, prompt, answer, key_points, time_limit, follow_ups, pitfalls, tags, source, line = row
    return InterviewCard(
        _card_id(card_id),
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


def _encode_card(card: Card) -> list[Any]:
    if isinstance(card, BasicCard):
        return ["basic", card.id, card.front, card.back, card.reverse, card.tags, card.source, card.line]
    if isinstance(card, ClozeCard):
        deletions = [[d.number, d.answer, d.hint, d.start, d.end] for d in card.deletions]
        return ["cloze", card.id, card.text, card.plain, deletions, card.tags, card.source, card.line]
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
            card.line,
        ]
    return [
        "interview", card.id, card.prompt, card.answer, card.key_points, card.time_limit,
        card.follow_ups, card.pitfalls, card.tags, card.source, card.line,
    ]  # fmt: skip


def _write_entry(entry: Path, key: list[Any], result: LoadResult) -> None:
    deck = result.deck
    assert deck is not None
    temporary = None
    try:
        payload = json.dumps(
            {
                "problems": [[p.line, p.column, p.message, p.severity] for p in result.problems],
                "deck": [
                    deck.id,
                    deck.title,
                    deck.description,
                    deck.tags,
                    [_encode_card(card) for card in deck.cards],
                    deck.scheduler,
                ],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        header = json.dumps({"key": key, "payload_crc32": zlib.crc32(payload)}).encode()
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=entry.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(header + b"\n" + payload)
        os.replace(temporary, entry)
        temporary = None
    except (OSError, UnicodeEncodeError):
        pass  # no cache this time (a read-only or full cache folder, a lone surrogate); the deck loaded fine
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
