"""Numbers and dates from files and the environment: a range, and a message with a position."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_plain_review import DAY1, write_deck

from support.cli import run_cli
from support.history import EVENT, HEADER


def with_(**changes: object) -> str:
    return json.dumps({**EVENT, **changes})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (with_(repetitions=2**63 + 1), "'repetitions' should be from 0 to 1,000,000"),
        (with_(interval_days=-(2**70)), "'interval_days' should be from 0 to 36,500"),
        (with_(quality="5"), "'quality' should be a whole number, not '5'"),
        (with_(quality=[5]), "'quality' should be a whole number, not a list"),
        (with_(easiness=0.5), "'easiness' should be from 1.3 to 1000.0"),
        (with_(easiness=True), "'easiness' should be a number"),
        (with_(easiness=float("nan")), "NaN is not a number an export holds"),
        (with_(easiness=float("inf")), "Infinity is not a number an export holds"),
        (with_(reviewed_at="0001-01-01T00:00:00+00:00"), "'reviewed_at' should be from 1970-01-01 to 2999-12-31"),
        (with_(reviewed_at="9999-12-31T23:59:59+00:00"), "'reviewed_at' should be from 1970-01-01"),
        (with_(study_day="9999-12-31"), "'study_day' should be from 1970-01-01 to 2999-12-31"),
        (with_(due="0001-01-01"), "'due' should be from 1970-01-01"),
        (with_(reviewed_at=12), "'reviewed_at' should be text, not 12"),
        (with_(item_id="a1\u001b]52;c;cHduZWQ=\u0007"), "'item_id' should be an id of letters"),
        (with_(deck_id="has space"), "'deck_id' should be an id of letters"),
        (with_(event_id="x" * 500), "'event_id' is longer than 200 characters"),
        (with_(kind="sideways"), "'kind' should be one of review, same-day, drill"),
        (with_(drill={"points_total": 3, "points_covered": [7], "time_limit_s": 60}), "points_covered"),
        (with_(drill={"points_total": 10**30, "time_limit_s": 60}), "'points_total' should be from 0 to 1,000"),
        (with_(drill=[]), "'drill' should be an object, not a list"),
        ('{"event_id": ' + "9" * 5000 + "}", "5000-digit number is out of range"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
    ],
    ids=lambda value: value if len(str(value)) < 60 else f"{str(value)[:40]}...",
)
def test_an_out_of_range_import_is_refused_whole_with_its_position(
    tmp_path: Path, isolated_home: Path, line: str, message: str
) -> None:
    deck = write_deck(tmp_path)
    assert run_cli("review", str(deck), "--plain", input="\n5\n", env={"MESADRILL_NOW": DAY1}).returncode == 0
    before = run_cli("history", "export").stdout
    path = tmp_path / "bad.jsonl"
    fine = json.dumps({**EVENT, "event_id": "fine"})
    path.write_text(f"{HEADER}\n{fine}\n{line}\n")  # a good event first: nothing of it may be written either
    done = run_cli("history", "import", str(path))
    assert done.returncode == 2, done.output
    assert f"{path}:3: " in done.stderr and message in done.stderr, done.stderr
    assert "Traceback" not in done.output
    assert run_cli("history", "export").stdout == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"quality": "9" * 5000}, "quality should be a whole number, not 5000 characters"),
        ({"easiness": "nan"}, "easiness should be a number from 1.3 to 1000, not 'nan'"),
        ({"easiness": "1e999"}, "easiness should be a number"),
        ({"interval_days": "٣"}, "interval_days should be a whole number"),
    ],
    ids=["5000 digits", "nan", "1e999", "arabic digit"],
)
def test_csv_numbers_are_checked_too(tmp_path: Path, row: dict[str, str], message: str) -> None:
    from mesadrill.store.exchange import CSV_COLUMNS

    values = {**{k: str(v) if v is not None else "" for k, v in EVENT.items() if k != "drill"}, **row}
    path = tmp_path / "bad.csv"
    path.write_text(",".join(CSV_COLUMNS) + "\n" + ",".join(values.get(c, "") for c in CSV_COLUMNS) + "\n")
    done = run_cli("history", "import", str(path))
    assert done.returncode == 2 and f"{path}:2: " in done.stderr and message in done.stderr, done.output
    assert "Traceback" not in done.output


def test_a_csv_field_too_big_or_with_nul_is_a_message(tmp_path: Path) -> None:
    from mesadrill.store.exchange import CSV_COLUMNS

    for name, body in (("big.csv", "x" * 200_000), ("nul.csv", "a\0b")):
        path = tmp_path / name
        path.write_text(",".join(CSV_COLUMNS) + "\n" + body + "\n")
        done = run_cli("history", "import", str(path))
        assert done.returncode == 2 and f"{path}:" in done.stderr and "Traceback" not in done.output, done.output


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("time_limit: " + "9" * 5000, "'time_limit' should be between 10 and 3600, not 999999... (5000 digits)"),
        ("text: 'x {{c" + "9" * 5000 + "::y}}'", "cloze numbers go from c1 to c999, not c999999... (5000 digits)"),
        ("text: 'x {{c1000::y}}'", "cloze numbers go from c1 to c999, not c1000"),
    ],
    ids=["time_limit", "cloze 5000 digits", "cloze 1000"],
)
def test_a_deck_with_a_huge_number_is_an_error_in_that_deck_only(tmp_path: Path, field: str, message: str) -> None:
    kind = "interview, prompt: P, answer: A, key_points: [k]" if field.startswith("time") else "cloze"
    folder = tmp_path / "decks"
    folder.mkdir()
    deck = folder / "huge.yaml"
    deck.write_text(f"deck: huge\ntitle: T\ndescription: D\ncards:\n  - {{id: a, type: {kind}, {field}}}\n")
    lint = run_cli("lint", str(deck))
    assert lint.returncode == 1 and "Traceback" not in lint.output, lint.output
    assert f"{deck}:5:" in lint.output and message in lint.output, lint.output
    listing = run_cli("decks", env={"MESADRILL_DECKS": str(folder)})
    assert listing.returncode == 0 and "Traceback" not in listing.output, listing.output
    assert "mesa-terms" in listing.stdout  # every other deck still works


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("MESADRILL_DAY_START", "²", "should be an hour from 0 to 23"),
        ("MESADRILL_DAY_START", "①", "should be an hour from 0 to 23"),
        ("MESADRILL_DAY_START", "24", "from 0 to 23"),
        ("MESADRILL_NOW", "9999-12-31T12:00:00+00:00", "from 1970-01-01 to 2999-12-31"),
        ("MESADRILL_NOW", "0001-01-01T00:00:00+00:00", "from 1970-01-01 to 2999-12-31"),
        ("MESADRILL_BUSY_TIMEOUT", "²", "should be a number of seconds from 0.05 to 3600"),
        ("MESADRILL_BUSY_TIMEOUT", "1e9", "should be a number of seconds"),
    ],
)
def test_environment_numbers_have_ranges(tmp_path: Path, name: str, value: str, message: str) -> None:
    deck = write_deck(tmp_path)
    for args in (["decks"], ["cards", str(deck)], ["review", str(deck), "--plain"], ["history", "export"]):
        done = run_cli(*args, input="q\n", env={name: value})
        assert done.returncode == 2, (args, done.output)
        assert name in done.stderr and message in done.stderr and "Traceback" not in done.output, (args, done.output)
