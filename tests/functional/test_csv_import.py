"""mesadrill import csv: tab or comma, a header or --columns, tags; re-import keeps schedules."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from support.cli import run_cli

NOW = {"MESADRILL_NOW": "2026-01-05T12:00:00+00:00"}


def deck(home: Path, name: str) -> dict[str, object]:
    data = yaml.safe_load((home / "data" / "decks" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_tabs_with_a_header_tags_and_bad_lines(tmp_path: Path, isolated_home: Path) -> None:
    source = tmp_path / "Spanish Words.tsv"
    source.write_text("Front\tBack\tTags\nhola\thello\tes greet\nadiós\tgoodbye\n\nhola\tagain\n\tno front\n")
    done = run_cli("import", "csv", str(source))
    assert done.returncode == 0, done.output
    assert "line 5" in done.stdout and "line 6" in done.stdout
    data = deck(isolated_home, "spanish-words")
    cards = data["cards"]
    assert isinstance(cards, list)
    assert [(c["front"], c["back"], c.get("tags")) for c in cards] == [
        ("hola", "hello", ["es", "greet"]),
        ("adiós", "goodbye", None),
    ]
    assert run_cli("lint", str(isolated_home / "data" / "decks")).returncode == 0


def test_columns_quotes_and_a_reimport_that_keeps_the_schedule(tmp_path: Path, isolated_home: Path) -> None:
    source = tmp_path / "pairs.csv"
    source.write_text('the dog,el perro\n"the cat, asleep",el gato\n')
    assert run_cli("import", "csv", str(source), "--columns", "back,front").returncode == 0
    review = run_cli("review", "pairs", "--plain", "--new", "5", input="\n4\n\n4\n", env=NOW)
    assert review.returncode == 0, review.output
    source.write_text('the dog (animal),el perro\n"the cat, asleep",el gato\n')
    done = run_cli("import", "csv", str(source), "--columns", "back,front")
    assert done.returncode == 0 and "updated" in done.stdout
    rows = json.loads(run_cli("cards", "pairs", "--json", env=NOW).stdout)
    assert all(row["reviews"] == 1 for row in rows)
    cards = deck(isolated_home, "pairs")["cards"]
    assert isinstance(cards, list) and cards[0]["back"] == "the dog (animal)" and cards[1]["back"] == "the cat, asleep"


def test_unreadable_files_are_a_message(tmp_path: Path) -> None:
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    for path, words in ((binary, "not UTF-8"), (tmp_path / "none.csv", "no such file")):
        done = run_cli("import", "csv", str(path))
        assert done.returncode != 0 and words in done.stderr and "Traceback" not in done.output
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    done = run_cli("import", "csv", str(empty))
    assert done.returncode != 0 and "no cards" in done.stderr
    done = run_cli("import", "csv", str(empty), "--columns", "front,tags")
    assert done.returncode != 0 and "need a front and a back" in done.stderr
