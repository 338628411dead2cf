"""A bare ``mesadrill`` opens the app without click, through the same error boundary as every command."""

from __future__ import annotations

import subprocess
import sys

from support.cli import run_cli

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


def test_bare_start_never_builds_the_command_parser() -> None:
    done = _run()
    # No terminal here, so the app refuses to start: the boundary says why, and the exit code is 1.
    assert "mesadrill: the app needs a terminal" in done.stderr
    assert "EXIT 1" in done.stderr and "CLICK-ABSENT" in done.stderr
    assert "Traceback" not in done.stderr


def test_any_argument_goes_to_the_command_line() -> None:
    done = _run("--no-cache")  # opens the app too, through click
    assert "mesadrill: the app needs a terminal" in done.stderr
    assert "EXIT 1" in done.stderr and "CLICK-IMPORTED" in done.stderr


def test_bare_start_in_a_dumb_terminal_is_a_message_and_exit_code() -> None:
    done = run_cli(env={"TERM": "dumb"})
    assert done.returncode == 1
    assert done.stderr.startswith("mesadrill: the app needs a terminal")
    assert "Traceback" not in done.stderr
