"""Backups of the history database: taking them, thinning them, restoring one.

Taken with ``VACUUM INTO`` (before a migration or a restore) or SQLite's
online backup API (the daily one, see ``daily_backup``), so rows still in the
``-wal`` file are included. Only complete files are listed: a copy is
written under a ``.partial`` name and renamed once on disk.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from mesadrill.core.errors import StoreError
from mesadrill.core.records import record
from mesadrill.store.sqlite import BUSY_TIMEOUT_S, check_file, describe

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_OTHER = 5
BACKUP_PREFIX = "history-"


@record(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    reason: str
    size: int


# ---- conversions


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _backup_name(taken_at: datetime, reason: str) -> str:
    return f"{BACKUP_PREFIX}{taken_at.astimezone(UTC):%Y%m%dT%H%M%S}Z-{reason}.db"


def _parse_backup(path: Path) -> Backup | None:
    name = path.name
    if not (name.startswith(BACKUP_PREFIX) and name.endswith(".db")):
        return None
    stem = name[len(BACKUP_PREFIX) : -len(".db")]
    stamp, _, reason = stem.partition("-")
    reason = reason.split(".", 1)[0]
    try:
        taken_at = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    if not reason:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return Backup(path, taken_at, reason, size)


def list_backups(db_path: Path) -> list[Backup]:
    """Backups of a database, newest first; works when the database itself is damaged."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [b for b in (_parse_backup(p) for p in folder.iterdir() if p.is_file()) if b is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def free_backup_path(db_path: Path, taken_at: datetime, reason: str) -> Path:
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / _backup_name(taken_at, reason)
    counter = 2
    while target.exists():
        target = folder / _backup_name(taken_at, f"{reason}.{counter}")
        counter += 1
    return target


def vacuum_into(db: sqlite3.Connection, db_path: Path, taken_at: datetime, reason: str) -> Path:
    """A consistent copy, WAL contents included, written under a temporary name first."""
    target = free_backup_path(db_path, taken_at, reason)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        db.execute("VACUUM INTO ?", (str(partial),))
        descriptor = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # on disk before its name says it is complete
        finally:
            os.close(descriptor)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            partial.parent.rmdir()  # only if empty: a failed first backup leaves no trace
        raise
    return target


def thin_backups(db_path: Path) -> list[Path]:
    """Keep 7 daily, the newest of each of 4 older weeks, 5 of every other reason."""
    backups = list_backups(db_path)
    keep: set[Path] = set()
    daily = [b for b in backups if b.reason.split(".")[0] == "daily"]
    keep.update(b.path for b in daily[:KEEP_DAILY])
    weeks: list[tuple[int, int]] = []
    for backup in daily[KEEP_DAILY:]:
        week = backup.taken_at.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.append(week)
            keep.add(backup.path)
    by_reason: dict[str, list[Backup]] = {}
    for backup in backups:
        reason = backup.reason.split(".")[0]
        if reason != "daily":
            by_reason.setdefault(reason, []).append(backup)
    for group in by_reason.values():
        keep.update(b.path for b in group[:KEEP_OTHER])
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore_backup(db_path: Path, backup_path: Path, now: datetime) -> Path:
    """Put a backup in place of the database; the current one is kept first.

    A readable database is kept as a ``before-restore`` backup; a damaged one
    is moved aside whole (with its -wal and -shm) as a ``damaged`` backup.
    Returns where the previous database now is.
    """
    version = check_file(backup_path)
    if version == 0:
        raise StoreError(f"{backup_path} holds no mesadrill history")
    kept: Path
    healthy = False
    if db_path.exists():
        try:
            check_file(db_path)
            healthy = True
        except StoreError:
            healthy = False
    if healthy:
        current = sqlite3.connect(db_path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        try:
            kept = vacuum_into(current, db_path, now, "before-restore")
            source = sqlite3.connect(f"{backup_path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(current)
            finally:
                source.close()
            current.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as error:
            raise describe(error, db_path, "restoring a backup") from None
        finally:
            current.close()
        return kept
    if db_path.exists():
        kept = free_backup_path(db_path, now, "damaged")
        os.replace(db_path, kept)
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
    else:
        kept = db_path
    try:
        source = sqlite3.connect(f"{backup_path.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(db_path, isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            source.close()
            target.close()
    except sqlite3.Error as error:
        raise describe(error, db_path, "restoring a backup") from None
    return kept


# ---- the store
