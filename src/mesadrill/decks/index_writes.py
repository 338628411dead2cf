"""Writing a deck's card and item rows into the deck index, only where they differ from what is there.

Two ways in: a deck parsed whole (``write_deck``: every card in hand), and a
deck whose file was cut into pieces (``write_pieces``: only the cards of the
pieces that changed were parsed; the others keep their rows, which move to
their new place and line in SQL without coming back to Python). Both run
inside the caller's write transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence

from mesadrill.core.cards import Card
from mesadrill.core.errors import Problem
from mesadrill.core.model import review_items
from mesadrill.decks import card_rows, card_search

# A card row's key: card id, line, digest of its fields, its first item's
# place and how many items it has, and the digest of its piece of the file.
CardKey = tuple[str, int, bytes, int, int, bytes]
ItemRow = tuple[str, str, int]  # item id, kind, the card's place

_KEY_COLUMNS = "card_id, line, digest, first_item, item_total, source"


def file_row(
    connection: sqlite3.Connection,
    path: str,
    info: os.stat_result,
    digest: str,
    header: tuple[str, str, str, tuple[str, ...], str | None],
    warnings: Sequence[Problem],
    card_count: int,
    item_count: int,
    expected: tuple[int, int] | None,
) -> int | None:
    """Write a deck file's row (a new generation); its id, or None when it is not the ``expected`` (id, generation)."""
    deck_id, title, description, tags, scheduler = header
    values = (
        info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, digest, time.time_ns(),
        json.dumps([deck_id, title, description, list(tags), scheduler], ensure_ascii=False),
        json.dumps([[p.line, p.column, p.message] for p in warnings], ensure_ascii=False),
        card_count, item_count,
    )  # fmt: skip
    found = connection.execute("SELECT file_id, generation FROM files WHERE path = ?", (path,)).fetchall()
    if expected is not None and (not found or tuple(found[0]) != expected):
        return None
    if found:
        file_id, generation = found[0]
        connection.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, device = ?, digest = ?, "
            "read_ns = ?, deck = ?, problems = ?, card_count = ?, item_count = ?, generation = ? "
            "WHERE file_id = ?",
            (*values, generation + 1, file_id),
        )
        return int(file_id)
    cursor = connection.execute(
        "INSERT INTO files (path, size, mtime_ns, ctime_ns, inode, device, digest, read_ns, deck, "
        "problems, card_count, item_count, generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (path, *values),
    )
    return cursor.lastrowid


def old_keys(connection: sqlite3.Connection, file_id: int) -> list[CardKey]:
    return connection.execute(
        f"SELECT {_KEY_COLUMNS} FROM cards WHERE file_id = ? ORDER BY position", (file_id,)
    ).fetchall()


def write_deck(
    connection: sqlite3.Connection,
    file_id: int,
    cards: Sequence[Card],
    keys: list[CardKey],
    items: list[ItemRow],
) -> int:
    """Write the card rows whose key differs, and their items; returns how many rows were written.

    When no card moved its items (the same number of cards, each changed one
    with its items where they were), only the changed cards' items are
    written; otherwise every item row is compared.
    """
    old = old_keys(connection, file_id)
    changed = [place for place, key in enumerate(keys) if place >= len(old) or old[place] != key]
    connection.execute("DELETE FROM cards WHERE file_id = ? AND position >= ?", (file_id, len(cards)))
    connection.executemany(
        "INSERT OR REPLACE INTO cards (file_id, position, card_id, line, digest, first_item, item_total, source, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(file_id, place, *keys[place], card_rows.encode(card_rows.fields(cards[place]))) for place in changed],
    )
    return len(changed) + _write_changed_items(connection, file_id, old, keys, changed, items)


