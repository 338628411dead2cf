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
import re
from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import IO, Any

from mesadrill.core.history import ReviewEvent
from mesadrill.store.import_checks import ImportFormatError, event_from

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
    try:
        return list(_read_csv(text, name))
    except csv.Error as error:
        raise ImportFormatError(f"{name}: not a mesadrill CSV export ({error})") from None


def _read_jsonl(text: str, name: str) -> Iterator[ReviewEvent]:
    for number, line in enumerate(text.splitlines(), start=1):
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
            if row.get("version") != FORMAT_VERSION:
                raise ImportFormatError(
                    f"{name}:{number}: export format version {row.get('version')!r}; this mesadrill reads version {FORMAT_VERSION}"
                )
            continue
        yield event_from(row, f"{name}:{number}")


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
                    "points_total": _int(values["drill_points_total"], "drill_points_total", where),
                    "points_covered": _json(values.get("drill_points_covered") or "[]"),
                    "time_limit_s": _int(values.get("drill_time_limit_s"), "drill_time_limit_s", where),
                    "follow_up_answers": _json(values.get("drill_follow_up_answers") or "[]"),
                }
            except (ValueError, TypeError, RecursionError) as error:
                raise ImportFormatError(f"{where}: bad drill columns ({error})") from None
        for key in ("quality", "repetitions", "interval_days", "duration_ms"):
            if values.get(key) is not None:
                values[key] = _int(values[key], key, where)
        if values.get("easiness") is not None:
            text = str(values["easiness"]).strip()
            if not re.fullmatch(r"[0-9]{1,7}(?:\.[0-9]{1,6})?", text):
                raise ImportFormatError(f"{where}: easiness should be a number from 1.3 to 1000, not {text[:40]!r}")
            values["easiness"] = float(text)
        yield event_from(values, where)


def _int(value: Any, key: str, where: str) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"-?[0-9]{1,18}", text):  # ASCII digits, within 64 bits
        shown = repr(text) if len(text) <= 40 else f"{len(text)} characters"
        raise ImportFormatError(f"{where}: {key} should be a whole number, not {shown}")
    return int(text)


def _json(text: str) -> Any:
    return json.loads(text, parse_constant=_no_constant, parse_int=_bounded_int)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number an export holds")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 4000:  # Python refuses to convert past 4300 digits; ranges are checked per field
        raise ValueError(f"a {len(text.lstrip('-'))}-digit number is out of range for any field")
    return int(text)
