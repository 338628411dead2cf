"""A deck whose cards stay in the deck index until they are shown.

``IndexedSource`` answers a ``Deck``'s questions (see ``core.model.DeckSource``)
with a query each, inside one read snapshot of the index, so a start costs
what is due and shown, not the size of the deck. Should the index turn out
to have changed under it (another process re-indexed the file since it was
looked up) or hold a row that does not check out, the source parses the
deck file instead and answers from that: slower, never wrong.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Collection, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from mesadrill.core.cards import BasicCard, Card
from mesadrill.core.model import Deck, ItemKind, ReviewItem, item_id_of, item_number, review_items
from mesadrill.decks import card_rows, card_search
from mesadrill.decks.collector import collector_paused
from mesadrill.decks.index_db import DeckIndex, FileRow

T = TypeVar("T")
_TELL_FROM = 10_000  # cards: a deck this big takes about a second to index for search
_CHUNK = 500  # ids or places per query (SQLite allows 32,766 variables; fewer keeps each statement cheap)
_WINDOW = 16  # cards read at a time as a queue's items are reached


class IndexedSource:
    def __init__(self, index: DeckIndex, row: FileRow, deck_id: str, parse: Callable[[Path], Deck | None], path: Path):
        self._index = index
        self._file_id = row.file_id
        self._generation = row.generation
        self._checked_in = 0  # the index snapshot in which the generation was last checked
        self._deck_id = deck_id
        self._parse = parse
        self._path = path
        self._fallback: Deck | None = None
        self._cards: dict[int, Card] = {}
        self.card_count = row.card_count
        self.item_count = row.item_count

    # ---- DeckSource

    def cards(self) -> tuple[Card, ...]:
        def query(connection: sqlite3.Connection) -> tuple[Card, ...]:
            # The places are unique (the key), so these three say they run 0, 1, ... without reading them.
            count, first, last = connection.execute(
                "SELECT count(*), min(position), max(position) FROM cards WHERE file_id = ?", (self._file_id,)
            ).fetchone()
            if count != self.card_count or (count and (first, last) != (0, count - 1)):
                raise ValueError("cards missing, or out of place")
            with collector_paused():  # tens of thousands of rows and cards: no collection walks them as they come
                rows = connection.execute(
                    "SELECT line, CAST(body AS BLOB) FROM cards WHERE file_id = ? ORDER BY position", (self._file_id,)
                ).fetchall()
                return tuple(card_rows.decode_rows([body for _, body in rows], [line for line, _ in rows]))

        return self._ask(query, lambda deck: deck.cards)

    def positions_of(self, item_ids: Sequence[str]) -> dict[str, int]:
        def query(connection: sqlite3.Connection) -> dict[str, int]:
            return dict(self._rows_among(connection, "SELECT item_id, position FROM items", "item_id", item_ids))

        return self._ask(query, lambda deck: deck.positions_of(item_ids))

    def last_position_of(self, item_ids: Sequence[str]) -> int | None:
        def query(connection: sqlite3.Connection) -> int | None:
            found = self._rows_among(connection, "SELECT MAX(position) FROM items", "item_id", item_ids)
            return max((place for (place,) in found if place is not None), default=None)

        return self._ask(query, lambda deck: deck.last_position_of(item_ids))

    def items_at(self, positions: Sequence[int]) -> list[ReviewItem]:
        """The items at ``positions``, each with its card still in the index: see ``IndexedItem``."""

        def query(connection: sqlite3.Connection) -> list[ReviewItem]:
            rows = {
                place: (item_id, kind, card_place)
                for place, item_id, kind, card_place in self._rows_among(
                    connection, "SELECT position, item_id, kind, card_position FROM items", "position", positions
                )
            }
            shelf = _Shelf(self)
            items, places = shelf.items, shelf.places
            # A few hundred at every start: slots filled through their descriptors, no call per item of ours.
            new, deck_id, cloze = IndexedItem.__new__, self._deck_id, ItemKind.CLOZE
            set_deck, set_id, set_kind, set_number, set_shelf, set_at = _SETTERS
            for at, place in enumerate(positions):
                item_id, kind_name, card_place = rows[place]  # a KeyError (a fallback) when the index lost a row
                kind = _KINDS[kind_name]
                number = item_number(kind, item_id) if kind is cloze else 0
                # An id can be shown before its card is read (the browser lists them): it must be one
                # review_items could make. That it is its card's own is checked when the card is read.
                if item_id != item_id_of(card_rows.checked_card_id(item_id.partition(":")[0]), kind, number):
                    raise ValueError("not an item id")
                item = new(IndexedItem)
                set_deck(item, deck_id)
                set_id(item, item_id)
                set_kind(item, kind)
                set_number(item, number)
                set_shelf(item, shelf)
                set_at(item, at)
                items.append(item)
                places.append(card_place)
            if items:
                self._index.before_snapshot_ends(shelf.read_rest)
            return list(items)

        return self._ask(query, lambda deck: deck.items_at(positions))

    def read_cards(self, shelf: _Shelf, start: int, stop: int) -> None:
        """Give the shelf's items from ``start`` to ``stop`` their cards: those not yet read, in one query."""
        chosen = [n for n in range(start, min(stop, len(shelf.items))) if not shelf.items[n].has_card]
        items = [shelf.items[n] for n in chosen]

        def query(connection: sqlite3.Connection) -> list[Card]:
            places = [shelf.places[n] for n in chosen]
            unread = sorted(set(places) - set(self._cards))
            if unread:
                self._load_cards(connection, unread)
            cards = [self._cards[place] for place in places]
            if not all(map(_makes, cards, items)):
                raise ValueError("an item row that is not its card's")
            return cards

        cards = self._ask(query, lambda deck: [_card_in(deck, item) for item in items])
        for item, card in zip(items, cards, strict=True):
            _CARD.__set__(item, card)

    def scan(self, start: int, kinds: Collection[ItemKind] | None, limit: int) -> list[tuple[int, str]]:
        def query(connection: sqlite3.Connection) -> list[tuple[int, str]]:
            parameters: tuple[str, ...] = ()
            sql = ""
            if kinds is not None:
                sql = f" AND kind IN ({','.join('?' * len(kinds))})"
                parameters = tuple(kind.value for kind in kinds)
            rows = connection.execute(
                f"SELECT position, item_id FROM items WHERE file_id = ? AND position >= ?{sql} ORDER BY position LIMIT ?",
                (self._file_id, start, *parameters, limit),
            ).fetchall()
            return [(place, item_id) for place, item_id in rows]

        return self._ask(query, lambda deck: deck.scan(start, kinds, limit))

    def card(self, card_id: str) -> Card | None:
        def query(connection: sqlite3.Connection) -> Card | None:
            rows = connection.execute(
                "SELECT position FROM cards WHERE file_id = ? AND card_id = ?", (self._file_id, card_id)
            ).fetchall()
            if not rows:
                return None
            self._load_cards(connection, [rows[0][0]])
            return self._cards[rows[0][0]]

        return self._ask(query, lambda deck: deck.card(card_id))

    # ---- search (not part of DeckSource: the browser asks it when a deck has one)

    def indexing_ahead(self, words: Sequence[str]) -> str | None:
        """What a search for ``words`` will first do that takes a while (build a big deck's search rows), or None.

        For a front end to say before it starts: ``matching`` blocks until done.
        """
        if self._from_file() or not card_search.searchable(words) or self.card_count < _TELL_FROM:
            return None
        try:
            if card_search.covered(self._index.reading(), self._file_id, self._generation):
                return None
        except sqlite3.Error:
            return None  # the search will scan instead, as fast as ever
        return self._indexing_notice()

    def _indexing_notice(self) -> str:
        return f"indexing the {self.card_count:,} cards of {self._deck_id} for search (once)..."

    def matching(self, words: Sequence[str], progress: Callable[[str], None] | None = None) -> list[int] | None:
        """Places of the items whose text holds every word (``card_search``), in order; None: scan instead.

        None when the search rows cannot answer (missing, damaged, busy) or
        the deck fell back to its file. Rows not yet built for this file are
        built first (what a scan would read anyway, and the rows, once: about
        5 s at 100,000 cards), told to ``progress`` before and after when the
        deck is big enough for that to take a second.
        """
        if self._from_file() or not card_search.searchable(words):
            return None
        try:
            connection = self._index.reading()
            if self._index.generation(self._file_id) != self._generation:
                return None  # indexed again by another process since this deck was loaded
            if not card_search.covered(connection, self._file_id, self._generation):
                tell = progress if progress is not None and self.card_count >= _TELL_FROM else None
                started = time.monotonic()
                if tell is not None:
                    tell(self._indexing_notice())
                cards = self.cards()
                if self._from_file():
                    return None  # the rows did not check out: the deck is its file's now
                self._index.end_reading()
                if not card_search.build(connection, self._file_id, self._generation, self._deck_id, cards):
                    return None
                if tell is not None:
                    tell(f"indexed {self._deck_id} for search in {time.monotonic() - started:.1f} s")
                connection = self._index.reading()
                if not card_search.covered(connection, self._file_id, self._generation):
                    return None
            item_ids = card_search.find(connection, self._file_id, words)
        except sqlite3.DatabaseError as error:
            if not _busy(error):
                self._index.end_reading()
                card_search.reset(self._index.connection)  # damaged: built again by the next search
            return None
        except sqlite3.Error:
            return None
        return sorted(self.positions_of(item_ids).values())

    # ---- the index, or the file when the index cannot be trusted

    def _from_file(self) -> bool:
        return self._fallback is not None

    def _load_cards(self, connection: sqlite3.Connection, places: list[int]) -> None:
        rows = self._rows_among(connection, "SELECT position, CAST(body AS BLOB), line FROM cards", "position", places)
        # One JSON parse and one scan for all the rows (a day's queue asks for a few hundred cards).
        cards = card_rows.decode_rows([body for _, body, _ in rows], [line for _, _, line in rows])
        self._cards.update(zip([place for place, _, _ in rows], cards, strict=True))
        if any(place not in self._cards for place in places):
            raise ValueError("a card row is missing")

    def _rows_among(
        self,
        connection: sqlite3.Connection,
        select: str,
        column: str,
        values: Sequence[object],
        owner: str = "file_id",
    ) -> list[tuple[Any, ...]]:
        """``select`` (a SELECT ... FROM without WHERE) of this file's rows whose ``column`` is among ``values``;
        ``owner`` names the file id column (qualified in a join)."""
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows += connection.execute(f"{select} WHERE {owner} = ? AND {column} IN ({marks})", (self._file_id, *chunk))
        return rows

    def _ask(self, query: Callable[[sqlite3.Connection], T], fallback: Callable[[Deck], T]) -> T:
        if self._fallback is None:
            try:
                connection = self._index.reading()
                if self._checked_in != self._index.snapshot:
                    if self._index.generation(self._file_id) != self._generation:
                        raise ValueError("re-indexed since it was looked up")
                    self._checked_in = self._index.snapshot
                return query(connection)
            except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, RecursionError):
                self._fallback = self._parse(self._path) or _EMPTY
        return fallback(self._fallback)


