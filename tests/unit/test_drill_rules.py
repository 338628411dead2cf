"""The word-overlap rule and the grade suggestion, on the real bundled interview cards."""

from __future__ import annotations

import pytest

from mesadrill.core.cards import InterviewCard
from mesadrill.core.drill_rules import content_words, coverage_grade, covered_points, stem, suggest_grade
from mesadrill.decks.load import load_deck
from mesadrill.render.durations import countdown_text
from support.cli import BUNDLED_DECKS


def interview_cards() -> list[InterviewCard]:
    deck = load_deck(BUNDLED_DECKS / "mesa-interview.yaml")
    return [card for card in deck.cards if isinstance(card, InterviewCard)]


@pytest.mark.parametrize("card", interview_cards(), ids=lambda card: card.id)
def test_each_model_answer_covers_all_its_own_key_points(card: InterviewCard) -> None:
    assert covered_points(card.answer, card.key_points) == [True] * len(card.key_points)


@pytest.mark.parametrize("card", interview_cards(), ids=lambda card: card.id)
def test_an_off_topic_answer_covers_none(card: InterviewCard) -> None:
    answer = "I would mostly talk about my favourite football team and the weather in spring."
    assert covered_points(answer, card.key_points) == [False] * len(card.key_points)


def test_a_partial_answer_covers_just_what_it_says() -> None:
    card = next(c for c in interview_cards() if c.id == "explain-mesa-and-deceptive-alignment")
    partial = "We haven't confirmed the internal mechanism in any model; the behaviour is not the mechanism."
    ticks = covered_points(partial, card.key_points)
    assert 0 < sum(ticks) < len(ticks)
    mechanism = next(i for i, point in enumerate(card.key_points) if "mechanism" in point)
    assert ticks[mechanism]


def test_words_are_lowercased_stemmed_and_stop_words_dropped() -> None:
    assert content_words("The Models were TRAINED, training and trains") == ["model", "train", "train", "train"]
    for family in (
        ["probe", "probes"],
        ["scheme", "schemes", "scheming"],
        ["confirm", "confirmed", "confirms"],
        ["bias", "biases"],
        ["class", "classes"],
    ):
        assert len({stem(word) for word in family}) == 1, family
    assert stem("status") != stem("stat")
    assert content_words("AUROC above 99% and a 30x drop from 8.7% to 0.3%") == [
        "auroc",
        "abov",
        "99%",
        "30x",
        "drop",
        "8.7%",
        "0.3%",
    ]


def test_short_points_need_every_word() -> None:
    assert covered_points("probes worked", ["linear probes"]) == [False]
    assert covered_points("linear probes worked", ["linear probes"]) == [True]


@pytest.mark.parametrize(
    ("covered", "total", "grade"),
    [(5, 5, 5), (4, 5, 4), (3, 4, 4), (3, 5, 3), (2, 4, 3), (2, 5, 2), (1, 4, 2), (1, 5, 1), (0, 5, 0), (0, 0, 0)],
)
def test_coverage_grade(covered: int, total: int, grade: int) -> None:
    assert coverage_grade(covered, total) == grade


@pytest.mark.parametrize(
    ("seconds", "grade"),
    [(60, 5), (90, 5), (90.5, 4), (135, 4), (135.5, 3), (500, 3)],
)
def test_overrunning_the_limit_costs_a_grade_or_two(seconds: float, grade: int) -> None:
    assert suggest_grade(5, 5, seconds, 90) == grade


def test_suggestion_never_below_zero() -> None:
    assert suggest_grade(0, 5, 1000, 90) == 0


def test_countdown_counts_down_then_shows_overrun() -> None:
    assert countdown_text(90 - 0) == "1:30"
    assert countdown_text(90 - 89.2) == "0:01"
    assert countdown_text(90 - 90) == "0:00"
    assert countdown_text(90 - 101.5) == "+0:11 over"
