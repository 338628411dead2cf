"""A card: the question side, then a rule and the answer side once shown; it scrolls when long.

``CardView`` is the scrolling frame (focused, so the arrow and page keys
scroll it, as does the mouse wheel); ``CardText`` inside it draws the whole
card as one Content, so its text can still be selected with the mouse. The
rule spans the card's width, whatever that is (the scrollbar takes two
columns when the card is long), so the text is built for the width Textual
lays it out at.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import RenderResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

RULE = "─"


class CardText(Widget):
    """``front`` always; a rule in the accent colour and ``back`` once the answer is shown."""

    DEFAULT_CSS = """
    CardText {
        height: auto;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.front = Content("")
        self.back: Content | None = None

    def _content(self, width: int) -> Content:
        if self.back is None:
            return self.front
        return Content("\n\n").join([self.front, Content.styled(RULE * width, "$accent"), self.back])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        width = max(1, width)  # a terminal narrower than the padding leaves 0 columns: wrapping at 0 crashes
        return self._content(width).get_height(self.styles, width)  # type: ignore[arg-type]  # Textual's own widgets pass their styles here too

    def render(self) -> RenderResult:
        return self._content(max(1, self.content_size.width))


class CardView(Widget, can_focus=True):
    """The card, scrolled with the keys (while focused) or the mouse wheel."""

    DEFAULT_CSS = """
    CardView {
        height: 1fr;
        overflow-y: auto;
        padding: 1 2 0 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Scroll to the top", show=False),
        Binding("end", "scroll_end", "Scroll to the end", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        # The text is given as a child now, not composed later: mounted with the frame, it
        # spares a round of messages and a layout before the first card can show.
        super().__init__(CardText(), id=id)

    @property
    def content(self) -> Content:
        """What the card shows now, as drawn at its current width."""
        return self.query_one(CardText).render()  # type: ignore[return-value]

    def show(self, front: Content, back: Content | None = None) -> None:
        """Show ``front``, and ``back`` (the answer side, if given) under a rule."""
        text = self.query_one(CardText)
        text.front = front
        text.back = back
        text.refresh(layout=True)
