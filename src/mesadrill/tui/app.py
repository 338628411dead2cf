"""The Textual application: holds the runtime and the open store; screens do the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from mesadrill.catalog import Catalog
from mesadrill.commands.runtime import Runtime
from mesadrill.store import HistoryStore


class MesadrillApp(App[None]):
    """``first_screen`` builds the screen to open with; leaving it quits when ``quit_after_first``."""

    TITLE = "mesadrill"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, tooltip="Quit (every grade is already saved)", id="app.quit"),
    ]

    def __init__(
        self,
        runtime: Runtime,
        store: HistoryStore,
        first_screen: Callable[[MesadrillApp], Screen[None]] | None = None,
        *,
        quit_after_first: bool = False,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.store = store
        self._first_screen = first_screen
        self.quit_after_first = quit_after_first
        self.error_message: str | None = None

    @property
    def catalog(self) -> Catalog:
        return self.runtime.catalog

    def reload_catalog(self) -> Catalog:
        self.runtime.__dict__.pop("catalog", None)  # drop the cached_property
        return self.runtime.catalog

    def on_mount(self) -> None:
        if self._first_screen is not None:
            self.push_screen(self._first_screen(self))
        else:
            from mesadrill.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def fail(self, message: str) -> None:
        """Leave with an error the launcher prints once the terminal is restored."""
        self.error_message = message
        self.exit(return_code=1)

    def finished_first_screen(self) -> bool:
        """Call when a top-level flow ends; True if the app is quitting."""
        if self.quit_after_first:
            self.exit()
            return True
        return False
