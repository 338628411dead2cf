"""lint, decks, new and schema, run as a user runs them: real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from mesadrill.decks.catalog import deck_files, is_course_file
from support.cli import BUNDLED_DECKS, REPO, run_cli

BUNDLED_DECK_FILES = [path for path in deck_files(BUNDLED_DECKS) if not is_course_file(path)]
BUNDLED_COURSE = BUNDLED_DECKS / "mesa-alignment.yaml"

GOOD = (
    "deck: mine\ntitle: Mine\ndescription: Mine.\ncards:\n  - {id: a, type: basic, front: Q, back: A, reverse: true}\n"
)


def test_bundled_decks_lint_clean() -> None:
    done = run_cli("lint", "--strict", str(BUNDLED_DECKS))
    assert done.returncode == 0, done.output
    lines = done.stdout.splitlines()
    assert len(lines) == len(BUNDLED_DECK_FILES) + 1 >= 2
    assert sum(": ok: deck '" in line for line in lines) == len(BUNDLED_DECK_FILES)
    assert f"{BUNDLED_COURSE}: ok: course 'mesa-alignment'" in done.stdout


def test_lint_clean_file_prints_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD)
    done = run_cli("lint", str(path))
    assert done.returncode == 0
    assert done.stdout == f"{path}: ok: deck 'mine' (Mine), 1 card, 2 review items\n"


def test_lint_reports_every_problem_and_fails(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD.replace("back: A", "bakc: A"))
    (tmp_path / "b.yaml").write_text(GOOD)
    done = run_cli("lint", str(tmp_path))
    assert done.returncode == 1
    assert "did you mean 'back'" in done.stdout
    assert f"{tmp_path / 'b.yaml'}: ok" in done.stdout
    assert done.stdout.splitlines()[-1] == "2 errors, 0 warnings in 2 files"


def test_lint_catches_a_deck_id_used_twice(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD)
    done = run_cli("lint", str(tmp_path))
    assert done.returncode == 1 and "deck id 'mine' is also used by" in done.stdout


def test_lint_of_a_missing_path(tmp_path: Path) -> None:
    done = run_cli("lint", str(tmp_path / "nope.yaml"))
    assert done.returncode == 2 and "no such file or folder" in done.stdout and "Traceback" not in done.output


def test_new_writes_a_starter_deck_that_lints_clean(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "my-deck.yaml"
    done = run_cli("new", str(path))
    assert done.returncode == 0
    assert run_cli("lint", "--strict", str(path)).returncode == 0
    data = yaml.safe_load(path.read_text())
    assert data["deck"] == "my-deck"
    assert {card["type"] for card in data["cards"]} == {"basic", "cloze", "choice", "interview"}


def test_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("precious\n")
    done = run_cli("new", str(path))
    assert done.returncode == 1 and "already exists" in done.stderr
    assert path.read_text() == "precious\n"


def test_schema_is_json_schema_and_accepts_every_valid_deck(tmp_path: Path) -> None:
    done = run_cli("schema")
    schema = json.loads(done.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    starter = tmp_path / "starter.yaml"
    run_cli("new", str(starter))
    for path in [starter, *BUNDLED_DECK_FILES]:
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads(run_cli("schema").stdout)
    bad_decks = [
        {
            "deck": "d",
            "title": "T",
            "description": "D",
            "cards": [{"id": "a", "type": "basic", "front": "Q", "bakc": "A"}],
        },
        {
            "deck": "D D",
            "title": "T",
            "description": "D",
            "cards": [{"id": "a", "type": "basic", "front": "Q", "back": "A"}],
        },
        {
            "deck": "d",
            "title": "T",
            "description": "D",
            "cards": [{"id": "a", "type": "choice", "question": "Q", "choices": ["x"], "answer": "x"}],
        },
        {
            "deck": "d",
            "title": "T",
            "description": "D",
            "cards": [
                {"id": "a", "type": "interview", "prompt": "P", "answer": "A", "key_points": [], "time_limit": 5}
            ],
        },
    ]
    for deck in bad_decks:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(deck, schema)


def test_decks_lists_bundled_user_and_extra_decks(tmp_path: Path, isolated_home: Path) -> None:
    user = isolated_home / "data" / "decks"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text(GOOD)
    extra = tmp_path / "extra.yaml"
    extra.write_text(GOOD.replace("deck: mine", "deck: extra").replace("title: Mine", "title: Extra"))
    done = run_cli("decks", "--json", env={"MESADRILL_DECKS": str(extra)})
    assert done.returncode == 0
    rows = json.loads(done.stdout)
    origins = {row["id"]: row["origin"] for row in rows}
    assert origins["extra"] == "MESADRILL_DECKS" and origins["mine"] == "user"
    assert all(origins[Path(p).stem] == "bundled" for p in map(str, BUNDLED_DECK_FILES))
    mine = next(row for row in rows if row["id"] == "mine")
    assert (mine["cards"], mine["items"]) == (1, 2)


def test_a_user_copy_shadows_the_bundled_deck(isolated_home: Path) -> None:
    bundled = BUNDLED_DECK_FILES[0]
    user = isolated_home / "data" / "decks"
    user.mkdir(parents=True)
    (user / "copy.yaml").write_bytes(bundled.read_bytes())
    rows = json.loads(run_cli("decks", "--json").stdout)
    bundled_row = next(row for row in rows if row["path"].endswith(bundled.name) and row["origin"] == "bundled")
    assert bundled_row["shadowed_by"] == str(user / "copy.yaml")


def test_decks_table_shows_broken_decks_without_failing(isolated_home: Path) -> None:
    user = isolated_home / "data" / "decks"
    user.mkdir(parents=True)
    (user / "broken.yaml").write_text("deck: [unclosed\n")
    done = run_cli("decks")
    assert done.returncode == 0
    assert "(broken)" in done.stdout and "mesadrill lint" in done.stderr


def test_wheel_ships_the_bundled_decks(tmp_path: Path) -> None:
    """`pip install .` (not editable) gives a mesadrill that finds its decks anywhere."""
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("mesadrill-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for deck in deck_files(BUNDLED_DECKS):
        assert f"mesadrill/bundled_decks/{deck.name}" in names
    readings = sorted((BUNDLED_DECKS / "mesa-alignment").glob("*.md"))
    assert len(readings) == 8
    for reading in readings:
        assert f"mesadrill/bundled_decks/mesa-alignment/{reading.name}" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); from mesadrill.cli.main import main; sys.argv = ['mesadrill', 'decks', '--json']; main()",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        check=True,
    )
    rows = json.loads(done.stdout)
    bundled = [row for row in rows if row["origin"] == "bundled"]
    assert len(bundled) == len(BUNDLED_DECK_FILES)
    assert all(row["path"].startswith(str(target)) for row in bundled)
    course = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); from mesadrill.cli.main import main; sys.argv = ['mesadrill', 'lesson', 'what-is-an-optimizer', '--plain']; main()",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        check=True,
    )
    assert "Lesson 1 of 8: What is an optimizer?" in course.stdout
    assert "## Where the framework comes from" in course.stdout


def test_help_has_examples_for_every_command() -> None:
    top = run_cli("--help")
    assert top.returncode == 0
    for command in ("lint", "decks", "new", "schema"):
        done = run_cli(command, "--help")
        assert done.returncode == 0 and "Example" in done.stdout, command


def test_unknown_command_is_a_clean_error() -> None:
    done = run_cli("frobnicate")
    assert done.returncode == 2 and "No such command" in done.stderr and "Traceback" not in done.output


@pytest.mark.parametrize("args", [[], ["review", "mesa-terms"], ["drill", "mesa-interview"], ["stats"]])
def test_the_app_without_a_terminal_points_to_plain_mode(args: list[str]) -> None:
    done = run_cli(*args, input="")
    assert done.returncode == 1
    assert "the app needs a terminal" in done.stderr and "--plain" in done.stderr
    assert "Traceback" not in done.output
