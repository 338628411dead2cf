"""A modal panel of text that escape (or the key that opened it, or q) closes: help and the journal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class InfoModal(ModalScreen[None]):
    """Subclasses give ``OPENED_BY`` (the key that opened them, which also closes them) and ``sections``."""

    CSS_PATH = "info_modal.tcss"
    OPENED_BY: ClassVar[str] = ""
    CLOSE_HINT: ClassVar[str] = "escape closes"

    def __init_subclass__(cls) -> None:
        # The bindings are set before Textual's own __init_subclass__ reads them.
        name = cls.__name__.lower()
        cls.BINDINGS = [
            Binding("escape", "dismiss", "Close", id=f"{name}.close"),
            Binding(cls.OPENED_BY, "dismiss", "Close", show=False),
            Binding("q", "dismiss", "Close", show=False),
        ]
        super().__init_subclass__()

    def sections(self) -> Iterable[Static]:
        """The panel's parts, top to bottom."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="panel"):
            yield from self.sections()
            yield Static(Content.styled(self.CLOSE_HINT, "$text-muted"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
