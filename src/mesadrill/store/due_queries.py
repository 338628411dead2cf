"""The store's reads of what falls due when: today's due items for the queue, counts, the forecast.

Mixed into ``HistoryStore`` (which supplies ``_rows`` and ``_in``), so the SQL
stays in ``store/`` and the main module stays small.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from mesadrill.store.rows import _DUE


class DueQueries:
    def _rows(
        self, sql: str, parameters: Iterable[Any] = (), doing: str = "reading the history"
    ) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    @staticmethod
    def _in(values: Collection[str]) -> str:
        raise NotImplementedError

    def due_by_day(self, deck_id: str, day: date, at_least: int | None = None) -> list[tuple[str, list[str]]]:
        """Items due by ``day``, grouped by due day (YYYY-MM-DD, earliest first).

        For the queue, which may handle tens of thousands: SQLite joins each
        day's ids into one string, so Python handles one row per day. An id
        holding a line break (only an imported history could have one, and
        no deck can) would split wrongly, so it is left out here. With
        ``at_least``, only the earliest days holding that many items (all of
        the last such day): a start after a long break reads what the daily
        limit lets it show, not the whole backlog.
        """
        last = day.isoformat()
        if at_least is not None and at_least > 0:
            cutoff = self._rows(
                f"SELECT due FROM items WHERE {_DUE} ORDER BY due LIMIT 1 OFFSET ?", (deck_id, last, last, at_least - 1)
            )
            last = cutoff[0][0] if cutoff else last
        rows = self._rows(
            f"SELECT due, group_concat(item_id, char(10)) FROM items WHERE {_DUE} GROUP BY due ORDER BY due",
            (deck_id, last, day.isoformat()),
        )
        return [(due, joined.split("\n")) for due, joined in rows]

    def due_later_than(self, deck_id: str, day: date, after: str) -> int:
        """How many of the deck's items due by ``day`` (and neither suspended nor buried) are due after ``after``.

        For what a daily limit leaves unread past the days ``due_by_day``
        read (``after`` is the last of them). Counted in the index alone:
        unlike ``due_by_day``, ids holding a line break count too (none is a
        deck's, so such an item is as left behind as one whose card left its
        deck); checking each id would double the cost over a 58,000-item
        backlog.
        """
        last = day.isoformat()
        return int(
            self._rows(
                "SELECT count(*) FROM items WHERE deck_id = ? AND due > ? AND due <= ? "
                "AND suspended = 0 AND (buried_until IS NULL OR buried_until <= ?)",
                (deck_id, after, last, last),
            )[0][0]
        )

    def due_per_day(self, start: date, end: date, deck_ids: Collection[str] | None = None) -> dict[date, int]:
        """Items falling due on each day from ``start`` to ``end`` (suspended ones left out)."""
        where, parameters = self._due_between(start, end, deck_ids)
        rows = self._rows(f"SELECT due, COUNT(*) FROM items WHERE {where} GROUP BY due", parameters)
        return {date.fromisoformat(day): count for day, count in rows}

    def due_through(self, end: date, deck_ids: Collection[str] | None = None) -> int:
        """Items due on or before ``end``, in all: ``due_per_day`` summed, counted in the index without grouping."""
        where, parameters = self._due_between(date.min, end, deck_ids)
        return int(self._rows(f"SELECT COUNT(*) FROM items WHERE {where}", parameters)[0][0])

    def _due_between(self, start: date, end: date, deck_ids: Collection[str] | None) -> tuple[str, list[Any]]:
        where = "due IS NOT NULL AND suspended = 0 AND due >= ? AND due <= ?"
        parameters: list[Any] = [start.isoformat(), end.isoformat()]
        if deck_ids is not None:
            where += f" AND deck_id IN ({self._in(deck_ids)})" if deck_ids else " AND 0"
            parameters.extend(deck_ids)
        return where, parameters
