"""The day's backup, taken beside the work instead of before it.

The first command of each day used to copy the whole history before showing
anything (over a second with a million events). Now the copy runs in a
thread with its own connection, through SQLite's online backup API (a
reader, which never blocks a writer in WAL mode), so it sees one consistent
snapshot (the -wal included) while the session keeps reading and writing. A
command that ends first waits for it (``finish_backups``), after everything
it had to show.

A backup is only ever offered once complete: it is written under a
``.partial`` name, fsynced, renamed into place and the folder fsynced, so a
process killed half-way leaves a partial file that no listing shows (the
next backup removes it). Two terminals starting together do not both copy:
the copy holds an ``flock`` on ``backups/.lock``, which the kernel releases
if the process dies. Any failure (a full disk above all) is a warning,
never a reason to refuse to run.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from mesadrill.store.backups import backup_folder, free_backup_path, list_backups, thin_backups
from mesadrill.store.sqlite import BUSY_TIMEOUT_S

LOCK_NAME = ".lock"
PARTIAL_SUFFIX = ".partial"

Warn = Callable[[str], None]


_running: list[threading.Thread] = []


def start_daily_backup(db_path: Path, now: datetime, warn: Warn) -> threading.Thread:
    """Start the day's backup in a thread; failures go to ``warn``. See ``finish_backups``."""
    thread = threading.Thread(
        target=take_daily_backup, args=(db_path, now, warn), name="mesadrill-daily-backup", daemon=True
    )
    thread.start()
    _running.append(thread)
    return thread


def finish_backups() -> None:
    """Wait for backups started by this process: the CLI calls this once its work is shown.

    The threads are daemons, so Ctrl-C here (or a kill) just stops the copy;
    its ``.partial`` file is never listed and the next backup removes it.
    """
    while _running:
        _running.pop().join()


def take_daily_backup(db_path: Path, now: datetime, warn: Warn) -> Path | None:
    """The day's backup if there is history and none yet today; None when not needed or not possible."""
    folder = backup_folder(db_path)
    try:
        if _already_taken(db_path, now) or not _has_events(db_path):
            return None
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except (OSError, sqlite3.Error) as error:
        if not _busy(error):
            warn(f"could not take today's backup in {folder}: {_reason(error)}. Your history is fine.")
        return None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # another mesadrill is taking it right now
        if _already_taken(db_path, now):
            return None
        _remove_partials(folder)
        target = copy_to_backup(db_path, now, "daily")
        thin_backups(db_path)
        return target
    except (OSError, sqlite3.Error) as error:
        if not _busy(error):  # another mesadrill writing for long: the next start takes it
            warn(f"could not take today's backup in {folder}: {_reason(error)}. Your history is fine.")
        return None
    finally:
        os.close(lock)


def copy_to_backup(db_path: Path, taken_at: datetime, reason: str) -> Path:
    """A consistent copy through the online backup API, offered only once complete and on disk."""
    target = free_backup_path(db_path, taken_at, reason)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    partial.unlink(missing_ok=True)
    try:
        source = _connect(db_path)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                # The copy is a file to keep, not one to write: without WAL,
                # reading or restoring it leaves no -wal or -shm beside it.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        finally:
            source.close()
        descriptor = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(partial, target)
        _fsync_folder(target.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _already_taken(db_path: Path, now: datetime) -> bool:
    stamp = now.astimezone(UTC).date()
    return any(b.reason.split(".")[0] == "daily" and b.taken_at.date() == stamp for b in list_backups(db_path))


def _has_events(db_path: Path) -> bool:
    probe = _connect(db_path)
    try:
        return bool(probe.execute("SELECT 1 FROM events LIMIT 1").fetchall())
    except sqlite3.OperationalError:
        return False  # no events table yet
    finally:
        probe.close()


def _connect(db_path: Path) -> sqlite3.Connection:
    """Only reads, but opened read-write: when it is the last connection to
    close, SQLite checkpoints and removes the -wal as it would for the session's."""
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S)


def _remove_partials(folder: Path) -> None:
    """Leftovers of a killed backup; only ever removed while holding the lock."""
    for leftover in folder.glob(f"*{PARTIAL_SUFFIX}*"):  # with its -journal, if SQLite left one
        leftover.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _busy(error: BaseException) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
