"""History export and import: JSON Lines (the default) and CSV.

An export holds every event. Import merges by event id, so importing the same
file twice, or two machines' files in either order, gives the same history;
the store then rebuilds each touched item's schedule from its whole log.

JSON Lines: a header object, then one object per event::

    {"format": "mesadrill-history", "version": 2}
    {"event_id": "...", "deck_id": "...", "item_id": "...", "reviewed_at": "2026-01-05T12:00:00+00:00", ...}

Version 2 added ``device_id`` (the data folder that recorded the event) and
undo events (``"kind": "undo"``, ``"undoes": "<event id>"``, quality 0),
and course progress: ``quiz-attempt`` events (with a ``quiz`` object: score,
total, answers) and ``lesson-read`` events, under the deck id
``course:<course id>`` with the lesson id as item id (quality 0); CSV has
the ``quiz`` object as JSON in a column of that name. Version 1 files, and
older version 2 files ending in ``quiz_attempt``/``lesson_read`` lines
(``course_exchange``), are still read. The ``kind`` of a grade (review or same-day)
and its state after are what the exporting machine's fold derived; an import
derives them again from the merged log.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from mesadrill.core import ranges
from mesadrill.core.history import COURSE_KINDS, EventKind, QuizDetails, ReviewEvent
from mesadrill.core.sm2 import MAX_INTERVAL_DAYS, Sm2State
from mesadrill.store.import_checks import IMPORTED_ID, LATEST_DUE, ImportFormatError, event_from
from mesadrill.store.rows import quiz_to_payload

__all__ = [
    "CSV_COLUMNS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MERGE_PROGRESS_EVERY",
    "ImportFormatError",  # raised here; defined with the field checks in import_checks
    "event_to_dict",
    "read_events",
    "write_csv",
    "write_jsonl",
]

FORMAT_NAME = "mesadrill-history"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
_PLAIN_ID = IMPORTED_ID
MERGE_PROGRESS_EVERY = 10_000  # an import of more events says how far it got
CSV_COLUMNS = [
    "event_id",
    "deck_id",
    "item_id",
    "reviewed_at",
    "study_day",
    "quality",
    "kind",
    "repetitions",
    "easiness",
    "interval_days",
    "due",
    "duration_ms",
    "item_hash",
    "drill_answer_text",
    "drill_points_total",
    "drill_points_covered",
    "drill_time_limit_s",
    "drill_follow_up_answers",
    "device_id",
    "undoes",
    "quiz",
]
_OPTIONAL_CSV_COLUMNS = {"device_id", "undoes", "quiz"}  # not in version 1 files (nor "quiz" in older 2s)


_KINDS = {kind.value: kind for kind in EventKind}  # a dict lookup: EventKind(...) costs 3 µs an event


def event_to_dict(event: ReviewEvent) -> dict[str, Any]:
    state = event.state_after
    row: dict[str, Any] = {
        "event_id": event.event_id,
        "deck_id": event.deck_id,
        "item_id": event.item_id,
        "reviewed_at": event.reviewed_at.astimezone(UTC).isoformat(),
        "study_day": event.study_day.isoformat(),
        "quality": event.quality,
        "kind": event.kind.value,
        "repetitions": state.repetitions,
        "easiness": state.easiness_centi / 100,
        "interval_days": state.interval_days,
        "due": state.due.isoformat() if state.due else None,
        "duration_ms": event.duration_ms,
        "item_hash": event.item_hash,
        "drill": None,
        "device_id": event.device_id,
        "undoes": event.undoes,
    }
    if event.drill is not None:
        drill = event.drill
        row["drill"] = {
            "answer_text": drill.answer_text,
            "points_total": drill.points_total,
            "points_covered": list(drill.points_covered),
            "time_limit_s": drill.time_limit_s,
            "follow_up_answers": list(drill.follow_up_answers),
        }
    if event.quiz is not None:  # only quiz attempts carry the key: other lines read as before
        row["quiz"] = quiz_to_dict(event.quiz)
    return row


def quiz_to_dict(quiz: QuizDetails) -> dict[str, Any]:
    """A quiz attempt's ``quiz`` object in an export: its score (for readers; checked on import) and answers."""
    payload = quiz_to_payload(quiz)
    return {"score": quiz.score, "total": payload["total"], "answers": payload["answers"]}


