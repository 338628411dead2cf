"""The parsed-deck cache: used only when the file is unchanged, never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from mesadrill.decks import cache as deckcache
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


def entries() -> list[Path]:
    return sorted(deckcache.folder().glob("*.json"))


def counts() -> tuple[int, int]:
    return deckcache.parsed, deckcache.hits


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


def test_an_edit_that_keeps_size_and_mtime_is_still_noticed(deck_path: Path) -> None:
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


def test_an_entry_from_another_version_is_a_miss(deck_path: Path) -> None:
    deckcache.load(deck_path)
    [entry] = entries()
    header, _, payload = entry.read_bytes().partition(b"\n")
    fields = json.loads(header)
    fields["key"][0] = "0.0.1/1/" + fields["key"][0].split("/", 2)[2]  # written by mesadrill 0.0.1
    entry.write_bytes(json.dumps(fields).encode() + b"\n" + payload)
    parsed, _ = counts()
    assert deckcache.load(deck_path).deck is not None
    assert counts()[0] == parsed + 1
    assert json.loads(entry.read_bytes().partition(b"\n")[0])["key"][0].startswith(deckcache.__version__ + "/")


def _wrong_shape(entry: Path) -> bytes:
    header, _, _ = entry.read_bytes().partition(b"\n")
    payload = json.dumps({"problems": [], "deck": ["cached", "T", "D", [], [["basic", "b1"]]]}).encode()
    fields = json.loads(header)
    fields["payload_crc32"] = zlib.crc32(payload)  # a consistent entry, but not a deck
    return json.dumps(fields).encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda entry: b"\x00\xffnot json at all", id="garbage"),
        pytest.param(lambda entry: entry.read_bytes()[: len(entry.read_bytes()) // 2], id="truncated"),
        pytest.param(lambda entry: entry.read_bytes().replace(b"Answer one", b"Answer 0ne"), id="altered-payload"),
        pytest.param(lambda entry: b"[1, 2, 3]\n{}", id="json-of-the-wrong-shape"),
        pytest.param(_wrong_shape, id="payload-of-the-wrong-shape"),
        pytest.param(lambda entry: b"", id="empty"),
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(deck_path: Path, damage) -> None:
    expected = deckcache.load(deck_path).deck
    [entry] = entries()
    entry.write_bytes(damage(entry))
    parsed, hits = counts()
    result = deckcache.load(deck_path)
    assert result.deck == expected and not result.problems
    assert counts() == (parsed + 1, hits)
    deckcache.load(deck_path)
    assert counts() == (parsed + 1, hits + 1)  # the entry was written again


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
