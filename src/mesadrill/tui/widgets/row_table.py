"""A table of rows under a fixed header, with a row cursor: what the course map needs of a ``DataTable``.

The course map is the app's home screen, so its start is judged by its
first frame (issue 13). Textual's ``DataTable`` cost that start about 95
million instructions (importing it, parsing its styles, laying out eight
rows): as much as everything else the home screen adds to a bare Textual
app. This widget draws the same table (a bold header on ``$panel``, each
cell padded by one space, the cursor row highlighted across the width in
the block-cursor colours, the mouse's row in the hover colour) and keeps
the keys a list needs: up, down, page up, page down, home, end, and enter
(``Selected``). A click
moves the cursor to the row clicked. Cells are Rich ``Text`` (their styles,
``justify`` and ``overflow`` are kept; escape sequences and control
characters are dropped); every column has a fixed width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.align import AlignMethod
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mesadrill.core.cleantext import clean
from mesadrill.core.records import record

_HEADER = (-1, False, False)  # the header's key among the lines drawn
_ALIGN: dict[str, AlignMethod] = {"left": "left", "right": "right", "center": "center"}  # "full" as "left"


@record(frozen=True, slots=True)
class Column:
    label: Text
    width: int  # the cell's text; one space is added on each side


class RowTable(ScrollView, can_focus=True):
    """Rows of ``Text`` cells in fixed-width columns under a header that stays put; ``cursor_row`` is the row chosen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-table--header", "row-table--cursor", "row-table--hover"}
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .row-table--hover {
            background: $block-hover-background;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Select", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]

    class Selected(Message):
        """Enter on a row (a screen may bind enter itself, with priority, and act on ``cursor_row``)."""

        def __init__(self, table: RowTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

    cursor_row: reactive[int] = reactive(0, always_update=True)
    hover_row: reactive[int] = reactive(-1)

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.rows: list[list[Text]] = []
        self._lines: dict[tuple[int, bool, bool], Strip] = {}  # (row, cursor, hover) -> the row drawn; -1 the header

    # ---- what the screen asks

    def set_rows(self, rows: Sequence[Sequence[Text]]) -> None:
        """Show ``rows`` (each one ``Text`` per column) in place of the rows shown; the cursor stays in range."""
        self.rows = [[_literal(cell) for cell in row] for row in rows]
        self._lines.clear()
        self.virtual_size = Size(sum(column.width + 2 for column in self.columns), len(self.rows) + 1)
        self.cursor_row = self._clamp(self.cursor_row)
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped to the rows there are) and scroll it into view."""
        self.cursor_row = self._clamp(row)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    # ---- keys and the mouse

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.cursor_row))

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._page())

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._page())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event.y)
        if row is not None:
            self.move_cursor(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_at(event.y)
        self.hover_row = -1 if row is None else row

    def on_leave(self, event: events.Leave) -> None:
        self.hover_row = -1

    def watch_cursor_row(self, row: int) -> None:
        self.hover_row = -1  # as DataTable: a keyboard move hides the mouse's highlight
        if self.rows and self.is_mounted:
            region = Region(0, row + 1, max(1, self.virtual_size.width), 1)
            self.scroll_to_region(region, animate=False, spacing=Spacing(1, 0, 0, 0), force=True, immediate=True)
        self.refresh()

    def watch_hover_row(self) -> None:
        self.refresh()

    # ---- drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("row-table--header")
            line = self._lines.get(_HEADER) or self._lines.setdefault(
                _HEADER, self._line([column.label for column in self.columns], header)
            )
            return line.crop_extend(scroll_x, scroll_x + width, header)
        row = y - 1 + scroll_y
        if row >= len(self.rows):
            return Strip.blank(width, base)
        cursor, hover = row == self.cursor_row, row == self.hover_row
        key = (row, cursor, hover)
        cached = self._lines.get(key)
        if cached is not None:
            line = cached
        else:
            highlight = Style()
            if hover:
                highlight += self.get_component_rich_style("row-table--hover")
            if cursor:
                highlight += self.get_component_rich_style("row-table--cursor")
            # As DataTable by default: the cursor's foreground colour over a cell's own, its background under.
            over = Style.from_color(color=highlight.color) if cursor else None
            line = self._lines[key] = self._line(self.rows[row], base + highlight, over)
        return line.crop_extend(scroll_x, scroll_x + width, base)

    def _line(self, cells: Sequence[Text], style: Style, over: Style | None = None) -> Strip:
        """``cells`` as one line: each cut or padded to its column (as it justifies), a space either side,
        over ``style``, with ``over`` on top, and ``style`` on to the widget's width."""
        line = Text(no_wrap=True, end="")
        for cell, column in zip(cells, self.columns, strict=False):
            fitted = cell.copy()
            fitted.align(_ALIGN.get(cell.justify or "left", "left"), column.width)
            line.append(" ")
            line.append_text(fitted)
            line.append(" ")
        if over is not None:
            line.stylize(over)
        fill = self.size.width - line.cell_len
        if fill > 0:
            line.append(" " * fill)
        return Strip(Segment.apply_style(line.render(self.app.console), style))  # under the cells' own styles

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()

    # ---- helpers

    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1)) if self.rows else 0

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _row_at(self, y: int) -> int | None:
        """The row under line ``y`` of the widget (None: the header, or below the last row)."""
        if y < 1:
            return None
        row = y - 1 + self.scroll_offset.y
        return row if row < len(self.rows) else None

    def on_focus(self, event: events.Focus) -> None:
        self._lines.clear()  # the cursor's colours differ with focus
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._lines.clear()
        self.refresh()


def _literal(cell: Text) -> Text:
    """``cell`` as it is, or without the escape sequences and control characters a terminal would obey."""
    cleaned = clean(cell.plain)
    if not cleaned.removed:
        return cell
    return Text(cleaned.text, style=cell.style, justify=cell.justify, overflow=cell.overflow, no_wrap=cell.no_wrap)
