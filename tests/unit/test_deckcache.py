"""The parsed-deck cache: used only when the file is unchanged, never trusted blindly."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mesadrill.decks import cache as deckcache
from mesadrill.decks import index_db
from mesadrill.decks.load import load_deck_file
from support.cli import run_cli

DECK = """\
deck: cached
title: Cached deck
description: For the cache tests.
cards:
  - {id: b1, type: basic, front: Question one, back: Answer one, reverse: true, tags: [x], source: Somewhere}
  - id: z1
    type: cloze
    text: "The {{c1::base optimizer}} selects a {{c2::mesa-optimizer::a term}}."
  - {id: ch1, type: choice, question: Pick one, choices: [theory, evidence], answer: theory, explanation: Because.}
  - id: iv1
    type: interview
    prompt: Explain it.
    answer: Like this.
    key_points: [one, two]
    time_limit: 60
    follow_ups: [And then?]
    pitfalls: [Overstating it.]
"""

# A double-quoted escape draws a warning (the escape sequence is removed).
WARNED = DECK.replace("front: Question one", 'front: "Question \\e[2Jone"')


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    path = tmp_path / "cached.yaml"
    path.write_text(DECK)
    return path


def entries() -> list[tuple[str, int]]:
    """(path, card count) of every deck file the index holds."""
    if not deckcache.index_path().exists():
        return []
    with sqlite3.connect(deckcache.index_path()) as connection:
        return connection.execute("SELECT path, card_count FROM files ORDER BY path").fetchall()


def counts() -> tuple[int, int]:
    return (
        deckcache.parsed + deckcache.reindexed,
        deckcache.hits,
    )  # read from the file, whole or in part; from the index


def long_ago(path: Path) -> None:
    """Date the file's modification an hour back (its change time stays now)."""
    then = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(then, then))


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the deck files had been indexed well after they last changed (no file is "racy")."""
    monkeypatch.setattr(index_db, "RACY_NS", 0)


def test_an_unchanged_deck_comes_from_the_cache_and_equals_a_fresh_parse(deck_path: Path) -> None:
    first = deckcache.load(deck_path)
    assert len(entries()) == 1
    parsed, hits = counts()
    second = deckcache.load(deck_path)
    assert counts() == (parsed, hits + 1)  # the parser did not run
    assert second.deck == first.deck == load_deck_file(deck_path).deck
    assert second.deck is not None and [i.item_id for i in second.deck.items] == [
        "b1",
        "b1:reverse",
        "z1:c1",
        "z1:c2",
        "ch1",
        "iv1",
    ]
    assert (
        second.deck.item("z1:c2") is not None
        and second.deck.item("z1:c2").prompt == "The base optimizer selects a [a term]."
    )


LOAD_AND_REPORT = """
import sys
from pathlib import Path
from mesadrill.decks import cache as deckcache
result = deckcache.load(Path(sys.argv[1]))
print(result.deck.id, "yaml" in sys.modules)
"""


def test_a_deck_from_the_cache_never_imports_the_yaml_parser(deck_path: Path) -> None:
    # Importing PyYAML and the validator is most of a cold start's own work;
    # a run where every deck comes from the cache needs neither.
    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", LOAD_AND_REPORT, str(deck_path)], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert run() == "cached True"  # parsed, and the entry written
    assert run() == "cached False"


def test_warnings_come_back_on_a_hit(deck_path: Path) -> None:
    deck_path.write_text(WARNED)
    first = deckcache.load(deck_path)
    assert first.warnings and first.deck is not None
    parsed, hits = counts()
    second = deckcache.load(deck_path)
    assert counts() == (parsed, hits + 1)
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]


def test_an_unchanged_file_is_not_even_read(deck_path: Path, settled: None) -> None:
    deckcache.load(deck_path)
    hashed = deckcache.hashed
    assert deckcache.load(deck_path).deck is not None
    assert deckcache.hashed == hashed  # size, times, inode and device matched: no read, no hash


def test_a_file_changed_just_before_it_was_indexed_is_read_again(deck_path: Path) -> None:
    # Written just now: a second edit within the same timestamp tick could keep every stat field.
    deckcache.load(deck_path)
    parsed, hits = counts()
    hashed = deckcache.hashed
    assert deckcache.load(deck_path).deck is not None
    assert deckcache.hashed == hashed + 1 and counts() == (parsed, hits + 1)  # re-hashed, same bytes: a hit


def test_an_edit_that_restores_size_and_mtime_is_caught_through_ctime(deck_path: Path, settled: None) -> None:
    deckcache.load(deck_path)
    before = deck_path.stat()
    edited = DECK.replace("Answer one", "Answer 0ne")
    assert len(edited) == len(DECK)
    deck_path.write_text(edited)
    os.utime(deck_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert deck_path.stat().st_size == before.st_size and deck_path.stat().st_mtime_ns == before.st_mtime_ns
    parsed, _ = counts()
    result = deckcache.load(deck_path)
    assert counts()[0] == parsed + 1
    assert result.deck is not None and result.deck.cards[0].back == "Answer 0ne"


def in_a_new_process(deck_path: Path, code: str = "print(result.deck.cards[0].back)") -> str:
    """Load the deck in a fresh process (the index opened anew) and run ``code`` on the result."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom mesadrill.decks import cache as deckcache\n"
        "result = deckcache.load(Path(sys.argv[1]))\n" + code + "\nprint(deckcache.parsed, deckcache.hits)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(deck_path)], capture_output=True, text=True, check=True)
    return done.stdout


