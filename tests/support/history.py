"""History export files for tests: events as `mesadrill history export` writes them."""

from __future__ import annotations

import json

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


def jsonl(events: list[dict[str, object]], header: bool = False) -> str:
    """One JSON line an event (after the export header, with ``header``)."""
    lines = [HEADER] if header else []
    return "\n".join([*lines, *(json.dumps(event) for event in events)]) + "\n"
