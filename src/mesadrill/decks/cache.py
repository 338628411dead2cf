"""Parsed decks kept between runs in the deck index, so an unchanged deck file is not read again.

A deck file whose size, modification and change times, inode and device
all match what the index noted when it last read the file is not read at
all: the deck comes back built on the index (``indexed_deck``), and its
cards load when shown. A file changed shortly before it was last read
("racy", see ``index_db.RACY_NS``) is read and hashed (BLAKE2b) once more,
as git does; anything else is read, and when its bytes are as indexed only
its stat is noted again. A file whose bytes changed is parsed, and the index
rewrites only the rows that changed; when the file was indexed before and
cuts into one piece per card, only the pieces that changed are parsed
(``reindex``). Only decks without errors are kept, so
a broken deck reports its errors on every load; warnings are kept with the
deck and come back on a hit.

The index is a cache: damaged, of another format, from another build,
unreadable or not a regular file, it is a miss (remade or left unused),
never an error, and writing to it is best effort. ``--no-cache`` or
``MESADRILL_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mesadrill import __version__
from mesadrill.core.model import Deck
from mesadrill.decks.index_db import DeckIndex, FileRow, IndexUnusable, decode_header, decode_problems, open_index
from mesadrill.decks.indexed_deck import IndexedSource
from mesadrill.decks.load import load_deck_file, parse_deck, read_deck_bytes
from mesadrill.decks.result import LoadResult
from mesadrill.env import paths

try:  # hashlib would load OpenSSL first, 3 ms at every start, for a hash Python has built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the builtin module
    from hashlib import blake2b

# The modules whose code decides what a parsed deck holds: an edit to any of
# them makes every entry a miss. Named by module, not by file, so a move that
# leaves a name behind fails loudly (tests/test_deckcache.py) instead of
# silently no longer invalidating the cache.
LOADER_MODULES = (
    "mesadrill.core.cleantext",
    "mesadrill.core.errors",
    "mesadrill.core.cards",
    "mesadrill.core.model",
    "mesadrill.core.record_templates",
    "mesadrill.core.record_fill",
    "mesadrill.core.record_assign",
    "mesadrill.core.record_compare",
    "mesadrill.core.records",
    "mesadrill.core.suggest",
    "mesadrill.decks.cache",
    "mesadrill.decks.card_pieces",
    "mesadrill.decks.card_rows",
    "mesadrill.decks.card_search",
    "mesadrill.decks.cloze",
    "mesadrill.decks.collector",
    "mesadrill.decks.fields",
    "mesadrill.decks.format",
    "mesadrill.decks.index_db",
    "mesadrill.decks.index_writes",
    "mesadrill.decks.indexed_deck",
    "mesadrill.decks.load",
    "mesadrill.decks.parse",
    "mesadrill.decks.reindex",
    "mesadrill.decks.result",
    "mesadrill.decks.yamlhints",
    "mesadrill.decks.yamlsafe",
)

# How many decks were parsed, came from the index, and were read and hashed
# in this process: the tests read these to tell a hit from a miss.
parsed = 0
hits = 0
hashed = 0
reindexed = 0  # parsed only in the pieces that changed (``reindex``)


def enabled() -> bool:
    return os.environ.get("MESADRILL_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    return paths.cache_dir() / "decks"


def index_path() -> Path:
    return paths.deck_index_path()


_open: tuple[Path, DeckIndex | None] | None = None


def _index() -> DeckIndex | None:
    """This process's index (opened once; again if the cache folder changes); None when it cannot be used."""
    global _open
    where = index_path()
    if _open is None or _open[0] != where:
        if _open is not None and _open[1] is not None:
            _open[1].close()  # decks built on it parse their file if asked anything more
        try:
            _open = (where, open_index(where, _build_stamp()))
        except IndexUnusable:
            _open = (where, None)
    return _open[1]


