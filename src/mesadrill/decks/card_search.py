"""Card search through the deck index: an FTS5 trigram index of every review item's text.

The browser and ``mesadrill cards QUERY`` match a free word as a
case-insensitive substring of the item's id, prompt and answer
(``search_text``). Here that text, case-folded, is kept per item in an FTS5
table with the trigram tokenizer (``case_sensitive 1``: the text and the
words are folded by Python's ``str.casefold``, so SQLite folds nothing and the
match is exactly Python's ``in``). A word of three characters or more is an
indexed phrase; a shorter one cannot use trigrams and is checked with
``instr`` on the stored text (a scan of the text, never of the cards). Every
hit is checked with ``instr`` too, so a hit is always a real substring.

Three tables, in the deck index file beside the cards (every statement is here):

- ``card_text``: the FTS5 table, one row per item; rowid ``file_id << 32 | n``,
  so one file's rows are one rowid range.
- ``card_text_cards``: per card (file, card id): the card's digest and the
  rowids its items hold, to tell which rows an edit changes.
- ``card_text_files``: per deck file, the generation of the file row its
  search rows are complete for (and the build), and the next free row number.
- ``card_text_meta``: the build the rows were written by; another build's
  are dropped at once (``_ensure_tables``).

Kept in step: ``update`` runs in the transaction that writes a deck's card
rows and rewrites the rows of the cards whose digest changed (or that came or
went). A file whose search rows were not complete before (a new deck, a
damaged table) is left uncovered, and its rows are built in full by the first
search that needs them (``build``), so indexing a new deck costs nothing more.
A file is searched through the index only when its coverage is the file row's
generation; anything else (uncovered, damaged, missing, busy) answers None
and the caller scans the cards as before: never a stale hit, never an error.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping, Sequence

from mesadrill.core.cards import Card
from mesadrill.core.model import ReviewItem, review_items

_SHIFT = 32  # a file's rows: rowid file_id << 32 | n
_MIN_TRIGRAM = 3
_TABLES = ("card_text", "card_text_cards", "card_text_files", "card_text_meta")
_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS card_text USING fts5("
    "text, item_id UNINDEXED, tokenize = 'trigram case_sensitive 1', detail = none, columnsize = 0)",
    "CREATE TABLE IF NOT EXISTS card_text_cards ("
    "file_id INTEGER NOT NULL, card_id TEXT NOT NULL, digest BLOB NOT NULL, "
    "first_row INTEGER NOT NULL, row_count INTEGER NOT NULL, PRIMARY KEY (file_id, card_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS card_text_files ("
    "file_id INTEGER PRIMARY KEY, generation INTEGER NOT NULL, stamp TEXT NOT NULL, next_row INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS card_text_meta (stamp TEXT NOT NULL)",
)

# A file's rows are complete for a generation, written by this build (the index's stamp): an index
# emptied for another build numbers its files from 1 again, and must not take old rows for its own.
_COVERED = "file_id = ? AND generation = ? AND stamp = (SELECT value FROM meta WHERE key = 'stamp')"

# Rows this process wrote to ``card_text`` (the tests tell an edit's few rows from a whole build).
rows_written = 0


def search_text(item: ReviewItem) -> str:
    """What a free word is looked for in: the item's id, prompt and answer, case-folded."""
    return f"{item.item_id}\n{item.prompt}\n{item.answer}".casefold()


def searchable(words: Sequence[str]) -> bool:
    """Whether the index can answer ``words`` (a NUL cannot be bound as text: scan instead)."""
    return bool(words) and not any("\x00" in word for word in words)


# ---- writing, in the deck index's write transaction


def _ensure_tables(connection: sqlite3.Connection) -> None:
    """Make the search tables, or empty them when they were written under another build.

    An index emptied for another build (``index_db._remake``) numbers its
    files from 1 again, so every search row of the old build is stale. FTS5
    deletes row by row, re-reading each row's text (minutes for 100,000
    items), so the tables are dropped and made again instead, at once.
    """
    for statement in _SCHEMA:
        connection.execute(statement)
    stamp = connection.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    written = connection.execute("SELECT stamp FROM card_text_meta").fetchall()
    if stamp is not None and written != [stamp]:
        for table in _TABLES:
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO card_text_meta VALUES (?)", stamp)


