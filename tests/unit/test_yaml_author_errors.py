"""YAML's puzzles in an author's words: each message names the mistake and shows the fixed line."""

from __future__ import annotations

from pathlib import Path

from mesadrill.decks.load import load_deck_file

HEADER = "deck: demo\ntitle: Demo\ndescription: For tests.\ncards:\n"


def load(tmp_path: Path, cards: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "deck.yaml"
    path.write_text(HEADER + cards, encoding="utf-8")
    return load_deck_file(path)


def test_a_colon_in_unquoted_text_says_how_to_quote_it(tmp_path: Path) -> None:
    result = load(tmp_path, '  - id: a\n    type: basic\n    front: What is it: a "thing"?\n    back: B\n')
    (error,) = result.errors
    assert (error.line, error.column) == (7, 22)
    assert "mapping values" not in error.message
    assert error.message.endswith('quote the text: front: "What is it: a \\"thing\\"?"')


def test_a_colon_in_a_list_item_says_how_to_quote_it(tmp_path: Path) -> None:
    cards = (
        "  - id: a\n    type: interview\n    prompt: P\n    answer: A\n"
        "    key_points:\n      - Risk: deception\n      - two\n"
    )
    (error,) = load(tmp_path, cards).errors
    assert error.line == 10
    assert "mapping" not in error.message
    assert 'quote the text: "Risk: deception"' in error.message


def test_a_cloze_starting_with_braces_says_to_quote_it(tmp_path: Path) -> None:
    result = load(tmp_path, "  - id: z\n    type: cloze\n    text: {{c1::Paris}} is in France.\n")
    (error,) = result.errors
    assert "a mapping key must be plain text" not in error.message
    assert 'starts with "{"' in error.message
    assert error.message.endswith('quote the text: text: "{{c1::Paris}} is in France."')


def test_the_quoted_fix_loads(tmp_path: Path) -> None:
    result = load(tmp_path, '  - id: z\n    type: cloze\n    text: "{{c1::Paris}} is in France."\n')
    assert result.deck is not None and result.errors == []


def test_an_item_indented_under_the_one_above_is_merged_with_a_warning(tmp_path: Path) -> None:
    cards = (
        "  - id: i\n    type: interview\n    prompt: Explain X.\n    answer: X is Y.\n    key_points: [one]\n"
        "    follow_ups:\n      - How would you test it?\n        - What would change your mind?\n"
    )
    result = load(tmp_path, cards)
    assert result.deck is not None  # YAML accepts it: one follow-up
    (warning,) = result.warnings
    assert (warning.line, warning.column) == (12, 9)
    assert "How would you test it? - What would change your mind?" in warning.message
    assert 'line its "-" up with the one on line 11' in warning.message


def test_a_plain_text_over_several_lines_is_no_warning(tmp_path: Path) -> None:
    cards = "  - id: a\n    type: basic\n    front: a long question\n      that goes on\n    back: B\n"
    result = load(tmp_path, cards)
    assert result.deck is not None and result.warnings == []
