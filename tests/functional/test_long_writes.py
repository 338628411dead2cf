"""A long write in one terminal never costs a grade in another."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from test_plain_review import DAY1, cards, write_deck

from support.cli import Interactive, run_cli


def test_a_grade_that_meets_a_locked_history_waits_visibly_and_is_saved(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    env = {"MESADRILL_NOW": DAY1, "MESADRILL_BUSY_TIMEOUT": "0.2"}
    session = Interactive("review", str(deck), "--plain", env=env)
    session.expect("(Enter to show the answer")
    session.send("")
    session.expect("Grade 0-5")
    # Another writer (as a long import would) takes the write lock and keeps it.
    other = sqlite3.connect(isolated_home / "data" / "history.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    session.send("4")
    session.expect("Another mesadrill is writing the history")
    session.expect("Another mesadrill is writing the history")  # still waiting, still saying so
    other.execute("COMMIT")
    other.close()
    session.expect("[2/")
    session.close_input()
    assert session.wait() == 0
    assert "Traceback" not in session.stderr() and "stayed locked" not in session.stderr()
    assert cards(deck)["a1"]["reviews"] == 1


def test_an_import_writes_in_short_transactions(tmp_path: Path, isolated_home: Path) -> None:
    total = 100_000
    rows = (
        {
            "event_id": f"e{n}",
            "deck_id": "drill",
            "item_id": f"a{n % 30 + 1}",
            "reviewed_at": f"2026-01-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}.{n:06d}+00:00",
            "study_day": "2026-01-01",
            "quality": 4,
            "kind": "same-day",
            "repetitions": 0,
            "easiness": 2.5,
            "interval_days": 0,
            "due": None,
        }
        for n in range(total)
    )
    export = tmp_path / "big.jsonl"
    export.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert run_cli("cards", str(write_deck(tmp_path)), env={"MESADRILL_NOW": DAY1}).returncode == 0  # the database
    importing = subprocess.Popen(
        [sys.executable, "-m", "mesadrill", "history", "import", str(export)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MESADRILL_NOW": DAY1},
    )
    assert importing.stderr is not None
    first = importing.stderr.readline()
    assert first.startswith("Importing: ") and f"of {total:,} events saved" in first
    # Between two of the import's transactions another terminal gets the lock
    # (within its busy timeout) and sees a partly imported, consistent history.
    other = sqlite3.connect(isolated_home / "data" / "history.db", isolation_level=None, timeout=30)
    other.execute("BEGIN IMMEDIATE")
    saved = other.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert 0 < saved < total
    other.execute("COMMIT")
    other.close()
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    assert f"Imported {total} new event(s) of {total}" in out
    check = sqlite3.connect(isolated_home / "data" / "history.db")
    assert check.execute("SELECT COUNT(*) FROM events").fetchone()[0] == total
    assert check.execute("SELECT SUM(reviews) FROM items").fetchone()[0] == total
    check.close()
