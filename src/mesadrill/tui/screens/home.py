"""Home: the decks, what is due in each, and where to go next."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from mesadrill.core.cleantext import strip_controls
from mesadrill.core.model import Deck
from mesadrill.env import paths
from mesadrill.study.limits import review_room, within_limits
from mesadrill.study.planner import DeckCounts, deck_counts, forecast
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    days = (now.date() - moment.astimezone(now.tzinfo).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


WIDE = 64  # from this many columns the table also shows items and last studied


class HomeScreen(MesadrillScreen):
    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "review", "Review", tooltip="Review the highlighted deck", id="home.review", priority=True),
        Binding("d", "drill", "Drill", tooltip="Interview drill on the highlighted deck", id="home.drill"),
        Binding("b", "browse", "Browse", tooltip="Browse and search every card", id="home.browse"),
        Binding("s", "stats", "Stats", tooltip="Statistics", id="home.stats"),
        Binding("r", "reload", "Reload", tooltip="Reload decks from disk", id="home.reload"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Keys", id="home.help"),
        Binding("q", "quit", "Quit", tooltip="Quit", id="home.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.decks: list[Deck] = []
        self.counts: dict[str, DeckCounts] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("mesadrill", "bold"), id="title")
        table: DataTable[str] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._columns_for: int | None = None
        self.query_one("#decks", DataTable).focus()
        self.refresh_decks()

    def _wide(self) -> bool:
        return self.app.size.width >= WIDE

    def _set_columns(self, table: DataTable[str]) -> None:
        """The deck title takes what the numbers leave; narrow, items and last studied give way."""
        numbers = [("new", "new", 5), ("due", "due", 5), ("again", "again", 5)]
        if self._wide():
            numbers += [("items", "items", 6), ("last studied", "last", 12)]
        # Each column has a cell's padding on either side; the table keeps room for a scroll bar.
        width = max(8, self.app.size.width - sum(w + 2 for _, _, w in numbers) - 2 - 2)
        table.clear(columns=True)
        table.add_column("deck", key="title", width=width)
        for label, key, column_width in numbers:
            table.add_column(label, key=key, width=column_width)
        self._columns_for = self.app.size.width

    def on_resize(self) -> None:
        if getattr(self, "_columns_for", None) not in (None, self.app.size.width):
            self.refresh_decks()

    def refresh_decks(self) -> None:
        app = self.mesadrill
        catalog = app.catalog
        now = app.runtime.now()
        today = app.runtime.today()
        self.decks = catalog.decks()
        last = app.store.last_studied()
        room = review_room(app.store, app.runtime.settings, today)
        self.counts = {
            deck.id: deck_counts(
                app.store,
                deck,
                today,
                app.runtime.settings.new_per_day,
                last.get(deck.id),
                bury_siblings=app.runtime.settings.bury_siblings,
                due_cap=room,
            )
            for deck in self.decks
        }
        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        self._set_columns(table)
        wide = self._wide()
        for deck in self.decks:
            counts = self.counts[deck.id]
            # rich Text cells: sized properly, and never parsed as markup.
            cells = [
                Text(deck.title, overflow="ellipsis", no_wrap=True),
                Text(str(counts.new), style="green" if counts.new else "", justify="right"),
                Text(str(counts.due), style="bold yellow" if counts.due else "", justify="right"),
                Text(str(counts.again), style="bold red" if counts.again else "", justify="right"),
            ]
            if wide:
                cells += [Text(str(counts.total), justify="right"), Text(_ago(counts.last_studied, now))]
            table.add_row(*cells, key=deck.id)
        if self.decks:
            table.move_cursor(row=min(cursor, len(self.decks) - 1))
        self._status(catalog_broken=len(catalog.broken()))
        self.refresh_bindings()

    def _status(self, catalog_broken: int) -> None:
        status = self.query_one("#status", Static)
        if not self.decks:
            status.update(
                Content(
                    "No decks yet. Create one with:\n"
                    f"  mesadrill new {strip_controls(str(paths.user_deck_dir() / 'my-deck.yaml'))}\n"
                    "then press r to reload."
                )
            )
            return
        due = sum(c.due for c in self.counts.values())
        new = sum(c.new for c in self.counts.values())
        again = sum(c.again for c in self.counts.values())
        app = self.mesadrill
        beyond = sum(c.due_beyond for c in self.counts.values())
        limited = within_limits(app.store, app.runtime.settings, app.runtime.today(), due, new, beyond)
        due, new = limited.due, limited.new
        if due or new or again:
            again_text = f", {again} again today" if again else ""
            text = f"Today: {due} due{again_text}, {new} new. Enter reviews the highlighted deck."
            if limited.held_back:
                text += f"\nHeld back by the daily limit: {limited.held_back}."
        else:
            upcoming = forecast(app.store, app.runtime.today(), 30)
            later = [(day, count) for day, count in sorted(upcoming.items()) if count]
            if later:
                day, count = later[0]
                text = f"Nothing due today. Next: {count} item(s) on {day:%a %d %b}."
            else:
                text = "Nothing due in the next 30 days."
        if catalog_broken:
            text += f"\n{catalog_broken} deck file(s) have errors: run `mesadrill decks` to see them."
        status.update(Content(text))

    def _highlighted(self) -> Deck | None:
        table = self.query_one("#decks", DataTable)
        if not self.decks or table.cursor_row < 0:
            return None
        return self.decks[min(table.cursor_row, len(self.decks) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review", "drill"):
            return True if self._highlighted() is not None else None
        return True

    def action_review(self) -> None:
        from mesadrill.tui.screens.review import ReviewScreen

        deck = self._highlighted()
        if deck is None:
            return
        self.app.push_screen(ReviewScreen.for_decks(self.mesadrill, [deck]))

    def action_drill(self) -> None:
        deck = self._highlighted()
        if deck is None:
            return
        try:
            from mesadrill.tui.screens.drill import DrillScreen
        except ImportError:
            self.notify("Interview drills are not available in this version.", severity="warning")
            return
        screen = DrillScreen.for_decks(self.mesadrill, [deck])
        if screen is None:
            self.notify("This deck has no interview cards.", severity="warning", markup=False)
            return
        self.app.push_screen(screen)

    def action_reload(self) -> None:
        self.mesadrill.reload_catalog()
        self.refresh_decks()
        self.notify(f"Reloaded {len(self.decks)} deck(s).", timeout=2)

    def on_screen_resume(self) -> None:
        self.refresh_decks()
