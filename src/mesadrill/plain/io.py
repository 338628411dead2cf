"""What every line-based mode shares: reading a line, writing wrapped text, asking for a grade.

A mode (review, drill) subclasses ``LineMode`` and keeps only its own
questions and summary. End of input or Ctrl-C while a mode asks raises
``EndSession``: the mode ends cleanly, every grade given is already saved.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable

import click

from mesadrill.core.cleantext import strip_controls
from mesadrill.core.grades import grade_legend
from mesadrill.study.review import ReviewSession

Reader = Callable[[str], str]
Writer = Callable[[str], None]
GRADE_KEYS = "012345"


class EndSession(Exception):
    """The learner asked to stop, or input ended."""


def read_line(prompt: str) -> str:
    """One line of standard input after ``prompt`` (its control characters removed); EOFError at the end."""
    click.echo(strip_controls(prompt), nl=False)
    line = sys.stdin.readline()
    if line == "":
        raise EOFError
    return line.rstrip("\n")


def wrapped(label: str, text: str, width: int | None = None) -> list[str]:
    """``label`` then ``text``, wrapped at word boundaries with a hanging indent; line breaks kept."""
    width = width or max(40, shutil.get_terminal_size((80, 24)).columns - 1)
    indent = " " * len(label)
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        first = label if number == 0 else indent
        lines.extend(
            textwrap.wrap(
                paragraph, width=width, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False
            )
            or [first.rstrip()]
        )
    return lines


def parse_grade(line: str, suggestion: int | None) -> int | None:
    """A grade typed as one digit 0-5, or Enter for ``suggestion``; None for anything else."""
    if line == "" and suggestion is not None:
        return suggestion
    if len(line) == 1 and line in GRADE_KEYS:
        return int(line)
    return None


class LineMode:
    """The input and output of one line-based session over ``review``, the session that commits grades."""

    quit_words: tuple[str, ...] = ()  # answers to ``ask`` that end the session

    def __init__(self, review: ReviewSession, read: Reader, write: Writer) -> None:
        self._read = read
        self.write = write
        self._review = review
        review.on_wait = write  # a grade waiting for another terminal's write says so

    def read(self, prompt: str) -> str:
        """The line as typed; end of input or Ctrl-C ends the session."""
        try:
            return self._read(prompt)
        except (EOFError, KeyboardInterrupt):
            self.write("")
            raise EndSession from None

    def ask(self, prompt: str) -> str:
        """The line without surrounding spaces; a quit word ends the session."""
        answer = self.read(prompt).strip()
        if answer.lower() in self.quit_words:
            raise EndSession
        return answer

    def say(self, label: str, text: str) -> None:
        for line in wrapped(label, text):
            self.write(line)

    def ask_grade(self, prompt: str, suggestion: int | None, other: Callable[[str], bool] | None = None) -> int:
        """A grade 0-5 (Enter for ``suggestion``), asked until one comes.

        ``other`` sees each stripped line first; True means it took the line (ask again, no complaint).
        """
        while True:
            line = self.ask(prompt)
            if other is not None and other(line):
                continue
            quality = parse_grade(line, suggestion)
            if quality is not None:
                return quality
            self.write(f"Type a grade from 0 to 5: {grade_legend(self._review.uses_fsrs)}")
