"""What every command that touches history needs: the clock, settings, store and decks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from mesadrill.core import sm2
from mesadrill.decks.catalog import Catalog
from mesadrill.env import paths
from mesadrill.env.clock import Clock, clock_from_environment
from mesadrill.env.settings import Settings, load_settings
from mesadrill.store.history_store import HistoryStore


@dataclass
class Runtime:
    clock: Clock
    settings: Settings
    discover: Callable[[], Catalog] = field(default=Catalog.discover)
    """How the decks are found: the deck folders, or a test's own files."""

    @classmethod
    def from_environment(cls) -> Runtime:
        return cls(clock_from_environment(), load_settings())

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return sm2.study_day(self.clock(), self.settings.day_start_hour)

    def open_store(self) -> HistoryStore:
        now = self.clock()
        return HistoryStore.open(paths.database_path(), today=sm2.study_day(now, self.settings.day_start_hour), now=now)

    @cached_property
    def catalog(self) -> Catalog:
        return self.discover()

    def reload_catalog(self) -> Catalog:
        """Find and load the decks again, for decks added or edited since."""
        self.__dict__.pop("catalog", None)  # drop the cached_property
        return self.catalog