def test_an_index_from_another_build_is_emptied_and_filled_again(deck_path: Path) -> None:
    in_a_new_process(deck_path)
    with sqlite3.connect(deckcache.index_path()) as connection:
        connection.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'stamp'")  # written by mesadrill 0.0.1
    assert in_a_new_process(deck_path).split()[-2:] == ["1", "0"]  # parsed, not taken from the old rows
    assert in_a_new_process(deck_path).split()[-2:] == ["0", "1"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"\x00\xffnot a database at all" * 100, id="garbage"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:100] + b"\xff" * 4000 + data[4100:], id="pages-overwritten"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_index_is_a_miss_and_is_made_again(deck_path: Path, damage) -> None:
    assert in_a_new_process(deck_path).split() == ["Answer", "one", "1", "0"]
    index = deckcache.index_path()
    with sqlite3.connect(index) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index.write_bytes(damage(index.read_bytes()))
    first = in_a_new_process(deck_path).split()
    assert first[:2] == ["Answer", "one"]  # the deck, whatever became of the index
    assert in_a_new_process(deck_path).split() == ["Answer", "one", "0", "1"]  # and the index works again


def test_an_unwritable_cache_folder_means_no_cache_not_an_error(
    deck_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("MESADRILL_CACHE_DIR", str(blocker))
    assert deckcache.load(deck_path).deck is not None
    assert deckcache.load(deck_path).deck is not None


def test_a_deck_with_errors_is_never_cached_and_reports_every_time(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(DECK.replace("type: choice", "type: chioce"))
    for _ in range(2):
        run = run_cli("lint", str(broken))
        assert run.returncode == 1
        assert f"{broken}:9:" in run.stdout and "unknown card type 'chioce'" in run.stdout
    assert entries() == []


def test_a_deck_that_gains_an_error_leaves_the_index(deck_path: Path) -> None:
    deckcache.load(deck_path)
    assert [path for path, _ in entries()] == [str(deck_path.resolve())]
    deck_path.write_text(DECK.replace("type: choice", "type: chioce"))
    assert deckcache.load(deck_path).deck is None
    assert entries() == []


def test_the_rows_of_a_deleted_deck_go_when_another_deck_is_indexed(deck_path: Path, tmp_path: Path) -> None:
    deckcache.load(deck_path)
    deck_path.unlink()
    other = tmp_path / "other.yaml"
    other.write_text(DECK.replace("deck: cached", "deck: other"))
    deckcache.load(other)
    assert [path for path, _ in entries()] == [str(other.resolve())]


def test_no_cache_flag_and_variable_leave_the_cache_alone(deck_path: Path) -> None:
    assert run_cli("--no-cache", "lint", str(deck_path)).returncode == 0
    assert run_cli("lint", str(deck_path), env={"MESADRILL_NO_CACHE": "1"}).returncode == 0
    assert entries() == []
    assert run_cli("lint", str(deck_path)).returncode == 0
    assert len(entries()) == 1


def test_no_cache_parses_even_when_an_entry_exists(deck_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deckcache.load(deck_path)
    monkeypatch.setenv("MESADRILL_NO_CACHE", "1")
    parsed, hits = counts()
    deckcache.load(deck_path)
    assert counts() == (parsed + 1, hits)


# Modules the loader imports that cannot change what a parsed deck holds.
_NOT_LOADER_CODE = {"mesadrill.env.paths"}


def test_the_loader_stamp_names_every_module_the_loader_runs() -> None:
    """An edit to any module the parser uses must invalidate the cache.

    Module names, not file names: a module that moves or is renamed without
    updating LOADER_MODULES fails here rather than silently stop counting.
    """
    code = (
        "import sys, mesadrill.decks.parse, mesadrill.decks.cache;"
        "print('\\n'.join(m for m, mod in sys.modules.items() if m.startswith('mesadrill.')"
        " and not (getattr(mod, '__file__', '') or '').endswith('__init__.py')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    used = set(done.stdout.split()) - _NOT_LOADER_CODE
    assert used <= set(deckcache.LOADER_MODULES)  # cleantext loads only for dirty files
    for name in deckcache.LOADER_MODULES:
        assert deckcache.loader_module_path(name).is_file(), name
