"""Deck format v1: every card type loads into the right items, with text kept as written."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from mesadrill.core.cards import BasicCard, ChoiceCard, ClozeCard, InterviewCard
from mesadrill.core.errors import DeckError
from mesadrill.core.model import ItemKind
from mesadrill.decks.cloze import parse_cloze
from mesadrill.decks.load import load_deck, load_deck_file

HEADER = """\
deck: demo
title: Demo deck
description: For tests.
cards:
"""


def write(tmp_path: Path, cards: str, header: str = HEADER) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(header + dedent(cards), encoding="utf-8")
    return path


def test_basic_card_and_its_reverse(tmp_path: Path) -> None:
    deck = load_deck(
        write(
            tmp_path,
            """\
            - id: base-optimizer
              type: basic
              front: What is the base optimizer?
              back: The training process, e.g. gradient descent.
              reverse: true
              tags: [terms]
              source: Hubinger et al. 2019
            """,
        )
    )
    card = deck.cards[0]
    assert isinstance(card, BasicCard)
    assert card.reverse and card.tags == ("terms",) and card.source == "Hubinger et al. 2019"
    assert card.line == 5
    forward, backward = deck.items
    assert (forward.item_id, forward.kind, forward.prompt) == (
        "base-optimizer",
        ItemKind.BASIC,
        "What is the base optimizer?",
    )
    assert (backward.item_id, backward.kind) == ("base-optimizer:reverse", ItemKind.REVERSE)
    assert backward.prompt == card.back and backward.answer == card.front


def test_basic_card_without_reverse_gives_one_item(tmp_path: Path) -> None:
    deck = load_deck(write(tmp_path, "- {id: a, type: basic, front: Q, back: A}\n"))
    assert [item.item_id for item in deck.items] == ["a"]


def test_cloze_card_gives_an_item_per_deletion(tmp_path: Path) -> None:
    deck = load_deck(
        write(
            tmp_path,
            """\
            - id: o1
              type: cloze
              text: When caught, {{o1}} kept up the deception in over {{85%::a percentage}} of follow-ups.
            """,
        )
    )
    card = deck.cards[0]
    assert isinstance(card, ClozeCard)
    assert card.plain == "When caught, o1 kept up the deception in over 85% of follow-ups."
    first, second = deck.items
    assert first.item_id == "o1:c1"
    assert first.prompt == "When caught, [...] kept up the deception in over 85% of follow-ups."
    assert second.item_id == "o1:c2"
    assert second.prompt == "When caught, o1 kept up the deception in over [a percentage] of follow-ups."
    assert second.answer == card.plain
    start, end = second.highlights[0]
    assert second.answer[start:end] == "85%"


def test_explicit_cloze_numbers_group_deletions(tmp_path: Path) -> None:
    deck = load_deck(write(tmp_path, "- {id: c, type: cloze, text: '{{c2::a}} and {{c1::b}} and {{c2::c}}'}\n"))
    assert [item.item_id for item in deck.items] == ["c:c1", "c:c2"]
    assert deck.items[1].prompt == "[...] and b and [...]"
    assert deck.items[0].prompt == "a and [...] and c"


def test_choice_card(tmp_path: Path) -> None:
    deck = load_deck(
        write(
            tmp_path,
            """\
            - id: column
              type: choice
              question: Which column?
              choices: [theory, demonstrated behaviour, open question]
              answer: open question
              explanation: Nobody has checked yet.
            """,
        )
    )
    card = deck.cards[0]
    assert isinstance(card, ChoiceCard)
    assert card.answer_index == 2
    assert deck.items[0].answer == "open question\n\nNobody has checked yet."


def test_interview_card_with_defaults(tmp_path: Path) -> None:
    deck = load_deck(
        write(
            tmp_path,
            """\
            - id: explain
              type: interview
              prompt: Explain mesa-optimization.
              answer: |
                Training can produce a model that is itself an optimizer.
                Its objective may differ.
              key_points: [base vs mesa, objectives can diverge]
            """,
        )
    )
    card = deck.cards[0]
    assert isinstance(card, InterviewCard)
    assert card.time_limit == 90
    assert card.follow_ups == () and card.pitfalls == ()
    assert card.answer == "Training can produce a model that is itself an optimizer.\nIts objective may differ."
    assert deck.items[0].item_id == "explain" and deck.items[0].kind is ItemKind.INTERVIEW


def test_interview_card_with_every_field(tmp_path: Path) -> None:
    deck = load_deck(
        write(
            tmp_path,
            """\
            - id: explain
              type: interview
              prompt: P
              answer: A
              key_points: [k1, k2]
              time_limit: 120
              follow_ups: [f1]
              pitfalls: [p1, p2]
            """,
        )
    )
    card = deck.cards[0]
    assert isinstance(card, InterviewCard)
    assert (card.time_limit, card.follow_ups, card.pitfalls) == (120, ("f1",), ("p1", "p2"))


@pytest.mark.parametrize(
    "written", ["no", "yes", "off", "3.10", "017", "1:20", "2024-01-02", "0x1F", ".inf", "null-ish"]
)
def test_scalars_stay_text_as_written(tmp_path: Path, written: str) -> None:
    deck = load_deck(write(tmp_path, f"- id: a\n  type: basic\n  front: {written}\n  back: {written}\n"))
    card = deck.cards[0]
    assert isinstance(card, BasicCard)
    assert card.front == written and card.back == written


def test_editing_text_keeps_item_ids(tmp_path: Path) -> None:
    before = load_deck(write(tmp_path, "- {id: a, type: basic, front: Q, back: A, reverse: true}\n"))
    after = load_deck(write(tmp_path, "- {id: a, type: basic, front: Q edited, back: A2, reverse: true}\n"))
    assert [i.item_id for i in before.items] == [i.item_id for i in after.items]
    assert before.items[0].text_hash != after.items[0].text_hash


def test_markup_in_text_is_kept_literally(tmp_path: Path) -> None:
    deck = load_deck(
        write(tmp_path, "- {id: a, type: basic, front: '[bold red]x[/]', back: '[link=http://e.test]y'}\n")
    )
    assert deck.items[0].prompt == "[bold red]x[/]"
    assert deck.items[0].answer == "[link=http://e.test]y"


def test_yml_and_block_scalars(tmp_path: Path) -> None:
    path = tmp_path / "d.yml"
    path.write_text(
        HEADER
        + "  - id: a\n    type: basic\n    front: >\n      folded\n      line\n    back: |\n      kept\n      lines\n"
    )
    deck = load_deck(path)
    card = deck.cards[0]
    assert isinstance(card, BasicCard)
    assert card.front == "folded line" and card.back == "kept\nlines"


def test_load_deck_raises_with_every_error(tmp_path: Path) -> None:
    path = write(tmp_path, "- {id: a, type: basic, front: Q}\n- {id: b, type: basic, back: A}\n")
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert [(p.line, p.message) for p in caught.value.problems] == [(5, "missing 'back'"), (6, "missing 'front'")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no deletion", "needs at least one"),
        ("open {{never", "never closed"),
        ("stray }} here", "without a '{{'"),
        ("{{}} empty", "empty"),
        ("{{c0::zero}}", "start at c1"),
        ("{{a {{b}} }}", "cannot contain another"),
        ("{{c1::a}} and {{b}}", "not both"),
    ],
)
def test_cloze_syntax_errors(text: str, message: str) -> None:
    _, _, problems = parse_cloze(text)
    assert problems and message in problems[0][1]


def test_cloze_hint_and_whitespace() -> None:
    plain, deletions, problems = parse_cloze("x {{ c1::y::hint }} z")
    assert not problems
    assert (plain, deletions[0].number, deletions[0].answer, deletions[0].hint) == ("x y z", 1, "y", "hint")
    plain, deletions, problems = parse_cloze("x {{c3:: y ::the hint}} z")
    assert (plain, deletions[0].number, deletions[0].answer, deletions[0].hint) == ("x y z", 3, "y", "the hint")


def test_warnings_do_not_block_loading(tmp_path: Path) -> None:
    path = write(tmp_path, '- {id: a, type: basic, front: "x\\e[2Jy", back: "b"}\n')
    result = load_deck_file(path)
    assert result.deck is not None and result.errors == []
    assert result.deck.items[0].prompt == "xy"
    assert len(result.warnings) == 1
