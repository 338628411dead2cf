"""The parsed-course cache: an edit is caught as the deck index catches one, and an entry is never trusted."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from mesadrill.decks import course_cache, index_db
from support.cli import TEST_DATA

COURSE_DIR = TEST_DATA / "course"


@pytest.fixture
def course_file(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(COURSE_DIR, folder)
    return folder / "birdwatch.yaml"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the course had been cached well after its files last changed (no file is "racy")."""
    monkeypatch.setattr(index_db, "RACY_NS", 0)


def entry_of(course_file: Path) -> Path:
    return course_cache._entry(str(course_file.resolve()))


def test_a_second_load_comes_from_the_cache(course_file: Path) -> None:
    course, problems = course_cache.load(course_file)
    assert course is not None and not problems
    assert course_cache.cached(course_file) == course


@pytest.mark.parametrize("which", ["course", "reading"])
def test_an_edit_that_keeps_size_and_mtime_is_caught_through_ctime(
    course_file: Path, settled: None, which: str
) -> None:
    course, _ = course_cache.load(course_file)
    assert course is not None
    target = course_file if which == "course" else course_file.parent / "birdwatch" / "02-flight.md"
    before = target.stat()
    text = target.read_text()
    old, new = ("Birdwatch", "B1rdwatch") if which == "course" else ("energy", "en3rgy")
    assert old in text
    target.write_text(text.replace(old, new, 1))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    assert course_cache.cached(course_file) is None  # the ctime moved: read again
    again, _ = course_cache.load(course_file)
    assert again is not None and again != course


def test_a_racy_entry_is_hashed_and_kept_when_the_bytes_are_the_same(course_file: Path) -> None:
    course, _ = course_cache.load(course_file)  # written just after the files were copied: every file is racy
    assert course_cache.cached(course_file) == course
    reading = course_file.parent / "birdwatch" / "02-flight.md"
    data = json.loads(entry_of(course_file).read_text())
    for noted in data["files"]:
        if noted[0] == str(reading):
            noted[6] = "0" * 128  # as if the reading had held other bytes when it was read
    entry_of(course_file).write_text(json.dumps(data))
    assert course_cache.cached(course_file) is None


def forged(course_file: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(entry_of(course_file).read_text())
    change(data["course"])
    entry_of(course_file).write_text(json.dumps(data))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: c.__setitem__("title", "Bird\x1b[2Jwatch"), id="escape-in-title"),
        pytest.param(lambda c: c["lessons"][0].__setitem__(3, "Read\x07 me"), id="bell-in-reading"),
        pytest.param(lambda c: c["lessons"][0].__setitem__(0, 7), id="lesson-id-not-text"),
        pytest.param(lambda c: c["lessons"][0].__setitem__(10, "many"), id="quiz-size-not-a-number"),
        pytest.param(lambda c: c["lessons"][0].__setitem__(7, [["deck", None, -1, 0]]), id="negative-line"),
        pytest.param(lambda c: c["lessons"][0].__setitem__(6, "covers"), id="covers-not-a-list"),
        pytest.param(lambda c: c.__setitem__("lessons", [[1, 2]]), id="short-lesson-row"),
        pytest.param(lambda c: c.__setitem__("days", "soon"), id="days-not-a-number"),
    ],
)
def test_a_forged_entry_is_a_miss_and_the_course_is_parsed(course_file: Path, change) -> None:  # type: ignore[no-untyped-def]
    expected, _ = course_cache.load(course_file)
    forged(course_file, change)
    assert course_cache.cached(course_file) is None
    course, problems = course_cache.load(course_file)
    assert course == expected and not problems
