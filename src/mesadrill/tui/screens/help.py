"""Help: rendered from the screen's active bindings, so it cannot drift from the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from mesadrill.core.grades import Quality


class HelpScreen(ModalScreen[None]):
    """Keys of ``for_screen`` with their descriptions, then the grade scale."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, for_screen: Screen[None]) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self._keys(), id="keys")
            yield Static(self._grades(), id="scale")
            yield Static(Content.styled("escape closes this help", "$text-muted"))

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

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
