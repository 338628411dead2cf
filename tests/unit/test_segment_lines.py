"""Reading a sync segment's lines: the scanner shortcut accepts and refuses exactly what json.loads does (issue 18).

``segments._json_line`` runs the JSON scanner alone when a line's value ends
at its "\\n" and hands anything else to ``json.loads``; these tests hold the
two to the same answer on good lines, odd-but-valid lines and bad ones, and
check through ``read_segment`` on real files that a refused line is named by
file and line, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesadrill.store import segments

NOW = datetime(2026, 1, 6, 12, tzinfo=UTC)
DEVICE = "0123456789abcdef"


def loads_or_error(text: str) -> object:
    try:
        return ("ok", json.loads(text))
    except (ValueError, RecursionError) as error:
        return ("refused", type(error).__name__)


def line_or_error(text: str) -> object:
    try:
        return ("ok", segments._json_line(text.encode("utf-8")))
    except (ValueError, RecursionError) as error:
        return ("refused", type(error).__name__)


EVENT = (
    '{"event_id": "e1", "deck_id": "d", "item_id": "i", "reviewed_at": "2026-01-05T12:00:00+00:00", '
    '"study_day": "2026-01-05", "quality": 4, "kind": "review", "repetitions": 1, "easiness": 2.5, '
    '"interval_days": 1, "due": "2026-01-06", "duration_ms": null, "item_hash": null, "drill": null, '
    '"device_id": null, "undoes": null}'
)
LINES = [
    EVENT,
    "  " + EVENT,  # spaces before: json.loads skips them, so does the reader
    EVENT + " \t\r",  # and after
    EVENT + EVENT,  # two values
    EVENT + ", {}",
    EVENT[:-1],  # half a value
    EVENT[1:],
    "",
    "   ",
    "[1, 2]",
    '"text"',
    "12",
    "NaN",
    '{"a": NaN, "b": -Infinity}',
    '{"a": 1, "a": 2}',  # the last key wins, as with json.loads
    '{"a": "\\u2028 \u2028 \u0085"}',  # separators json.dumps leaves unescaped
    '{"a": "tab\there"}',  # a raw control character: json.loads refuses it
    '{"a": ' + "1" * 5000 + "}",  # past Python's digit limit
    "[" * 100_000,  # nesting too deep
    "{'a': 1}",
    "\ufeff" + EVENT,
]


@pytest.mark.parametrize("text", LINES, ids=range(len(LINES)))
def test_a_line_is_read_as_json_loads_reads_it(text: str) -> None:
    assert line_or_error(text + "\n") == loads_or_error(text + "\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('{}[]",: 0123456789.eE+-truefalsn\\\t\r\u2028ab')), max_size=40))
def test_any_line_is_read_as_json_loads_reads_it(text: str) -> None:
    text = text.replace("\n", "")
    assert line_or_error(text + "\n") == loads_or_error(text + "\n")


def write(folder: Path, lines: list[str]) -> segments.SegmentRef:
    header = json.dumps({"format": "mesadrill-sync", "version": 1, "device": DEVICE, "seq": 1})
    body = ("\n".join([header, *lines]) + "\n").encode("utf-8")
    end = {"end": {"count": len(lines), "sha256": hashlib.sha256(body).hexdigest()}}
    path = segments.segment_path(folder, DEVICE, 1)
    path.parent.mkdir(parents=True)
    path.write_bytes(body + (json.dumps(end) + "\n").encode())
    return segments.SegmentRef(DEVICE, 1, path)


@pytest.mark.parametrize(
    "bad",
    ['{"event_id": ' + "1" * 5000 + "}", "[" * 100_000, EVENT + EVENT, EVENT[:-1], '{"a": "tab\there"}'],
    ids=["5000-digit number", "deep nesting", "two values", "half a value", "control character"],
)
def test_a_line_json_refuses_is_named_by_file_and_line(tmp_path: Path, bad: str) -> None:
    ref = write(tmp_path, [EVENT, bad])
    with pytest.raises(segments.SegmentError, match=r"00000001\.jsonl:3: not a JSON line; segment skipped"):
        segments.read_segment(ref, NOW)


def test_lines_with_spaces_around_the_value_are_read_as_before(tmp_path: Path) -> None:
    second = EVENT.replace('"e1"', '"e2"')
    ref = write(tmp_path, ["  " + EVENT, second + "  \r"])
    assert [event.event_id for event in segments.read_segment(ref, NOW).events] == ["e1", "e2"]
