"""Parsing a deck file: YAML into a node tree, checked against the deck format, built into a Deck.

Every problem is collected, with its line and column, rather than stopping at
the first; see docs/deck-format.md for the rules. ``decks`` is the entry
point (reading files, the result type); this module is imported only when a
deck has to be parsed.
"""

from __future__ import annotations

import re
from pathlib import Path

from mesadrill.core.errors import Problem
from mesadrill.core.model import (
    DEFAULT_TIME_LIMIT,
    BasicCard,
    Card,
    CardType,
    ChoiceCard,
    ClozeCard,
    Deck,
    InterviewCard,
)
from mesadrill.core.suggest import did_you_mean
from mesadrill.decks import yamlsafe
from mesadrill.decks.cloze import parse_cloze
from mesadrill.decks.collector import collector_paused
from mesadrill.decks.fields import FieldReader, node_kind
from mesadrill.decks.format import CARD_ID, COMMON_FIELDS, DECK_FIELDS, DECK_ID, TIME_LIMIT_RANGE, TYPE_FIELDS
from mesadrill.decks.result import LoadResult
from mesadrill.decks.yamlsafe import Mapping, Node, Scalar, Sequence

_CARD_TYPES = {t.value: t for t in CardType}
_CARD_FIELDS = {t: COMMON_FIELDS + fields for t, fields in TYPE_FIELDS.items()}
_ANY_CARD_FIELDS = COMMON_FIELDS + tuple(f for fields in TYPE_FIELDS.values() for f in fields)
# Bytes that can put a control character or a bidi override into a scalar: the
# characters themselves (C0 but tab and newline, DEL, C1 in UTF-8, U+202A-202E
# and U+2066-2069 in UTF-8) and the backslash that starts an escape in a
# double-quoted scalar. A file with none needs no per-scalar cleaning, which is
# most files; these three C-speed scans cost less than one regex per scalar.
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0B, 0x20)) + b"\x7f\\"
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def _needs_cleaning(data: bytes) -> bool:
    return bool(data.translate(None, _OTHER_BYTES)) or bool(_C1_UTF8.search(data)) or bool(_BIDI_UTF8.search(data))


def parse_deck(data: bytes, path: Path) -> LoadResult:
    """Validate the bytes of a deck file and build the deck."""
    with collector_paused():
        composed = yamlsafe.compose(data, str(path))
        validator = _Validator(str(path), clean_source=not _needs_cleaning(data))
        validator.problems.extend(composed.problems)
        deck = None
        if composed.root is not None:
            deck = validator.deck(composed.root, path)
        del composed  # the node tree: free it before the caller keeps the deck
    problems = sorted(validator.problems, key=lambda p: (p.line, p.column))
    if any(p.severity == "error" for p in problems):
        deck = None
    return LoadResult(path, deck, problems)


Header = tuple[str, str, str, tuple[str, ...], str | None]  # id, title, description, tags, scheduler


def parse_header(data: bytes, path: Path) -> Header | None:
    """The deck's own fields from the part of its file before the cards (``card_pieces``); None on any problem.

    A problem of any kind sends the caller back to ``parse_deck``, which
    reports it with the whole file in view.
    """
    composed = yamlsafe.compose(data, str(path))
    root = composed.root
    if composed.problems or not isinstance(root, Mapping):
        return None
    validator = _Validator(str(path), clean_source=not _needs_cleaning(data))
    values, header = validator.header(root)
    cards = values.get("cards")
    if validator.problems or not (isinstance(cards, Scalar) and cards.plain and cards.value == ""):
        return None
    return header


