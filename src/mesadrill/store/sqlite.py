"""Opening SQLite files safely: error translation and checking a file without changing it.

A file that is not a database, is damaged, or was made by a newer mesadrill
is reported and left exactly as it is.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from mesadrill.core.errors import StoreBusy, StoreError
from mesadrill.env.limits import busy_timeout_s
from mesadrill.store.migrations import MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = busy_timeout_s()  # MESADRILL_BUSY_TIMEOUT, default 15

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
        return StoreBusy(
            f"the history in {path} stayed locked by another mesadrill for {BUSY_TIMEOUT_S:g} s "
            f"while {doing}; close the other one or try again."
        )
    if _is_damage(error):
        return StoreError(damaged_message(path, text))
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return StoreError(f"cannot write {path} while {doing}: {text}. Check the folder's permissions.")
    return StoreError(f"the history database {path} failed while {doing}: {text}")


def damaged_message(path: Path, detail: str) -> str:
    return (
        f"{path} is not a mesadrill history database or is damaged ({detail}). "
        f"It has not been changed. {_what_it_holds(path)} Restore a backup with `mesadrill doctor --restore` "
        "(it keeps this file as a backup first), or move the file aside to start a new history."
    )


def _what_it_holds(path: Path) -> str:
    """How many events a file still gives up, read-only, so nobody discards grades unknowingly."""
    try:
        probe = _read_only(path)
    except sqlite3.Error:
        return "No events could be read from it."
    try:
        count = int(probe.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    except sqlite3.Error:
        return "No events could be read from it."
    finally:
        probe.close()
    return f"It still holds {count} event(s) that `mesadrill history export` may be able to save."


def _read_only(path: Path) -> sqlite3.Connection:
    """Opened as SQLite means it: read-only, but with the -wal file (recovered if need be).

    ``immutable=1`` would ignore the -wal, and with it every grade made since
    the last checkpoint (after a crash, that can be all of them).
    """
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _is_damage(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    return (
        name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
        or "malformed" in text
        or "not a database" in text
        or "Could not decode to UTF-8" in text  # mesadrill only ever writes UTF-8: scrambled bytes
    )


def check_file(path: Path) -> int:
    """The schema version of an existing database file, read without writing to it.

    A file counts as damaged only when SQLite, reading it with its -wal as it
    normally would, says so. For a healthy file, SQLite's own read-only open
    may create a -shm index (WAL recovery); that stays, since another
    mesadrill may already be using it (deleting a live -shm is how WAL
    databases get corrupted). For a damaged file, side files this check
    created are removed again, so the folder is exactly as it was.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    if header != SQLITE_HEADER:
        raise StoreError(damaged_message(path, "no SQLite header"))
    sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existing = {side for side in sides if side.exists()}
    try:
        return _probe(path)
    except _Damaged as damaged:
        for side in sides:
            if side not in existing and side.exists():
                with suppress(OSError):
                    side.unlink()
        raise StoreError(str(damaged)) from None


class _Damaged(Exception):
    """Within this module: a file SQLite says is damaged (becomes a StoreError)."""


_PROBED_ITEMS = 5_000  # item rows read at every open, for damage


def _probe(path: Path) -> int:
    try:
        probe = _read_only(path)
    except sqlite3.Error as error:
        raise _open_error(error, path) from None
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # A look at each table's first row, and at the first item rows, so
        # damage there is found before anything writes. Neither the event log
        # nor every item row is read at every start (a million events take
        # 150 ms, 70,000 items 10 ms: a start must not grow with the
        # history); `doctor` checks it all, and damage met later is still
        # reported as damage, never taken for a healthy file.
        for table in ("events", "items", "drills"):
            if table in tables:
                probe.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
        if "items" in tables:
            # The row's last column (since schema 3), so each record is read to
            # its end, and one that is mostly NULL: cheap to compare.
            last = "buried_until" if version >= 3 else "last_review"
            probe.execute(
                f"SELECT COUNT(*), MAX({last}) FROM (SELECT {last} FROM items LIMIT {_PROBED_ITEMS})"
            ).fetchall()
    except sqlite3.Error as error:
        raise _open_error(error, path) from None
    except UnicodeDecodeError:  # a damaged page can hold bytes that are no text where text belongs
        raise _Damaged(damaged_message(path, "a row holds bytes that are not UTF-8 text")) from None
    finally:
        probe.close()
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{path} was made by a newer mesadrill (schema {version}; this one knows {len(MIGRATIONS)}). "
            "It has not been changed; upgrade mesadrill to use it."
        )
    if version == 0 and tables:
        raise _Damaged(damaged_message(path, "tables without a mesadrill schema version"))
    return int(version)


def _open_error(error: sqlite3.Error, path: Path) -> Exception:
    if _is_damage(error):
        return _Damaged(damaged_message(path, str(error)))
    return describe(error, path, "opening the history")
