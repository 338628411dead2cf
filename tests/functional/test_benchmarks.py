"""The benchmark script keeps working (timings are never asserted here: see docs/performance.md)."""

from __future__ import annotations

import subprocess
import sys

from support.cli import REPO

ROWS = [
    "mesadrill --help",
    "mesadrill decks",
    "mesadrill lint (bundled decks)",
    "mesadrill cards",
    "cold load + validation (no cache)",
    "warm load, every card (deck index)",
    "today's queue",
    "commit one grade (WAL, synchronous=FULL)",
    "TUI start to first card (bundled decks)",
    "key press to redrawn card (reveal, grade)",
    "peak memory, cold load (no cache)",
    "TUI start to first card, whole process (bundled decks)",
    "TUI start to home screen, whole process (bundled decks)",
    "per grade in a 100-grade session",
    "ask, once indexed (FTS5 bm25)",
    "import anki --with-history",
    "first sync, sending the whole history",
    "first sync, receiving the whole history",
    "daily sync: send 100, receive 100",
    "mesadrill decks (open + today's counts)",
    "mesadrill decks (open + today's counts)",
    "peak memory, decks",
    "review --plain to the first card",
    "review --plain to the first card",
    "TUI start to first card, whole process (120-card deck)",
    *[f"mesadrill against Anki, {what}" for _ in range(3) for what in ("open + today's counts", "to the first card")],
    "decks, first run after one card's text changed",
    "decks, first run after one card's text changed",
]


def test_quick_run_measures_every_row_and_judges_none() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert table[0].split(" | ")[:3] == ["| operation", "size", "ours"]
    body = table[2:]
    names = [line.split(" | ")[0].removeprefix("| ") for line in body]
    assert len(names) == len(ROWS)
    for name, expected in zip(names, ROWS, strict=True):
        assert name.startswith(expected), (name, expected)
    diagnostics = [line for line in body if "diagnostic, no budget" in line]
    assert len(diagnostics) == 1 and all(line.endswith("| - |") for line in diagnostics)  # the headless TUI start
    assert all(line.endswith("| not judged (--quick) |") for line in body if line not in diagnostics)
    assert "textual not imported" in body[0]
