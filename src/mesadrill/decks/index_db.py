"""The deck index: parsed decks kept in one SQLite file in the cache folder.

One row per deck file (its stat fields, the BLAKE2b of its bytes when last
read, the deck's own fields), one per card (its row from ``card_rows`` and a
short digest of it) and one per review item (id, kind, the card it belongs
to), each keyed by the file and a place in the deck. A start asks it only
what it needs: whether a file is unchanged, how many items a deck has,
where some item ids stand, the next few ids in order, the cards of the
items shown. Nothing here is trusted: a row read back is checked
(``card_rows.decode``), and an index that is damaged, of another format or
from another build is emptied or set aside, never an error (it is a cache:
every row can be made again from the deck files).

Concurrency: the file is in WAL mode, so readers never wait for a writer.
A write (indexing a deck) waits at most ``_WRITE_WAIT`` for another process
indexing at the same time, then gives up: that process's rows serve the next
start, and this one goes on with the deck it parsed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from mesadrill.core.cards import Card
from mesadrill.core.errors import Problem
from mesadrill.core.model import Deck
from mesadrill.decks import card_rows, card_search, index_writes
from mesadrill.decks.format import DECK_ID

FORMAT = 5  # bump when the tables change: an index of another format is emptied and made again
_WRITE_WAIT = 0.2  # seconds a write waits for another process's
# A file changed within this long before it was read may change again within
# the same timestamp tick (FAT keeps 2 s; ext4 and APFS far less), so it is
# "racy" and read again once on its next start, as git does.
RACY_NS = 2_000_000_000
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (
    file_id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: rows keyed by it (search) never outlive their file
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, device INTEGER NOT NULL,
    digest TEXT NOT NULL,       -- BLAKE2b of the file's bytes when it was last read
    read_ns INTEGER NOT NULL,   -- when that was (for the racy check)
    generation INTEGER NOT NULL,
    deck TEXT NOT NULL,         -- JSON: [id, title, description, tags, scheduler]
    problems TEXT NOT NULL,     -- JSON: the warnings, [[line, column, message], ...]
    card_count INTEGER NOT NULL,
    item_count INTEGER NOT NULL
);
CREATE TABLE cards (
    file_id INTEGER NOT NULL, position INTEGER NOT NULL,
    card_id TEXT NOT NULL, line INTEGER NOT NULL,
    digest BLOB NOT NULL,       -- card_rows.digest: tells an edited card without reading its body
    first_item INTEGER NOT NULL, item_total INTEGER NOT NULL,  -- where its review items stand
    body TEXT NOT NULL,
    source BLOB NOT NULL,       -- card_pieces.digests: the card's piece of the file, or empty when not cut
    PRIMARY KEY (file_id, position)
) WITHOUT ROWID;
CREATE INDEX cards_by_id ON cards (file_id, card_id);
CREATE TABLE items (
    file_id INTEGER NOT NULL, position INTEGER NOT NULL,
    item_id TEXT NOT NULL, kind TEXT NOT NULL, card_position INTEGER NOT NULL,
    PRIMARY KEY (file_id, position)
) WITHOUT ROWID;
CREATE INDEX items_by_id ON items (file_id, item_id);
"""

# How many rows this process wrote, for the tests to tell a partial re-index from a whole one.
rows_written = 0


class IndexUnusable(Exception):
    """The index cannot be used in this process (damaged, not a regular file, unwritable folder...)."""


class FileRow(NamedTuple):  # not a dataclass: making one costs milliseconds at every start
    file_id: int
    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int
    digest: str
    read_ns: int
    generation: int
    deck: str
    problems: str
    card_count: int
    item_count: int

    def same_stat(self, info: os.stat_result) -> bool:
        """Size, modification and change times, inode and device all as when the file was read."""
        return (
            self.size == info.st_size
            and self.mtime_ns == info.st_mtime_ns
            and self.ctime_ns == info.st_ctime_ns
            and self.inode == info.st_ino
            and self.device == info.st_dev
        )

    @property
    def racy(self) -> bool:
        """Changed so shortly before it was read that a later change may have kept every stat field."""
        return max(self.mtime_ns, self.ctime_ns) + RACY_NS >= self.read_ns


_FILE_COLUMNS = (
    "file_id, path, size, mtime_ns, ctime_ns, inode, device, digest, read_ns, generation, "
    "deck, problems, card_count, item_count"
)


