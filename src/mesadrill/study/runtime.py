"""What every command that touches history needs: the clock, settings, store and decks."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from mesadrill.core import sm2
from mesadrill.core.cleantext import strip_controls
from mesadrill.core.records import record
from mesadrill.core.scheduling import DeckSchedulers
from mesadrill.decks.catalog import Catalog
from mesadrill.env import paths
from mesadrill.env.clock import Clock, clock_from_environment
from mesadrill.env.settings import Settings, load_settings
from mesadrill.store.history_store import HistoryStore


@record
class Runtime:
    clock: Clock
    settings: Settings
    discover: Callable[[], Catalog] = field(default=Catalog.discover)
    """How the decks are found: the deck folders, or a test's own files."""
    backup_thread: threading.Thread | None = None
    pending_backup: tuple[Path, datetime] | None = field(default=None, repr=False)
    """The day's backup ``open_store(backup_later=True)`` left for ``start_pending_backup``."""

    @classmethod
    def from_environment(cls) -> Runtime:
        return cls(clock_from_environment(), load_settings())

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return sm2.study_day(self.clock(), self.settings.day_start_hour)

    def open_store(self, *, backup_later: bool = False) -> HistoryStore:
        """The history, its records built by the configured scheduler (rebuilt from the log after a switch).

        The day's backup starts beside the work, or with ``backup_later`` only
        at ``start_pending_backup`` (the app: once its first screen is drawn).
        """
        now = self.clock()
        path = paths.database_path()
        store = HistoryStore.open(path, today=sm2.study_day(now, self.settings.day_start_hour), now=now)
        try:
            schedulers = self.schedulers()
            if store.items_built_by() != schedulers.key:
                if store.event_count() > 0:
                    if "fsrs" in schedulers.key:
                        schedulers.default.for_deck("fsrs").fsrs()  # a clear message now if fsrs is missing
                    print(f"mesadrill: scheduling every item again under {schedulers.key}...", file=sys.stderr)
                store.rebuild_items(schedulers.replay, schedulers.key)
            if schedulers.key != "sm2":
                store.reschedule = schedulers.schedule_folded  # every write's fold, scheduled by this one
        except BaseException:
            store.close()
            raise
        self.pending_backup = (path, now)
        if not backup_later:
            self.start_pending_backup()
        return store

    def start_pending_backup(self) -> None:
        """Start the day's backup that ``open_store`` left pending, if any, beside the session (never before it)."""
        pending, self.pending_backup = self.pending_backup, None
        if pending is not None:
            from mesadrill.store.daily_backup import start_daily_backup

            self.backup_thread = start_daily_backup(*pending, warn)

    def wait_for_backup(self) -> None:
        """For commands about backups (doctor): let today's finish before listing them."""
        if self.backup_thread is not None:
            self.backup_thread.join()

    def schedulers(self) -> DeckSchedulers:
        """The settings' scheduler, and the decks whose file names another (``scheduler:``)."""
        default = self.settings.scheduling
        named = {deck.id: deck.scheduler for deck in self.catalog.decks()}
        named.update({deck_id: deck.scheduler for deck_id, deck in self.catalog.named.items()})  # named by path
        overrides = sorted(
            (deck_id, scheduler)
            for deck_id, scheduler in named.items()
            if scheduler is not None and scheduler != default.name
        )
        return DeckSchedulers(default, tuple(overrides))

    @cached_property
    def catalog(self) -> Catalog:
        return self.discover()

    def reload_catalog(self) -> Catalog:
        """Find and load the decks again, for decks added or edited since."""
        self.__dict__.pop("catalog", None)  # drop the cached_property
        return self.catalog


def warn(message: str) -> None:
    """A problem that does not stop the command: one line on stderr."""
    with suppress(OSError, ValueError):
        sys.stderr.write(f"mesadrill: warning: {strip_controls(message)}\n")
        sys.stderr.flush()
