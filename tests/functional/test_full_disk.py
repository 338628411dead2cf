"""A full disk: backups become warnings, reading never depends on them, output errors are messages."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_plain_review import DAY1, DAY2, write_deck

from support.cli import Interactive, run_cli
from support.history import jsonl, same_day_repeats


@pytest.fixture
def history(tmp_path: Path, isolated_home: Path) -> Path:
    """A history of 3,000 events (about 1.5 MB) with its first daily backup."""
    export = tmp_path / "events.jsonl"
    drill = {"answer_text": "x" * 200, "points_total": 3, "points_covered": [0], "time_limit_s": 60}
    export.write_text(jsonl(same_day_repeats(3000, "2026-01-01", drill=drill)))
    done = run_cli("history", "import", str(export), env={"MESADRILL_NOW": DAY1})
    assert done.returncode == 0, done.output
    db = isolated_home / "data" / "history.db"
    assert db.stat().st_size > 400_000
    return db


def limit_file_size(limit: int) -> object:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mesadrill", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "MESADRILL_NOW": DAY2},
        preexec_fn=limit_file_size(limit),  # type: ignore[arg-type]
        timeout=60,
    )


def test_a_backup_that_cannot_be_written_is_a_warning_and_reading_goes_on(history: Path) -> None:
    folder = history.parent / "backups"
    before = set(folder.glob("history-*")) if folder.exists() else set()
    done = run_limited(200_000, "history", "export")  # room for the -shm, not for a copy
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1 + 3000
    assert "warning: could not take today's backup" in done.stderr and "Traceback" not in done.stderr
    assert (set(folder.glob("history-*")) if folder.exists() else set()) == before  # nothing half-written
    doctor = run_cli("doctor", env={"MESADRILL_NOW": DAY2})
    assert doctor.returncode == 0 and "Integrity check: ok" in doctor.stdout


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs, where the machine lets us mount one (root, in a container that allows it)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_nearly_full_disk_still_reads_and_grades(small_disk: Path, tmp_path: Path, history: Path) -> None:
    data = small_disk / "data"
    data.mkdir()
    (data / "history.db").write_bytes(history.read_bytes())
    env = {"MESADRILL_DATA_DIR": str(data), "MESADRILL_NOW": DAY2}
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(bytes(max(0, free - 160 * 1024)))  # room for the -shm and a few grades, not a backup
    export = run_cli("history", "export", env=env)
    assert export.returncode == 0, export.stderr
    assert len(export.stdout.splitlines()) == 1 + 3000
    assert "warning: could not take today's backup" in export.stderr and "Traceback" not in export.stderr
    deck = write_deck(tmp_path)
    review = run_cli("review", str(deck), "--plain", input="\n5\nq\n", env=env)
    assert review.returncode == 0 and "Traceback" not in review.output, review.output
    assert "Reviewed 1 item(s)" in review.stdout
    assert not list((data / "backups").glob("history-*"))  # no backup, and nothing half-written
    raw = sqlite3.connect(data / "history.db")
    assert raw.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 3001
    raw.close()


def test_a_process_killed_during_the_backup_leaves_only_whole_backups(history: Path) -> None:
    deck = write_deck(history.parent.parent)
    for _ in range(3):
        session = Interactive("review", str(deck), "--plain", env={"MESADRILL_NOW": DAY2})
        session.expect("q quit) ")
        session.process.send_signal(signal.SIGKILL)
        session.wait()
    doctor = run_cli("doctor", env={"MESADRILL_NOW": DAY2})
    assert doctor.returncode == 0, doctor.output
    for backup in (history.parent / "backups").glob("history-*.db"):
        copy = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 3000
        copy.close()
        assert backup.name in doctor.stdout
    assert ".partial" not in doctor.stdout


def test_output_to_a_full_device_is_a_message(history: Path) -> None:
    for command in ("history export", "cards drill --json", "doctor"):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "mesadrill", *command.split()],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "MESADRILL_NOW": DAY1, "MESADRILL_DECKS": str(write_deck(history.parent))},
            )
        assert done.returncode == 1, (command, done.stderr)
        assert "cannot write the output" in done.stderr, (command, done.stderr)
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