class DeckIndex:
    """One open index file; made by ``open_index``."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._reading = False
        self.snapshot = 0  # counts read snapshots begun, so a source knows when to look again
        self._before_end: list[Callable[[], None]] = []

    # ---- reading

    def lookup(self, path: str) -> FileRow | None:
        self.end_reading()
        rows = self.connection.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE path = ?", (path,)).fetchall()
        return FileRow(*rows[0]) if rows else None

    def reading(self) -> sqlite3.Connection:
        """The connection inside one read snapshot: every read until the next write sees the same index."""
        if not self._reading:
            self.connection.execute("BEGIN")
            self._reading = True
            self.snapshot += 1
        return self.connection

    def end_reading(self) -> None:
        if self._reading:
            while self._before_end:  # reads that must see this snapshot (each one catches its own errors)
                reads, self._before_end = self._before_end, []
                for read in reads:
                    read()
            self._reading = False
            self.connection.execute("COMMIT")

    def before_snapshot_ends(self, read: Callable[[], None]) -> None:
        """Have ``read`` run inside the current read snapshot, before it ends (see ``reading``)."""
        self._before_end.append(read)

    def generation(self, file_id: int) -> int | None:
        rows = self.reading().execute("SELECT generation FROM files WHERE file_id = ?", (file_id,)).fetchall()
        return rows[0][0] if rows else None

    # ---- writing

    def mark_read(self, row: FileRow, info: os.stat_result) -> None:
        """The file was read again and its bytes are as indexed: keep its rows, note its stat now."""
        with self._writing() as connection:
            connection.execute(
                "UPDATE files SET mtime_ns = ?, ctime_ns = ?, inode = ?, device = ?, read_ns = ? "
                "WHERE file_id = ? AND generation = ?",
                (
                    info.st_mtime_ns,
                    info.st_ctime_ns,
                    info.st_ino,
                    info.st_dev,
                    time.time_ns(),
                    row.file_id,
                    row.generation,
                ),
            )

    def forget(self, path: str) -> None:
        """A file that now has errors (never kept) or is gone: its rows go."""
        with self._writing() as connection:
            index_writes.delete_file(connection, path)

    def card_keys(self, row: FileRow) -> list[index_writes.CardKey] | None:
        """Every indexed card's key (id, line, digests, items' place), in order; None when re-indexed since ``row``."""
        connection = self.reading()
        if self.generation(row.file_id) != row.generation:
            return None
        return index_writes.old_keys(connection, row.file_id)

    def store(
        self,
        path: str,
        info: os.stat_result,
        digest: str,
        deck: Deck,
        warnings: Sequence[Problem],
        sources: Sequence[bytes] | None = None,
    ) -> None:
        """Index a freshly parsed deck, writing only the rows that differ from what is there.

        ``sources``: the digest of each card's piece of the file
        (``card_pieces``), when the file was cut into one piece per card.
        """
        global rows_written
        cards = deck.cards
        places = {id(card): place for place, card in enumerate(cards)}
        items = [(item.item_id, item.kind.value, places[id(item.card)]) for item in deck.items]
        first_item = [0] * len(cards)
        item_total = [0] * len(cards)
        for position, (_, _, place) in enumerate(items):
            if not item_total[place]:
                first_item[place] = position
            item_total[place] += 1
        keys = list(
            zip(
                [card.id for card in cards],
                [card.line for card in cards],
                map(card_rows.digest, cards),
                first_item,
                item_total,
                sources if sources is not None else [b""] * len(cards),
                strict=True,
            )
        )
        header = (deck.id, deck.title, deck.description, deck.tags, deck.scheduler)
        with self._writing() as connection:
            file_id = index_writes.file_row(
                connection, path, info, digest, header, warnings, len(cards), len(items), None
            )
            assert file_id is not None
            rows_written += index_writes.write_deck(connection, file_id, cards, keys, items)
            card_search.update(connection, file_id, deck.id, cards)  # the search rows, in the same transaction

    def store_pieces(
        self,
        row: FileRow,
        info: os.stat_result,
        digest: str,
        header: tuple[str, str, str, tuple[str, ...], str | None],
        counts: tuple[int, int],
        pieces: tuple[Sequence[int | None], Sequence[int], Sequence[bytes]],
        fresh: Mapping[int, Card],
        old: list[index_writes.CardKey],
    ) -> bool:
        """Index a deck re-read piece by piece (see ``index_writes.write_pieces``); False when it was re-indexed since ``row``.

        ``old``: ``card_keys(row)``, which the rows still are if ``row``'s generation is.
        """
        global rows_written
        reuse, lines, sources = pieces
        with self._writing() as connection:
            expected = (row.file_id, row.generation)
            file_id = index_writes.file_row(connection, row.path, info, digest, header, (), *counts, expected)
            if file_id is None:
                return False
            rows_written += index_writes.write_pieces(connection, file_id, header[0], old, reuse, lines, sources, fresh)
            card_search.update(connection, file_id, header[0], fresh)  # the search rows, in the same transaction
        return True

    def prune(self) -> None:
        """Rows of deck files that no longer exist go (best effort; called after a write)."""
        paths = [path for (path,) in self.connection.execute("SELECT path FROM files").fetchall()]
        gone = [path for path in paths if not os.path.exists(path)]
        if gone:
            with self._writing() as connection:
                for path in gone:
                    index_writes.delete_file(connection, path)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        self.end_reading()
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.end_reading()
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()


def decode_header(row: FileRow) -> tuple[str, str, str, tuple[str, ...], str | None]:
    """The deck's own fields from a file row, checked; ValueError when they are not deck data."""
    deck_id, title, description, tags, scheduler = json.loads(row.deck)
    if type(deck_id) is not str or DECK_ID.fullmatch(deck_id) is None:
        raise ValueError("not a deck id")
    if scheduler not in (None, "sm2", "fsrs"):
        raise ValueError("not a scheduler")
    if type(row.card_count) is not int or type(row.item_count) is not int or min(row.card_count, row.item_count) < 0:
        raise ValueError("not a count")
    return (
        deck_id,
        card_rows.clean_text(title),
        card_rows.clean_text(description),
        card_rows.clean_texts(tags),
        scheduler,
    )


