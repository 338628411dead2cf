"""Hostile input, generated: `history import` of any bytes or JSON, the deck loader on any YAML.

Each must end in a message and an exit code (or a list of problems), never a
traceback, and a refused import leaves the history exactly as it was.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadrill.cli.main import main
from mesadrill.decks.load import parse_deck
from support.history import EVENT, HEADER

FIELDS = list(EVENT)
GOOD = {**EVENT, "event_id": "seed"}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
# Mostly-right events with some fields replaced: these reach the deepest checks.
events = st.builds(
    lambda changes: {**GOOD, **changes},
    st.dictionaries(st.sampled_from(FIELDS), json_values, min_size=1, max_size=4),
)


def run(*args: str) -> tuple[int, str, str]:
    """mesadrill in this process (fast enough for hundreds of examples), as the console script runs it."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["mesadrill", *args]
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def snapshot(db: Path) -> list[object]:
    raw = sqlite3.connect(db)
    try:
        return [
            raw.execute("SELECT * FROM events ORDER BY event_id").fetchall(),
            raw.execute("SELECT * FROM items ORDER BY deck_id, item_id").fetchall(),
            raw.execute("SELECT * FROM drills ORDER BY event_id").fetchall(),
        ]
    finally:
        raw.close()


@pytest.fixture
def history(tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("MESADRILL_NOW", "2026-01-05T12:00:00+00:00")
    seed = tmp_path / "seed.jsonl"
    seed.write_text(f"{HEADER}\n{json.dumps(GOOD)}\n")
    code, _, err = run("history", "import", str(seed))
    assert code == 0, err
    yield isolated_home / "data" / "history.db"


def check_import(history: Path, tmp_path: Path, content: bytes) -> None:
    before = snapshot(history)
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(content)
    code, out, err = run("history", "import", str(path))
    assert "Traceback" not in err
    if code == 0:
        assert out.startswith("Imported ")
        return
    assert code == 2, (code, err)
    assert err.startswith("mesadrill: ") and len(err.strip()) > len("mesadrill: "), err
    assert snapshot(history) == before


@FUZZ
@given(content=st.binary(max_size=300))
def test_import_of_any_bytes(history: Path, tmp_path: Path, content: bytes) -> None:
    check_import(history, tmp_path, content)


@FUZZ
@given(lines=st.lists(json_values, min_size=1, max_size=3))
def test_import_of_any_json(history: Path, tmp_path: Path, lines: list[object]) -> None:
    body = "\n".join(json.dumps(line, allow_nan=True) for line in lines)
    check_import(history, tmp_path, f"{HEADER}\n{body}\n".encode())


@FUZZ
@given(rows=st.lists(events, min_size=1, max_size=3))
def test_import_of_nearly_right_events(history: Path, tmp_path: Path, rows: list[dict[str, object]]) -> None:
    body = "\n".join(json.dumps({**row, "event_id": f"fuzz{index}"}, allow_nan=True) for index, row in enumerate(rows))
    check_import(history, tmp_path, f"{HEADER}\n{body}\n".encode())


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
deck_like = st.fixed_dictionaries(
    {"deck": yaml_values, "title": yaml_values, "description": yaml_values},
    optional={
        "cards": st.lists(
            st.dictionaries(
                st.sampled_from(["id", "type", "front", "back", "text", "question", "choices", "answer", "prompt",
                                 "key_points", "time_limit", "reverse", "tags", "source", "follow_ups"]),
                yaml_values | st.sampled_from(["basic", "cloze", "choice", "interview"]),
                max_size=8,
            ),
            max_size=4,
        ),
        "tags": yaml_values,
    },
)  # fmt: skip


def check_loader(data: bytes) -> None:
    result = parse_deck(data, Path("fuzz.yaml"))  # raising here is the failure
    if result.deck is None:
        assert result.problems, "a refused deck must say why"
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


@FUZZ
@given(data=st.binary(max_size=400))
def test_loader_on_any_bytes(data: bytes) -> None:
    check_loader(data)


@FUZZ
@given(text=st.text(max_size=400))
def test_loader_on_any_text(text: str) -> None:
    check_loader(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(value=deck_like)
def test_loader_on_any_yaml_document(value: dict[str, object]) -> None:
    check_loader(yaml.safe_dump(value, allow_unicode=True).encode("utf-8", "surrogatepass"))