class IndexedItem(ReviewItem):
    """A review item whose card stays in the deck index until it is first asked for.

    ``IndexedSource.items_at`` hands these out. A day's queue holds a few
    hundred items and shows one at a time, so the start reads the cards of
    the first few (``_WINDOW``) and the rest follow a window at a time as
    they are reached, or all at once just before the index's read snapshot
    ends (``DeckIndex.before_snapshot_ends``): every card comes from the
    snapshot its item was found in, as if read with it. It equals, and
    hashes as, the ``ReviewItem`` with the same fields.
    """

    __slots__ = ("_at", "_shelf")
    _shelf: _Shelf
    _at: int

    @property
    def card(self) -> Card:
        try:
            card: Card = _CARD.__get__(self, ReviewItem)
        except AttributeError:  # not read yet: read it, with the window after it
            self._shelf.source.read_cards(self._shelf, self._at, self._at + _WINDOW)
            card = _CARD.__get__(self, ReviewItem)
        return card

    @property
    def has_card(self) -> bool:
        """Whether the card was read already."""
        try:
            _CARD.__get__(self, ReviewItem)
        except AttributeError:
            return False
        return True

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ReviewItem):
            return _FIELDS(self) == _FIELDS(other)
        return NotImplemented

    __hash__ = ReviewItem.__hash__

    def __reduce__(self) -> tuple[type[ReviewItem], tuple[Any, ...]]:
        return ReviewItem, _FIELDS(self)  # a copy or a pickle is a plain item, card and all


