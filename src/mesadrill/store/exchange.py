"""History export and import: JSON Lines (the default) and CSV.

An export holds every event. Import merges by event id, so importing the same
file twice, or two machines' files in either order, gives the same history;
the store then rebuilds each touched item's schedule from its whole log.

JSON Lines: a header object, then one object per event::

    {"format": "mesadrill-history", "version": 1}
    {"event_id": "...", "deck_id": "...", "item_id": "...", "reviewed_at": "2026-01-05T12:00:00+00:00", ...}
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from mesadrill.core.errors import MesadrillError
from mesadrill.core.history import DrillDetails, EventKind, ReviewEvent
from mesadrill.core.sm2 import Sm2State

FORMAT_NAME = "mesadrill-history"
FORMAT_VERSION = 1
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
]


class ImportFormatError(MesadrillError):
    """An import file that cannot be read; nothing was imported."""


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
    return row


def write_jsonl(events: Iterable[ReviewEvent], out: IO[str]) -> int:
    out.write(json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION}) + "\n")
    count = 0
    for event in events:
        out.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(events: Iterable[ReviewEvent], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
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
    return list(_read_csv(text, name))


def _read_jsonl(text: str, name: str) -> Iterator[ReviewEvent]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ImportFormatError(f"{name}:{number}: not JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise ImportFormatError(f"{name}:{number}: expected a JSON object per line")
        if "format" in row and "event_id" not in row:
            if row.get("format") != FORMAT_NAME:
                raise ImportFormatError(f"{name}:{number}: not a mesadrill history export")
            if row.get("version") != FORMAT_VERSION:
                raise ImportFormatError(
                    f"{name}:{number}: export format version {row.get('version')!r}; this mesadrill reads version {FORMAT_VERSION}"
                )
            continue
        yield _event_from(row, f"{name}:{number}")


def _read_csv(text: str, name: str) -> Iterator[ReviewEvent]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFormatError(f"{name}:1: not a mesadrill history export (missing column(s): {', '.join(missing)})")
    for row in reader:
        where = f"{name}:{reader.line_num}"
        values: dict[str, Any] = {key: (value if value != "" else None) for key, value in row.items() if key}
        if values.get("drill_points_total") is not None:
            try:
                values["drill"] = {
                    "answer_text": values.get("drill_answer_text"),
                    "points_total": int(values["drill_points_total"]),
                    "points_covered": json.loads(values.get("drill_points_covered") or "[]"),
                    "time_limit_s": int(values["drill_time_limit_s"]),
                    "follow_up_answers": json.loads(values.get("drill_follow_up_answers") or "[]"),
                }
            except (ValueError, TypeError, json.JSONDecodeError) as error:
                raise ImportFormatError(f"{where}: bad drill columns ({error})") from None
        for key in ("quality", "repetitions", "interval_days", "duration_ms"):
            if values.get(key) is not None:
                values[key] = _int(values[key], key, where)
        if values.get("easiness") is not None:
            try:
                values["easiness"] = float(values["easiness"])
            except ValueError:
                raise ImportFormatError(f"{where}: easiness should be a number") from None
        yield _event_from(values, where)


def _int(value: Any, key: str, where: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ImportFormatError(f"{where}: {key} should be a whole number, not {value!r}") from None


def _event_from(row: dict[str, Any], where: str) -> ReviewEvent:
    def need(key: str, kind: type) -> Any:
        value = row.get(key)
        if value is None or not isinstance(value, kind) or isinstance(value, bool):
            raise ImportFormatError(f"{where}: '{key}' is missing or not a {kind.__name__}")
        return value

    try:
        reviewed_at = datetime.fromisoformat(need("reviewed_at", str))
        if reviewed_at.tzinfo is None:
            raise ImportFormatError(f"{where}: reviewed_at needs a UTC offset")
        study_day = date.fromisoformat(need("study_day", str))
        due_text = row.get("due")
        due = date.fromisoformat(due_text) if due_text else None
        kind = EventKind(need("kind", str))
    except ValueError as error:
        raise ImportFormatError(f"{where}: {error}") from None
    quality = need("quality", int)
    if not 0 <= quality <= 5:
        raise ImportFormatError(f"{where}: quality should be 0-5, not {quality}")
    easiness = row.get("easiness")
    if not isinstance(easiness, (int, float)) or isinstance(easiness, bool):
        raise ImportFormatError(f"{where}: 'easiness' is missing or not a number")
    drill = None
    if row.get("drill") is not None:
        raw = row["drill"]
        if not isinstance(raw, dict):
            raise ImportFormatError(f"{where}: 'drill' should be an object")
        try:
            drill = DrillDetails(
                answer_text=raw.get("answer_text"),
                points_total=int(raw["points_total"]),
                points_covered=tuple(int(i) for i in raw.get("points_covered", [])),
                time_limit_s=int(raw["time_limit_s"]),
                follow_up_answers=tuple(str(a) for a in raw.get("follow_up_answers", [])),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFormatError(f"{where}: bad drill details ({error})") from None
    duration = row.get("duration_ms")
    if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool)):
        raise ImportFormatError(f"{where}: duration_ms should be a whole number")
    item_hash = row.get("item_hash")
    return ReviewEvent(
        event_id=need("event_id", str),
        deck_id=need("deck_id", str),
        item_id=need("item_id", str),
        reviewed_at=reviewed_at.astimezone(UTC),
        study_day=study_day,
        quality=quality,
        kind=kind,
        state_after=Sm2State(
            repetitions=need("repetitions", int),
            easiness_centi=round(easiness * 100),
            interval_days=need("interval_days", int),
            due=due,
        ),
        duration_ms=duration,
        item_hash=item_hash if isinstance(item_hash, str) else None,
        drill=drill,
    )
