"""Every validation error is reported, all at once, at the right line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesadrill.decks.load import load_deck_file

HEADER = "deck: demo\ntitle: Demo\ndescription: For tests.\ncards:\n"


def problems(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    path = tmp_path / "deck.yaml"
    path.write_bytes(text.encode("utf-8"))
    result = load_deck_file(path)
    assert all(str(p).startswith(f"{path}:{p.line}:{p.column}: ") for p in result.problems)
    return [(p.line, p.column, p.message) for p in result.errors]


def only(found: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    assert len(found) == 1, found
    return found[0]


def test_missing_card_id(tmp_path: Path) -> None:
    assert only(problems(tmp_path, HEADER + "  - type: basic\n    front: Q\n    back: A\n")) == (5, 5, "missing 'id'")


def test_duplicate_card_id_names_the_first(tmp_path: Path) -> None:
    text = HEADER + "  - {id: a, type: basic, front: Q, back: A}\n  - {id: a, type: basic, front: Q2, back: A2}\n"
    assert only(problems(tmp_path, text)) == (6, 5, "duplicate card id 'a' (first at line 5)")


def test_malformed_ids(tmp_path: Path) -> None:
    text = "deck: Not A Slug\ntitle: T\ndescription: D\ncards:\n  - {id: 'has:colon', type: basic, front: Q, back: A}\n"
    found = problems(tmp_path, text)
    assert [(line, column) for line, column, _ in found] == [(1, 7), (5, text.splitlines()[4].index("'has") + 1)]
    assert "deck id 'Not A Slug'" in found[0][2] and "card id 'has:colon'" in found[1][2]


def test_duplicate_mapping_key(tmp_path: Path) -> None:
    text = HEADER + "  - id: a\n    type: basic\n    front: Q\n    back: A\n    front: again\n"
    assert only(problems(tmp_path, text)) == (9, 5, "duplicate key 'front' (first at line 7)")


def test_unknown_card_type_suggests(tmp_path: Path) -> None:
    card = "  - {id: a, type: clozee, text: '{{x}}'}"
    line, column, message = only(problems(tmp_path, HEADER + card + "\n"))
    assert (line, column) == (5, card.index("clozee") + 1)
    assert "unknown card type 'clozee'" in message and "did you mean 'cloze'" in message


def test_unknown_field_suggests_the_typo_fix(tmp_path: Path) -> None:
    text = HEADER + "  - id: a\n    type: basic\n    front: Q\n    bakc: A\n"
    found = problems(tmp_path, text)
    assert (8, 5, "unknown field 'bakc' in a basic card (did you mean 'back'?)") in found
    assert (5, 5, "missing 'back'") in found


def test_unknown_deck_field(tmp_path: Path) -> None:
    text = "deck: d\ntitel: T\ntitle: T\ndescription: D\ncards:\n  - {id: a, type: basic, front: Q, back: A}\n"
    assert only(problems(tmp_path, text)) == (2, 1, "unknown field 'titel' in a deck (did you mean 'title'?)")


def test_field_of_another_card_type(tmp_path: Path) -> None:
    text = HEADER + "  - {id: a, type: basic, front: Q, back: A, key_points: [x]}\n"
    assert only(problems(tmp_path, text))[2] == "'key_points' is a field of interview cards, not of basic cards"


@pytest.mark.parametrize(
    ("card", "at", "message"),
    [
        ("{id: a, type: basic, front: [x], back: A}", "[x]", "'front' should be text, not a list"),
        (
            "{id: a, type: basic, front: Q, back: A, reverse: 'true'}",
            "'true'",
            "'reverse' should be true or false (unquoted), not 'true'",
        ),
        (
            "{id: a, type: basic, front: Q, back: A, reverse: yes}",
            "yes",
            "'reverse' should be true or false (unquoted), not 'yes'",
        ),
        ("{id: a, type: basic, front: Q, back: A, tags: tag}", "tag}", "'tags' should be a list, not text"),
        (
            "{id: a, type: interview, prompt: P, answer: A, key_points: [k], time_limit: '90'}",
            "'90'",
            "'time_limit' should be a whole number of seconds (unquoted), not '90'",
        ),
        (
            "{id: a, type: interview, prompt: P, answer: A, key_points: [k], time_limit: 5}",
            "5}",
            "'time_limit' should be between 10 and 3600, not 5",
        ),
        (
            "{id: a, type: choice, question: Q, choices: {a: b}, answer: a}",
            "{a: b}",
            "'choices' should be a list, not a mapping",
        ),
    ],
)
def test_wrong_types(tmp_path: Path, card: str, at: str, message: str) -> None:
    line = f"  - {card}"
    assert only(problems(tmp_path, HEADER + line + "\n")) == (5, line.index(at) + 1, message)


@pytest.mark.parametrize("value", ["''", '""', "", "'   '", "~"])
def test_empty_text(tmp_path: Path, value: str) -> None:
    line, _, message = only(
        problems(tmp_path, HEADER + f"  - id: a\n    type: basic\n    front: {value}\n    back: A\n")
    )
    assert (line, message) == (7, "'front' is empty")


def test_cloze_without_deletion(tmp_path: Path) -> None:
    text = HEADER + "  - id: a\n    type: cloze\n    text: nothing to hide\n"
    assert only(problems(tmp_path, text)) == (7, 11, "a cloze card needs at least one {{...}} deletion")


def test_cloze_error_points_into_a_block_scalar(tmp_path: Path) -> None:
    text = HEADER + "  - id: a\n    type: cloze\n    text: |\n      first line\n      second {{never closed\n"
    line, _, message = only(problems(tmp_path, text))
    assert (line, message) == (9, "'{{' is never closed with '}}'")


def test_choice_answer_not_among_choices(tmp_path: Path) -> None:
    text = (
        HEADER
        + "  - id: a\n    type: choice\n    question: Q\n    choices: [theory, open question]\n    answer: theroy\n"
    )
    assert only(problems(tmp_path, text)) == (
        9,
        13,
        "the answer 'theroy' is not one of the choices (did you mean 'theory'?)",
    )


def test_choice_needs_two_distinct_choices(tmp_path: Path) -> None:
    one = HEADER + "  - {id: a, type: choice, question: Q, choices: [x], answer: x}\n"
    assert only(problems(tmp_path, one))[2] == "'choices' needs at least 2 entries"
    same = HEADER + "  - {id: a, type: choice, question: Q, choices: [x, x], answer: x}\n"
    assert only(problems(tmp_path, same))[2] == "choices must differ; 'x' appears more than once"


def test_interview_needs_key_points(tmp_path: Path) -> None:
    text = HEADER + "  - {id: a, type: interview, prompt: P, answer: A, key_points: []}\n"
    assert only(problems(tmp_path, text))[2] == "'key_points' needs at least 1 entry"


def test_deck_needs_cards_and_fields(tmp_path: Path) -> None:
    found = problems(tmp_path, "deck: d\ncards: []\n")
    assert found == [
        (1, 1, "missing 'title'"),
        (1, 1, "missing 'description'"),
        (2, 8, "a deck needs at least one card"),
    ]


def test_card_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert only(problems(tmp_path, HEADER + "  - just text\n")) == (
        5,
        5,
        "a card should be a mapping (id, type, ...), not text",
    )


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    text = (
        HEADER
        + "  - {id: a, type: basic, front: Q}\n"
        + "  - {id: b, type: cloze, text: none}\n"
        + "  - {id: c, type: choice, question: Q, choices: [x, y], answer: z}\n"
        + "  - {id: d, type: nope}\n"
        + "  - {id: a, type: basic, front: Q, back: A}\n"
    )
    assert [line for line, _, _ in problems(tmp_path, text)] == [5, 6, 7, 8, 9]
