"""Sync faults from issue 18's list: a target on a full disk, and SIGKILL in the middle of a git push.

Each time: nothing is lost locally, a failure is a clear message and a
non-zero exit, the next sync converges, no event is applied twice, and
`doctor` is clean.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_plain_review import write_deck
from test_sync import DAY1, DAY2, machine, run_on, state, study, sync

from support.cli import run_cli
from support.disks import small_tmpfs
from support.history import EVENT

WAIT_S = 60  # the longest a step may take before the test gives up (never a timing assertion)


def import_history(env: dict[str, str], tmp_path: Path, count: int) -> None:
    rows = [
        {
            **EVENT,
            "event_id": f"e{n}",
            "item_id": f"a{n % 3 + 1}",
            "reviewed_at": f"2026-01-05T09:{n // 60 % 60:02d}:{n % 60:02d}+00:00",
        }
        for n in range(count)
    ]
    export = tmp_path / "events.jsonl"
    export.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    assert run_on(env, "history", "import", str(export)).returncode == 0


def doctor_is_clean(env: dict[str, str]) -> None:
    report = run_on(env, "doctor")
    assert report.returncode == 0 and "Integrity check: ok" in report.stdout, report.output


def no_event_twice(export: str) -> int:
    events = [json.loads(line) for line in export.splitlines()[1:]]
    assert len(events) == len({event["event_id"] for event in events})
    return len(events)


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs as the sync folder (root, in a container that allows it)."""
    with small_tmpfs(tmp_path / "small", "1m") as mount:
        yield mount


def test_a_sync_folder_on_a_full_disk_loses_nothing_and_the_next_sync_converges(
    deck: Path, isolated_home: Path, tmp_path: Path, small_disk: Path
) -> None:
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    import_history(a, tmp_path, 3000)  # about 900 KB of segment
    study(a, deck, DAY2, ["5"], new=1)
    before = state(a, deck)
    filler = small_disk / "someone-else's-file"
    filler.write_bytes(b"x" * 700_000)
    failed = sync(a, str(small_disk), ok=False)
    assert failed.returncode != 0 and "Traceback" not in failed.output
    assert "No space left on device; the sync folder's disk is full" in failed.stderr, failed.stderr
    assert "Nothing was lost here" in failed.stderr
    assert state(a, deck) == before  # the history is untouched
    assert "Events not yet sent: 3001" in run_on(a, "sync", "--status").stdout
    assert not [p for p in small_disk.rglob("*") if p.is_file() and p != filler]  # no half segment left there
    doctor_is_clean(a)

    filler.unlink()  # room again
    assert "sent 3001 event(s)" in sync(a, str(small_disk)).stdout
    assert "received 3001 from 1 device(s)" in sync(b, str(small_disk)).stdout
    for env in (a, b):
        done = sync(env, str(small_disk))
        assert "sent 0 event(s), received 0" in done.stdout and "warning" not in done.stderr, done.output
    assert state(a, deck) == state(b, deck) and state(a, deck) == before
    assert no_event_twice(state(b, deck)[1]) == 3001
    doctor_is_clean(b)


def test_a_read_only_sync_folder_is_a_clear_message_and_the_next_sync_converges(
    deck: Path, isolated_home: Path, small_disk: Path
) -> None:
    """A folder mounted read-only (which binds root too): received from, never half-written, and nothing lost."""
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    study(a, deck, DAY1, ["5", "4"], new=2)
    assert "sent" in sync(a, str(small_disk)).stdout
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    study(b, deck, DAY2, ["3"], new=1)
    before = state(b, deck)
    failed = sync(b, str(small_disk), ok=False)
    assert failed.returncode != 0 and "Traceback" not in failed.output
    assert "not writable (its disk is mounted read-only)" in failed.stderr, failed.stderr
    assert "Nothing was lost here" in failed.stderr
    assert state(b, deck) == before  # nothing received half-way, nothing lost
    assert "Events not yet sent: 1" in run_on(b, "sync", "--status").stdout
    doctor_is_clean(b)

    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert "sent 1 event(s)" in sync(b, str(small_disk)).stdout
    sync(a, str(small_disk))
    assert state(a, deck) == state(b, deck)
    doctor_is_clean(a)


# ---- SIGKILL in the middle of a git push


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def wait_for(path: Path) -> None:
    deadline = time.monotonic() + WAIT_S
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (.ci/run checks it is)")
@pytest.mark.parametrize("killed", ["the sync and its git", "the sync alone"])
def test_a_sync_killed_in_the_middle_of_a_git_push_converges(
    deck: Path, isolated_home: Path, tmp_path: Path, killed: str
) -> None:
    """The remote's pre-receive hook holds the push open; the sync is killed while it waits.

    "the sync and its git": the whole process group dies, so the push never
    lands. "the sync alone": git, orphaned, finishes the push once the hook
    lets it go. Either way the next syncs converge with nothing lost or doubled.
    """
    remote = tmp_path / "progress.git"
    git("init", "--quiet", "--bare", str(remote))
    a, b = machine(isolated_home, "a"), machine(isolated_home, "b")
    study(b, deck, DAY1, ["4"], new=1)
    sync(b, str(remote), now=DAY1)
    sync(a, str(remote), now=DAY1)
    study(a, deck, DAY2, ["5", "3"], new=2)

    started, release, finished = tmp_path / "push-started", tmp_path / "push-released", tmp_path / "push-finished"
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(
        f"#!/bin/sh\ntouch '{started}'\nwhile [ ! -e '{release}' ]; do sleep 0.02; done\ntouch '{finished}'\n"
    )
    hook.chmod(0o755)
    process = subprocess.Popen(
        [sys.executable, "-m", "mesadrill", "sync"],
        env={**os.environ, **a, "MESADRILL_NOW": DAY2},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(started)  # the push is under way: objects sent, the remote's branch not yet moved
        if killed == "the sync and its git":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=WAIT_S) == -signal.SIGKILL
    finally:
        release.touch()  # the hook lets every later push through at once
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    if killed == "the sync alone":
        wait_for(finished)

    for env in (a, b, a, b):
        done = run_cli("sync", env={**env, "MESADRILL_NOW": DAY2})
        assert done.returncode == 0 and "warning" not in done.stderr, done.output
    assert state(a, deck) == state(b, deck)
    assert no_event_twice(state(a, deck)[1]) == 3
    for env in (a, b):
        assert "Events not yet sent: 0" in run_on(env, "sync", "--status").stdout
        doctor_is_clean(env)
    listed = git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main").split()
    assert len({name.split("/")[0] for name in listed}) == 2
