"""After a crash, the history is whatever SQLite recovers: never "damaged" because of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_plain_review import DAY1, cards, write_deck

from support.cli import run_cli
from support.plain import grade_then_kill


def test_grades_only_in_the_wal_after_sigkill_show_in_every_command(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    grade_then_kill(deck, 3, DAY1)
    db = isolated_home / "data" / "history.db"
    wal = db.with_name("history.db-wal")
    # The scenario: the session never checkpointed, so every page that matters is
    # in the -wal; then a checkpoint is cut short, leaving page 1 of the main
    # file torn. SQLite reads page 1 from the -wal and replays it on recovery.
    assert wal.exists() and wal.stat().st_size > 0
    with db.open("r+b") as main:
        main.seek(100)
        main.write(bytes(4096 - 100))
    frozen = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    with pytest.raises(sqlite3.DatabaseError):
        frozen.execute("SELECT name FROM sqlite_master").fetchall()
    frozen.close()
    env = {"MESADRILL_NOW": DAY1}
    export = run_cli("history", "export", env=env)
    assert export.returncode == 0, export.output
    assert len(export.stdout.splitlines()) == 1 + 3
    doctor = run_cli("doctor", env=env)
    assert doctor.returncode == 0, doctor.output
    assert "Integrity check: ok" in doctor.stdout and "Events: 3" in doctor.stdout
    assert sum(1 for row in cards(deck).values() if row["reviews"]) == 3
    listing = run_cli("decks", env=env)
    assert listing.returncode == 0, listing.output
    again = run_cli("review", str(deck), "--plain", input="q\n", env=env)
    assert again.returncode == 0 and "damaged" not in again.output, again.output
    for done in (export, doctor, listing, again):
        assert "Traceback" not in done.output


def test_a_damaged_file_is_described_before_any_advice_to_move_it(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    grade_then_kill(deck, 2, DAY1)
    assert run_cli("cards", str(deck), env={"MESADRILL_NOW": DAY1}).returncode == 0  # checkpoints on close
    db = isolated_home / "data" / "history.db"
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 0")  # tables without a schema version: refused as damaged
    raw.commit()
    raw.close()
    done = run_cli("history", "export", env={"MESADRILL_NOW": DAY1})
    assert done.returncode == 1 and "Traceback" not in done.output
    assert "It still holds 2 event(s)" in done.stderr
    assert done.stderr.index("It still holds") < done.stderr.index("move the file aside")
    assert done.stdout == ""
