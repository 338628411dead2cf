"""Which scheduler built the item records, and rebuilding them all when it changes.

Mixed into ``HistoryStore`` (which supplies ``db``, ``_rows``, ``_write``,
``_put_record`` and ``events``). The records are a fold of the log under one
scheduler; the ``meta`` table names it, so a change of scheduler is noticed
and the records are folded again from the whole log, in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from mesadrill.core.history import ItemRecord, ReviewEvent

Replay = Callable[[Iterable[ReviewEvent]], dict[tuple[str, str], ItemRecord]]


class ScheduleMeta:
    db: sqlite3.Connection

    def _rows(
        self, sql: str, parameters: Iterable[Any] = (), doing: str = "reading the history"
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _write(self, doing: str) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _put_record(self, record: ItemRecord) -> None:
        raise NotImplementedError

    def events(self, deck_id: str | None = None, item_id: str | None = None) -> Iterator[ReviewEvent]:
        raise NotImplementedError

    def items_built_by(self) -> str:
        """Which scheduler built the item records ('sm2' for a history from before schedulers had a choice)."""
        rows = self._rows("SELECT value FROM meta WHERE key = 'items_scheduler'")
        return str(rows[0][0]) if rows else "sm2"

    def rebuild_items(self, replay: Replay, built_by: str) -> int:
        """Every item record again from the whole log, under another scheduler, in one transaction."""
        with self._write("rebuilding the schedule"):
            records = replay(list(self.events()))
            self.db.execute("DELETE FROM items")
            for record in records.values():
                self._put_record(record)
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('items_scheduler', ?)", (built_by,))
        return len(records)
