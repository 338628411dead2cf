"""The ``mesadrill`` program: a bare ``mesadrill`` opens the app; anything else is the click command line.

Building click's parser costs a start about 35 million instructions (5 ms)
that the app's home screen, opened with no arguments at all, has no use for.
Both ways share the one error boundary (``cli.boundary``).
"""

from __future__ import annotations

import sys

from mesadrill.cli.boundary import guarded


def main() -> None:
    if sys.argv[1:]:
        from mesadrill.cli.main import main as command_line

        command_line()
    else:
        guarded(open_home)


def open_home() -> None:
    """The app on its home screen, with the garbage collector paused until the first frame (``tui.startup``)."""
    from mesadrill.tui import startup  # the collector's switch only: no Textual

    startup.pause()
    try:
        from mesadrill.study.runtime import Runtime
        from mesadrill.tui.launch import run_home

        run_home(Runtime.from_environment())
    finally:
        startup.resume()
