"""History for tests: events as a session records them, and as `mesadrill history export` writes them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

from mesadrill.core.history import DrillDetails, EventKind, ReviewEvent
from mesadrill.core.sm2 import NEW

HEADER = json.dumps({"format": "mesadrill-history", "version": 1})
EVENT: dict[str, object] = {
    "event_id": "e1",
    "deck_id": "drill",
    "item_id": "a1",
    "reviewed_at": "2026-01-05T12:00:00+00:00",
    "study_day": "2026-01-05",
    "quality": 4,
    "kind": "review",
    "repetitions": 1,
    "easiness": 2.5,
    "interval_days": 1,
    "due": "2026-01-06",
    "duration_ms": 10,
    "item_hash": None,
    "drill": None,
}  # a first review of drill:a1 (the 30-card deck of test_plain_review)


def same_day_repeats(count: int, day: str = "2026-01-05", **changes: object) -> list[dict[str, object]]:
    """``count`` same-day repeats over the drill deck's 30 items on ``day``, one a second from 12:00."""
    return [
        {
            **EVENT,
            "event_id": f"e{n}",
            "item_id": f"a{n % 30 + 1}",
            "reviewed_at": f"{day}T12:{n // 60 % 60:02d}:{n % 60:02d}+00:00",
            "study_day": day,
            "kind": "same-day",
            **changes,
        }
        for n in range(count)
    ]


def jsonl(events: list[dict[str, object]]) -> str:
    """One JSON line an event (an import takes them with or without the export header)."""
    return "".join(json.dumps(event) + "\n" for event in events)


def grade_event(
    item_id: str = "a",
    quality: int = 4,
    *,
    day: date = date(2026, 1, 5),
    seconds: float = 0,
    deck_id: str = "d",
    kind: EventKind = EventKind.REVIEW,
    at: datetime | None = None,
    duration_ms: int | None = 1000,
    item_hash: str | None = None,
    drill: DrillDetails | None = None,
) -> ReviewEvent:
    """A grade (or ``kind`` of event) as a session records it: at 12:00 on ``day`` plus ``seconds``, unless ``at``."""
    at = at or datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12, seconds=seconds)
    return ReviewEvent(uuid.uuid4().hex, deck_id, item_id, at, day, quality, kind, NEW, duration_ms, item_hash, drill)