def update(
    connection: sqlite3.Connection, file_id: int, deck_id: str, cards: Sequence[Card] | Mapping[int, Card]
) -> None:
    """Bring one file's search rows in step with the card rows just written (``index_db.store``).

    Called inside the transaction that wrote the cards, after them, with the
    cards by place: every card, or (a deck re-read piece by piece) those
    parsed again, which are all a changed card can be. Only the rows of
    cards added, removed or changed are written. A failure here never
    fails the deck's own write: the search rows roll back to a savepoint and
    the file is left uncovered (searched by a scan until the next build).
    """
    connection.execute("SAVEPOINT card_text")
    try:
        _ensure_tables(connection)
        (generation,) = connection.execute("SELECT generation FROM files WHERE file_id = ?", (file_id,)).fetchone()
        found = connection.execute(f"SELECT next_row FROM card_text_files WHERE {_COVERED}", (file_id, generation - 1))
        next_rows = found.fetchall()
        if not next_rows:
            # Not complete before this write: left for the first search to build in full.
            connection.execute("DELETE FROM card_text_files WHERE file_id = ?", (file_id,))
        else:
            next_row = next_rows[0][0]
            # Both sides read whole and compared here, in linear time (a join on card_id would leave it
            # to the query planner, which without statistics may scan the cards once per card).
            old = {
                card_id: (digest, first, count)
                for card_id, digest, first, count in connection.execute(
                    "SELECT card_id, digest, first_row, row_count FROM card_text_cards WHERE file_id = ?", (file_id,)
                )
            }
            new = connection.execute("SELECT card_id, position, digest FROM cards WHERE file_id = ?", (file_id,))
            places = {card_id: (place, digest) for card_id, place, digest in new}
            digests = {card_id: digest for card_id, (_, digest) in places.items()}
            for card_id, (digest, first, count) in old.items():
                if digests.get(card_id) != digest:
                    _delete_rows(connection, file_id, first, count)
                    connection.execute(
                        "DELETE FROM card_text_cards WHERE file_id = ? AND card_id = ?", (file_id, card_id)
                    )
            changed = [
                cards[place] for card_id, (place, digest) in places.items() if old.get(card_id, (None,))[0] != digest
            ]
            next_row = _insert(connection, file_id, deck_id, changed, digests, next_row)
            connection.execute(
                "UPDATE card_text_files SET generation = ?, next_row = ? WHERE file_id = ?",
                (generation, next_row, file_id),
            )
    except (sqlite3.Error, KeyError, IndexError):  # KeyError: a changed card not among ``cards`` (never expected)
        connection.execute("ROLLBACK TO card_text")
        connection.execute("RELEASE card_text")
        with contextlib.suppress(sqlite3.Error):
            connection.execute("DELETE FROM card_text_files WHERE file_id = ?", (file_id,))
        return
    connection.execute("RELEASE card_text")


def build(connection: sqlite3.Connection, file_id: int, generation: int, deck_id: str, cards: Sequence[Card]) -> bool:
    """Write one file's search rows in full, in a transaction of its own; False when it could not be.

    ``cards`` are the file's cards at ``generation``; nothing is written if
    the file was indexed again since (another process), or the index is busy.
    A damaged search table is dropped and made again.
    """
    for attempt in range(2):
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            return False  # busy: another process is writing; a scan this time
        try:
            found = connection.execute("SELECT generation FROM files WHERE file_id = ?", (file_id,)).fetchall()
            if not found or found[0][0] != generation:
                connection.execute("ROLLBACK")
                return False
            _ensure_tables(connection)
            _delete_rows(connection, file_id, 0, 1 << _SHIFT)
            connection.execute("DELETE FROM card_text_cards WHERE file_id = ?", (file_id,))
            digests = dict(connection.execute("SELECT card_id, digest FROM cards WHERE file_id = ?", (file_id,)))
            next_row = _insert(connection, file_id, deck_id, cards, digests, 0)
            connection.execute(
                "INSERT OR REPLACE INTO card_text_files SELECT ?, ?, value, ? FROM meta WHERE key = 'stamp'",
                (file_id, generation, next_row),
            )
            connection.execute("COMMIT")
            return True
        except KeyError:  # a card the rows do not have: the file changed under the caller
            connection.execute("ROLLBACK")
            return False
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            if attempt == 0:
                reset(connection)  # damaged: made again, once
    return False


def reset(connection: sqlite3.Connection) -> None:
    """Drop the search tables (damaged): every file is uncovered until a search builds it again.

    FTS5 cannot drop a table whose shadow tables are missing or unreadable
    ("vtable constructor failed"); then the table's schema row is removed
    (``writable_schema``, with the schema version bumped so every connection
    reads the schema again) and its shadow tables dropped as plain tables.
    """
    with contextlib.suppress(sqlite3.Error):
        connection.execute("BEGIN IMMEDIATE")
        try:
            try:
                connection.execute("SAVEPOINT drop_fts")
                connection.execute("DROP TABLE IF EXISTS card_text")
                connection.execute("RELEASE drop_fts")
            except sqlite3.Error:
                connection.execute("ROLLBACK TO drop_fts")
                connection.execute("RELEASE drop_fts")
                (version,) = connection.execute("PRAGMA schema_version").fetchone()
                connection.execute("PRAGMA writable_schema = ON")
                connection.execute("DELETE FROM sqlite_master WHERE type = 'table' AND name = 'card_text'")
                connection.execute(f"PRAGMA schema_version = {int(version) + 1}")
                connection.execute("PRAGMA writable_schema = OFF")
            for table in (*_SHADOW_NAMES, *_TABLES[1:]):
                connection.execute(f"DROP TABLE IF EXISTS {table}")
        except sqlite3.Error:
            connection.execute("ROLLBACK")
            return
        connection.execute("COMMIT")


