"""Deck files -> typed decks, reporting every problem at once as path:line:column.

``load_deck_file`` never raises for a bad deck: it returns what it could build
and the problems it found. ``load_deck`` is the strict form for commands that
need a usable deck. The parser itself (YAML and the deck format's rules) is
in ``deckparse`` and is imported only when a deck has to be parsed: a deck
loaded from the cache never loads YAML.
"""

from __future__ import annotations

import stat
from pathlib import Path

from mesadrill.core.errors import DeckError, Problem
from mesadrill.core.model import Deck
from mesadrill.decks.result import LoadResult

MAX_FILE_BYTES = 64 * 1024 * 1024  # a deck file larger than this is refused unread


def load_deck(path: Path) -> Deck:
    """The deck in ``path``, or DeckError with every problem in it."""
    result = load_deck_file(path)
    if result.deck is None:
        raise DeckError(result.errors)
    return result.deck


def load_deck_file(path: Path) -> LoadResult:
    """Read and validate a deck file; never raises for a bad deck."""
    data = read_deck_bytes(path)
    if isinstance(data, LoadResult):
        return data
    return parse_deck(data, path)


def read_deck_bytes(path: Path) -> bytes | LoadResult:
    """The bytes of a deck file, or the LoadResult saying why it cannot be read."""
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return LoadResult(path, None, [Problem(shown, 1, 1, "no such file")])
    except OSError as error:
        return LoadResult(path, None, [Problem(shown, 1, 1, f"cannot read: {error.strerror}")])
    if stat.S_ISDIR(info.st_mode):
        return LoadResult(
            path,
            None,
            [Problem(shown, 1, 1, "is a folder, not a deck file (lint the folder to check every deck in it)")],
        )
    if not stat.S_ISREG(info.st_mode):
        return LoadResult(path, None, [Problem(shown, 1, 1, "is not a regular file")])
    if info.st_size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return LoadResult(
            path, None, [Problem(shown, 1, 1, f"the file is {info.st_size:,} bytes; decks are limited to {limit} MiB")]
        )
    try:
        with path.open("rb") as handle:
            # Ask for the size stat gave and one byte more: asking for the
            # limit would allocate 64 MiB for every read. A file that grew
            # since is read on, still never past the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as error:
        return LoadResult(path, None, [Problem(shown, 1, 1, f"cannot read: {error.strerror}")])
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return LoadResult(
            path, None, [Problem(shown, 1, 1, f"the file is over {limit} MiB; decks are limited to that")]
        )
    return data


def parse_deck(data: bytes, path: Path) -> LoadResult:
    """Validate the bytes of a deck file and build the deck."""
    from mesadrill.decks import parse as deckparse  # YAML and the format's rules: only when a deck is parsed

    return deckparse.parse_deck(data, path)
