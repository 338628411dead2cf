"""Opening SQLite files safely: error translation and checking a file without changing it.

A file that is not a database, is damaged, or was made by a newer mesadrill
is reported and left exactly as it is.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mesadrill.core.errors import StoreError
from mesadrill.store.migrations import MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 15.0

T = TypeVar("T")


def busy_retried(step: Callable[[], T], timeout: float = BUSY_TIMEOUT_S) -> T:
    """Run ``step``, retrying while another connection holds the lock.

    SQLite's busy handler does not cover every statement: switching a new
    file to WAL fails with SQLITE_BUSY at once while a second mesadrill is
    doing the same, instead of waiting out the busy timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def describe(error: sqlite3.Error, path: Path, doing: str) -> StoreError:
    """A message a user can act on, for any sqlite3 error at the store boundary."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return StoreError(
            f"the disk is full: could not save to {path} while {doing}. "
            "Everything saved before this is safe; free some space and run mesadrill again."
        )
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        return StoreError(
            f"could not write {path} while {doing} (disk error: {text}). "
            "Everything saved before this is safe; check the disk has space and is writable."
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreError(
            f"the history in {path} stayed locked by another mesadrill for {BUSY_TIMEOUT_S:.0f} s "
            f"while {doing}; close the other one or try again."
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return StoreError(damaged_message(path, text))
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return StoreError(f"cannot write {path} while {doing}: {text}. Check the folder's permissions.")
    return StoreError(f"the history database {path} failed while {doing}: {text}")


def damaged_message(path: Path, detail: str) -> str:
    return (
        f"{path} is not a mesadrill history database or is damaged ({detail}). "
        "It has not been changed. Restore a backup with `mesadrill doctor --restore`, "
        "or move the file aside to start a new history."
    )


def check_file(path: Path) -> int:
    """The schema version of an existing database file, read without writing anything."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    if header != SQLITE_HEADER:
        raise StoreError(damaged_message(path, "no SQLite header"))
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        probe = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise StoreError(damaged_message(path, str(error))) from None
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in ("events", "items", "drills"):
            if table in tables:
                probe.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
    except sqlite3.Error as error:
        raise StoreError(damaged_message(path, str(error))) from None
    finally:
        probe.close()
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{path} was made by a newer mesadrill (schema {version}; this one knows {len(MIGRATIONS)}). "
            "It has not been changed; upgrade mesadrill to use it."
        )
    if version == 0 and tables:
        raise StoreError(damaged_message(path, "tables without a mesadrill schema version"))
    return int(version)


# ---- backups
