"""How events and item records are laid out in SQL: columns, and rows to objects and back.

Shared by the store modules (``history_store``, ``event_writes``,
``sync_state``); nothing here touches a connection.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from mesadrill.core.history import GRADE_KINDS, DrillDetails, EventKind, ItemRecord, QuizDetails, ReviewEvent
from mesadrill.core.sm2 import Sm2State

_EVENT_COLUMNS = (
    "e.event_id, e.deck_id, e.item_id, e.reviewed_at, e.study_day, e.quality, e.kind, "
    "e.repetitions, e.easiness_centi, e.interval_days, e.due, e.duration_ms, e.item_hash, "
    "d.answer_text, d.points_total, d.points_covered, d.time_limit_s, d.follow_up_answers, "
    "e.device_id, e.undoes, e.payload"
)
_EVENTS_FROM = "events AS e LEFT JOIN drills AS d ON d.event_id = e.event_id"
# A grade that counts: not an undo or another kind of event, and not taken back by an undo.
_NOT_UNDONE = "NOT EXISTS (SELECT 1 FROM events AS u WHERE u.undoes = e.event_id)"
_COUNTED = f"e.kind IN ({', '.join(repr(k.value) for k in sorted(GRADE_KINDS))}) AND {_NOT_UNDONE}"
# An item due by a day (the second ?), and neither suspended nor buried on it (the third ?).
_DUE = (
    "deck_id = ? AND due IS NOT NULL AND due <= ? AND instr(item_id, char(10)) = 0 "
    "AND suspended = 0 AND (buried_until IS NULL OR buried_until <= ?)"
)
_IN_CHUNK = 500  # values per IN (...) list, well under SQLite's variable limit
_ITEM_COLUMNS = (
    "deck_id, item_id, repetitions, easiness_centi, interval_days, due, last_review, reviews, lapses, first_day, "
    "suspended, buried_until"
)
# The kinds of the real schedule's grades (not practice, not card actions).
_SCHEDULE_KINDS = "('review', 'same-day', 'drill')"
_GRADE_KINDS = "('review', 'same-day', 'drill', 'practice')"


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _event_from_row(row: tuple[Any, ...]) -> ReviewEvent:
    drill = None
    if row[14] is not None:
        drill = DrillDetails(
            answer_text=row[13],
            points_total=row[14],
            points_covered=tuple(json.loads(row[15])),
            time_limit_s=row[16],
            follow_up_answers=tuple(json.loads(row[17])),
        )
    return ReviewEvent(
        event_id=row[0],
        deck_id=row[1],
        item_id=row[2],
        reviewed_at=datetime.fromisoformat(row[3]),
        study_day=date.fromisoformat(row[4]),
        quality=row[5],
        kind=EventKind(row[6]),
        state_after=Sm2State(row[7], row[8], row[9], _parse_day(row[10])),
        duration_ms=row[11],
        item_hash=row[12],
        drill=drill,
        device_id=row[18],
        undoes=row[19],
        quiz=quiz_from_payload(row[20]) if row[20] is not None else None,
    )


def quiz_to_payload(quiz: QuizDetails) -> dict[str, Any]:
    """A quiz attempt's answers as ``events.payload`` holds them (and an export shows them, with the score)."""
    return {
        "total": quiz.total,
        "answers": [
            {"deck_id": a.deck_id, "item_id": a.item_id, "given": a.given, "right": a.right, "claimed": a.claimed}
            for a in quiz.answers
        ],
    }


def quiz_from_payload(text: str) -> QuizDetails:
    from mesadrill.core.course import QuizAnswer  # here: the course model costs milliseconds at every start

    raw = json.loads(text)
    answers = tuple(
        QuizAnswer(a["deck_id"], a["item_id"], a["given"], a["right"], a.get("claimed", False)) for a in raw["answers"]
    )
    return QuizDetails(answers, int(raw["total"]))


def _record_from_row(row: tuple[Any, ...]) -> ItemRecord:
    return ItemRecord(
        deck_id=row[0],
        item_id=row[1],
        state=Sm2State(row[2], row[3], row[4], _parse_day(row[5])),
        last_review=datetime.fromisoformat(row[6]) if row[6] else None,
        reviews=row[7],
        lapses=row[8],
        first_day=_parse_day(row[9]),
        suspended=bool(row[10]),
        buried_until=_parse_day(row[11]),
    )


_INSERT_EVENT = (
    "(event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, repetitions, easiness_centi, "
    "interval_days, due, duration_ms, item_hash, device_id, undoes, payload) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_DRILL = (
    "(event_id, answer_text, points_total, points_covered, time_limit_s, follow_up_answers) VALUES (?, ?, ?, ?, ?, ?)"
)


def _event_parameters(event: ReviewEvent) -> tuple[Any, ...]:
    state = event.state_after
    return (
        event.event_id,
        event.deck_id,
        event.item_id,
        _time(event.reviewed_at),
        event.study_day.isoformat(),
        event.quality,
        event.kind.value,
        state.repetitions,
        state.easiness_centi,
        state.interval_days,
        _day(state.due),
        event.duration_ms,
        event.item_hash,
        event.device_id,
        event.undoes,
        None if event.quiz is None else json.dumps(quiz_to_payload(event.quiz), ensure_ascii=False),
    )


def _record_parameters(record: ItemRecord) -> tuple[Any, ...]:
    """An item record as the parameters of ``INSERT ... INTO items ({_ITEM_COLUMNS})``."""
    state = record.state
    return (
        record.deck_id,
        record.item_id,
        state.repetitions,
        state.easiness_centi,
        state.interval_days,
        _day(state.due),
        _time(record.last_review) if record.last_review else None,
        record.reviews,
        record.lapses,
        _day(record.first_day),
        int(record.suspended),
        _day(record.buried_until),
    )


def _drill_parameters(event: ReviewEvent) -> tuple[Any, ...]:
    drill = event.drill
    assert drill is not None
    return (
        event.event_id,
        drill.answer_text,
        drill.points_total,
        json.dumps(list(drill.points_covered)),
        drill.time_limit_s,
        json.dumps(list(drill.follow_up_answers), ensure_ascii=False),
    )
