"""Sync segments: one device's new events, as a file no other device ever writes.

A segment is ``<device>/<seq>.jsonl`` in the sync folder (or git clone)::

    {"format": "mesadrill-sync", "version": 1, "device": "<device id>", "seq": 7}
    {"event_id": "...", ...}                 one line per event, as in a history export
    {"end": {"count": 37, "sha256": "<hex of every byte above this line>"}}

It is written under a temporary name, fsynced, and renamed into place (never
over an existing file), so a reader sees either nothing or the whole file. A
reader still checks the last line: a file a sync engine has copied only in
part, or that was damaged, fails the check and is skipped, whole, until it
is complete. A segment of a newer format is refused with a message to upgrade.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from mesadrill.core.errors import MesadrillError
from mesadrill.core.history import ReviewEvent
from mesadrill.core.records import record
from mesadrill.env.faults import fault_point
from mesadrill.store import exchange

FORMAT_NAME = "mesadrill-sync"
FORMAT_VERSION = 1
MAX_LINE_BYTES = 1 << 20  # an event is a few hundred bytes; a drill answer a few thousand
MAX_EVENTS_PER_SEGMENT = 50_000  # a first sync of a long history is several files of ~20 MB
FUTURE_SLACK = timedelta(days=1)  # clocks drift; an event dated later than this is refused
SEGMENT_NAME = re.compile(r"^(\d{1,12})\.jsonl$")
DEVICE_NAME = re.compile(r"^[0-9a-f]{16}$")
TEMP_SUFFIX = ".partial"


class SegmentError(MesadrillError):
    """A segment that cannot be applied (yet): where, and why."""


@record(frozen=True, slots=True)
class SegmentRef:
    device_id: str
    seq: int
    path: Path


@record(frozen=True, slots=True)
class Segment:
    ref: SegmentRef
    events: list[ReviewEvent]


# What a sync that could not write says of this device's events.
NOTHING_LOST = "Nothing was lost here: the events not sent go with the next sync"


def segment_path(root: Path, device_id: str, seq: int) -> Path:
    return root / device_id / f"{seq:08d}.jsonl"


# json.dumps(row, ensure_ascii=False), without building an encoder for every row (a first sync writes a million).
_encode_row = json.JSONEncoder(ensure_ascii=False).encode


def render(device_id: str, seq: int, events: Sequence[ReviewEvent | dict[str, Any]]) -> bytes:
    """A segment's bytes; events as ReviewEvents or already in their export form."""
    header = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "device": device_id, "seq": seq}
    rows = (e if isinstance(e, dict) else exchange.event_to_dict(e) for e in events)
    lines = [json.dumps(header)] + [_encode_row(row) for row in rows]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    end = {"end": {"count": len(events), "sha256": hashlib.sha256(body).hexdigest()}}
    return body + (json.dumps(end) + "\n").encode("utf-8")


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a folder be opened
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_segment(root: Path, device_id: str, seq: int, events: Sequence[ReviewEvent | dict[str, Any]]) -> Path:
    """Write a segment durably under a temporary name, then link it into place; never overwrite."""
    final = segment_path(root, device_id, seq)
    folder = final.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{final.name}.{os.getpid()}{TEMP_SUFFIX}"
        try:
            with temp.open("wb") as handle:
                handle.write(render(device_id, seq, events))
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)  # a full disk leaves no half file behind
            raise
        fault_point("sync-before-rename")
        try:
            os.link(temp, final)  # fails if the name is taken: a segment is never replaced
        except FileExistsError:
            raise SegmentError(f"{final} already exists; not overwriting it") from None
        finally:
            temp.unlink(missing_ok=True)
        _fsync_folder(folder)
    except OSError as error:
        full = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        hint = "; the sync folder's disk is full" if full else ""
        raise SegmentError(f"cannot write {final}: {error.strerror or error}{hint}. {NOTHING_LOST}") from None
    return final


def list_segments(root: Path) -> tuple[list[SegmentRef], list[str]]:
    """Every segment under ``root``, and notes on anything there that is not one of ours."""
    refs: list[SegmentRef] = []
    notes: list[str] = []
    try:
        entries = sorted(root.iterdir())
    except OSError as error:
        raise SegmentError(f"cannot read the sync folder {root}: {error.strerror or error}") from None
    for entry in entries:
        if entry.name.startswith(".") or not DEVICE_NAME.match(entry.name):
            continue  # .git, README, a user's notes: not ours, left alone
        if not entry.is_dir():
            notes.append(f"{entry}: not a folder; skipped")
            continue
        for file in sorted(entry.iterdir()):
            match = SEGMENT_NAME.match(file.name)
            if match:
                refs.append(SegmentRef(entry.name, int(match.group(1)), file))
            elif not file.name.startswith("."):
                notes.append(f"{file}: not a mesadrill segment; skipped")
    return refs, notes


def remove_leftovers(root: Path, device_id: str) -> int:
    """Delete temporary files a killed sync of this device left in its own folder."""
    folder = root / device_id
    removed = 0
    if folder.is_dir():
        for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed += 1
    return removed


def highest_seq(root: Path, device_id: str) -> int:
    folder = root / device_id
    if not folder.is_dir():
        return 0
    found = [int(m.group(1)) for f in folder.iterdir() if (m := SEGMENT_NAME.match(f.name))]
    return max(found, default=0)