def parse_pieces(pieces: list[tuple[bytes, int]], path: Path) -> list[Card] | None:
    """The card in each piece of a deck file (its bytes and first line); None when any has a problem."""
    validator = _Validator(str(path))
    cards = []
    with collector_paused():
        for data, first_line in pieces:
            composed = yamlsafe.compose(data, str(path), first_line=first_line)
            root = composed.root
            if composed.problems or not isinstance(root, Sequence) or len(root.items) != 1:
                return None
            validator.clean_source = not _needs_cleaning(data)
            _, card = validator.card(root.items[0])
            if card is None or validator.problems:
                return None
            cards.append(card)
    return cards


class _Validator(FieldReader):
    """Deck format v1's rules, on top of the field readers."""

    # ---- the deck

    def deck(self, root: Node, path: Path) -> Deck | None:
        if not isinstance(root, Mapping):
            self.error(
                root,
                f"the top level of a deck must be a mapping with deck, title, description and cards, not {node_kind(root)}",
            )
            return None
        values, header = self.header(root)
        cards: list[Card] = []
        cards_node = values.get("cards")
        if cards_node is None:
            self.error(root, "missing 'cards'")
        elif not isinstance(cards_node, Sequence):
            self.error(cards_node, f"'cards' should be a list of cards, not {node_kind(cards_node)}")
        elif not cards_node.items:
            self.error(cards_node, "a deck needs at least one card")
        else:
            first_line: dict[str, int] = {}
            for node in cards_node.items:
                card_id, card = self.card(node)
                if card_id is not None:
                    if card_id in first_line:
                        self.error(node, f"duplicate card id '{card_id}' (first at line {first_line[card_id]})")
                        continue
                    first_line[card_id] = node.line
                if card is not None:
                    cards.append(card)
        if header is None:
            return None
        deck_id, title, description, tags, scheduler = header
        return Deck(deck_id, title, description, tuple(cards), tags, path, scheduler)

    def header(self, root: Mapping) -> tuple[dict[str, Node], Header | None]:
        """The deck's fields by name, and its own fields (all but the cards) when they are sound."""
        values = self.fields(root, DECK_FIELDS, "a deck")
        deck_id = self.identifier(
            values,
            "deck",
            root,
            DECK_ID,
            "lowercase letters, digits and '-', starting with a letter or digit (at most 64)",
        )
        title = self.text(values, "title", root)
        description = self.text(values, "description", root)
        tags = self.text_list(values, "tags", root)
        scheduler = self.text(values, "scheduler", root, required=False)
        if scheduler is not None and scheduler not in ("sm2", "fsrs"):
            self.error(values["scheduler"], f"scheduler should be sm2 or fsrs, not '{scheduler}'")
            scheduler = None
        if deck_id is None or title is None or description is None:
            return values, None
        return values, (deck_id, title, description, tags, scheduler)

    def card(self, node: Node) -> tuple[str | None, Card | None]:
        """The card's id (when it has a valid one) and the card (when it has no errors)."""
        if not isinstance(node, Mapping):
            self.error(node, f"a card should be a mapping (id, type, ...), not {node_kind(node)}")
            return None, None
        type_node = None
        for key, value in node.pairs:
            if key.value == "type":
                type_node = value
                break
        card_type: CardType | None = None
        if type_node is None:
            self.error(node, "missing 'type' (basic, cloze, choice or interview)")
        elif not isinstance(type_node, Scalar):
            self.error(type_node, f"'type' should be text, not {node_kind(type_node)}")
        else:
            card_type = _CARD_TYPES.get(type_node.value)
            if card_type is None:
                names = [t.value for t in CardType]
                self.error(
                    type_node,
                    f"unknown card type '{type_node.value}'{did_you_mean(type_node.value, names)}; "
                    "expected basic, cloze, choice or interview",
                )
        if card_type is None:
            values = self.fields(node, _ANY_CARD_FIELDS, "a card")
        else:
            known_type = card_type
            values = self.fields(
                node,
                _CARD_FIELDS[card_type],
                f"a {card_type} card",
                lambda name: _belongs_elsewhere(name, known_type),
            )
        card_id = self.identifier(
            values,
            "id",
            node,
            CARD_ID,
            "letters, digits, '_', '.' or '-', starting with a letter or digit (at most 64, no ':')",
        )
        tags = self.text_list(values, "tags", node)
        source = self.text(values, "source", node, required=False)
        if card_type is None:
            return card_id, None
        card = _BUILDERS[card_type](self, values, node, card_id or "", tags, source)
        return card_id, card if card_id is not None else None

    def _basic(
        self, values: dict[str, Node], node: Mapping, card_id: str, tags: tuple[str, ...], source: str | None
    ) -> Card | None:
        front = self.text(values, "front", node)
        back = self.text(values, "back", node)
        reverse = self.boolean(values, "reverse")
        if front is None or back is None:
            return None
        return BasicCard(card_id, front, back, reverse, tags, source, node.line)

    def _cloze(
        self, values: dict[str, Node], node: Mapping, card_id: str, tags: tuple[str, ...], source: str | None
    ) -> Card | None:
        text = self.text(values, "text", node)
        if text is None:
            return None
        text_node = values["text"]
        assert isinstance(text_node, Scalar)
        plain, deletions, problems = parse_cloze(text)
        for offset, message in problems:
            if offset < 0:
                self.error(text_node, message)
                continue
            # ``text`` is the value cleaned and stripped; find the spot in what was written.
            original = max(0, text_node.value.find(text[offset : offset + 16]))
            line, column = self._offset_position(text_node, original)
            self.problems.append(Problem(self.path, line, column, message))
        if problems:
            return None
        return ClozeCard(card_id, text, plain, deletions, tags, source, node.line)

    def _choice(
        self, values: dict[str, Node], node: Mapping, card_id: str, tags: tuple[str, ...], source: str | None
    ) -> Card | None:
        question = self.text(values, "question", node)
        choices = self.text_list(values, "choices", node, required=True, minimum=2)
        answer = self.text(values, "answer", node)
        explanation = self.text(values, "explanation", node, required=False)
        choices_node = values.get("choices")
        duplicates = {c for c in choices if choices.count(c) > 1}
        if duplicates and choices_node is not None:
            self.error(choices_node, f"choices must differ; '{sorted(duplicates)[0]}' appears more than once")
            return None
        if answer is not None and choices and answer not in choices:
            self.error(
                values["answer"],
                f"the answer '{answer}' is not one of the choices{did_you_mean(answer, list(choices))}",
            )
            return None
        if question is None or answer is None or len(choices) < 2:
            return None
        return ChoiceCard(card_id, question, choices, answer, explanation, tags, source, node.line)

    def _interview(
        self, values: dict[str, Node], node: Mapping, card_id: str, tags: tuple[str, ...], source: str | None
    ) -> Card | None:
        prompt = self.text(values, "prompt", node)
        answer = self.text(values, "answer", node)
        key_points = self.text_list(values, "key_points", node, required=True, minimum=1)
        time_limit = self.integer(values, "time_limit", DEFAULT_TIME_LIMIT, TIME_LIMIT_RANGE)
        follow_ups = self.text_list(values, "follow_ups", node)
        pitfalls = self.text_list(values, "pitfalls", node)
        if prompt is None or answer is None or not key_points:
            return None
        return InterviewCard(
            card_id, prompt, answer, key_points, time_limit, follow_ups, pitfalls, tags, source, node.line
        )


_BUILDERS = {
    CardType.BASIC: _Validator._basic,
    CardType.CLOZE: _Validator._cloze,
    CardType.CHOICE: _Validator._choice,
    CardType.INTERVIEW: _Validator._interview,
}


def _belongs_elsewhere(name: str, card_type: CardType) -> str | None:
    owners = [t.value for t, fields in TYPE_FIELDS.items() if name in fields and t is not card_type]
    if not owners:
        return None
    return f"'{name}' is a field of {' and '.join(owners)} cards, not of {card_type} cards"
