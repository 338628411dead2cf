"""Whole processes in a real terminal: launch under tmux at 80x24, poll the screen until it shows what a user waits for.

Measured against a minimal one-Static Textual app launched the same way, the
two interleaved, so the row says what mesadrill adds to what any Textual app
costs to start in a terminal.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App[None]):
    def compose(self):
        yield Static("minimal app ready")

Minimal().run()
"""


def available() -> bool:
    return shutil.which("tmux") is not None


def _screen(session: str) -> str:
    done = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False)
    return done.stdout


def time_to_screen(command: list[str], marker: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from launching ``command`` in a fresh 80x24 tmux session until ``marker`` is on screen."""
    session = f"mesadrill-bench-{time.monotonic_ns()}"
    settings = [f"-e{name}={value}" for name, value in env.items() if name.startswith(("MESADRILL_", "PYTHON"))]
    launch = ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", *settings, shlex.join(command)]
    for attempt in range(3):  # a tmux server shutting down as we start refuses once; a new one starts
        start = time.perf_counter()
        done = subprocess.run(launch, capture_output=True, text=True, check=False)
        if done.returncode == 0:
            break
        if attempt == 2:
            raise RuntimeError(f"tmux could not start a session: {done.stderr.strip()}")
        time.sleep(0.2)
    try:
        while marker not in _screen(session):
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{marker!r} never appeared; the screen shows:\n{_screen(session)}")
            time.sleep(0.002)
        return time.perf_counter() - start
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, stderr=subprocess.DEVNULL)


def first_screen_ms(args: list[str], marker: str, reps: int, env: dict[str, str]) -> tuple[float, float]:
    """Median ms to ``marker`` for ``mesadrill ARGS`` and to the minimal app's text, interleaved."""
    ours_command = [sys.executable, "-m", "mesadrill", *args]
    floor_command = [sys.executable, "-c", MINIMAL_APP]
    time_to_screen(ours_command, marker, env)  # warms the deck cache and the OS's file cache
    time_to_screen(floor_command, "minimal app ready", env)
    ours, floor = [], []
    for _ in range(reps):
        floor.append(time_to_screen(floor_command, "minimal app ready", env))
        ours.append(time_to_screen(ours_command, marker, env))
    ours.sort()
    floor.sort()
    return ours[len(ours) // 2] * 1000, floor[len(floor) // 2] * 1000
