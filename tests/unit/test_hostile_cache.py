"""A deck cache entry written by someone else: never followed, never trusted, never a hang."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from test_deckcache import DECK, counts, entries

from mesadrill.decks import cache as deckcache


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    path = tmp_path / "cached.yaml"
    path.write_text(DECK)
    return path


def forged(entry: Path, change: Callable[[list[object]], None]) -> bytes:
    """The entry with its payload changed and its checksum made to match: what an attacker can write."""
    header, _, payload = entry.read_bytes().partition(b"\n")
    data = json.loads(payload)
    change(data["deck"][4])
    body = json.dumps(data, ensure_ascii=False).encode()
    fields = json.loads(header)
    fields["payload_crc32"] = zlib.crc32(body)
    return json.dumps(fields).encode() + b"\n" + body


def _set(index: int, field: int, value: object) -> Callable[[list[object]], None]:
    def change(rows: list[object]) -> None:
        rows[index][field] = value  # type: ignore[index]

    return change


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_set(0, 2, "Question \x1b]52;c;cHduZWQ=\x07one"), id="osc-52-in-a-front"),
        pytest.param(_set(0, 2, "Question \x1b[2Jone"), id="csi-in-a-front"),
        pytest.param(_set(0, 3, "Answer \x9b2Jone"), id="8-bit-csi-in-a-back"),
        pytest.param(_set(0, 2, {"not": "text"}), id="an-object-for-text"),
        pytest.param(_set(0, 4, "yes"), id="text-for-a-flag"),
        pytest.param(_set(3, 5, 10**30), id="huge-time-limit"),
        pytest.param(_set(3, 4, ["fine", 7]), id="a-number-in-key-points"),
        pytest.param(_set(0, 1, "../../etc"), id="a-card-id-outside-the-charset"),
        pytest.param(_set(2, 4, "neither"), id="a-choice-answer-not-among-the-choices"),
        pytest.param(_set(1, 4, [[1, "x", None, 5, 2]]), id="a-cloze-span-backwards"),
        pytest.param(_set(1, 4, [[10**6, "x", None, 0, 1]]), id="a-cloze-number-out-of-range"),
    ],
)
def test_a_forged_entry_is_a_miss_and_the_deck_is_parsed(deck_path: Path, change: Callable[..., None]) -> None:
    expected = deckcache.load(deck_path).deck
    [entry] = entries()
    entry.write_bytes(forged(entry, change))
    parsed, hits = counts()
    result = deckcache.load(deck_path)
    assert counts() == (parsed + 1, hits)
    assert result.deck == expected


def test_an_entry_far_bigger_than_its_deck_is_a_miss(deck_path: Path) -> None:
    deckcache.load(deck_path)
    [entry] = entries()
    header, _, payload = entry.read_bytes().partition(b"\n")
    padded = payload + b" " * (5 << 20)  # still valid JSON with a matching checksum
    fields = json.loads(header)
    fields["payload_crc32"] = zlib.crc32(padded)
    entry.write_bytes(json.dumps(fields).encode() + b"\n" + padded)
    parsed, hits = counts()
    assert deckcache.load(deck_path).deck is not None
    assert counts() == (parsed + 1, hits)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a runaway read fails fast, no OOM killer


def _decks_command(deck_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mesadrill", "lint", str(deck_path)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        preexec_fn=_limit_memory,
        timeout=60,
    )


@pytest.mark.parametrize("kind", ["symlink-to-dev-zero", "fifo", "symlink-to-a-fifo", "directory"])
def test_an_entry_that_is_not_a_regular_file_is_a_miss_not_a_hang(deck_path: Path, tmp_path: Path, kind: str) -> None:
    deckcache.load(deck_path)
    [entry] = entries()
    entry.unlink()
    if kind == "symlink-to-dev-zero":
        entry.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(entry)
    elif kind == "symlink-to-a-fifo":
        os.mkfifo(tmp_path / "pipe")
        entry.symlink_to(tmp_path / "pipe")
    else:
        entry.mkdir()
    done = _decks_command(deck_path)  # times out (a FIFO) or runs out of memory (/dev/zero) when followed
    assert done.returncode == 0 and "ok: deck 'cached'" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr
