"""The bundled content, read as plain YAML: no answer given away by its length, a source on every
card, and no card that points at a document the learner does not have."""

from __future__ import annotations

import re

import yaml

from support.cli import BUNDLED_DECKS, TEST_DATA

DECKS = BUNDLED_DECKS


def cards() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(DECKS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "deck" not in data:
            continue
        found += [(data["deck"], card) for card in data["cards"]]
    return found


def choice_cards(min_options: int) -> list[tuple[str, dict]]:
    """Choice cards with at least min_options options, leaving out fixed-column drills (the same
    options on many cards), where an option's length says nothing about this question."""
    choice = [(deck, card) for deck, card in cards() if card["type"] == "choice"]
    shared = {}
    for _, card in choice:
        shared[tuple(card["choices"])] = shared.get(tuple(card["choices"]), 0) + 1
    return [
        (deck, card)
        for deck, card in choice
        if len(card["choices"]) >= min_options and shared[tuple(card["choices"])] < 3
    ]


def answer_is_uniquely_longest(card: dict) -> bool:
    lengths = sorted((len(choice) for choice in card["choices"]), reverse=True)
    return len(card["answer"]) == lengths[0] and lengths[0] > lengths[1]


def chance_of_at_least(count: int, odds: list[float]) -> float:
    """P(X >= count) where X is the number of successes of independent trials with these odds."""
    dist = [1.0]
    for p in odds:
        nxt = [0.0] * (len(dist) + 1)
        for k, mass in enumerate(dist):
            nxt[k] += mass * (1 - p)
            nxt[k + 1] += mass * p
        dist = nxt
    return sum(dist[count:])


def test_there_are_multiple_choice_questions_to_check() -> None:
    assert len(choice_cards(4)) >= 15


def test_the_right_answer_is_not_given_away_by_being_the_longest_option() -> None:
    questions = choice_cards(4)
    longest = [f"{deck}/{card['id']}" for deck, card in questions if answer_is_uniquely_longest(card)]
    # Under chance the right answer is the longest of n options about 1/n of the time.
    p = chance_of_at_least(len(longest), [1 / len(card["choices"]) for _, card in questions])
    assert p >= 0.05, (
        f"the right answer is the uniquely longest option in {len(longest)} of {len(questions)} questions "
        f"(P={p:.3f} under chance): lengthen the distractors of {longest}"
    )


def test_the_length_check_catches_a_biased_quiz() -> None:
    biased = [1 / 4] * 20
    assert chance_of_at_least(12, biased) < 0.05
    assert chance_of_at_least(5, biased) >= 0.05


def test_every_card_has_a_source() -> None:
    assert [f"{deck}/{card['id']}" for deck, card in cards() if not str(card.get("source", "")).strip()] == []


def test_no_card_points_at_a_document_the_learner_does_not_have() -> None:
    pattern = re.compile(r"lesson 212|one reference article|the reference article", re.IGNORECASE)
    fields = ("front", "back", "text", "question", "prompt", "answer", "explanation")
    bad = [
        f"{deck}/{card['id']}"
        for deck, card in cards()
        for field in fields
        if isinstance(card.get(field), str) and pattern.search(card[field])
    ]
    assert bad == []


def test_classification_columns_are_balanced() -> None:
    drill = [card for deck, card in cards() if deck == "mesa-theory-or-evidence"]
    counts = {column: sum(card["answer"] == column for card in drill) for column in drill[0]["choices"]}
    assert len(counts) == 4
    assert max(counts.values()) - min(counts.values()) <= 3, counts


def test_the_course_refers_only_to_cards_that_exist_and_places_every_card() -> None:
    course_file = DECKS / "mesa-alignment.yaml"
    course = yaml.safe_load(course_file.read_text(encoding="utf-8"))
    existing = {f"{deck}:{card['id']}" for deck, card in cards()}
    placed = set()
    for lesson in course["lessons"]:
        refs = lesson["cards"] + lesson["key_terms"] + lesson["interview"]
        assert set(refs) <= existing, (lesson["id"], sorted(set(refs) - existing))
        placed |= set(lesson["cards"])
        headings = re.findall(r"^## (.*)$", (course_file.parent / lesson["reading"]).read_text(encoding="utf-8"), re.M)
        assert "Sources" in headings, lesson["id"]
    assert existing - placed == set()
    questions = yaml.safe_load((TEST_DATA / "course_questions.yaml").read_text(encoding="utf-8"))
    assert len(questions) >= 24
    by_id = {lesson["id"]: lesson for lesson in course["lessons"]}
    for question in questions:
        reading = (course_file.parent / by_id[question["lesson"]]["reading"]).read_text(encoding="utf-8")
        assert f"## {question['heading']}\n" in reading, question


def test_every_deck_card_reference_in_the_course_names_a_card_that_exists() -> None:
    """Walk the whole course file, not only the fields we expect, so a card retired from a deck cannot
    leave a dangling DECK:CARD reference anywhere. `related` may name COURSE:LESSON instead."""
    course_file = DECKS / "mesa-alignment.yaml"
    course = yaml.safe_load(course_file.read_text(encoding="utf-8"))
    decks = {deck for deck, _ in cards()}
    existing = {f"{deck}:{card['id']}" for deck, card in cards()}
    lessons = {f"{course['course']}:{lesson['id']}" for lesson in course["lessons"]}
    ref = re.compile(r"^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9-]*$")
    dangling = []

    def walk(node: object, key: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and ref.match(node):
            prefix = node.split(":", 1)[0]
            if key == "related" and prefix not in decks:
                return  # COURSE:LESSON; only this course's lessons can be checked here
            checked = prefix in decks or key in ("cards", "key_terms", "interview")
            if checked and node not in existing and node not in lessons:
                dangling.append(f"{key}: {node}")

    walk(course, "")
    assert dangling == [], dangling