def decode_problems(row: FileRow, shown: str) -> list[Problem]:
    """The warnings kept with the deck (errors are never kept), checked."""
    return [
        Problem(shown, card_rows.whole(line), card_rows.whole(column), card_rows.clean_text(message), "warning")
        for line, column, message in json.loads(row.problems)
    ]


# ---- opening


def open_index(path: Path, stamp: str) -> DeckIndex:
    """The index at ``path`` for this build (``stamp``), made or emptied as needed; IndexUnusable if it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise IndexUnusable(f"{path} is not a regular file")  # a symlink, FIFO or device put there
        try:
            return _open(path, stamp)
        except sqlite3.DatabaseError as error:
            if not _damaged(error):
                raise  # busy (another process making it right now) or unwritable: no index this time
            # Damaged or not an index at all: it is only a cache, so it is set aside and made again.
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{path}{suffix}")
            return _open(path, stamp)
    except (OSError, sqlite3.Error) as error:
        raise IndexUnusable(str(error)) from error


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether the file is not a sound SQLite database (as opposed to busy, locked or read-only)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    return name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in text or "malformed" in text


def _open(path: Path, stamp: str) -> DeckIndex:
    connection = sqlite3.connect(path, isolation_level=None, timeout=_WRITE_WAIT, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")  # a cache: a lost last write is a miss, never damage
        found: dict[str, Any] = {}
        with contextlib.suppress(sqlite3.OperationalError):  # no meta table: a new file
            found = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if found.get("format") != str(FORMAT) or found.get("stamp") != stamp:
            _remake(connection, stamp, same_format=found.get("format") == str(FORMAT))
    except BaseException:
        connection.close()
        raise
    return DeckIndex(connection, path)


def _remake(connection: sqlite3.Connection, stamp: str, *, same_format: bool) -> None:
    """Empty the index for this build (another build's rows may describe a deck differently)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = dict(connection.execute("SELECT key, value FROM meta").fetchall()) if same_format else {}
        if found.get("format") == str(FORMAT) and found.get("stamp") == stamp:
            connection.execute("COMMIT")  # another process made it meanwhile
            return
        if same_format:
            for table in ("cards", "items", "files", "meta"):
                connection.execute(f"DELETE FROM {table}")
        else:
            # Virtual (FTS5) tables first, which drop their own shadow tables; SQLite's own stay.
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                "ORDER BY sql LIKE 'CREATE VIRTUAL%' DESC"
            ).fetchall()
            for (name,) in tables:
                connection.execute(f'DROP TABLE IF EXISTS "{name}"')
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [("format", str(FORMAT)), ("stamp", stamp)])
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
