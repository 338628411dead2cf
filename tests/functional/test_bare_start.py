"""The app's everyday starts (``mesadrill``, ``review DECK``, ``drill DECK``) skip click; the rest goes through it.

Both ways share one error boundary, so a mistake reads the same either way.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from support.cli import run_cli
from support.pty_read import read_terminal

REPORT_CLICK = """
import sys
from mesadrill.cli.entry import main
sys.argv = ["mesadrill", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    print(f"EXIT {done.code}", file=sys.stderr)
print("CLICK-IMPORTED" if "click" in sys.modules else "CLICK-ABSENT", file=sys.stderr)
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", REPORT_CLICK, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True
    )


@pytest.mark.parametrize("args", [(), ("review", "mesa-terms"), ("drill", "mesa-interview"), ("review", "./x.yaml")])
def test_everyday_starts_never_build_the_command_parser(args: tuple[str, ...]) -> None:
    done = _run(*args)
    # No terminal here, so the app refuses to start (or the file is missing): the boundary says why, exit 1.
    assert "EXIT 1" in done.stderr and "CLICK-ABSENT" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    expected = "no deck file at ./x.yaml" if args[1:] == ("./x.yaml",) else "mesadrill: the app needs a terminal"
    assert expected in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--no-cache",),  # opens the app too, through click
        ("review", "mesa-terms", "--new", "3"),
        ("review", "--cram", "mesa-terms"),
        ("drill", "mesa-interview", "--mock", "2"),
        ("review",),  # click says what is missing
        ("review", ""),
        ("decks",),
    ],
)
def test_anything_else_goes_to_the_command_line(args: tuple[str, ...]) -> None:
    done = _run(*args)
    assert "CLICK-IMPORTED" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("deck", ["no-such-deck", "./missing.yaml"])
def test_a_mistake_reads_the_same_with_or_without_click(deck: str) -> None:
    fast, through_click = _run("review", deck), _run("review", deck, "--new", "20")
    assert "CLICK-ABSENT" in fast.stderr and "CLICK-IMPORTED" in through_click.stderr
    assert fast.stderr.replace("CLICK-ABSENT", "") == through_click.stderr.replace("CLICK-IMPORTED", "")
    assert "EXIT 1" in fast.stderr and "Traceback" not in fast.stderr


def test_bare_start_in_a_dumb_terminal_is_a_message_and_exit_code() -> None:
    done = run_cli(env={"TERM": "dumb"})
    assert done.returncode == 1
    assert done.stderr.startswith("mesadrill: the app needs a terminal")
    assert "Traceback" not in done.stderr


def _in_a_terminal(args: list[str], steps: list[tuple[str, bytes]]) -> str:
    """Run mesadrill on an 80x24 pseudo-terminal, pressing each key once its text is drawn; return all it wrote."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "mesadrill", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(follower)
    try:
        written, never = read_terminal(leader, steps)
        assert process.wait(timeout=30) == 0, written[-2000:]
    finally:
        process.kill()
        os.close(leader)
    assert not never, f"{never[0]!r} never showed"
    return written


@pytest.mark.parametrize(
    ("args", "steps"),
    [
        ([], [("Current: lesson", b"q")]),
        (["review", "mesa-terms"], [(" 1 / ", b"q"), ("Done", b"\r")]),  # end the session, leave its summary
    ],
)
def test_an_everyday_start_opens_the_app_and_syncs_on_exit(
    args: list[str], steps: list[tuple[str, bytes]], isolated_home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "sync-folder"
    target.mkdir()
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(f'sync_target = "{target}"\nsync_on_exit = true\n')
    shown = _in_a_terminal(args, steps)
    assert f"Synced with folder {target}" in shown
    assert "Traceback" not in shown
