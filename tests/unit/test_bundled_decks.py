"""The bundled curriculum: clean, stable ids, a source on every card, and fits the screen."""

from __future__ import annotations

import pytest

from mesadrill.core.cards import BasicCard, ChoiceCard, InterviewCard
from mesadrill.core.model import Deck
from mesadrill.decks.catalog import deck_files, is_course_file
from mesadrill.decks.load import load_deck_file
from support.cli import BUNDLED_DECKS, TEST_DATA

MANIFEST = TEST_DATA / "bundled_item_ids.txt"


def bundled() -> list[Deck]:
    decks = []
    for path in deck_files(BUNDLED_DECKS):
        if is_course_file(path):
            continue
        result = load_deck_file(path)
        assert result.problems == [], [str(p) for p in result.problems]
        assert result.deck is not None
        decks.append(result.deck)
    return decks


def recorded_ids() -> set[str]:
    return {line for line in MANIFEST.read_text().splitlines() if line and not line.startswith("#")}


def test_every_bundled_deck_lints_clean_with_no_warnings() -> None:
    assert len(bundled()) == 6


def test_deck_ids_are_unique_across_decks() -> None:
    ids = [deck.id for deck in bundled()]
    assert len(ids) == len(set(ids))


def test_no_recorded_item_id_has_disappeared() -> None:
    present = {f"{deck.id}/{item.item_id}" for deck in bundled() for item in deck.items}
    missing = sorted(recorded_ids() - present)
    assert not missing, (
        f"{len(missing)} item id(s) vanished, which orphans their review history: {missing[:10]}. "
        f"Restore them, or retire them on purpose by removing them from {MANIFEST.name}."
    )


def test_every_item_id_is_recorded() -> None:
    present = {f"{deck.id}/{item.item_id}" for deck in bundled() for item in deck.items}
    new = sorted(present - recorded_ids())
    assert not new, f"add these new ids to {MANIFEST.name} so they stay stable from now on: {new[:10]}"


def test_every_card_names_its_source() -> None:
    unsourced = [f"{deck.id}/{card.id}" for deck in bundled() for card in deck.cards if not card.source]
    assert unsourced == []


def test_the_curriculum_is_substantial() -> None:
    decks = {deck.id: deck for deck in bundled()}
    assert sum(len(deck.cards) for deck in decks.values()) >= 150
    assert len(decks["mesa-quiz"].cards) >= 15
    interview = [card for card in decks["mesa-interview"].cards if isinstance(card, InterviewCard)]
    assert len(interview) >= 8
    assert all(4 <= len(card.key_points) <= 6 and card.pitfalls and card.follow_ups for card in interview)
    columns = ("theory", "demonstrated behaviour", "open question", "overstated: not shown")
    classification = [card for card in decks["mesa-theory-or-evidence"].cards if isinstance(card, ChoiceCard)]
    assert classification and all(card.choices == columns and card.explanation for card in classification)
    assert {card.answer for card in classification} == set(columns)


@pytest.mark.parametrize("limit", [1100])
def test_answers_fit_one_screen(limit: int) -> None:
    too_long = []
    for deck in bundled():
        for item in deck.items:
            if len(item.prompt) > 400 or len(item.answer) > limit:
                too_long.append(f"{deck.id}/{item.item_id}")
    assert too_long == []


def test_reverse_cards_do_not_give_their_answer_away() -> None:
    leaks = []
    for deck in bundled():
        for card in deck.cards:
            if isinstance(card, BasicCard) and card.reverse:
                term = card.front.lower().removeprefix("what is ").removeprefix("what are ").rstrip("?").strip()
                if len(term) > 3 and term in card.back.lower():
                    leaks.append(f"{deck.id}/{card.id}")
    assert leaks == []
