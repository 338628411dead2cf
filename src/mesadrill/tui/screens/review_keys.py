"""The review screen's keys: every one with its description and tooltip, so the key bar, help and palette agree."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from mesadrill.core.grades import Quality


def _grade_bindings() -> list[BindingType]:
    bindings: list[BindingType] = [
        Binding("0", "grade(0)", "Grade", key_display="0-5", tooltip="Grade 0-5 (see the legend)", id="review.grade")
    ]
    bindings.extend(Binding(str(q), f"grade({q})", f"Grade {q}: {Quality(q).meaning}", show=False) for q in range(1, 6))
    return bindings


def _choice_bindings() -> list[BindingType]:
    bindings: list[BindingType] = [
        Binding(
            "1", "choose(1)", "Choose", key_display="1-9", tooltip="Answer with a choice's number", id="review.choose"
        )
    ]
    bindings.extend(Binding(str(n), f"choose({n})", f"Choose {n}", show=False) for n in range(2, 10))
    return bindings


REVIEW_BINDINGS: list[BindingType] = [
    Binding("space", "reveal", "Show answer", tooltip="Show the answer and its source", id="review.reveal"),
    Binding("enter", "reveal", "Show answer", show=False),
    *_choice_bindings(),
    *_grade_bindings(),
    Binding(
        "enter",
        "accept",
        "Accept suggestion",
        key_display="enter",
        tooltip="Grade with the suggested grade",
        id="review.accept",
    ),
    Binding("u", "undo", "Undo", tooltip="Take back the last grade, suspension or burial", id="review.undo"),
    Binding(
        "exclamation_mark",
        "act('suspend')",
        "Suspend",
        key_display="!",
        tooltip="Suspend this item (u undoes)",
        id="review.suspend",
    ),
    Binding(
        "minus",
        "act('bury')",
        "Bury",
        key_display="-",
        tooltip="Bury this item until tomorrow (u undoes)",
        id="review.bury",
    ),
    Binding("b", "browse", "Browse", tooltip="Browse and search every card", id="review.browse"),
    Binding("e", "edit", "Edit", tooltip="Open the deck file in $EDITOR at this card", id="review.edit"),
    Binding("w", "where_from", "Where from", tooltip="Open the lesson this card comes from", id="review.where"),
    Binding("a", "ask", "Ask", show=False, tooltip="Ask a question about the course's readings", id="review.ask"),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="Keys and grades", id="review.help"),
    Binding("q", "end", "End", tooltip="End the session (every grade is already saved)", id="review.end"),
    Binding("escape", "end", "End", show=False),
]