def write_pieces(
    connection: sqlite3.Connection,
    file_id: int,
    deck_id: str,
    old: list[CardKey],
    reuse: Sequence[int | None],
    lines: Sequence[int],
    sources: Sequence[bytes],
    fresh: Mapping[int, Card],
) -> int:
    """Rows for a deck cut into pieces; returns how many rows were written.

    ``reuse[place]`` is the old place of the card now at ``place`` when its
    piece is byte for byte as indexed, or None when the piece was parsed
    again into ``fresh[place]``. ``lines`` and ``sources`` are every piece's
    first line and digest; ``old`` the rows' keys as they are (read in the
    snapshot whose generation the caller checked in this transaction).
    """
    fresh_items = {place: review_items(deck_id, [card]) for place, card in fresh.items()}
    keys: list[CardKey] = []
    first = 0
    for place, old_place in enumerate(reuse):
        if old_place is None:
            card = fresh[place]
            card_id, digest, total = card.id, card_rows.digest(card), len(fresh_items[place])
        else:
            card_id, _, digest, _, total, _ = old[old_place]
        keys.append((card_id, lines[place], digest, first, total, sources[place]))
        first += total
    changed = [place for place, key in enumerate(keys) if place >= len(old) or old[place] != key]
    reused = set(reuse)
    connection.executemany(
        "DELETE FROM cards WHERE file_id = ? AND position = ?",
        [(file_id, place) for place in range(len(old)) if place not in reused],
    )
    # A row that moves goes to a negative place first (-1 - its new place), so
    # no two rows ever share a key on the way; one statement then turns them back.
    updates = [
        (-1 - place if reuse[place] != place else place, *keys[place][1:], file_id, reuse[place])
        for place in changed
        if reuse[place] is not None
    ]
    connection.executemany(
        "UPDATE cards SET position = ?, line = ?, digest = ?, first_item = ?, item_total = ?, source = ? "
        "WHERE file_id = ? AND position = ?",
        updates,
    )
    connection.execute("UPDATE cards SET position = -1 - position WHERE file_id = ? AND position < 0", (file_id,))
    connection.executemany(
        "INSERT INTO cards (file_id, position, card_id, line, digest, first_item, item_total, source, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(file_id, place, *keys[place], card_rows.encode(card_rows.fields(card))) for place, card in fresh.items()],
    )
    written = len(changed)
    if not _items_moved(old, keys, changed) and all(reuse[place] is None or reuse[place] == place for place in changed):
        rows = [
            (file_id, keys[place][3] + offset, item.item_id, item.kind.value, place)
            for place in changed
            if place in fresh_items
            for offset, item in enumerate(fresh_items[place])
        ]
        connection.executemany("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?)", rows)
        return written + len(rows)
    old_items = connection.execute(
        "SELECT item_id, kind FROM items WHERE file_id = ? ORDER BY position", (file_id,)
    ).fetchall()
    items: list[ItemRow] = []
    for place, old_place in enumerate(reuse):
        if old_place is None:
            items.extend((item.item_id, item.kind.value, place) for item in fresh_items[place])
        else:
            start, total = old[old_place][3], old[old_place][4]
            items.extend((item_id, kind, place) for item_id, kind in old_items[start : start + total])
    return written + write_items(connection, file_id, items)


def _write_changed_items(
    connection: sqlite3.Connection,
    file_id: int,
    old: list[CardKey],
    keys: list[CardKey],
    changed: list[int],
    items: list[ItemRow],
) -> int:
    if _items_moved(old, keys, changed):
        return write_items(connection, file_id, items)
    rewritten = [
        (file_id, position, *items[position])
        for place in changed
        for position in range(keys[place][3], keys[place][3] + keys[place][4])
    ]
    connection.executemany("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?)", rewritten)
    return len(rewritten)


def _items_moved(old: list[CardKey], keys: list[CardKey], changed: list[int]) -> bool:
    """Whether any card's items now start elsewhere or number differently (then every item row is compared)."""
    return len(old) != len(keys) or any(old[place][3:5] != keys[place][3:5] for place in changed)


def write_items(connection: sqlite3.Connection, file_id: int, items: list[ItemRow]) -> int:
    """Compare every item row with the deck's items and write those that differ."""
    old = dict(
        connection.execute(
            "SELECT position, item_id || char(0) || kind || char(0) || card_position FROM items WHERE file_id = ?",
            (file_id,),
        ).fetchall()
    )
    changed = [
        (file_id, place, item_id, kind, card_place)
        for place, (item_id, kind, card_place) in enumerate(items)
        if old.get(place) != f"{item_id}\0{kind}\0{card_place}"
    ]
    connection.execute("DELETE FROM items WHERE file_id = ? AND position >= ?", (file_id, len(items)))
    connection.executemany("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?)", changed)
    return len(changed)


def delete_file(connection: sqlite3.Connection, path: str) -> None:
    rows = connection.execute("SELECT file_id FROM files WHERE path = ?", (path,)).fetchall()
    for (file_id,) in rows:
        for table in ("cards", "items", "files"):
            connection.execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))
        card_search.forget(connection, file_id)
