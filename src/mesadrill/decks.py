"""Deck files -> typed decks, reporting every problem at once as path:line:column.

``load_deck_file`` never raises for a bad deck: it returns what it could build
and the problems it found. ``load_deck`` is the strict form for commands that
need a usable deck. The parser itself (YAML and the deck format's rules) is
in ``deckparse`` and is imported only when a deck has to be parsed: a deck
loaded from the cache never loads YAML.
"""

from __future__ import annotations

import gc
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mesadrill.core.errors import DeckError, Problem
from mesadrill.core.model import Deck

MAX_FILE_BYTES = 64 * 1024 * 1024  # a deck file larger than this is refused unread


@dataclass(slots=True)
class LoadResult:
    """A deck file's outcome: the deck when it has no errors, and every finding."""

    path: Path
    deck: Deck | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


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
        return LoadResult(path, None, [Problem(shown, 1, 1, "is a folder, not a deck file (lint the folder to check every deck in it)")])
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
        return LoadResult(path, None, [Problem(shown, 1, 1, f"the file is over {limit} MiB; decks are limited to that")])
    return data


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    A deck is hundreds of thousands of small objects and no reference
    cycles; with the collector running, each generation-2 pass re-walks
    everything built so far, which more than doubled the time to load a
    10,000-card deck. Nesting is fine: only the outermost pause resumes it.

    On the way out, everything built is moved straight to the oldest
    generation (``freeze`` then ``unfreeze``: two list splices, no walk).
    Left in the youngest, the next collection would walk all of it once
    more (6 ms for a 10,000-card deck) only to find it all alive. Anything
    else young at that moment just waits for a full collection to be freed.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def parse_deck(data: bytes, path: Path) -> LoadResult:
    """Validate the bytes of a deck file and build the deck."""
    from mesadrill import deckparse  # YAML and the format's rules: only when a deck is parsed

    return deckparse.parse_deck(data, path)


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
