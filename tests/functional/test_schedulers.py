"""Choosing a scheduler in config.toml: FSRS reviews, switching and switching back, bad settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_plain_review import DAY1, DAY2, cards, review, write_deck

from support.cli import run_cli

pytest.importorskip("fsrs")
DAY5 = "2026-01-09T12:00:00+00:00"


def configure(home: Path, text: str) -> None:
    folder = home / "config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def study(deck: Path) -> None:
    assert review(deck, DAY1, ["", "5", "", "2", "", "4", "", "4"], "--new", "3").returncode == 0
    assert review(deck, DAY2, ["", "4", "", "3", "", "1", "", "5", "", "4"], "--new", "1").returncode == 0
    assert review(deck, DAY5, ["", "4"] * 6, "--new", "0").returncode == 0


def test_sm2_to_fsrs_and_back_gives_the_same_records(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    study(deck)
    sm2_before = cards(deck, DAY5)
    assert all(row["scheduler"] == "sm2" for row in sm2_before.values())

    configure(isolated_home, 'scheduler = "fsrs"\n')
    under_fsrs = cards(deck, DAY5)
    reviewed = {key: row for key, row in under_fsrs.items() if row["reviews"]}
    assert reviewed and all(row["scheduler"] == "fsrs" for row in under_fsrs.values())
    assert all(0 < row["retrievability"] <= 1 and 1 <= row["difficulty"] <= 10 for row in reviewed.values())  # type: ignore[operator]
    assert all(row["stability"] is None for key, row in under_fsrs.items() if key not in reviewed)
    assert {k: (r["reviews"], r["lapses"]) for k, r in reviewed.items()} == {
        k: (sm2_before[k]["reviews"], sm2_before[k]["lapses"]) for k in reviewed
    }

    configure(isolated_home, 'scheduler = "sm2"\n')
    assert cards(deck, DAY5) == sm2_before


def test_reviewing_under_fsrs_schedules_by_fsrs_and_shows_retention(tmp_path: Path, isolated_home: Path) -> None:
    configure(isolated_home, 'scheduler = "fsrs"\ndesired_retention = 0.85\nfuzz = false\n')
    deck = write_deck(tmp_path)
    study(deck)
    rows = cards(deck, DAY5)
    graded = [row for row in rows.values() if row["reviews"]]
    assert graded and all(row["due"] is not None and row["interval_days"] >= 1 for row in graded)  # type: ignore[operator]
    done = run_cli("stats", "--plain", env={"MESADRILL_NOW": DAY5, "MESADRILL_DECKS": str(deck)})
    assert done.returncode == 0 and "FSRS predicted retention now:" in done.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('scheduler = "leitner"\n', 'scheduler should be "sm2" or "fsrs"'),
        ("desired_retention = 1.5\n", "desired_retention should be a number from 0.70 to 0.99"),
        ('fuzz = "yes"\n', "fuzz should be true or false"),
    ],
)
def test_bad_scheduler_settings_are_a_message(isolated_home: Path, text: str, message: str) -> None:
    configure(isolated_home, text)
    done = run_cli("decks")
    assert done.returncode != 0 and message in done.stderr and "Traceback" not in done.output


def test_grade_keys_say_what_fsrs_hears(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    assert "0 1 2 Again (forgot)  3 Hard  4 Good  5 Easy" not in review(deck, DAY1, ["", "4"], "--new", "1").stdout
    configure(isolated_home, 'scheduler = "fsrs"\n')
    assert "0 1 2 Again (forgot)  3 Hard  4 Good  5 Easy" in review(deck, DAY2, ["", "4"], "--new", "1").stdout


def test_a_deck_can_name_its_own_scheduler(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    study(deck)
    sm2_before = cards(deck, DAY5)
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("description: For tests.\n", "description: For tests.\nscheduler: fsrs\n"))
    assert run_cli("lint", str(deck)).returncode == 0
    env = {"MESADRILL_NOW": DAY5, "MESADRILL_DECKS": str(deck)}
    under_fsrs = cards(deck, DAY5)  # the deck named by its path: its records are FSRS's too
    assert all(row["scheduler"] == "fsrs" for row in under_fsrs.values())
    by_id = json.loads(run_cli("cards", "drill", "--json", env=env).stdout)
    assert {row["id"]: (row["due"], row["interval_days"]) for row in by_id} == {
        key: (row["due"], row["interval_days"]) for key, row in under_fsrs.items()
    }
    assert any(row["due"] != sm2_before[row["id"]]["due"] for row in by_id)
    other = json.loads(run_cli("cards", "mesa-terms", "--json", env=env).stdout)
    assert all(row["scheduler"] == "sm2" for row in other)
    done = run_cli("review", "drill", "--plain", "--new", "1", input="\n4\n", env=env)
    assert "0 1 2 Again (forgot)  3 Hard  4 Good  5 Easy" in done.stdout, done.output

    deck.write_text(text)
    restored = cards(deck, DAY5)
    graded = {k for k, row in restored.items() if row["reviews"] != sm2_before[k]["reviews"]}
    assert {k: v for k, v in restored.items() if k not in graded} == {
        k: v for k, v in sm2_before.items() if k not in graded
    }


def test_a_deck_naming_an_unknown_scheduler_fails_lint(tmp_path: Path) -> None:
    deck = write_deck(tmp_path)
    deck.write_text(
        deck.read_text().replace("description: For tests.\n", "description: For tests.\nscheduler: leitner\n")
    )
    done = run_cli("lint", str(deck))
    assert done.returncode != 0 and "scheduler should be sm2 or fsrs, not 'leitner'" in done.stdout + done.stderr


def _without(tmp_path: Path, package: str) -> dict[str, str]:
    """An environment in which ``import package`` fails, as it does when the extra is not installed."""
    blocker = tmp_path / "blocked" / package
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text(f"raise ImportError('no {package} here')\n")
    return {"PYTHONPATH": str(blocker.parent)}


def test_missing_extras_are_a_message(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    study(deck)
    configure(isolated_home, 'scheduler = "fsrs"\n')
    done = run_cli("cards", str(deck), env=_without(tmp_path, "fsrs"))
    assert done.returncode != 0 and "pip install 'mesadrill[fsrs]'" in done.stderr and "Traceback" not in done.output
    configure(isolated_home, "")
    done = run_cli("export", "anki", str(deck), "--out", str(tmp_path / "x.apkg"), env=_without(tmp_path, "genanki"))
    assert done.returncode != 0 and "pip install 'mesadrill[anki]'" in done.stderr and "Traceback" not in done.output
    assert not (tmp_path / "x.apkg").exists()


def test_the_fsrs_preview_shows_the_interval_a_grade_gives(tmp_path: Path, isolated_home: Path) -> None:
    import re

    configure(isolated_home, 'scheduler = "fsrs"\n')
    deck = write_deck(tmp_path)
    study(deck)  # a history, so intervals are long enough to be fuzzed
    day = "2026-01-20T12:00:00+00:00"
    done = review(deck, day, ["", "5"], "--new", "0")
    line = next(text for text in done.stdout.splitlines() if text.startswith("Next review:"))
    shown = {}
    for low, high, days in re.findall(r"(\d)(?:-(\d))? → (\d+) d", line):
        for grade in range(int(low), int(high or low) + 1):
            shown[grade] = int(days)
    graded = [
        row
        for row in cards(deck, day).values()
        if row["last_review"] and str(row["last_review"]).startswith("2026-01-20")
    ]
    assert len(graded) == 1 and graded[0]["interval_days"] == shown[5], (line, graded)


def test_card_actions_under_fsrs_are_not_reviews(tmp_path: Path, isolated_home: Path) -> None:
    configure(isolated_home, 'scheduler = "fsrs"\n')
    deck = write_deck(tmp_path)
    study(deck)
    before = cards(deck, DAY5)
    env = {"MESADRILL_NOW": DAY5, "MESADRILL_DECKS": str(deck)}
    assert run_cli("suspend", "drill:a1", env=env).returncode == 0
    configure(isolated_home, 'scheduler = "sm2"\n')
    assert cards(deck, DAY5)["a1"]["suspended"] is True
    configure(isolated_home, 'scheduler = "fsrs"\n')  # a rebuild from the log, the suspension in it
    after = cards(deck, DAY5)
    assert after["a1"]["suspended"] is True
    for key in ("reviews", "lapses", "stability", "difficulty", "due", "interval_days"):
        assert after["a1"][key] == before["a1"][key], key
