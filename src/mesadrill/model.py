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

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from pathlib import Path


class CardType(StrEnum):
    BASIC = "basic"
    CLOZE = "cloze"
    CHOICE = "choice"
    INTERVIEW = "interview"


class ItemKind(StrEnum):
    BASIC = "basic"
    REVERSE = "reverse"
    CLOZE = "cloze"
    CHOICE = "choice"
    INTERVIEW = "interview"


class Quality(IntEnum):
    """The SM-2 quality of a response, with the meaning shown to the learner."""

    BLACKOUT = 0
    WRONG_RECOGNISED = 1
    WRONG_EASY_RECALL = 2
    HARD = 3
    HESITANT = 4
    PERFECT = 5

    @property
    def meaning(self) -> str:
        return QUALITY_MEANINGS[self]


QUALITY_MEANINGS: dict[int, str] = {
    0: "complete blackout",
    1: "wrong, but recognised on seeing the answer",
    2: "wrong, but the answer seemed easy to recall",
    3: "right, with serious difficulty",
    4: "right, after hesitation",
    5: "perfect",
}

DEFAULT_TIME_LIMIT = 90
CLOZE_BLANK = "[...]"


@dataclass(frozen=True, slots=True)
class ClozeDeletion:
    """One ``{{...}}`` span of a cloze text; ``start``/``end`` index the plain text."""

    number: int
    answer: str
    hint: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BasicCard:
    id: str
    front: str
    back: str
    reverse: bool = False
    tags: tuple[str, ...] = ()
    source: str | None = None
    line: int = 0
    type: CardType = field(default=CardType.BASIC, init=False)


@dataclass(frozen=True, slots=True)
class ClozeCard:
    """``plain`` is the text with the braces removed; deletions index into it."""

    id: str
    text: str
    plain: str
    deletions: tuple[ClozeDeletion, ...]
    tags: tuple[str, ...] = ()
    source: str | None = None
    line: int = 0
    type: CardType = field(default=CardType.CLOZE, init=False)

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(sorted({d.number for d in self.deletions}))

    def blanked(self, number: int) -> tuple[str, list[tuple[int, int]]]:
        """The text with deletion ``number`` blanked, and the blanks' spans."""
        return self._render(number, reveal=False)

    def revealed(self, number: int) -> tuple[str, list[tuple[int, int]]]:
        """The full text, and the spans of deletion ``number`` to highlight."""
        return self._render(number, reveal=True)

    def _render(self, number: int, *, reveal: bool) -> tuple[str, list[tuple[int, int]]]:
        # Other numbers' deletions show their answers, which is what the plain
        # text already holds there: only this number's spans are rewritten.
        plain = self.plain
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        length = 0
        cursor = 0
        for deletion in self.deletions:
            if deletion.number != number:
                continue
            before = plain[cursor : deletion.start]
            parts.append(before)
            length += len(before)
            if reveal:
                shown = deletion.answer
            else:
                shown = f"[{deletion.hint}]" if deletion.hint else CLOZE_BLANK
            spans.append((length, length + len(shown)))
            parts.append(shown)
            length += len(shown)
            cursor = deletion.end
        parts.append(plain[cursor:])
        return "".join(parts), spans


@dataclass(frozen=True, slots=True)
class ChoiceCard:
    id: str
    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    line: int = 0
    type: CardType = field(default=CardType.CHOICE, init=False)

    @property
    def answer_index(self) -> int:
        """0-based index of the right choice."""
        return self.choices.index(self.answer)


@dataclass(frozen=True, slots=True)
class InterviewCard:
    id: str
    prompt: str
    answer: str
    key_points: tuple[str, ...]
    time_limit: int = DEFAULT_TIME_LIMIT
    follow_ups: tuple[str, ...] = ()
    pitfalls: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str | None = None
    line: int = 0
    type: CardType = field(default=CardType.INTERVIEW, init=False)


Card = BasicCard | ClozeCard | ChoiceCard | InterviewCard


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One schedulable thing: a card seen from one side.

    ``prompt`` and ``answer`` are plain text, ready to show literally.
    ``highlights`` are spans of ``answer`` (for cloze: the deletion) that a
    front end may emphasise.
    """

    deck_id: str
    item_id: str
    kind: ItemKind
    card: Card
    prompt: str
    answer: str
    highlights: tuple[tuple[int, int], ...] = ()
    prompt_highlights: tuple[tuple[int, int], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck_id, self.item_id)

    @property
    def source(self) -> str | None:
        return self.card.source

    @property
    def text_hash(self) -> str:
        """A short hash of the item as shown, so a later edit can be noticed."""
        import hashlib  # here, not at the top: it loads OpenSSL, 3 ms at every start

        digest = hashlib.sha256(f"{self.prompt}\0{self.answer}".encode()).hexdigest()
        return digest[:12]


@dataclass(frozen=True, slots=True)
class Deck:
    id: str
    title: str
    description: str
    cards: tuple[Card, ...]
    tags: tuple[str, ...] = ()
    path: Path | None = None
    items: tuple[ReviewItem, ...] = ()
    # Item id -> index in ``items``: the planner looks up thousands of items
    # per queue, so the index is built once, with the deck.
    positions: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", {item.item_id: index for index, item in enumerate(self.items)})

    def card(self, card_id: str) -> Card | None:
        for card in self.cards:
            if card.id == card_id:
                return card
        return None

    def item(self, item_id: str) -> ReviewItem | None:
        index = self.positions.get(item_id)
        return None if index is None else self.items[index]


def items_for(deck_id: str, card: Card) -> list[ReviewItem]:
    """The review items a card gives, in a stable order."""
    if isinstance(card, BasicCard):
        items = [ReviewItem(deck_id, card.id, ItemKind.BASIC, card, card.front, card.back)]
        if card.reverse:
            items.append(
                ReviewItem(deck_id, f"{card.id}:reverse", ItemKind.REVERSE, card, card.back, card.front)
            )
        return items
    if isinstance(card, ClozeCard):
        result = []
        for number in card.numbers:
            prompt, prompt_spans = card.blanked(number)
            # What revealed(number) gives, without rendering: every deletion shows
            # its answer, which is the plain text, and the spans are this number's.
            spans = tuple((d.start, d.end) for d in card.deletions if d.number == number)
            result.append(
                ReviewItem(
                    deck_id,
                    f"{card.id}:c{number}",
                    ItemKind.CLOZE,
                    card,
                    prompt,
                    card.plain,
                    spans,
                    tuple(prompt_spans),
                )
            )
        return result
    if isinstance(card, ChoiceCard):
        prompt = card.question
        answer = card.answer
        if card.explanation:
            answer = f"{card.answer}\n\n{card.explanation}"
        return [ReviewItem(deck_id, card.id, ItemKind.CHOICE, card, prompt, answer)]
    return [ReviewItem(deck_id, card.id, ItemKind.INTERVIEW, card, card.prompt, card.answer)]
