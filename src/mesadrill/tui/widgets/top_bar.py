"""The one-line bar at the top of the review and drill screens, drawn by one widget.

A bold title on the left (the decks), cut short with an ellipsis when the
line is too narrow, and on the right whatever the screen sets: the count, a
progress bar, a clock.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

# Textual's ProgressBar draws with these; the colours are its defaults too.
BAR, HALF_RIGHT, HALF_LEFT = "━", "╸", "╺"


def progress_bar(fraction: float, width: int) -> Content:
    """``width`` cells of bar, ``fraction`` of it filled, to the half cell (as Textual's ProgressBar)."""
    fraction = min(1.0, max(0.0, fraction))
    halves = int(fraction * width * 2)
    full, half = divmod(halves, 2)
    filled = BAR * full + HALF_RIGHT * half
    rest = width - full - half
    empty = (HALF_LEFT + BAR * (rest - 1)) if rest and full and not half else BAR * rest
    return Content.assemble((filled, "$success" if fraction >= 1 else "$primary"), (empty, "$surface"))


class TopBar(Widget):
    """Docked at the top, one line; set ``right`` to change the right-hand side."""

    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = Content.styled(title, "bold")  # a deck's title: plain text, never markup
        self._right = Content("")

    @property
    def right(self) -> Content:
        return self._right

    @right.setter
    def right(self, right: Content) -> None:
        if not right.is_same(self._right):
            self._right = right
            self.refresh()

    def render(self) -> RenderResult:
        room = max(0, self.content_size.width - self._right.cell_length)
        title = self._title.truncate(room, ellipsis=True)
        return Content.assemble(title.extend_style(room - title.cell_length), self._right)
