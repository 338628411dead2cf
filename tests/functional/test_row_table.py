"""RowTable, the course map's table: the keys, the mouse, scrolling under a fixed header, literal text."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from mesadrill.tui.widgets.row_table import Column, RowTable


class TableApp(App[None]):
    CSS = "RowTable { height: 8; }"

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.count = rows
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield RowTable([Column(Text("name"), 20), Column(Text("n"), 4)], id="table")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.set_rows([[Text(f"row {i}"), Text(str(i), justify="right")] for i in range(self.count)])
        table.focus()

    def on_row_table_selected(self, message: RowTable.Selected) -> None:
        self.selected.append(message.row)


def line_text(table: RowTable, y: int) -> str:
    return table.render_line(y).text


async def test_keys_move_the_cursor_within_the_rows() -> None:
    app = TableApp(30)
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(RowTable)
        assert table.cursor_row == 0
        await pilot.press("up")  # already at the top
        assert table.cursor_row == 0
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("pagedown")  # a page: the 7 lines under the header
        assert table.cursor_row == 9
        await pilot.press("end")
        assert table.cursor_row == 29
        await pilot.press("down")  # already at the bottom
        assert table.cursor_row == 29
        await pilot.press("pageup")
        assert table.cursor_row == 22
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [0]


async def test_the_cursor_row_scrolls_into_view_under_a_header_that_stays() -> None:
    app = TableApp(30)
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_offset.y > 0
        assert line_text(table, 0).split() == ["name", "n"]  # the header, not a row
        assert "row 29" in line_text(table, table.size.height - 1)
        await pilot.press("home")
        await pilot.pause()
        assert table.scroll_offset.y == 0 and "row 0" in line_text(table, 1)


async def test_a_click_moves_the_cursor_to_the_row_clicked() -> None:
    app = TableApp(5)
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.click(RowTable, offset=(3, 4))  # line 4: the header, then rows 0, 1, 2, 3
        assert table.cursor_row == 3
        await pilot.click(RowTable, offset=(3, 0))  # the header moves nothing
        assert table.cursor_row == 3


async def test_fewer_rows_keep_the_cursor_in_range_and_text_is_literal() -> None:
    app = TableApp(10)
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(RowTable)
        await pilot.press("end")
        table.set_rows([[Text("[bold]not markup[/]"), Text("\x1b[2J", justify="right")]])
        await pilot.pause()
        assert table.cursor_row == 0
        shown = line_text(table, 1)
        assert "[bold]not markup[/]" in shown and "\x1b" not in shown
        assert table.row_count == 1
        table.set_rows([])
        await pilot.press("down", "enter")
        await pilot.pause()
        assert table.cursor_row == 0 and app.selected == []


async def test_a_right_justified_cell_and_a_long_one_fit_their_columns() -> None:
    app = TableApp(0)
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(RowTable)
        long = Text("a title much longer than twenty cells", overflow="ellipsis", no_wrap=True)
        table.set_rows([[long, Text("7", justify="right")]])
        await pilot.pause()
        shown = line_text(table, 1)
        assert shown.startswith(" a title much longer…  ")  # 20 cells, padded by one space each side
        assert shown[22:28] == "    7 "
