"""Writing to the terminal for the line-based commands: plain lines and tables."""

from __future__ import annotations

import shutil
from collections.abc import Sequence

import click

from mesadrill.core.cleantext import strip_controls

GAP = 2  # spaces between columns
MIN_SHRUNK = 8  # a shortened column keeps at least this many characters


def line(text: str = "", *, err: bool = False) -> None:
    """One line out, with terminal escape sequences and control characters removed.

    Lines quote file names, deck keys and values, imported ids and typed
    answers; none of them may retitle the window, clear the screen or write
    the clipboard (OSC 52), whatever they hold.
    """
    click.echo(strip_controls(text), err=err)


def terminal_width() -> int | None:
    """The terminal's width (``COLUMNS`` first); None when output goes to a pipe or file."""
    columns = shutil.get_terminal_size((0, 0)).columns
    return columns if columns > 0 else None


def shorten(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: max(0, width - 1)] + "…"


Step = tuple[str, int]  # ("shrink", column) or ("drop", column)


def fit(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int | None, steps: Sequence[Step] = ()
) -> tuple[list[int], list[int]]:
    """Which columns to show and how wide, so a row fits in ``width``.

    ``steps`` are taken in order until the table fits: ``("shrink", n)``
    shortens column n (to no less than ``MIN_SHRUNK`` or its header),
    ``("drop", n)`` leaves it out. Columns no step names always stay whole.
    """
    widths = [len(h) for h in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    shown = list(range(len(headers)))
    if width is None:
        return shown, widths
    for how, index in steps:
        excess = sum(widths[i] for i in shown) + GAP * (len(shown) - 1) - width
        if excess <= 0:
            break
        if how == "drop":
            shown.remove(index)
        else:
            widths[index] -= min(excess, max(0, widths[index] - max(MIN_SHRUNK, len(headers[index]))))
    return shown, widths


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: set[int] | None = None,
    steps: Sequence[Step] = (),
) -> None:
    """Columns padded to their widest cell; ``right`` columns are right-aligned.

    On a terminal the table fits its width: columns are shortened with "…"
    or left out, in the order ``steps`` gives (see ``fit``).
    Into a pipe or file every column is written whole.
    """
    right = right or set()
    shown, widths = fit(headers, rows, terminal_width(), steps)

    def render(cells: Sequence[str]) -> str:
        parts = []
        for index in shown:
            cell = shorten(cells[index], widths[index])
            parts.append(cell.rjust(widths[index]) if index in right else cell.ljust(widths[index]))
        return (" " * GAP).join(parts).rstrip()

    line(render(headers))
    for row in rows:
        line(render(row))
