"""One card, question and answer, shown over the current screen (a lesson's key term)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from mesadrill.core.model import ReviewItem


class CardPeekScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CardPeekScreen { align: center middle; }
    CardPeekScreen > VerticalScroll {
        width: 90%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="peek.close"),
        Binding("enter", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, item: ReviewItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        parts = [
            Content.styled(f"{item.deck_id}:{item.card.id}", "$text-muted"),
            Content.styled(item.prompt, "bold"),
            Content(""),
            Content(item.answer),
        ]
        if item.source:
            parts += [Content(""), Content.styled(f"Source: {item.source}", "$text-muted")]
        parts += [Content(""), Content.styled("escape closes", "$text-muted")]
        with VerticalScroll():
            yield Static(Content("\n").join(parts), id="peek")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