def write_jsonl(events: Iterable[ReviewEvent], out: IO[str]) -> int:
    out.write(json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION}) + "\n")
    count = 0
    for event in events:
        out.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(events: Iterable[ReviewEvent], out: IO[str]) -> int:
    # RFC 4180 line ends: the writer then quotes any field holding "\r" or "\n" (a typed answer may).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in events:
        row = event_to_dict(event)
        drill = row.pop("drill") or {}
        flat = [row[name] for name in CSV_COLUMNS[:13]] + [
            drill.get("answer_text"),
            drill.get("points_total"),
            json.dumps(drill["points_covered"]) if drill else None,
            drill.get("time_limit_s"),
            json.dumps(drill["follow_up_answers"], ensure_ascii=False) if drill else None,
            row["device_id"],
            row["undoes"],
            json.dumps(row["quiz"], ensure_ascii=False) if "quiz" in row else None,
        ]
        writer.writerow(["" if value is None else value for value in flat])
        count += 1
    return count


def read_events(text: str, name: str) -> list[ReviewEvent]:
    """Parse a whole export; any bad line stops the import before anything is written."""
    stripped = text.lstrip("\ufeff").lstrip()
    if not stripped:
        return []
    if stripped.startswith("{"):
        return list(_read_jsonl(text, name))
    try:
        return list(_read_csv(text, name))
    except csv.Error as error:
        raise ImportFormatError(f"{name}: not a mesadrill CSV export ({error})") from None


def _read_jsonl(text: str, name: str) -> Iterator[ReviewEvent]:
    # Lines end at "\n" only: str.splitlines would also split inside a JSON string
    # holding U+0085 or U+2028, which json.dumps leaves unescaped.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line, parse_constant=_no_constant, parse_int=_bounded_int)
        except json.JSONDecodeError as error:
            raise ImportFormatError(f"{name}:{number}: not JSON ({error.msg}, column {error.colno})") from None
        except RecursionError:
            raise ImportFormatError(f"{name}:{number}: JSON nested too deeply for an export") from None
        except ValueError as error:
            raise ImportFormatError(f"{name}:{number}: {error}") from None
        if not isinstance(row, dict):
            raise ImportFormatError(f"{name}:{number}: expected a JSON object per line")
        if "quiz_attempt" in row or "lesson_read" in row:
            continue  # course progress: read by store.course_exchange
        if "format" in row and "event_id" not in row:
            if row.get("format") != FORMAT_NAME:
                raise ImportFormatError(f"{name}:{number}: not a mesadrill history export")
            if row.get("version") not in READABLE_VERSIONS:
                raise ImportFormatError(
                    f"{name}:{number}: export format version {row.get('version')!r}; this mesadrill reads "
                    f"versions up to {FORMAT_VERSION}: upgrade mesadrill to import it"
                )
            continue
        yield event_from_dict(row, f"{name}:{number}")


def _read_csv(text: str, name: str) -> Iterator[ReviewEvent]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or []) and c not in _OPTIONAL_CSV_COLUMNS]
    if missing:
        raise ImportFormatError(f"{name}:1: not a mesadrill history export (missing column(s): {', '.join(missing)})")
    for row in reader:
        where = f"{name}:{reader.line_num}"
        values: dict[str, Any] = {key: (value if value != "" else None) for key, value in row.items() if key}
        if values.get("drill_points_total") is not None:
            try:
                values["drill"] = {
                    "answer_text": values.get("drill_answer_text"),
                    "points_total": _int(values["drill_points_total"], "drill_points_total", where),
                    "points_covered": _json(values.get("drill_points_covered") or "[]"),
                    "time_limit_s": _int(values.get("drill_time_limit_s"), "drill_time_limit_s", where),
                    "follow_up_answers": _json(values.get("drill_follow_up_answers") or "[]"),
                }
            except (ValueError, TypeError, RecursionError) as error:
                raise ImportFormatError(f"{where}: bad drill columns ({error})") from None
        if values.get("quiz") is not None:
            try:
                values["quiz"] = _json(values["quiz"])
            except (ValueError, RecursionError) as error:
                raise ImportFormatError(f"{where}: bad quiz column ({error})") from None
        for key in ("quality", "repetitions", "interval_days", "duration_ms"):
            if values.get(key) is not None:
                values[key] = _int(values[key], key, where)
        if values.get("easiness") is not None:
            text = str(values["easiness"]).strip()
            if not re.fullmatch(r"[0-9]{1,7}(?:\.[0-9]{1,6})?", text):
                raise ImportFormatError(f"{where}: easiness should be a number from 1.3 to 1000, not {text[:40]!r}")
            values["easiness"] = float(text)
        yield event_from_dict(values, where)