_CARD: Any = vars(ReviewItem)["card"]  # the slot under IndexedItem.card
_FIELDS = attrgetter("deck_id", "item_id", "kind", "card", "number")
_SETTERS: Any = tuple(vars(ReviewItem)[name].__set__ for name in ("deck_id", "item_id", "kind", "number")) + tuple(
    vars(IndexedItem)[name].__set__ for name in ("_shelf", "_at")
)
_KINDS = {kind.value: kind for kind in ItemKind}  # an unknown kind: a KeyError, so the file is read instead


class _Shelf:
    """The items one ``items_at`` handed out, and where each one's card stands in the index."""

    __slots__ = ("items", "places", "source")

    def __init__(self, source: IndexedSource) -> None:
        self.source = source
        self.items: list[IndexedItem] = []
        self.places: list[int] = []

    def read_rest(self) -> None:
        self.source.read_cards(self, 0, len(self.items))


def _makes(card: Card, item: ReviewItem) -> bool:
    """Whether ``card`` makes ``item`` (the same id, kind and number)."""
    return any(
        (made.item_id, made.kind, made.number) == (item.item_id, item.kind, item.number)
        for made in review_items(item.deck_id, (card,))
    )


def _card_in(deck: Deck, item: ReviewItem) -> Card:
    """The card of ``item`` in ``deck`` (its file read again), or one that says it is no longer there."""
    found = deck.item(item.item_id)
    if found is not None and found.kind is item.kind and found.number == item.number:
        return found.card
    where = deck.path.name if deck.path is not None else "its deck"
    return BasicCard(item.item_id, f"This card is no longer in {where}: it changed during the session.", "")


def _busy(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


_EMPTY = Deck("empty", "", "", ())
