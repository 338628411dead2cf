"""Per-grade cost over a long session: ``review --plain`` fed from a pipe, 1,000 grades against 20,000.

A grade must cost the same late in a session as early on (issue 13): the
row divides each session's time, less a session that grades nothing, by
its grades, and compares the long session's per-grade time with the short
one's, which serves as the floor.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

NOW = "2026-01-05T12:00:00+00:00"


MAX_NEW = 10_000  # review --new takes at most this many new items per deck


def write_basic_deck(folder: Path, cards: int, name: str = "a") -> Path:
    """A deck of ``cards`` basic cards, every one a new item today."""
    path = folder / f"session-{name}-{cards}.yaml"
    lines = [f"deck: session-{name}", "title: Long session", "description: Basic cards for the session row.", "cards:"]
    lines += [f"  - {{id: c{i}, type: basic, front: 'Question {i}', back: 'Answer {i}'}}" for i in range(cards)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def session_seconds(decks: list[Path], grades: int, env: dict[str, str], data: Path) -> float:
    """Wall time of one ``review --plain`` process that grades ``grades`` new items 5, in a fresh history."""
    session_env = {**env, "MESADRILL_NOW": NOW, "MESADRILL_DATA_DIR": str(data)}
    # Enter shows the answer, 5 grades it; end of input ends the session.
    feed = "\n5\n" * grades
    new = str(min(max(grades, 1), MAX_NEW))  # per deck: two decks give a 20,000-grade session
    command = [sys.executable, "-m", "mesadrill", "review", *map(str, decks), "--plain", "--new", new]
    start = time.perf_counter()
    subprocess.run(command, input=feed, text=True, env=session_env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def per_grade_ms(
    deck_cards: int, short: int, long: int, reps: int, folder: Path, env: dict[str, str]
) -> tuple[float, float]:
    """Median per-grade milliseconds in a ``long`` session and in a ``short`` one."""
    decks = [write_basic_deck(folder, deck_cards // 2, name) for name in ("a", "b")]
    subprocess.run(  # fills the deck index, as a learner's second session finds it
        [sys.executable, "-m", "mesadrill", "lint", *map(str, decks)], env=env, stdout=subprocess.DEVNULL, check=True
    )
    short_samples, long_samples = [], []
    for rep in range(reps):
        base = session_seconds(decks, 0, env, folder / f"empty-{rep}")
        short_samples.append((session_seconds(decks, short, env, folder / f"short-{rep}") - base) / short)
        long_samples.append((session_seconds(decks, long, env, folder / f"long-{rep}") - base) / long)
    short_samples.sort()
    long_samples.sort()
    return long_samples[len(long_samples) // 2] * 1000, short_samples[len(short_samples) // 2] * 1000
