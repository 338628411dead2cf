"""The answer journal drawn as text: attempts side by side, and what was said in each."""

from __future__ import annotations

import textwrap
from datetime import datetime

from mesadrill.core.cleantext import strip_controls
from mesadrill.render.durations import clock_text
from mesadrill.study.journal import Journal

COLUMN = 11


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def side_by_side(journal: Journal, *, last: int = 5, width: int = 80) -> list[str]:
    """The newest ``last`` attempts as columns; key points as rows, ticked where covered."""
    card = journal.card
    shown = journal.attempts[-last:]
    lines = [_short(card.prompt, width)]
    if not shown:
        lines.append("No graded attempts yet.")
        return lines
    label = max(14, width - 4 - COLUMN * len(shown))

    def row(name: str, cells: list[str]) -> str:
        return f"{_short(name, label):<{label}}" + "".join(f"{cell:>{COLUMN}}" for cell in cells)

    lines.append(row("", [event.reviewed_at.astimezone().strftime("%Y-%m-%d") for event in shown]))
    lines.append(
        row(
            "time / limit",
            [
                f"{clock_text(event.duration_ms / 1000 if event.duration_ms else 0)}/{clock_text(event.drill.time_limit_s)}"
                for event in shown
                if event.drill
            ],
        )
    )
    lines.append(
        row(
            "points",
            [f"{len(event.drill.points_covered)}/{event.drill.points_total}" for event in shown if event.drill],
        )
    )
    lines.append(row("grade", [str(event.quality) for event in shown]))
    for index, point in enumerate(card.key_points):
        cells = ["✓" if event.drill and index in event.drill.points_covered else "·" for event in shown]
        lines.append(row(f"{index + 1}. {point}", cells))
    return lines


def _wrapped(text: str, width: int, prefix: str = "  ") -> list[str]:
    # Typed or imported answers: shown in a terminal and in the app, never as escape sequences.
    return textwrap.wrap(
        " ".join(strip_controls(text).split()), width=width, initial_indent=prefix, subsequent_indent="  "
    ) or [prefix]


def answers_text(journal: Journal, *, last: int = 5, width: int = 78) -> list[str]:
    """What was typed in each attempt, newest first."""
    lines: list[str] = []
    for event in reversed(journal.attempts[-last:]):
        drill = event.drill
        if drill is None:
            continue
        when: datetime = event.reviewed_at.astimezone()
        lines.append(
            f"{when:%Y-%m-%d %H:%M}  grade {event.quality}, {len(drill.points_covered)}/{drill.points_total} points"
        )
        lines.extend(_wrapped(drill.answer_text, width) if drill.answer_text else ["  (answered aloud)"])
        for answer in drill.follow_up_answers:
            if answer:
                lines.extend(_wrapped(answer, width, "  follow-up: "))
        lines.append("")
    return lines
