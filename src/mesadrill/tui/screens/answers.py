"""The answer journal for one interview prompt: past attempts side by side."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from mesadrill.render.journal_text import answers_text, side_by_side
from mesadrill.study.journal import Journal


class AnswersScreen(ModalScreen[None]):
    CSS_PATH = "answers.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="answers.close"),
        Binding("j", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        width = max(40, min(100, self.app.size.width - 8))
        with VerticalScroll(id="journal"):
            yield Static(Content.styled("Your attempts at this prompt", "bold"))
            yield Static(Content("\n".join(side_by_side(self.journal, width=width))), id="table")
            yield Static(Content("\n".join(answers_text(self.journal)).rstrip()), id="texts")
            yield Static(Content.styled("escape closes", "$text-muted"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
