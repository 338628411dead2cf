"""Writing to the terminal for the line-based commands: plain lines and tables."""

from __future__ import annotations

from collections.abc import Sequence

import click

from mesadrill.core.cleantext import strip_controls


def line(text: str = "", *, err: bool = False) -> None:
    """One line out, with terminal escape sequences and control characters removed.

    Lines quote file names, deck keys and values, imported ids and typed
    answers; none of them may retitle the window, clear the screen or write
    the clipboard (OSC 52), whatever they hold.
    """
    click.echo(strip_controls(text), err=err)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: set[int] | None = None) -> None:
    """Columns padded to their widest cell; ``right`` columns are right-aligned."""
    right = right or set()
    widths = [len(h) for h in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))

    def render(cells: Sequence[str]) -> str:
        parts = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(cells)]
        return "  ".join(parts).rstrip()

    line(render(headers))
    for row in rows:
        line(render(row))
