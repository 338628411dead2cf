"""The Anki peer benchmark builds the collection it says and keeps working (timings are never asserted)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli import REPO

pytest.importorskip("anki")
sys.path.insert(0, str(REPO / "benchmarks"))

import anki_peer  # after the path set-up above


def test_the_collection_has_70_percent_reviewed_and_anki_counts_what_is_due(tmp_path: Path) -> None:
    collection = anki_peer.build(tmp_path, 150)
    with sqlite3.connect(collection.path) as db:
        kinds = dict(db.execute("select queue, count(*) from cards group by queue").fetchall())
        assert kinds == {0: 45, 2: 105}  # new, review
        assert db.execute("select count(*), count(distinct cid) from revlog").fetchone() == (315, 105)
        (crt,) = db.execute("select crt from col").fetchone()
        (last_review_ms,) = db.execute("select max(id) from revlog").fetchone()
    assert 0 < collection.due_today < 105
    # Anki's own deck list (run in a fresh process) shows 20 new cards and every due review.
    assert collection.counts == f"20 / 0 / {collection.due_today}"
    assert last_review_ms // 1000 - crt > 300 * 86_400  # a year-old collection, reviewed lately


def test_raised_limits_let_anki_count_every_new_card(tmp_path: Path) -> None:
    collection = anki_peer.build(tmp_path, 150, limits=False)
    assert collection.counts == f"45 / 0 / {collection.due_today}"


def test_quick_run_prints_the_table() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "anki_peer.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    rows = [line.split(" | ")[0].removeprefix("| ") for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows[0] == ""
    assert "Anki open + counts, default limits" in rows
    assert "Anki to the first card, limits 9,999" in rows
    assert "Anki peak memory, open + counts, default limits" in rows
    assert 'python -c "import anki.collection"' in done.stdout
