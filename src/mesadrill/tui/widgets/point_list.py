"""The key points of a drill's feedback: a checklist that shows ticks by shape and keeps its cursor in view.

Textual's SelectionList draws the same "X" in every box, ticked or not, so
only colour tells them apart; here a ticked box shows ✓ and an unticked one
is empty. The list sits at its full height inside the feedback's scrolling
container, so moving the cursor scrolls that container to keep the cursor
visible, and the page keys (PageUp/PageDown/Home/End) scroll the whole
feedback rather than jump about inside the list.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets._toggle_button import ToggleButton

TICKED = "✓"
UNTICKED = " "


class PointList(SelectionList[int]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "feedback_page(1)", "Page down", show=False),
        Binding("pageup", "feedback_page(-1)", "Page up", show=False),
        Binding("end", "feedback_end", "End", show=False),
        Binding("home", "feedback_home", "Top", show=False),
        # Space ticks; enter belongs to the screen (accept the suggested grade), never to a tick.
        Binding("enter", "nothing", "", show=False),
    ]

    def action_nothing(self) -> None:
        """Enter with no suggestion to accept: it must not tick a point by surprise."""

    def render_line(self, y: int) -> Strip:
        """The option's line, after a box on its first line: ✓ when ticked, empty when not.

        SelectionList takes the line number for the option number, which
        puts the wrong box beside points that wrap; this looks it up.
        """
        line = OptionList.render_line(self, y)
        try:
            option_index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return line
        selection = self.get_option_at_index(option_index)
        ticked = selection.value in self._selected
        component = "selection-list--button" + ("-selected" if ticked else "")
        if self.highlighted == option_index:
            component += "-highlighted"
        button_style = self.get_component_rich_style(component)
        underlying = next(iter(line)).style if line.cell_length else self.rich_style
        base = underlying or self.rich_style
        side_style = Style.from_color(button_style.bgcolor, base.bgcolor) + Style(meta={"option": option_index})
        button_style += Style(meta={"option": option_index})
        if line_offset:
            gutter = [Segment(" " * self._get_left_gutter_width(), style=base)]
        else:
            gutter = [
                Segment(ToggleButton.BUTTON_LEFT, style=side_style),
                Segment(TICKED if ticked else UNTICKED, style=button_style),
                Segment(ToggleButton.BUTTON_RIGHT, style=side_style),
                Segment(" ", style=base),
            ]
        return Strip([*gutter, *line])

    def _container(self) -> ScrollableContainer | None:
        parent = self.parent
        return parent if isinstance(parent, ScrollableContainer) else None

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Keep the highlighted point in view of the scrolling feedback, not only of the list."""
        super().scroll_to_highlight(top)
        container = self._container()
        if container is None or self.highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        line = self._index_to_line.get(self.highlighted, self.highlighted)
        height = self._heights.get(self.highlighted, 1)
        top_y = self.virtual_region.y + line
        container.scroll_to_region(
            Region(0, top_y, container.scrollable_content_region.width, height + 1), animate=False, immediate=True
        )

    def action_cursor_down(self) -> None:
        """Down past the last point scrolls on to what follows it."""
        container = self._container()
        if container is not None and self.highlighted == self.option_count - 1:
            container.scroll_down(animate=False)
            return
        super().action_cursor_down()

    def action_feedback_page(self, direction: int) -> None:
        container = self._container()
        if container is not None:
            if direction > 0:
                container.scroll_page_down(animate=False)
            else:
                container.scroll_page_up(animate=False)

    def action_feedback_end(self) -> None:
        container = self._container()
        if container is not None:
            container.scroll_end(animate=False)

    def action_feedback_home(self) -> None:
        container = self._container()
        if container is not None:
            container.scroll_home(animate=False)
