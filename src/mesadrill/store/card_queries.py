"""The store's queries for card actions, daily limits, custom study and browsing.

Mixed into ``HistoryStore`` (which supplies ``db``, ``_rows``, ``records`` and
``deck_ids``), so the SQL stays in ``store/`` and the main module stays small.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mesadrill.core.history import ItemRecord, ReviewEvent
from mesadrill.store.rows import _IN_CHUNK, _ITEM_COLUMNS, _record_from_row

# The kinds of every grade, practice included (not card actions).
_GRADE_KINDS = "('review', 'same-day', 'drill', 'practice')"
_NOT_UNDONE = "NOT EXISTS (SELECT 1 FROM events AS u WHERE u.undoes = e.event_id)"  # no grade taken back


class CardQueries:
    db: sqlite3.Connection

    def _rows(
        self, sql: str, parameters: Iterable[Any] = (), doing: str = "reading the history"
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    @staticmethod
    def _in(values: Sequence[str]) -> str:
        raise NotImplementedError

    def records_among(self, deck_id: str, item_ids: Sequence[str]) -> dict[str, ItemRecord]:
        """The records of ``item_ids`` (those with one): for a search's few hits without reading the deck's all."""
        found: dict[str, ItemRecord] = {}
        for start in range(0, len(item_ids), _IN_CHUNK):
            chunk = item_ids[start : start + _IN_CHUNK]
            rows = self._rows(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE deck_id = ? AND item_id IN ({self._in(chunk)})",
                (deck_id, *chunk),
            )
            found.update((row[1], _record_from_row(row)) for row in rows)
        return found

    def records(self, deck_id: str) -> dict[str, ItemRecord]:
        raise NotImplementedError

    def deck_ids(self) -> list[str]:
        raise NotImplementedError

    def record(self, deck_id: str, item_id: str) -> ItemRecord | None:
        raise NotImplementedError

    def _write(self, doing: str) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _insert_event(self, event: ReviewEvent, *, ignore: bool = False) -> bool:
        raise NotImplementedError

    def _put_record(self, record: ItemRecord) -> None:
        raise NotImplementedError

    def _append_in_transaction(self, event: ReviewEvent) -> ReviewEvent:
        raise NotImplementedError

    def append_actions(self, events: Sequence[ReviewEvent]) -> list[ItemRecord | None]:
        """Append card actions (suspend, bury, reset...) and refold each item, in one transaction.

        Returns each item's record as it was before its event.
        """
        before: list[ItemRecord | None] = []
        with self._write("saving a card action"):
            for given in events:
                event = self._after_latest(given)
                before.append(self.record(event.deck_id, event.item_id))
                self._append_in_transaction(event)
        return before

    def held_keys(self, today: date) -> set[tuple[str, str]]:
        """Items out of every queue today: suspended, or buried until after ``today``."""
        rows = self._rows(
            "SELECT deck_id, item_id FROM items WHERE suspended = 1 OR buried_until > ?", (today.isoformat(),)
        )
        return {(row[0], row[1]) for row in rows}

    def _after_latest(self, event: ReviewEvent) -> ReviewEvent:
        """The event, moved a microsecond past the item's latest one if it is not already later.

        A replay orders an item's events by time, then id; under a clock that
        stands still (MESADRILL_NOW) a suspend and the unsuspend after it
        would tie and replay in either order. Actions are never backdated.
        """
        (latest,) = self.db.execute(
            "SELECT MAX(reviewed_at) FROM events WHERE deck_id = ? AND item_id = ?", (event.deck_id, event.item_id)
        ).fetchone()
        if latest is None or event.reviewed_at.astimezone(UTC).isoformat(timespec="microseconds") > latest:
            return event
        return replace(event, reviewed_at=datetime.fromisoformat(latest) + timedelta(microseconds=1))

    def all_records(self) -> dict[tuple[str, str], ItemRecord]:
        """Every item's record, for browsing."""
        return {(deck_id, item_id): r for deck_id in self.deck_ids() for item_id, r in self.records(deck_id).items()}

    def introduced_total(self, day: date) -> int:
        """Items of any deck first graded on ``day``: the global new-card limit counts these."""
        return int(self._rows("SELECT COUNT(*) FROM items WHERE first_day = ?", (day.isoformat(),))[0][0])

    def reviewed_total(self, day: date) -> int:
        """Items of any deck reviewed on ``day`` that were not new that day: the review limit counts these."""
        rows = self._rows(
            "SELECT COUNT(DISTINCT e.deck_id || char(10) || e.item_id) FROM events AS e "
            "JOIN items AS i ON i.deck_id = e.deck_id AND i.item_id = e.item_id "
            "WHERE e.study_day = ? AND e.kind IN ('review', 'drill') AND (i.first_day IS NULL OR i.first_day <> ?) "
            f"AND {_NOT_UNDONE}",
            (day.isoformat(), day.isoformat()),
        )
        return int(rows[0][0])

    def failed_on(self, day: date) -> list[tuple[str, str]]:
        """Items graded below 3 on ``day`` (practice included), in the order first failed."""
        rows = self._rows(
            f"SELECT e.deck_id, e.item_id FROM events AS e WHERE e.study_day = ? AND e.quality < 3 "
            f"AND e.kind IN {_GRADE_KINDS} AND {_NOT_UNDONE} "
            "GROUP BY e.deck_id, e.item_id ORDER BY MIN(e.reviewed_at)",
            (day.isoformat(),),
        )
        return [(row[0], row[1]) for row in rows]
