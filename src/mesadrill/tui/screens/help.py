"""Help: rendered from the screen's active bindings, so it cannot drift from the keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from mesadrill.core.grades import Quality
from mesadrill.tui.screens.info_modal import InfoModal


class HelpScreen(InfoModal):
    """Keys of ``for_screen`` with their descriptions, then the grade scale."""

    OPENED_BY: ClassVar[str] = "question_mark"
    CLOSE_HINT: ClassVar[str] = "escape closes this help"

    def __init__(self, for_screen: Screen[None]) -> None:
        super().__init__()
        self.for_screen = for_screen

    def sections(self) -> Iterable[Static]:
        yield Static(self._keys(), id="keys")
        yield Static(self._grades(), id="scale")

    def _keys(self) -> Content:
        """Every footer key the screen declares, with its tooltip; then quitting."""
        lines = [Content.styled("Keys", "bold")]
        declared = [b for b in type(self.for_screen).BINDINGS if isinstance(b, Binding) and b.show]
        declared += [
            b for b in type(self.app).BINDINGS if isinstance(b, Binding) and b.id in ("app.palette", "app.quit")
        ]
        for binding in declared:
            shown = binding.key_display or self.app.get_key_display(binding)
            lines.append(Content.assemble((f"  {shown:<10}", "bold $accent"), binding.tooltip or binding.description))
        return Content("\n").join(lines)

    def _grades(self) -> Content:
        lines = [Content.styled("Grades (SM-2 quality of the answer)", "bold")]
        lines.extend(Content.assemble((f"  {q.value:<10}", "bold $accent"), q.meaning) for q in Quality)
        lines.append(Content("  Below 4, the item comes back later in the session."))
        return Content("\n").join(lines)
