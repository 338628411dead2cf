"""The one error hierarchy: everything a user may see as a message, not a traceback."""

from __future__ import annotations

from mesadrill.core.records import record


class MesadrillError(Exception):
    """A problem the user can act on; the CLI prints it and exits non-zero."""

    exit_code = 1


class InputError(MesadrillError):
    """Input mesadrill cannot use: a file it cannot read as what it should be, or an
    environment variable or setting out of its range. Exit code 2, like click's usage errors."""

    exit_code = 2


@record(frozen=True, slots=True)
class Problem:
    """One finding about a deck file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"


class DeckError(MesadrillError):
    """A deck file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DeckNotFound(MesadrillError):
    """A deck id or path that names no deck."""


class StoreError(MesadrillError):
    """The history database cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another mesadrill held the history's write lock past the busy timeout; nothing was written."""
