"""Driving `review --plain` prompt by prompt, as a person at a terminal would."""

from __future__ import annotations

import signal
from pathlib import Path

from support.cli import Interactive


def grade_shown(session: Interactive, quality: str) -> str:
    """Show the answer of the item on screen and grade it; return what came before its prompt (the question)."""
    question = session.expect("(Enter to show the answer")
    session.send("")
    session.expect("Grade 0-5")
    session.send(quality)
    return question


def grade_then_kill(deck: Path, graded: int, now: str) -> None:
    """Grade ``graded`` items 4, wait until the next is shown (the last grade is committed), then SIGKILL."""
    session = Interactive("review", str(deck), "--plain", env={"MESADRILL_NOW": now})
    for number in range(1, graded + 1):
        session.expect(f"[{number}/")
        grade_shown(session, "4")
    session.expect(f"[{graded + 1}/")
    session.process.send_signal(signal.SIGKILL)
    session.wait()
