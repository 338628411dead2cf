"""history export/import (two machines, in either order) and doctor, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_plain_review import DAY1, DAY2, cards, review, write_deck

from support.cli import run_cli


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path)


def machine(isolated_home: Path, name: str) -> dict[str, str]:
    return {"MESADRILL_DATA_DIR": str(isolated_home / name)}


def run_on(env: dict[str, str], *args: str, now: str = DAY2, input: str | None = None):  # type: ignore[no-untyped-def]
    done = run_cli(*args, env={**env, "MESADRILL_NOW": now}, input=input)
    assert "Traceback" not in done.output, done.output
    return done


def study_on(env: dict[str, str], deck: Path, now: str, grades: list[str]) -> None:
    lines = [x for g in grades for x in ("", g)]
    done = run_on(env, "review", str(deck), "--plain", "--new", "5", now=now, input="\n".join(lines) + "\n")
    assert done.returncode == 0, done.output


def schedule(env: dict[str, str], deck: Path) -> dict[str, object]:
    done = run_on(env, "cards", str(deck), "--json")
    return {row["id"]: row for row in json.loads(done.stdout)}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_into_a_fresh_machine_gives_the_same_schedule(
    deck: Path, isolated_home: Path, tmp_path: Path, fmt: str
) -> None:
    laptop, desktop = machine(isolated_home, "laptop"), machine(isolated_home, "desktop")
    study_on(laptop, deck, DAY1, ["5", "2", "4", "4"])
    study_on(laptop, deck, DAY2, ["5", "5", "3", "5"])
    out = tmp_path / f"laptop.{fmt}"
    done = run_on(laptop, "history", "export", "--out", str(out))
    assert done.returncode == 0 and "Exported" in done.stderr
    assert run_on(desktop, "history", "import", str(out)).returncode == 0
    assert schedule(desktop, deck) == schedule(laptop, deck)
    again = run_on(desktop, "history", "import", str(out))
    assert "Imported 0 new event(s)" in again.stdout
    assert schedule(desktop, deck) == schedule(laptop, deck)


def test_two_machines_merge_the_same_in_either_order(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    laptop, desktop = machine(isolated_home, "laptop"), machine(isolated_home, "desktop")
    study_on(laptop, deck, DAY1, ["5", "4", "3", "5"])
    study_on(desktop, deck, DAY2, ["5", "1", "4", "5"])
    laptop_file, desktop_file = tmp_path / "laptop.jsonl", tmp_path / "desktop.jsonl"
    run_on(laptop, "history", "export", "--out", str(laptop_file))
    run_on(desktop, "history", "export", "--out", str(desktop_file))
    one, two = machine(isolated_home, "one"), machine(isolated_home, "two")
    for env, order in ((one, [laptop_file, desktop_file]), (two, [desktop_file, laptop_file, laptop_file])):
        for path in order:
            assert run_on(env, "history", "import", str(path)).returncode == 0
    merged = schedule(one, deck)
    assert merged == schedule(two, deck)
    assert merged["a1"]["reviews"] == 2 and merged["a1"]["repetitions"] == 2
    exports = [run_on(env, "history", "export").stdout for env in (one, two)]
    assert exports[0] == exports[1]


def test_export_does_not_overwrite(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "keep.jsonl"
    out.write_text("precious")
    done = run_on({}, "history", "export", "--out", str(out))
    assert done.returncode == 1 and "already exists" in done.stderr and out.read_text() == "precious"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "mesadrill-history", "version": 1}\n{"event_id": "x"}\n', ":2: 'reviewed_at' is missing"),
        ('{"format": "mesadrill-history", "version": 1}\nnot json\n', ":2: not JSON"),
        ('{"format": "mesadrill-history", "version": 7}\n', "version 7"),
        ("a,b,c\n1,2,3\n", "missing column(s)"),
    ],
)
def test_bad_import_file_changes_nothing(deck: Path, tmp_path: Path, content: str, message: str) -> None:
    study_on({}, deck, DAY1, ["5"])
    before = run_on({}, "history", "export").stdout
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    done = run_on({}, "history", "import", str(path))
    assert done.returncode == 2 and message in done.stderr
    assert run_on({}, "history", "export").stdout == before


def test_import_of_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    done = run_on({}, "history", "import", str(path))
    assert done.returncode == 2 and "not UTF-8" in done.stderr


def test_doctor_reports_integrity_orphans_and_backups(deck: Path, isolated_home: Path, tmp_path: Path) -> None:
    study_on({}, deck, DAY1, ["5", "5"])
    run_on({}, "cards", str(deck), now=DAY1)  # second open of the day takes the daily backup
    # Remove a card from the deck: its history is kept and reported.
    deck.write_text(deck.read_text().replace("  - {id: a1, type: basic, front: 'Question 1', back: 'Answer 1'}\n", ""))
    done = run_on({"MESADRILL_DECKS": str(deck)}, "doctor", now=DAY1)
    assert done.returncode == 0
    assert "Integrity check: ok" in done.stdout
    assert "drill: 1 item(s), cards removed from the deck: a1" in done.stdout
    assert "daily" in done.stdout


def test_doctor_restore_after_confirmation(deck: Path, isolated_home: Path) -> None:
    study_on({}, deck, DAY1, ["5"])
    run_on({}, "cards", str(deck), now=DAY1)  # daily backup, with one event
    study_on({}, deck, DAY1, [])
    review(deck, DAY2, ["", "5", "", "5"], "--new", "5")
    assert sum(1 for row in cards(deck, DAY2).values() if row["reviews"]) == 2
    cancelled = run_on({}, "doctor", "--restore", input="1\nn\n")
    assert cancelled.returncode != 0
    assert sum(1 for row in cards(deck, DAY2).values() if row["reviews"]) == 2
    done = run_on({}, "doctor", "--restore", input="1\ny\n")
    assert done.returncode == 0 and "Restored" in done.stdout
    assert sum(1 for row in cards(deck, DAY2).values() if row["reviews"]) == 1


def test_doctor_restore_works_when_the_database_is_damaged(deck: Path, isolated_home: Path) -> None:
    study_on({}, deck, DAY1, ["5"])
    run_on({}, "cards", str(deck), now=DAY1)
    db = isolated_home / "data" / "history.db"
    db.write_bytes(b"scribbled over")
    assert run_on({}, "cards", str(deck)).returncode == 1
    done = run_on({}, "doctor", "--restore", input="1\ny\n")
    assert done.returncode == 0, done.output
    assert sum(1 for row in cards(deck).values() if row["reviews"]) == 1
    damaged = [p for p in (isolated_home / "data" / "backups").iterdir() if "damaged" in p.name]
    assert [p.read_bytes() for p in damaged] == [b"scribbled over"]


def test_doctor_restore_with_no_backups(isolated_home: Path) -> None:
    done = run_on({}, "doctor", "--restore")
    assert done.returncode == 1 and "no backups" in done.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_drill_attempts_travel_through_export_and_import(isolated_home: Path, tmp_path: Path, fmt: str) -> None:
    from test_drill import INTERVIEW

    from support.tui import write_deck as write_any_deck

    deck = write_any_deck(tmp_path, "iv", cards=INTERVIEW)
    laptop, desktop = machine(isolated_home, "laptop"), machine(isolated_home, "desktop")
    typed = "A learned optimizer with its own mesa-objective, naïvely put."
    done = run_on(
        laptop,
        "drill",
        str(deck),
        "--plain",
        "--mock",
        "1",
        now=DAY1,
        input=f"{typed}\n\nchanged mind if mechanism found\n\n\n4\n",
    )
    assert done.returncode == 0, done.output
    out = tmp_path / f"laptop.{fmt}"
    run_on(laptop, "history", "export", "--out", str(out))
    run_on(desktop, "history", "import", str(out))
    journals = [
        run_on({**env, "MESADRILL_DECKS": str(deck)}, "answers", "iv:explain").stdout for env in (laptop, desktop)
    ]
    assert journals[0] == journals[1]
    assert "naïvely put." in journals[1] and "follow-up: changed mind if mechanism found" in journals[1]
