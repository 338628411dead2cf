"""Instructions from launch to the first frame, by callgrind: the app's starts against a one-Static Textual app.

    python benchmarks/callgrind_start.py            review mesa-terms, the home screen, the floor

Wall time on a shared machine moves by 15% from run to run; instruction
counts move by well under 1%, so start-up work is steered by these and
confirmed by ``run.py --only terminal``. Each command runs under
``valgrind --tool=callgrind`` in a pseudo-terminal (``script``), with
Textual's driver replaced (``TEXTUAL_DRIVER``) by ``FirstFrameDriver``
below: it renders as the terminal driver does but writes nowhere, and ends
the process the moment the text the terminal benchmark waits for has been
written. Uses the MESADRILL_* folders of the environment (run once first so
the deck index is warm; this script runs each command once before counting).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from textual.drivers.headless_driver import HeadlessDriver

from terminal import MINIMAL_APP

_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[P\]][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")

COMMANDS = (  # label, arguments after `python`, the text waited for
    ("first card", ["-m", "mesadrill", "review", "mesa-terms"], " 1 / "),
    ("home screen", ["-m", "mesadrill"], "Current: lesson"),
    ("floor", ["-c", MINIMAL_APP], "minimal app ready"),
)


class FirstFrameDriver(HeadlessDriver):
    """Renders like a terminal of 80x24, writes nowhere, and exits once FIRST_FRAME_MARKER is drawn."""

    _written = ""

    @property
    def is_headless(self) -> bool:
        return False  # so the app renders its frames and "writes" them

    def _get_terminal_size(self) -> tuple[int, int]:
        return (80, 24)

    def write(self, data: str) -> None:
        self._written += data
        if os.environ["FIRST_FRAME_MARKER"] in _ESCAPES.sub("", self._written):
            os._exit(0)


def instructions(arguments: list[str], marker: str) -> int:
    """Instructions callgrind counts for ``python ARGUMENTS`` until ``marker`` is drawn."""
    env = dict(os.environ)
    env.update(
        FIRST_FRAME_MARKER=marker,
        TEXTUAL_DRIVER="callgrind_start:FirstFrameDriver",
        PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH", "")])),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run compiled bytecode
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "callgrind.log"
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={os.devnull}", f"--log-file={log}"]
        command += [sys.executable, *arguments]
        subprocess.run(["script", "-qec", shlex.join(command), os.devnull], env=env, check=True, capture_output=True)
        found = re.search(r"Collected : (\d+)", log.read_text())
    if found is None:
        raise RuntimeError(f"callgrind reported no count for {arguments}")
    return int(found.group(1))


def main() -> int:
    counts = {}
    for label, arguments, marker in COMMANDS:
        instructions(arguments, marker)  # warms the deck index and the bytecode caches
        counts[label] = instructions(arguments, marker)
    floor = counts["floor"]
    for label, count in counts.items():
        print(f"{label:12} {count / 1e6:8.0f} M instructions  {count / floor:.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
