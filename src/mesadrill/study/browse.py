"""Browsing and searching every item of every deck: rows, filters, sorting.

UI-agnostic: the TUI browser and ``mesadrill cards`` both use it. A query is
text plus Anki-style terms: ``deck:ID``, ``tag:NAME``, ``is:STATE``, e.g.
``mesa tag:inner is:due``. Every term must match; free words are searched
for in the item's prompt, answer and id, without regard to case.

``find_rows`` answers a query without reading every card: a deck kept in the
deck index looks its free words up in the index's search rows
(``decks.card_search``), so only the matching cards are decoded and only
their records read; a deck without them (``--no-cache``, a damaged or busy
index) is scanned with ``matches``, which is what the index must agree with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from mesadrill.core.errors import MesadrillError
from mesadrill.core.history import ItemRecord
from mesadrill.core.model import Deck, ReviewItem
from mesadrill.core.records import record
from mesadrill.core.sm2 import Sm2State
from mesadrill.decks.card_search import search_text
from mesadrill.decks.indexed_deck import IndexedSource
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.tags import LEECH_TAG, has_tag, is_leech, item_tags

STATES = ("new", "learning", "due", "review", "suspended", "buried", "leech")
SORTS = ("deck", "due", "interval", "easiness", "lapses")


@record(frozen=True, slots=True)
class Row:
    item: ReviewItem
    record: ItemRecord | None
    tags: tuple[str, ...]
    states: frozenset[str]

    @property
    def state(self) -> str:
        """The one word a table shows: what most limits the item."""
        for name in ("suspended", "buried", "new", "due", "learning", "review"):
            if name in self.states:
                return name
        return "review"

    @property
    def due(self) -> date | None:
        return self.record.state.due if self.record is not None else None


@record(frozen=True, slots=True)
class Query:
    words: tuple[str, ...] = ()
    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    states: tuple[str, ...] = ()


def states_of(record: ItemRecord | None, today: date, leech_threshold: int) -> frozenset[str]:
    if record is None or record.state.is_new:
        found = {"new"}
    else:
        found = set()
        due = record.state.due
        if due is not None and due <= today:
            found.add("due")
        if record.state.repetitions == 0:
            found.add("learning")  # failed its last review: relearning
        if not found:
            found.add("review")
    if record is not None:
        if record.suspended:
            found.add("suspended")
            found.discard("due")
        if record.buried_on(today):
            found.add("buried")
            found.discard("due")
        if is_leech(record.lapses, leech_threshold):
            found.add("leech")
    return frozenset(found)


def make_row(
    item: ReviewItem, record: ItemRecord | None, deck_tags: tuple[str, ...], today: date, leech_threshold: int
) -> Row:
    states = states_of(record, today, leech_threshold)
    tags = item_tags(item, deck_tags)
    if "leech" in states and LEECH_TAG not in tags:
        tags = (*tags, LEECH_TAG)
    return Row(item, record, tags, states)


# Above this many hits in a deck its records are read in one query, not looked up by id.
_FEW_RECORDS = 2_000


def find_rows(
    store: HistoryStore,
    decks: Sequence[Deck],
    query: Query,
    today: date,
    leech_threshold: int,
    progress: Callable[[str], None] | None = None,
) -> list[Row]:
    """The rows of ``decks`` that match ``query`` (``matches``), in deck order, reading only the
    matching cards and records where the deck index can say which they are.

    ``progress`` hears about the one long step there can be: a big deck's
    first search, which indexes its text."""
    rows: list[Row] = []
    for deck in _searched(decks, query):
        items = candidates(deck, query.words, progress)
        if not items:
            continue
        if len(items) > _FEW_RECORDS:
            records = store.records(deck.id)
        else:
            records = store.records_among(deck.id, [item.item_id for item in items])
        for item in items:
            row = make_row(item, records.get(item.item_id), deck.tags, today, leech_threshold)
            if matches(row, query):
                rows.append(row)
    return rows


def indexing_ahead(decks: Sequence[Deck], query: Query) -> str | None:
    """What ``find_rows`` will first do for ``query`` that takes a while (index a big deck's text), or None."""
    for deck in _searched(decks, query):
        source = deck.source
        if query.words and isinstance(source, IndexedSource):
            ahead = source.indexing_ahead(query.words)
            if ahead is not None:
                return ahead
    return None


def _searched(decks: Sequence[Deck], query: Query) -> list[Deck]:
    """The decks ``query`` looks in: every one, or those its ``deck:`` terms name."""
    if not query.decks:
        return list(decks)
    return [deck for deck in decks if any(deck.id.casefold() == d.casefold() for d in query.decks)]


def candidates(deck: Deck, words: Sequence[str], progress: Callable[[str], None] | None = None) -> Sequence[ReviewItem]:
    """The deck's items that may hold every word: the index's hits, or every item when it cannot say."""
    source = deck.source
    if words and isinstance(source, IndexedSource):
        places = source.matching(words, progress)
        if places is not None:
            return deck.items_at(places)
    return deck.items


def total_items(decks: Sequence[Deck]) -> int:
    """How many items ``decks`` hold, counted without reading their cards."""
    return sum(deck.item_count for deck in decks)


def parse_query(text: str, *, lenient: bool = False) -> Query:
    """The words and terms of ``text``. ``lenient`` (a search box, while typing)
    lets ``is:`` take the start of a state (``is:sus``) instead of raising."""
    words: list[str] = []
    decks: list[str] = []
    tags: list[str] = []
    states: list[str] = []
    for token in text.split():
        name, sep, value = token.partition(":")
        key = name.lower()
        if sep and value and key in ("deck", "tag", "is"):
            if key == "deck":
                decks.append(value)
            elif key == "tag":
                tags.append(value)
            else:
                states.append(check_state(value, lenient=lenient))
        else:
            words.append(token)
    return Query(tuple(words), tuple(decks), tuple(tags), tuple(states))


def check_state(value: str, *, lenient: bool = False) -> str:
    state = value.lower()
    if state not in STATES and not lenient:
        raise MesadrillError(f"unknown state '{value}' (known: {', '.join(STATES)})")
    return state


def matches(row: Row, query: Query) -> bool:
    item = row.item
    if query.decks and not any(item.deck_id.casefold() == d.casefold() for d in query.decks):
        return False
    if query.tags and not all(has_tag(item, row.tags, tag) for tag in query.tags):
        return False
    if query.states and not all(any(s.startswith(state) for s in row.states) for state in query.states):
        return False
    if query.words:
        haystack = search_text(item)
        return all(word.casefold() in haystack for word in query.words)
    return True


def unknown_states(query: Query) -> list[str]:
    """States of the query that name no state, not even by their start."""
    return [state for state in query.states if not any(s.startswith(state) for s in STATES)]


def sort_rows(rows: Sequence[Row], key: str) -> list[Row]:
    """``deck`` keeps deck order; ``due`` soonest first (new last); the rest largest first."""
    if key == "deck":
        return list(rows)
    if key == "due":
        return sorted(rows, key=lambda r: (r.due is None, r.due or date.max))
    if key == "interval":
        return sorted(rows, key=lambda r: -(r.record.state.interval_days if r.record else 0))
    if key == "easiness":
        return sorted(rows, key=lambda r: (r.record.state if r.record else Sm2State()).easiness_centi)
    if key == "lapses":
        return sorted(rows, key=lambda r: -(r.record.lapses if r.record else 0))
    raise MesadrillError(f"unknown sort '{key}' (known: {', '.join(SORTS)})")


def row_to_json(row: Row) -> dict[str, Any]:
    record = row.record
    state = record.state if record else Sm2State()  # a new item: SM-2's starting state
    item = row.item
    return {
        "deck": item.deck_id,
        "id": item.item_id,
        "card": item.card.id,
        "type": item.kind.value,
        "prompt": item.prompt,
        "answer": item.answer,
        "tags": list(row.tags),
        "state": row.state,
        "states": sorted(row.states),
        "repetitions": state.repetitions,
        "easiness": state.easiness,
        "interval_days": state.interval_days,
        "due": state.due.isoformat() if state.due else None,
        "last_review": record.last_review.isoformat() if record and record.last_review else None,
        "reviews": record.reviews if record else 0,
        "lapses": record.lapses if record else 0,
        "suspended": bool(record and record.suspended),
        "buried_until": record.buried_until.isoformat() if record and record.buried_until else None,
    }