def _int(value: Any, key: str, where: str) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"-?[0-9]{1,18}", text):  # ASCII digits, within 64 bits
        shown = repr(text) if len(text) <= 40 else f"{len(text)} characters"
        raise ImportFormatError(f"{where}: {key} should be a whole number, not {shown}")
    return int(text)


class _NotPlain(Exception):
    """The row is not a plain, valid grade or undo: the careful path reads it and says what is wrong."""


def _plain_event(row: dict[str, Any]) -> ReviewEvent:
    """The common case at a third of the cost (a first sync reads a whole history); anything else raises _NotPlain."""
    try:
        event_id, deck_id, item_id = row["event_id"], row["deck_id"], row["item_id"]
        quality, repetitions, interval = row["quality"], row["repetitions"], row["interval_days"]
        easiness, reviewed_text, day_text = row["easiness"], row["reviewed_at"], row["study_day"]
        kind = _KINDS[row["kind"]]
        due_text, duration, item_hash = row.get("due"), row.get("duration_ms"), row.get("item_hash")
        device_id, undoes = row.get("device_id"), row.get("undoes")
        if not (
            type(event_id) is str
            and type(deck_id) is str
            and type(item_id) is str
            and type(quality) is int
            and 0 <= quality <= 5
            and type(repetitions) is int
            and type(interval) is int
            and type(easiness) in (int, float)
            and type(reviewed_text) is str
            and type(day_text) is str
            and (due_text is None or type(due_text) is str)
            and (duration is None or type(duration) is int)
            and (device_id is None or type(device_id) is str)
            and row.get("drill") is None
            and kind not in COURSE_KINDS  # checked field by field on the careful path
            and row.get("quiz") is None
            and ((type(undoes) is str and undoes != "") if kind is EventKind.UNDO else undoes is None)
        ):
            raise _NotPlain
        reviewed_at = datetime.fromisoformat(reviewed_text)
        if reviewed_at.tzinfo is None or not ranges.moment_in_range(reviewed_at):
            raise _NotPlain
        # The ranges the careful path checks, cheaply: anything outside goes there to be named.
        if not (
            _PLAIN_ID.fullmatch(event_id)
            and _PLAIN_ID.fullmatch(deck_id)
            and _PLAIN_ID.fullmatch(item_id)
            and (device_id is None or _PLAIN_ID.fullmatch(device_id))
            and (undoes is None or _PLAIN_ID.fullmatch(undoes))
            and ranges.REPETITIONS_RANGE[0] <= repetitions <= ranges.REPETITIONS_RANGE[1]
            and 0 <= interval <= MAX_INTERVAL_DAYS
            and ranges.EASINESS_RANGE[0] <= easiness <= ranges.EASINESS_RANGE[1]
            and (duration is None or ranges.DURATION_MS_RANGE[0] <= duration <= ranges.DURATION_MS_RANGE[1])
            and (item_hash is None or (type(item_hash) is str and _PLAIN_ID.fullmatch(item_hash)))
        ):
            raise _NotPlain
        study_day = date.fromisoformat(day_text)
        due = date.fromisoformat(due_text) if due_text else None
        if not ranges.EARLIEST_DAY <= study_day <= ranges.LATEST_DAY or (
            due is not None and not ranges.EARLIEST_DAY <= due <= LATEST_DUE
        ):
            raise _NotPlain
        return ReviewEvent(
            event_id,
            deck_id,
            item_id,
            reviewed_at.astimezone(UTC),
            study_day,
            quality,
            kind,
            Sm2State(repetitions, round(easiness * 100), interval, due),
            duration,
            item_hash if isinstance(item_hash, str) else None,
            None,
            device_id,
            undoes,
        )
    except (KeyError, TypeError, ValueError, OverflowError):
        raise _NotPlain from None


def event_from_dict(row: dict[str, Any], where: str) -> ReviewEvent:
    """One event from its export form; ImportFormatError says where and why when it is not one."""
    try:
        return _plain_event(row)
    except _NotPlain:
        return event_from(row, where)  # every field checked against its range, and named when wrong


def _json(text: str) -> Any:
    return json.loads(text, parse_constant=_no_constant, parse_int=_bounded_int)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number an export holds")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 4000:  # Python refuses to convert past 4300 digits; ranges are checked per field
        raise ValueError(f"a {len(text.lstrip('-'))}-digit number is out of range for any field")
    return int(text)
