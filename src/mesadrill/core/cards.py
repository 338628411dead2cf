"""What an author writes: the four card types, as plain frozen data.

``core.model`` derives the review items a card gives and holds the deck;
``decks.parse`` builds these from YAML and ``decks.card_rows`` from the deck
index.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from mesadrill.core.records import record


class CardType(StrEnum):
    BASIC = "basic"
    CLOZE = "cloze"
    CHOICE = "choice"
    INTERVIEW = "interview"


DEFAULT_TIME_LIMIT = 90
CLOZE_BLANK = "[...]"


@record(frozen=True, slots=True)
class ClozeDeletion:
    """One ``{{...}}`` span of a cloze text; ``start``/``end`` index the plain text."""

    number: int
    answer: str
    hint: str | None
    start: int
    end: int


@record(frozen=True, slots=True)
class BasicCard:
    id: str
    front: str
    back: str
    reverse: bool = False
    tags: tuple[str, ...] = ()
    source: str | None = None
    line: int = 0
    type: ClassVar[CardType] = CardType.BASIC  # of the class: a card's kind is its class


@record(frozen=True, slots=True)
class ClozeCard:
    """``plain`` is the text with the braces removed; deletions index into it."""

    id: str
    text: str
    plain: str
    deletions: tuple[ClozeDeletion, ...]
    tags: tuple[str, ...] = ()
    source: str | None = None
    line: int = 0
    type: ClassVar[CardType] = CardType.CLOZE  # of the class: a card's kind is its class

    @property
    def numbers(self) -> list[int]:
        """The deletion numbers, each once, in order: one review item each."""
        return sorted({d.number for d in self.deletions})

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


@record(frozen=True, slots=True)
class ChoiceCard:
    id: str
    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    line: int = 0
    type: ClassVar[CardType] = CardType.CHOICE  # of the class: a card's kind is its class

    @property
    def answer_index(self) -> int:
        """0-based index of the right choice."""
        return self.choices.index(self.answer)


@record(frozen=True, slots=True)
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
    type: ClassVar[CardType] = CardType.INTERVIEW  # of the class: a card's kind is its class


Card = BasicCard | ClozeCard | ChoiceCard | InterviewCard