# The shadow tables FTS5 makes for ``card_text``.
_SHADOW_NAMES = ("card_text_data", "card_text_idx", "card_text_content", "card_text_docsize", "card_text_config")


def _insert(
    connection: sqlite3.Connection,
    file_id: int,
    deck_id: str,
    cards: Sequence[Card],
    digests: dict[str, bytes],
    next_row: int,
) -> int:
    """The rows of ``cards``' items from row number ``next_row`` on; returns the next free number."""
    global rows_written
    rows: list[tuple[int, str, str]] = []
    spans: list[tuple[int, str, bytes, int, int]] = []
    base = file_id << _SHIFT
    for card in cards:
        items = review_items(deck_id, (card,))
        spans.append((file_id, card.id, digests[card.id], next_row, len(items)))
        for item in items:
            rows.append((base + next_row, search_text(item), item.item_id))
            next_row += 1
    connection.executemany("INSERT INTO card_text (rowid, text, item_id) VALUES (?, ?, ?)", rows)
    connection.executemany("INSERT OR REPLACE INTO card_text_cards VALUES (?, ?, ?, ?, ?)", spans)
    rows_written += len(rows)
    return next_row


def _delete_rows(connection: sqlite3.Connection, file_id: int, first: int, count: int) -> None:
    if count > 0:
        base = file_id << _SHIFT
        connection.execute(
            "DELETE FROM card_text WHERE rowid BETWEEN ? AND ?", (base + first, base + first + count - 1)
        )


def forget(connection: sqlite3.Connection, file_id: int) -> None:
    """A deck file's rows go with it (inside the caller's transaction); missing or damaged tables are left be."""
    for statement in (
        "DELETE FROM card_text_files WHERE file_id = ?",
        "DELETE FROM card_text_cards WHERE file_id = ?",
    ):
        with contextlib.suppress(sqlite3.OperationalError):  # no such table: never searched
            connection.execute(statement, (file_id,))
    with contextlib.suppress(sqlite3.Error):  # uncovered already; a damaged table is remade by the next build
        _delete_rows(connection, file_id, 0, 1 << _SHIFT)


# ---- reading


def covered(connection: sqlite3.Connection, file_id: int, generation: int) -> bool:
    """Whether the file's search rows are complete for ``generation`` (False when the tables are missing)."""
    try:
        return bool(
            connection.execute(f"SELECT 1 FROM card_text_files WHERE {_COVERED}", (file_id, generation)).fetchall()
        )
    except sqlite3.Error:
        return False


def find(connection: sqlite3.Connection, file_id: int, words: Sequence[str]) -> list[str]:
    """The ids of the file's items whose text holds every word (case-insensitive); raises sqlite3.Error.

    The caller has checked ``covered`` in the same read snapshot.
    """
    folded = [word.casefold() for word in words]
    long_words = [word for word in folded if len(word) >= _MIN_TRIGRAM]
    checks = " AND ".join(["instr(text, ?) > 0"] * len(folded))
    base = file_id << _SHIFT
    if long_words:
        phrase = " AND ".join(sorted({f'"{gram}"' for word in long_words for gram in _trigrams(word)}))
        sql = (
            "SELECT item_id FROM card_text WHERE card_text MATCH ? AND rowid BETWEEN ? AND ? "
            f"AND {checks} ORDER BY rowid"
        )
        parameters: tuple[object, ...] = (phrase, base, base + (1 << _SHIFT) - 1, *folded)
    else:
        sql = f"SELECT item_id FROM card_text WHERE rowid BETWEEN ? AND ? AND {checks} ORDER BY rowid"
        parameters = (base, base + (1 << _SHIFT) - 1, *folded)
    return [item_id for (item_id,) in connection.execute(sql, parameters)]


def _trigrams(word: str) -> list[str]:
    """The word's three-character pieces, each an FTS5 string (a double quote doubled)."""
    return [word[start : start + _MIN_TRIGRAM].replace('"', '""') for start in range(len(word) - _MIN_TRIGRAM + 1)]
