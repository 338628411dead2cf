"""The answer journal for one interview prompt: past attempts side by side."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.content import Content
from textual.widgets import Static

from mesadrill.render.journal_text import answers_text, side_by_side
from mesadrill.study.journal import Journal
from mesadrill.tui.screens.info_modal import InfoModal


class AnswersScreen(InfoModal):
    OPENED_BY: ClassVar[str] = "j"

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def sections(self) -> Iterable[Static]:
        width = max(40, min(100, self.app.size.width - 8))
        yield Static(Content.styled("Your attempts at this prompt", "bold"))
        yield Static(Content("\n".join(side_by_side(self.journal, width=width))), id="table")
        yield Static(Content("\n".join(answers_text(self.journal)).rstrip()), id="texts")
