"""Decks, cards and the review items derived from them: plain frozen data.

A card is what an author writes; a review item is what gets scheduled. A
basic card with ``reverse: true`` gives two items, a cloze card one item per
deletion number. Item ids are derived from card ids and never change when the
card's text is edited, so the schedule survives edits:

=============  ======================  =================================
card type      item id                 asks
=============  ======================  =================================
basic          ``card-id``             front -> back
basic reverse  ``card-id:reverse``     back -> front
cloze          ``card-id:c1``, ...     the text with deletion N blanked
choice         ``card-id``             question + numbered choices
interview      ``card-id``             prompt, answered against a clock
=============  ======================  =================================
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from mesadrill.core.card_numbers import CardNumbers

from mesadrill.core.cards import BasicCard, Card, ChoiceCard, ClozeCard
from mesadrill.core.records import record


class ItemKind(StrEnum):
    BASIC = "basic"
    REVERSE = "reverse"
    CLOZE = "cloze"
    CHOICE = "choice"
    INTERVIEW = "interview"


@record(frozen=True, slots=True)
class ReviewItem:
    """One schedulable thing: a card seen from one side.

    A deck makes its items by the ten thousand when it loads, so an item holds
    only what identifies it; the text it shows is worked out from the card
    when asked for. ``prompt`` and ``answer`` are plain text, ready to show
    literally. ``highlights`` are spans of ``answer`` (for cloze: the
    deletion) that a front end may emphasise; ``prompt_highlights`` the same
    for ``prompt`` (for cloze: the blank).
    """

    deck_id: str
    item_id: str
    kind: ItemKind
    card: Card
    number: int = 0  # for a cloze item, the deletion it asks; 0 for every other kind

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck_id, self.item_id)

    @property
    def source(self) -> str | None:
        return self.card.source

    @property
    def prompt(self) -> str:
        card = self.card
        if isinstance(card, BasicCard):
            return card.back if self.kind is ItemKind.REVERSE else card.front
        if isinstance(card, ClozeCard):
            return card.blanked(self.number)[0]
        if isinstance(card, ChoiceCard):
            return card.question
        return card.prompt

    @property
    def answer(self) -> str:
        card = self.card
        if isinstance(card, BasicCard):
            return card.front if self.kind is ItemKind.REVERSE else card.back
        if isinstance(card, ClozeCard):
            # What revealed(number) gives, without rendering: every deletion
            # shows its answer, which is the plain text.
            return card.plain
        if isinstance(card, ChoiceCard):
            return f"{card.answer}\n\n{card.explanation}" if card.explanation else card.answer
        return card.answer

    @property
    def highlights(self) -> tuple[tuple[int, int], ...]:
        card = self.card
        if isinstance(card, ClozeCard):
            return tuple((d.start, d.end) for d in card.deletions if d.number == self.number)
        return ()

    @property
    def prompt_highlights(self) -> tuple[tuple[int, int], ...]:
        card = self.card
        if isinstance(card, ClozeCard):
            return tuple(card.blanked(self.number)[1])
        return ()

    @property
    def text_hash(self) -> str:
        """A short hash of the item as shown, so a later edit can be noticed."""
        import hashlib  # here, not at the top: it loads OpenSSL, 3 ms at every start

        digest = hashlib.sha256(f"{self.prompt}\0{self.answer}".encode()).hexdigest()
        return digest[:12]


class DeckSource(Protocol):
    """Where a deck's cards are kept when they are not all in memory (the deck index).

    A deck built on a source answers the planner's questions (how many
    items, where an item stands, the items at some places, which ids come
    next) from the source, so a start costs what is due and shown rather
    than the size of the deck; ``cards`` and ``items`` read every card,
    once, for the commands that need them all.
    """

    card_count: int
    item_count: int

    def cards(self) -> tuple[Card, ...]: ...

    def positions_of(self, item_ids: Sequence[str]) -> dict[str, int]: ...

    def last_position_of(self, item_ids: Sequence[str]) -> int | None: ...

    def items_at(self, positions: Sequence[int]) -> list[ReviewItem]: ...

    def scan(self, start: int, kinds: Collection[ItemKind] | None, limit: int) -> list[tuple[int, str]]: ...

    def card(self, card_id: str) -> Card | None: ...


class Deck:
    """A deck: its fields, and its cards either in memory or in a ``DeckSource``.

    Immutable once made. ``items`` are the cards' review items in order and
    ``positions`` each item id's index in them; both are worked out once,
    when first asked for.
    """

    __slots__ = (
        "_card_numbers",
        "_cards",
        "_items",
        "_positions",
        "_source",
        "description",
        "id",
        "path",
        "scheduler",
        "tags",
        "title",
    )

    id: str
    title: str
    description: str
    tags: tuple[str, ...]
    path: Path | None
    scheduler: str | None  # "sm2" or "fsrs" for this deck; None: the one in the settings
    _cards: tuple[Card, ...] | None
    _items: tuple[ReviewItem, ...] | None
    _positions: dict[str, int] | None
    _card_numbers: CardNumbers | None
    _source: DeckSource | None

    def __init__(
        self,
        id: str,
        title: str,
        description: str,
        cards: tuple[Card, ...] | None,
        tags: tuple[str, ...] = (),
        path: Path | None = None,
        scheduler: str | None = None,
        *,
        source: DeckSource | None = None,
    ) -> None:
        if (cards is None) == (source is None):
            raise TypeError("a deck needs its cards or a source, not both")
        fill = object.__setattr__
        for name, value in (
            ("id", id),
            ("title", title),
            ("description", description),
            ("tags", tags),
            ("path", path),
            ("scheduler", scheduler),
            ("_cards", cards),
            ("_items", None),
            ("_positions", None),
            ("_card_numbers", None),
            ("_source", source),
        ):
            fill(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Deck is immutable (cannot set {name})")

    def __repr__(self) -> str:
        return f"Deck(id={self.id!r}, title={self.title!r}, {self.card_count} cards)"

    def _key(self) -> tuple[Any, ...]:
        return (self.id, self.title, self.description, self.cards, self.tags, self.path, self.scheduler)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Deck):
            return NotImplemented
        return self is other or self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def cards(self) -> tuple[Card, ...]:
        if self._cards is None:
            assert self._source is not None
            object.__setattr__(self, "_cards", self._source.cards())
        assert self._cards is not None
        return self._cards

    @property
    def items(self) -> tuple[ReviewItem, ...]:
        if self._items is None:
            object.__setattr__(self, "_items", tuple(review_items(self.id, self.cards)))
        assert self._items is not None
        return self._items

    @property
    def positions(self) -> dict[str, int]:
        if self._positions is None:
            found = dict(zip(packed_ids(self.items), range(len(self.items)), strict=True))
            object.__setattr__(self, "_positions", found)
        assert self._positions is not None
        return self._positions

    @property
    def source(self) -> DeckSource | None:
        """Where the cards are kept when they are not all in memory (None: a deck made from its cards)."""
        return self._source

    @property
    def card_numbers(self) -> CardNumbers:
        """Each item's card as a number, by the item's index in ``items`` (see ``core.card_numbers``); worked out once."""
        if self._card_numbers is None:
            from mesadrill.core.card_numbers import number_cards  # the queue's, for big backlogs: not the loader's

            object.__setattr__(self, "_card_numbers", number_cards(map(attrgetter("item_id"), self.items)))
        assert self._card_numbers is not None
        return self._card_numbers

    @property
    def in_memory(self) -> bool:
        """Whether every card is loaded (or the deck was made from its cards)."""
        return self._cards is not None

    # ---- what the planner asks, answered without loading every card when there is a source

    @property
    def card_count(self) -> int:
        if self._source is None or self._cards is not None:
            return len(self.cards)
        return self._source.card_count

    @property
    def item_count(self) -> int:
        if self._items is not None or self._source is None:
            return len(self.items)
        return self._source.item_count

    def positions_of(self, item_ids: Sequence[str]) -> dict[str, int]:
        """Each of ``item_ids`` still in the deck, with its index among the items."""
        if self._source is None or self._positions is not None:
            positions = self.positions
            return {item_id: positions[item_id] for item_id in item_ids if item_id in positions}
        return self._source.positions_of(item_ids)

    def last_position_of(self, item_ids: Sequence[str]) -> int | None:
        """The furthest index among those of ``item_ids`` still in the deck (None: none is)."""
        if self._source is None or self._positions is not None:
            return max(self.positions_of(item_ids).values(), default=None)
        return self._source.last_position_of(item_ids)

    def item_ids(self) -> list[str]:
        """Every item's id, in order: from the index when the cards are not loaded (none is built)."""
        if self._source is None or self._items is not None:
            return [item.item_id for item in self.items]
        return [item_id for _, item_id in self._source.scan(0, None, self._source.item_count)]

    def items_at(self, positions: Sequence[int]) -> list[ReviewItem]:
        """The items at ``positions`` (indexes from ``positions_of`` or ``scan``), in that order."""
        if self._source is None or self._items is not None:
            from mesadrill.core.bulk import pick  # the queue's: not a module the deck loader runs

            return list(pick(self.items, positions))
        return self._source.items_at(positions)

    def scan(self, start: int, kinds: Collection[ItemKind] | None, limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` (index, item id) pairs from index ``start`` on, of ``kinds`` (None: all)."""
        if self._source is None or self._items is not None:
            found: list[tuple[int, str]] = []
            items = self.items
            for index in range(start, len(items)):
                item = items[index]
                if kinds is None or item.kind in kinds:
                    found.append((index, item.item_id))
                    if len(found) >= limit:
                        break
            return found
        return self._source.scan(start, kinds, limit)

    def card(self, card_id: str) -> Card | None:
        if self._source is not None and self._cards is None:
            return self._source.card(card_id)
        for card in self.cards:
            if card.id == card_id:
                return card
        return None

    def item(self, item_id: str) -> ReviewItem | None:
        index = self.positions_of([item_id]).get(item_id)
        return None if index is None else self.items_at([index])[0]


def packed_ids(items: Sequence[ReviewItem]) -> list[str]:
    """The ids of ``items`` as fresh strings side by side in memory, for ``Deck.positions``.

    The queue looks up tens of thousands of due ids in ``positions`` at a
    time, and each lookup reads the key it lands on: keys made one after the
    other sit together, where the items' own ids are strewn over the whole
    deck's memory (a 34,000-item backlog placed about a quarter faster). An
    id holding a line break (no deck's can) keeps its own string.
    """
    ids = list(map(attrgetter("item_id"), items))
    packed = "\n".join(ids).split("\n")
    return packed if len(packed) == len(ids) else ids


def item_number(kind: ItemKind, item_id: str) -> int:
    """A review item's ``number`` from its id (``review_items`` names a cloze item ``{card}:c{number}``).

    ValueError when a cloze item's id holds no number.
    """
    return int(item_id.rpartition(":c")[2]) if kind is ItemKind.CLOZE else 0


def item_id_of(card_id: str, kind: ItemKind, number: int) -> str:
    """The id ``review_items`` gives the item of ``kind`` (and cloze ``number``) of card ``card_id``."""
    if kind is ItemKind.REVERSE:
        return f"{card_id}:reverse"
    return f"{card_id}:c{number}" if kind is ItemKind.CLOZE else card_id


def review_items(deck_id: str, cards: Iterable[Card]) -> list[ReviewItem]:
    """The review items of ``cards``, in order: each card's items, in a stable order.

    One loop for a whole deck rather than a call per card: a deck read in
    full spends most of its time here and building its cards.
    """
    basic, reverse, cloze, choice, interview = (
        ItemKind.BASIC,
        ItemKind.REVERSE,
        ItemKind.CLOZE,
        ItemKind.CHOICE,
        ItemKind.INTERVIEW,
    )
    items: list[ReviewItem] = []
    add = items.append
    for card in cards:
        if isinstance(card, BasicCard):
            add(ReviewItem(deck_id, card.id, basic, card))
            if card.reverse:
                add(ReviewItem(deck_id, f"{card.id}:reverse", reverse, card))
        elif isinstance(card, ClozeCard):
            for number in card.numbers:
                add(ReviewItem(deck_id, f"{card.id}:c{number}", cloze, card, number))
        elif isinstance(card, ChoiceCard):
            add(ReviewItem(deck_id, card.id, choice, card))
        else:
            add(ReviewItem(deck_id, card.id, interview, card))
    return items
