"""The event log through the CLI: two machines, one study day (issue 15 bug 2), undo, device ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_history_commands import machine, run_on, schedule
from test_plain_review import write_deck

DAY1_NOON = "2026-01-05T12:00:00+00:00"
DAY1_LATER = "2026-01-05T13:00:00+00:00"


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path)


def grade_first_card(env: dict[str, str], deck: Path, now: str, grade: str) -> None:
    done = run_on(env, "review", str(deck), "--plain", "--new", "1", now=now, input=f"\n{grade}\n")
    assert done.returncode == 0, done.output


def test_one_card_reviewed_on_two_machines_the_same_day_counts_once(
    deck: Path, isolated_home: Path, tmp_path: Path
) -> None:
    laptop, desktop = machine(isolated_home, "laptop"), machine(isolated_home, "desktop")
    grade_first_card(laptop, deck, DAY1_NOON, "5")
    grade_first_card(desktop, deck, DAY1_LATER, "4")
    files = {}
    for name, env in (("laptop", laptop), ("desktop", desktop)):
        files[name] = tmp_path / f"{name}.jsonl"
        run_on(env, "history", "export", "--out", str(files[name]))
    assert run_on(laptop, "history", "import", str(files["desktop"])).returncode == 0
    assert run_on(desktop, "history", "import", str(files["laptop"])).returncode == 0

    on_laptop, on_desktop = schedule(laptop, deck), schedule(desktop, deck)
    assert on_laptop == on_desktop
    a1 = on_laptop["a1"]
    # What one machine gives: the day's first grade (the 5 at noon) schedules, the later one repeats.
    assert (a1["repetitions"], a1["interval_days"], a1["due"], a1["reviews"]) == (1, 1, "2026-01-06", 2)
    exports = [run_on(env, "history", "export").stdout for env in (laptop, desktop)]
    assert exports[0] == exports[1]
    kinds = [json.loads(line)["kind"] for line in exports[0].splitlines()[1:]]
    assert kinds == ["review", "same-day"]


def test_an_undo_travels_to_the_other_machine(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    laptop, desktop = machine(isolated_home, "laptop"), machine(isolated_home, "desktop")
    done = run_on(laptop, "review", str(deck), "--plain", "--new", "2", now=DAY1_NOON, input="\n5\n\n1\nu\n\n4\n")
    assert done.returncode == 0 and "Undid the last grade (a2)" in done.stdout, done.output
    out = tmp_path / "laptop.csv"
    run_on(laptop, "history", "export", "--out", str(out))
    run_on(desktop, "history", "import", str(out))
    assert schedule(desktop, deck) == schedule(laptop, deck)
    a2 = schedule(desktop, deck)["a2"]
    assert (a2["reviews"], a2["lapses"]) == (1, 0)
    rows = out.read_text().splitlines()
    assert len(rows) == 1 + 4 and any(",undo," in row for row in rows)


def test_doctor_shows_this_data_folders_device_id(isolated_home: Path) -> None:
    ids = []
    for name in ("laptop", "desktop"):
        done = run_on(machine(isolated_home, name), "doctor")
        assert done.returncode == 0, done.output
        (line,) = [line for line in done.stdout.splitlines() if line.startswith("Device: ")]
        ids.append(line.removeprefix("Device: "))
    assert ids[0] != ids[1] and all(len(i) == 16 for i in ids)
    again = run_on(machine(isolated_home, "laptop"), "doctor")
    assert f"Device: {ids[0]}" in again.stdout