def read_segment(ref: SegmentRef, now: datetime) -> Segment:
    """Read and check a whole segment; any problem raises SegmentError naming file and line."""
    where = str(ref.path)
    digest = hashlib.sha256()
    events: list[ReviewEvent] = []
    end: dict[str, object] | None = None
    try:
        handle = ref.path.open("rb")
    except OSError as error:
        raise SegmentError(f"{where}: cannot read it ({error.strerror or error})") from None
    with handle:
        number = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            number += 1
            at = f"{where}:{number}"
            if end is not None:
                raise SegmentError(f"{at}: text after the end line; skipped")
            if len(raw) > MAX_LINE_BYTES:
                raise SegmentError(f"{at}: a line longer than {MAX_LINE_BYTES // 1024} KiB; skipped")
            if not raw.endswith(b"\n"):
                raise SegmentError(f"{at}: the file ends mid-line (still being copied?); skipped until complete")
            try:
                row = _json_line(raw)
            except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also a 5,000-digit number
                raise SegmentError(f"{at}: not a JSON line; segment skipped") from None
            if not isinstance(row, dict):
                raise SegmentError(f"{at}: not a JSON object; segment skipped")
            if number == 1:
                _check_header(row, ref, at)
                digest.update(raw)
                continue
            if "end" in row and "event_id" not in row:
                end = row["end"] if isinstance(row["end"], dict) else {}
                continue
            digest.update(raw)
            events.append(_event(row, at, now))
    if number == 0:
        raise SegmentError(f"{where}: empty (still being copied?); skipped until complete")
    if end is None:
        raise SegmentError(f"{where}:{number}: no end line (still being copied?); skipped until complete")
    if end.get("count") != len(events) or end.get("sha256") != digest.hexdigest():
        raise SegmentError(f"{where}:{number}: the end line's count or checksum does not match; segment skipped")
    return Segment(ref, events)


# What json.loads runs for one value (the C scanner), without its wrapping and whitespace matching.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _json_line(raw: bytes) -> Any:
    """``json.loads`` of one line ending in "\\n"; the scanner alone when the value ends at the "\\n".

    Anything else (spaces around the value, two values, no value) goes to
    ``json.loads``, which accepts or refuses it as it always did.
    """
    text = raw.decode("utf-8")
    try:
        value, stop = _scan(text, 0)
    except StopIteration:
        return json.loads(text)
    return value if stop == len(text) - 1 else json.loads(text)


def _event(row: dict[str, Any], at: str, now: datetime) -> ReviewEvent:
    """One event line, checked."""
    try:
        event = exchange.event_from_dict(row, at)
    except exchange.ImportFormatError as error:
        raise SegmentError(f"{error}; segment skipped") from None
    except (ValueError, TypeError, OverflowError) as error:  # NaN easiness, absurd numbers
        raise SegmentError(f"{at}: a value out of range ({error}); segment skipped") from None
    _check_ranges(event, at)
    if event.reviewed_at > now + FUTURE_SLACK:
        raise SegmentError(f"{at}: dated {event.reviewed_at:%Y-%m-%d %H:%M} UTC, in the future; segment skipped")
    return event


def _check_header(row: dict[str, object], ref: SegmentRef, at: str) -> None:
    if row.get("format") != FORMAT_NAME:
        raise SegmentError(f"{at}: not a mesadrill sync segment; skipped")
    version = row.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SegmentError(f"{at}: no format version; skipped")
    if version > FORMAT_VERSION:
        raise SegmentError(
            f"{at}: written by a newer mesadrill (sync format {version}; this one reads {FORMAT_VERSION}); "
            "upgrade mesadrill on this machine to receive it"
        )
    if row.get("device") != ref.device_id or row.get("seq") != ref.seq:
        raise SegmentError(f"{at}: its header names another device or number than its file name; skipped")


_LIMIT = 1 << 53  # SQLite stores 64-bit integers; no count, day or duration comes near this


def _check_ranges(event: ReviewEvent, at: str) -> None:
    state = event.state_after
    if (
        event.drill is None
        and -_LIMIT < state.repetitions < _LIMIT
        and -_LIMIT < state.easiness_centi < _LIMIT
        and -_LIMIT < state.interval_days < _LIMIT
        and -_LIMIT < (event.duration_ms or 0) < _LIMIT
        and event.reviewed_at.year >= 2000
    ):
        return  # the common case, without building the table below (a first sync checks a million)
    numbers = {
        "repetitions": state.repetitions,
        "easiness": state.easiness_centi,
        "interval_days": state.interval_days,
        "duration_ms": event.duration_ms or 0,
    }
    if event.drill is not None:
        numbers["points_total"] = event.drill.points_total
        numbers["time_limit_s"] = event.drill.time_limit_s
        numbers.update({"points_covered": max(event.drill.points_covered, default=0)})
    for name, value in numbers.items():
        if not -_LIMIT < value < _LIMIT:
            raise SegmentError(f"{at}: {name} {value} is out of range; segment skipped")
    if event.reviewed_at.year < 2000:
        raise SegmentError(f"{at}: dated {event.reviewed_at:%Y-%m-%d}, before any mesadrill; segment skipped")
