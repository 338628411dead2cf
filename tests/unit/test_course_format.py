"""Course files: parsed with the deck's safe YAML rules, every problem at path:line:column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from mesadrill.core.course import Course
from mesadrill.decks.catalog import Catalog, Origin, deck_files, is_course_file
from mesadrill.decks.course_check import check_course
from mesadrill.decks.course_parse import load_course_file
from mesadrill.decks.course_schema import course_schema
from support.cli import BUNDLED_DECKS, TEST_DATA, run_cli

COURSE_DIR = TEST_DATA / "course"


def test_the_test_course_parses_with_its_readings() -> None:
    result = load_course_file(COURSE_DIR / "birdwatch.yaml")
    assert result.problems == []
    course = result.course
    assert isinstance(course, Course)
    assert [lesson.id for lesson in course.lessons] == ["feathers", "flight", "migration"]
    assert course.days == 6
    feathers = course.lessons[0]
    assert feathers.reading.startswith("# Feathers")
    assert feathers.reading_path == COURSE_DIR / "birdwatch" / "01-feathers.md"
    assert (feathers.quiz_questions, feathers.quiz_pass) == (3, 60)
    migration = course.lessons[2]
    assert migration.reading_path is None and "## Finding the way" in migration.reading
    assert (migration.quiz_questions, migration.quiz_pass) == (15, 80)
    assert [str(r) for r in migration.interview] == ["birds:explain-migration"]


def test_the_catalog_tells_courses_from_decks() -> None:
    catalog = Catalog.from_files([(path, Origin.EXTRA) for path in deck_files(COURSE_DIR)])
    assert [deck.id for deck in catalog.decks()] == ["birds"]
    assert [course.id for course in catalog.courses()] == ["birdwatch"]
    assert catalog.broken() == []
    assert is_course_file(COURSE_DIR / "birdwatch.yaml") and not is_course_file(COURSE_DIR / "birds.yaml")


def test_the_bundled_course_loads_and_resolves() -> None:
    catalog = Catalog.from_files([(path, Origin.BUNDLED) for path in deck_files(BUNDLED_DECKS)])
    (course,) = catalog.courses()
    assert course.id == "mesa-alignment" and len(course.lessons) == 8
    assert check_course(course, {deck.id: deck for deck in catalog.decks()}) == []
    assert len(catalog.decks()) == 6


@pytest.mark.parametrize("course_file", [COURSE_DIR / "birdwatch.yaml", BUNDLED_DECKS / "mesa-alignment.yaml"])
def test_the_schema_accepts_what_the_loader_accepts(course_file: Path) -> None:
    data = yaml.safe_load(course_file.read_text(encoding="utf-8"))
    jsonschema.validate(data, course_schema())


def test_schema_command_prints_the_course_schema() -> None:
    done = run_cli("schema", "--course")
    assert done.returncode == 0
    assert json.loads(done.stdout)["title"] == "mesadrill course"


BROKEN = """\
course: broken
title: Broken
description: Every kind of broken reference.
days: 0
lessons:
  - id: one
    title: One
    summary: s
    reading: broken/missing.md
    key_terms:
      - birds:feather-keratn
    cards:
      - bird
      - birds:lift
    interview:
      - birds:lift
    related:
      - tow
  - id: two
    title: Two
    summary: s
    reading: broken/latin1.md
    cards: [birds]
    related: [one, other:lesson, two]
    quiz: {questions: 0, pass: 80}
  - id: one
    title: Again
    summary: s
    reading: "inline\\n\\n## A heading\\n"
    key_terms: [birds]
"""


@pytest.fixture
def broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "lintme"
    folder.mkdir()
    shutil.copy(COURSE_DIR / "birds.yaml", folder / "birds.yaml")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "broken").mkdir()
    (folder / "broken" / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    return folder


def test_lint_reports_every_broken_reference_with_its_position(broken_folder: Path) -> None:
    done = run_cli("lint", str(broken_folder))
    assert done.returncode == 1
    path = broken_folder / "broken.yaml"
    expected = [
        f"{path}:4:7: 'days' should be between 1 and 3650, not 0",
        f"{path}:9:14: reading 'broken/missing.md': no such file",
        f"{path}:11:9: key_terms: no card 'feather-keratn' in deck 'birds' (did you mean 'feather-keratin'?)",
        f"{path}:13:9: cards: no deck 'bird' (did you mean 'birds'?)",
        f"{path}:16:9: interview: 'birds:lift' is a basic card, not an interview card",
        f"{path}:18:9: related: no lesson 'tow' in this course (did you mean 'two'?)",
        f"{path}:22:14: reading 'broken/latin1.md': not UTF-8 text",
        f"{path}:24:20: related: no course 'other'",
        f"{path}:24:34: related: a lesson cannot relate to itself",
        f"{path}:25:23: 'questions' should be between 1 and 100, not 0",
        f"{path}:26:5: duplicate lesson id 'one' (first at line 6)",
        f"{path}:30:17: 'birds' in key_terms should be DECK:CARD (a card, not a whole deck)",
    ]
    lines = done.stdout.splitlines()
    for message in expected:
        assert any(line.startswith(message) for line in lines), (message, done.stdout)
    assert str(broken_folder / "broken" / "latin1.md") + ":1:6: the file is not UTF-8 text" in done.stdout


def test_lint_passes_the_test_course_and_the_bundled_one_strictly() -> None:
    for folder in (COURSE_DIR, BUNDLED_DECKS):
        done = run_cli("lint", "--strict", str(folder))
        assert done.returncode == 0, done.output
        assert "ok: course" in done.stdout


def test_new_course_writes_a_starter_that_lints_clean(tmp_path: Path) -> None:
    target = tmp_path / "mine" / "starter.yaml"
    done = run_cli("new", "--course", str(target))
    assert done.returncode == 0, done.output
    assert (tmp_path / "mine" / "starter" / "01-first-lesson.md").is_file()
    lint = run_cli("lint", "--strict", str(tmp_path / "mine"))
    assert lint.returncode == 0, lint.output
    assert "ok: course 'starter'" in lint.stdout
    again = run_cli("new", "--course", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_cached_course_loads_without_yaml_and_an_edited_reading_is_read_again(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "course"
    shutil.copytree(COURSE_DIR, folder)
    code = (
        "import sys; from pathlib import Path; from mesadrill.decks import course_cache; "
        "course, problems = course_cache.load(Path(sys.argv[1])); "
        "print(course.lessons[1].reading.splitlines()[-1], 'yaml' in sys.modules, problems)"
    )
    course_file = str(folder / "birdwatch.yaml")

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", code, course_file], capture_output=True, text=True, check=True
        ).stdout

    assert run().endswith("True []\n")  # parsed: YAML loaded
    assert run() == "eighty times a second, which costs a great deal of energy. False []\n"  # from the cache
    reading = folder / "birdwatch" / "02-flight.md"
    reading.write_text(reading.read_text() + "\nAn added last line.\n")
    assert run() == "An added last line. True []\n"