def load(path: Path) -> LoadResult:
    """What ``decks.load_deck_file`` gives, from the index when the file is unchanged."""
    global parsed, hits, hashed, reindexed
    index = _index() if enabled() else None
    if index is None:
        parsed += 1
        return load_deck_file(path)
    try:
        info = path.stat()
        resolved = str(path.resolve())
    except (OSError, RuntimeError):
        parsed += 1
        return load_deck_file(path)  # reports the problem with the file
    row = _lookup(index, resolved)
    if row is not None and row.same_stat(info) and not row.racy:
        found = _from_index(index, row, path)
        if found is not None:
            hits += 1
            return found
    data = read_deck_bytes(path)
    if isinstance(data, LoadResult):
        _best_effort(index.forget, resolved)
        return data
    hashed += 1
    digest = blake2b(data).hexdigest()
    if row is not None and row.digest == digest and row.size == len(data):
        found = _from_index(index, row, path)
        if found is not None:
            _best_effort(index.mark_read, row, info)  # the same bytes: note the stat, keep every row
            hits += 1
            return found
    if row is not None:
        found = _reindexed(index, row, data, path, info, digest)
        if found is not None:
            reindexed += 1
            return found
    parsed += 1
    result = parse_deck(data, path)
    if result.deck is None:
        _best_effort(index.forget, resolved)  # errors are never kept: reported on every load
    elif _best_effort(index.store, resolved, info, digest, result.deck, result.warnings, _sources(data, result.deck)):
        _best_effort(index.prune)
    return result


def _reindexed(
    index: DeckIndex, row: FileRow, data: bytes, path: Path, info: os.stat_result, digest: str
) -> LoadResult | None:
    """An edited deck brought up to date by parsing only the cards that changed, or None (parse it all)."""
    from mesadrill.decks import reindex

    if not reindex.reindex(index, row, data, path, info, digest):
        return None
    fresh = _lookup(index, row.path)
    return None if fresh is None else _from_index(index, fresh, path)


def _sources(data: bytes, deck: Deck) -> list[bytes] | None:
    """The digest of each card's piece of the file, when the file cuts into one piece per card."""
    from mesadrill.decks import card_pieces

    pieces = card_pieces.split(data)
    if pieces is None or pieces.lines != [card.line for card in deck.cards]:
        return None
    return card_pieces.digests(data, pieces)


def _lookup(index: DeckIndex, resolved: str) -> FileRow | None:
    try:
        return index.lookup(resolved)
    except (sqlite3.Error, TypeError):
        return None


def _from_index(index: DeckIndex, row: FileRow, path: Path) -> LoadResult | None:
    """The deck built on the index, or None when the file row does not check out."""
    try:
        deck_id, title, description, tags, scheduler = decode_header(row)
        problems = decode_problems(row, str(path))
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None
    source = IndexedSource(index, row, deck_id, _parse_again, path)
    return LoadResult(path, Deck(deck_id, title, description, None, tags, path, scheduler, source=source), problems)


def _parse_again(path: Path) -> Deck | None:
    """For a deck whose index rows turned out not to check out mid-session."""
    return load_deck_file(path).deck


def _best_effort(write: Callable[..., None], *arguments: Any) -> bool:
    """A write to the index; False when it could not be made (busy, read-only, full...): a miss next time."""
    try:
        write(*arguments)
    except (sqlite3.Error, OSError, UnicodeEncodeError):
        return False
    return True


_stamp: str | None = None


def _build_stamp() -> str:
    """This mesadrill's version and its loader's source files, as one string.

    An entry written by any other build (an upgrade, or a developer's edit
    to the loader without a version bump) is a miss.
    """
    global _stamp
    if _stamp is None:
        parts = [__version__]
        for name in LOADER_MODULES:
            try:
                info = os.stat(loader_module_path(name))
                parts.append(f"{info.st_size}.{info.st_mtime_ns}")
            except OSError:
                parts.append("-")  # a wheel installed without sources: the version alone decides
        _stamp = "/".join(parts)
    return _stamp


def loader_module_path(name: str) -> Path:
    """The source file of one of LOADER_MODULES, found without importing it."""
    return Path(_PACKAGE_ROOT, *name.split(".")[1:-1], name.rpartition(".")[2] + ".py")


# src/mesadrill, resolved once: each start stamps two dozen loader modules (a resolve is a few syscalls each).
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
