"""A first sync, in a terminal, counts what it reads and says when it merges (issue 18: long work shows progress)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from test_sync import DAY2, an_event, craft, machine

from support.pty_read import read_terminal


def run_in_a_terminal(env: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """Run mesadrill with stderr on a pseudo-terminal (as in a shell); return the run and what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "mesadrill", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, **env},
    )
    os.close(follower)
    shown, _ = read_terminal(leader)
    stdout, _ = process.communicate(timeout=60)
    os.close(leader)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, b""), shown


def test_a_first_sync_counts_the_events_it_reads_and_says_it_merges_them(isolated_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "synced"
    target.mkdir()
    craft(target, 1, [an_event(n) for n in range(1, 1201)])
    craft(target, 2, [an_event(n) for n in range(1201, 1501)])
    a = machine(isolated_home, "a")
    done, shown = run_in_a_terminal({**a, "MESADRILL_NOW": DAY2}, "sync", str(target))
    assert done.returncode == 0, shown
    assert "read 1 segment(s), 1,200 event(s)" in shown and "read 2 segment(s), 1,500 event(s)" in shown, shown
    assert "merging 1,500 event(s) from 2 segment(s)" in shown, shown
    assert "Traceback" not in shown
    assert "received 1500 from 1 device(s)" in done.stdout.decode()
