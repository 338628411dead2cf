"""The browser: every item of every deck, searched, filtered, sorted and acted on.

The search box takes words and Anki-style terms (``deck:ID tag:NAME is:STATE``);
the logic lives in ``study.browse``. Actions apply to the marked rows (space
marks), or to the highlighted row when none is marked.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from mesadrill.core.errors import StoreError
from mesadrill.core.history import EventKind
from mesadrill.study import actions
from mesadrill.study.browse import (
    SORTS,
    STATES,
    Query,
    Row,
    find_rows,
    indexing_ahead,
    parse_query,
    sort_rows,
    total_items,
    unknown_states,
)
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar

NARROW = 70  # below this many columns the info pane goes under the list
INFO_WIDTH = 34  # as in browse.tcss
_STATE_STYLE = {"due": "bold yellow", "new": "green", "suspended": "dim", "buried": "dim", "learning": "red"}


class BrowseScreen(MesadrillScreen):
    CSS_PATH = "browse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            key_display="/",
            tooltip="Search: words, deck:ID tag:NAME is:STATE",
            id="browse.search",
        ),
        Binding("f", "state", "State", tooltip="Cycle the state filter: " + ", ".join(STATES), id="browse.state"),
        Binding("o", "sort", "Sort", tooltip="Cycle the order: " + ", ".join(SORTS), id="browse.sort"),
        Binding(
            "space", "mark", "Mark", tooltip="Mark or unmark the row (actions apply to marked rows)", id="browse.mark"
        ),
        Binding(
            "exclamation_mark",
            "suspend",
            "Suspend",
            key_display="!",
            tooltip="Suspend, or unsuspend",
            id="browse.suspend",
        ),
        Binding("minus", "bury", "Bury", key_display="-", tooltip="Bury until tomorrow", id="browse.bury"),
        Binding("R", "reset", "Reset", key_display="R", tooltip="Reset to new (asks first)", id="browse.reset"),
        Binding("e", "edit", "Edit", tooltip="Open the deck file in $EDITOR at this card", id="browse.edit"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="These keys", id="browse.help"),
        Binding("q", "back", "Back", tooltip="Back", id="browse.back"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.total = 0  # items in every deck
        self.rows: list[Row] = []
        self.seen: dict[tuple[str, str], Row] = {}  # the rows shown since the last reload, for the marked ones
        self.query_text = query
        self.query_value: Query = Query()
        self.state_filter: str | None = None
        self.sort_key = "deck"
        self.marked: set[tuple[str, str]] = set()
        self._reset_armed = False
        self._announced = False  # the long first search of a big deck was announced and comes next

    def compose(self) -> ComposeResult:
        yield Input(self.query_text, placeholder="/ search: words, deck:ID tag:NAME is:STATE", id="search")
        yield Static("", id="browse-status")
        with Horizontal(id="browse-body"):
            table: DataTable[Text] = DataTable(id="items", cursor_type="row", zebra_stripes=True)
            yield table
            with VerticalScroll(id="info"):
                yield Static("", id="info-text")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#items", DataTable)
        table.add_column("item", key="item", width=20)
        table.add_column("state", key="state", width=9)
        table.add_column("due", key="due", width=10)
        self._layout(self.app.size.width)
        self.reload()
        table.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        """The info pane beside the list, or under it when narrow; the item column takes what is left."""
        narrow = width < NARROW
        self.set_class(narrow, "narrow")
        listed = width if narrow else width - INFO_WIDTH
        table = self.query_one("#items", DataTable)
        column = table.columns.get(ColumnKey("item"))
        if column is not None:
            column.width = max(10, listed - 2 - 2 * 3 - 9 - 10)
            table.refresh()

    # ---- data

    def reload(self) -> None:
        self.total = total_items(self.mesadrill.catalog.decks())
        self.seen = {key: row for key, row in self.seen.items() if key in self.marked}
        self.apply_filter()

    def apply_filter(self) -> None:
        """The rows the query matches: free words are looked up in the deck index (only matching cards read)."""
        app = self.mesadrill
        query = parse_query(self.query_text, lenient=True)
        if self.state_filter is not None:
            query = Query(query.words, query.decks, query.tags, (*query.states, self.state_filter))
        self.query_value = query
        ahead = indexing_ahead(app.catalog.decks(), query)
        if ahead is not None and not self._announced:
            # A big deck's first search indexes its text (seconds at 100,000 cards) and the screen
            # waits meanwhile: say so, and start once that is on screen.
            self._announced = True
            self.notify(ahead[0].upper() + ahead[1:], timeout=10, markup=False)
            self.query_one("#browse-status", Static).update(Content(ahead[0].upper() + ahead[1:]))
            self.call_after_refresh(self.apply_filter)
            return
        self._announced = False
        found = find_rows(
            app.store,
            app.catalog.decks(),
            query,
            app.runtime.today(),
            app.runtime.settings.leech_threshold,
            progress=self._indexed,
        )
        self.seen.update((row.item.key, row) for row in found)
        self.rows = sort_rows(found, self.sort_key)
        table = self.query_one("#items", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.rows:
            item = row.item
            mark = "• " if item.key in self.marked else ""
            table.add_row(
                Text(mark + item.item_id, overflow="ellipsis", no_wrap=True),
                Text(row.state, style=_STATE_STYLE.get(row.state, "")),
                Text(row.due.isoformat() if row.due else "-"),
                key="\n".join(item.key),
            )
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
        self._status()
        self._show_info()

    def _indexed(self, message: str) -> None:
        """A big deck's first search indexed its text: said when done (``apply_filter`` said it would)."""
        if message.startswith("indexed"):
            self.notify(message[0].upper() + message[1:] + ".", timeout=4, markup=False)

    def _status(self) -> None:
        parts = [f"{len(self.rows)} of {self.total} items", f"sort: {self.sort_key}"]
        if self.state_filter:
            parts.append(f"is:{self.state_filter}")
        if self.marked:
            parts.append(f"{len(self.marked)} marked")
        unknown = unknown_states(self.query_value)
        if unknown:
            parts.append(f"no state '{unknown[0]}' (try: {', '.join(STATES)})")
        self.query_one("#browse-status", Static).update(Content(" · ".join(parts)))

    def highlighted(self) -> Row | None:
        table = self.query_one("#items", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def selection(self) -> list[Row]:
        if self.marked:
            return [row for key, row in self.seen.items() if key in self.marked]
        row = self.highlighted()
        return [row] if row is not None else []

    def _show_info(self) -> None:
        row = self.highlighted()
        info = self.query_one("#info-text", Static)
        if row is None:
            info.update(Content("No items match."))
            return
        info.update(Content("\n".join(self.info_lines(row))))

    def info_lines(self, row: Row) -> list[str]:
        item = row.item
        record = row.record
        lines = [f"{item.deck_id}:{item.item_id}", f"{item.kind.value} · {', '.join(sorted(row.states))}"]
        if row.tags:
            lines.append("tags: " + ", ".join(row.tags))
        lines += ["", "Q: " + item.prompt, "", "A: " + item.answer, ""]
        if record is None or record.state.is_new:
            lines.append("New: never reviewed." if record is None or not record.reviews else "New (reset).")
        else:
            state = record.state
            lines.append(f"due {state.due} · interval {state.interval_days} d")
            lines.append(f"EF {state.easiness:.2f} · reps {state.repetitions}")
        if record is not None:
            lines.append(f"reviews {record.reviews} · lapses {record.lapses}")
            if record.buried_until is not None:
                lines.append(f"buried until {record.buried_until}")
        events = list(self.mesadrill.store.events(item.deck_id, item.item_id))
        if events:
            lines += ["", "History:"]
            for event in events:
                grade = f" {event.quality}" if event.kind.is_grade else ""
                lines.append(f"{event.study_day} {event.kind.value}{grade}")
        return lines

    # ---- events

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._reset_armed = False
        self._show_info()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#items", DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and isinstance(self.focused, Input):
            self.query_one("#items", DataTable).focus()
            event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):
            return False  # typing in the search box: keys are text
        if action in ("mark", "suspend", "bury", "reset", "edit"):
            return True if self.rows else None
        return True

    # ---- actions

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_state(self) -> None:
        order: list[str | None] = [None, *STATES]
        self.state_filter = order[(order.index(self.state_filter) + 1) % len(order)]
        self.apply_filter()

    def action_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self.apply_filter()

    def action_mark(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        self.marked ^= {row.item.key}
        table = self.query_one("#items", DataTable)
        self.apply_filter()
        if table.cursor_row + 1 < len(self.rows):
            table.move_cursor(row=table.cursor_row + 1)

    def _perform(self, kind: EventKind, rows: list[Row], verb: str) -> None:
        if not rows:
            return
        app = self.mesadrill
        try:
            actions.perform(app.store, [row.item for row in rows], kind, app.runtime.now(), app.runtime.today())
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"{verb} {len(rows)} item(s).", timeout=2)
        self.marked.clear()
        self.reload()

    def action_suspend(self) -> None:
        rows = self.selection()
        if rows and all("suspended" in row.states for row in rows):
            self._perform(EventKind.UNSUSPEND, rows, "Unsuspended")
        else:
            self._perform(EventKind.SUSPEND, [r for r in rows if "suspended" not in r.states], "Suspended")

    def action_bury(self) -> None:
        self._perform(EventKind.BURY, self.selection(), "Buried until tomorrow:")

    def action_reset(self) -> None:
        rows = self.selection()
        if not rows:
            return
        if not self._reset_armed:
            self._reset_armed = True
            self.notify(
                f"Reset {len(rows)} item(s) to new? Their grades stay in the history. Press R again to confirm.",
                severity="warning",
                timeout=5,
            )
            return
        self._reset_armed = False
        self._perform(EventKind.RESET, rows, "Reset to new:")

    def action_edit(self) -> None:
        from mesadrill.tui.editor import edit_card_in_app

        row = self.highlighted()
        deck = next((d for d in self.mesadrill.catalog.decks() if row and d.id == row.item.deck_id), None)
        if row is None or deck is None or deck.path is None:
            return
        if edit_card_in_app(self, deck.path, row.item.card.line or 1) is None:
            return
        self.mesadrill.reload_catalog()
        self.reload()

    def action_back(self) -> None:
        self.mesadrill.close_screen()
