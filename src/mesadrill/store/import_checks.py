"""Checking one imported event, field by field, against the documented ranges.

An export can come from another machine, another version, or anyone; every
value is checked for its type and range (``core.ranges``) before anything is
written, and a refusal names the line and the field.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mesadrill.core import ranges
from mesadrill.core.errors import InputError
from mesadrill.core.history import COURSE_KINDS, COURSE_PREFIX, DrillDetails, EventKind, QuizDetails, ReviewEvent
from mesadrill.core.sm2 import MAX_INTERVAL_DAYS, Sm2State

# Ids as mesadrill makes them (deck ids, card ids, "card:c1", uuid hex), and
# room for other tools' ids; never spaces, control characters or markup.
IMPORTED_ID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.:@+-]{{0,{ranges.ID_MAX_LENGTH - 1}}}")
LATEST_DUE = ranges.LATEST_DAY + timedelta(days=MAX_INTERVAL_DAYS)
MAX_FOLLOW_UPS = 100
MAX_QUIZ_QUESTIONS = 1000  # a quiz draws up to 15


class ImportFormatError(InputError):
    """An import file that cannot be read; nothing was imported."""


def event_from(row: dict[str, Any], where: str) -> ReviewEvent:
    check = _Checker(row, where)
    reviewed_at = check.moment("reviewed_at")
    state = Sm2State(
        repetitions=check.whole("repetitions", *ranges.REPETITIONS_RANGE),
        easiness_centi=round(check.number("easiness", *ranges.EASINESS_RANGE) * 100),
        interval_days=check.whole("interval_days", 0, MAX_INTERVAL_DAYS),
        due=check.day("due", LATEST_DUE, optional=True),
    )
    item_hash = row.get("item_hash")
    kind = check.kind()
    undoes = row.get("undoes")
    if kind is EventKind.UNDO:
        if undoes is None or undoes == "":
            raise check.fail("undoes", "is missing: an undo event names the event it takes back")
        undoes = check.identifier("undoes")
    elif undoes is not None:
        raise check.fail("undoes", "belongs only to an undo event")
    deck_id = check.identifier("deck_id")
    if kind in COURSE_KINDS:
        if not deck_id.startswith(COURSE_PREFIX) or deck_id == COURSE_PREFIX:
            raise check.fail("deck_id", f"of a {kind.value} event should be {COURSE_PREFIX!r} and the course id")
        if row.get("quality") != 0:
            raise check.fail("quality", f"of a {kind.value} event should be 0")
    return ReviewEvent(
        event_id=check.identifier("event_id"),
        deck_id=deck_id,
        item_id=check.identifier("item_id"),
        reviewed_at=reviewed_at,
        study_day=check.required_day("study_day"),
        quality=check.whole("quality", 0, 5),
        kind=kind,
        state_after=state,
        duration_ms=check.whole("duration_ms", *ranges.DURATION_MS_RANGE, optional=True),
        item_hash=check.identifier("item_hash") if item_hash is not None else None,
        drill=check.drill(),
        device_id=check.identifier("device_id") if row.get("device_id") is not None else None,
        undoes=undoes,
        quiz=check.quiz(kind),
    )


class _Checker:
    def __init__(self, row: dict[str, Any], where: str, prefix: str = "") -> None:
        self.row = row
        self.where = where
        self.prefix = prefix  # where the row sits in the event ("quiz."), for messages

    def fail(self, key: str, text: str) -> ImportFormatError:
        return ImportFormatError(f"{self.where}: '{self.prefix}{key}' {text}")

    def text(self, key: str, value: Any, limit: int) -> str:
        if value is None:
            raise self.fail(key, "is missing")
        if not isinstance(value, str):
            raise self.fail(key, f"should be text, not {_kind(value)}")
        if len(value) > limit:
            raise self.fail(key, f"is longer than {limit:,} characters")
        return value

    def identifier(self, key: str) -> str:
        value = self.text(key, self.row.get(key), ranges.ID_MAX_LENGTH)
        if not IMPORTED_ID.fullmatch(value):
            raise self.fail(key, "should be an id of letters, digits and _ . : @ + - (starting with a letter or digit)")
        return value

    def whole(self, key: str, low: int, high: int, *, optional: bool = False) -> Any:
        value = self.row.get(key)
        if value is None and optional:
            return None
        if value is None:
            raise self.fail(key, "is missing")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"should be a whole number, not {_kind(value)}")
        if not low <= value <= high:
            raise self.fail(key, f"should be from {low:,} to {high:,}, not {_shown_number(value)}")
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.row.get(key)
        if value is None:
            raise self.fail(key, "is missing")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, f"should be a number, not {_kind(value)}")
        if isinstance(value, int) and abs(value) > 10**6:
            raise self.fail(key, f"should be from {low} to {high}, not {_shown_number(value)}")
        if not math.isfinite(value) or not low <= value <= high:
            raise self.fail(key, f"should be from {low} to {high}, not {value}")
        return float(value)

    def moment(self, key: str) -> datetime:
        value = self.text(key, self.row.get(key), 64)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"is not an ISO 8601 time: {value!r}") from None
        if moment.tzinfo is None:
            raise self.fail(key, "needs a UTC offset")
        if not ranges.moment_in_range(moment):
            raise self.fail(key, f"should be {ranges.describe_day_range()}, not {value}")
        return moment.astimezone(UTC)

    def required_day(self, key: str) -> date:
        day = self.day(key, ranges.LATEST_DAY)
        assert day is not None
        return day

    def day(self, key: str, latest: date, *, optional: bool = False) -> date | None:
        value = self.row.get(key)
        if value in (None, "") and optional:
            return None
        value = self.text(key, value, 32)
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise self.fail(key, f"is not an ISO 8601 date: {value!r}") from None
        if not ranges.EARLIEST_DAY <= day <= latest:
            raise self.fail(key, f"should be from {ranges.EARLIEST_DAY} to {latest}, not {value}")
        return day

    def kind(self) -> EventKind:
        value = self.row.get("kind")
        try:
            return EventKind(str(value)) if isinstance(value, str) else EventKind("")
        except ValueError:
            known = ", ".join(k.value for k in EventKind)
            raise self.fail("kind", f"should be one of {known}, not {_kind(value)}") from None

    def quiz(self, kind: EventKind) -> QuizDetails | None:
        raw = self.row.get("quiz")
        if kind is not EventKind.QUIZ_ATTEMPT:
            if raw is not None:
                raise self.fail("quiz", "belongs only to a quiz-attempt event")
            return None
        if raw is None:
            raise self.fail("quiz", "is missing: a quiz attempt carries its answers")
        if not isinstance(raw, dict):
            raise self.fail("quiz", f"should be an object, not {_kind(raw)}")
        inner = _Checker(raw, self.where, "quiz.")
        total = inner.whole("total", 0, MAX_QUIZ_QUESTIONS)
        answers = raw.get("answers")
        if not isinstance(answers, list) or len(answers) > total:
            raise self.fail("quiz.answers", f"should be a list of at most {total} (the total) answers")
        from mesadrill.core.course import QuizAnswer  # here: the course model costs milliseconds at every start

        found = []
        for number, answer in enumerate(answers, start=1):
            if not isinstance(answer, dict):
                raise self.fail(f"quiz.answers[{number}]", f"should be an object, not {_kind(answer)}")
            one = _Checker(answer, self.where, f"quiz.answers[{number}].")
            right, claimed = answer.get("right"), answer.get("claimed", False)
            if not isinstance(right, bool) or not isinstance(claimed, bool):
                raise one.fail("right", "and 'claimed' should be true or false")
            given = one.text("given", answer.get("given"), ranges.TEXT_MAX_LENGTH)
            found.append(QuizAnswer(one.identifier("deck_id"), one.identifier("item_id"), given, right, claimed))
        quiz = QuizDetails(tuple(found), total)
        score = raw.get("score", quiz.score)
        if score != quiz.score or isinstance(score, bool):
            raise self.fail("quiz.score", f"should be {quiz.score}, the answers marked right, not {_kind(score)}")
        return quiz

    def drill(self) -> DrillDetails | None:
        raw = self.row.get("drill")
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise self.fail("drill", f"should be an object, not {_kind(raw)}")
        inner = _Checker(raw, self.where)
        total = inner.whole("points_total", *ranges.POINTS_RANGE)
        covered = raw.get("points_covered", [])
        if not isinstance(covered, list) or len(covered) > total:
            raise self.fail("drill.points_covered", f"should be a list of at most {total} point numbers")
        for point in covered:
            if isinstance(point, bool) or not isinstance(point, int) or not 0 <= point < total:
                raise self.fail("drill.points_covered", f"should hold point numbers from 0 to {total - 1}")
        answers = raw.get("follow_up_answers", [])
        if not isinstance(answers, list) or len(answers) > MAX_FOLLOW_UPS:
            raise self.fail("drill.follow_up_answers", f"should be a list of at most {MAX_FOLLOW_UPS} texts")
        answer_text = raw.get("answer_text")
        return DrillDetails(
            answer_text=None if answer_text is None else inner.text("answer_text", answer_text, ranges.TEXT_MAX_LENGTH),
            points_total=total,
            points_covered=tuple(covered),
            time_limit_s=inner.whole("time_limit_s", *ranges.TIME_LIMIT_S_RANGE),
            follow_up_answers=tuple(inner.text("follow_up_answers", a, ranges.TEXT_MAX_LENGTH) for a in answers),
        )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return _shown_number(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else f"{value[:40]!r}..."
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _shown_number(value: float) -> str:
    if isinstance(value, int) and abs(value) >= 10**12:
        return f"a {int(abs(value).bit_length() * 0.30103) + 1}-digit number"
    return str(value)
