"""What loading one deck file gives: the deck when it has no errors, and every finding."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from mesadrill.core.errors import Problem
from mesadrill.core.model import Deck
from mesadrill.core.records import record


class Findings:
    """A file's ``problems``, split into the errors that stop it and the warnings that do not."""

    __slots__ = ()
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@record(slots=True)
class LoadResult(Findings):
    """A deck file's outcome: the deck when it has no errors, and every finding."""

    path: Path
    deck: Deck | None
    problems: list[Problem] = field(default_factory=list)
