"""The Textual application: holds the runtime and the open store; screens do the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from mesadrill.decks.catalog import Catalog
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.runtime import Runtime
from mesadrill.tui import startup


class MesadrillApp(App[None]):
    """``first_screen`` builds the screen to open with (the course map, or the decks when there is no course).

    That screen is the bottom of the stack, Textual's default screen, rather
    than pushed over an empty one: it starts faster, and leaving the bottom
    screen (``close_screen``) quits the app.
    """

    TITLE = "mesadrill"
    # ctrl+p: every action of the current screen by name (see tui/palette.py).
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, tooltip="Quit (every grade is already saved)", id="app.quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            tooltip="Every action of this screen, by name",
            id="app.palette",
        ),
    ]

    def __init__(
        self,
        runtime: Runtime,
        store: HistoryStore,
        first_screen: Callable[[MesadrillApp], Screen[None]] | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.store = store
        self._first_screen = first_screen
        self._bottom_finished = False
        self.error_message: str | None = None

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The screen's own actions first, then quitting and Textual's theme picker."""
        from mesadrill.tui.palette import screen_commands

        yield from screen_commands(self, screen)
        yield SystemCommand("Quit", "Quit the app (every grade is already saved) (key: ctrl+c)", self.action_quit)
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)

    @property
    def catalog(self) -> Catalog:
        return self.runtime.catalog

    def reload_catalog(self) -> Catalog:
        return self.runtime.reload_catalog()

    def get_default_screen(self) -> Screen[None]:
        if self._first_screen is not None:
            screen = self._first_screen(self)
        elif self.catalog.courses():
            # With a course present, its map is home; `k` there lists every deck.
            from mesadrill.tui.screens.course_map import CourseMapScreen

            screen = CourseMapScreen(self.catalog.courses()[0])
        else:
            from mesadrill.tui.screens.home import HomeScreen

            screen = HomeScreen()
        # Textual reads a pushed screen's CSS_PATH but not the default screen's;
        # added here, it is parsed with the app's own CSS, before the first paint.
        for path in screen.css_path:
            if not self.stylesheet.has_source(str(path)):
                self.stylesheet.read(path)
        return screen

    def on_ready(self) -> None:
        """The first frame is on screen: the collector paused for the start runs again, the day's backup starts."""
        startup.resume()
        self.runtime.start_pending_backup()

    def fail(self, message: str) -> None:
        """Leave with an error the launcher prints once the terminal is restored."""
        self.error_message = message
        self.exit(return_code=1)

    def replace_screen(self, screen: Screen[None]) -> None:
        """Put ``screen`` in place of the current one (a finished session's summary).

        Textual cannot switch away from the bottom screen (it has no result
        callback to drop), so there ``screen`` goes on top, and the finished
        screen underneath counts as gone.
        """
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self._bottom_finished = True
            self.push_screen(screen)

    def close_screen(self) -> None:
        """Back to the screen underneath, or quit when there is none to go back to."""
        underneath = len(self.screen_stack) - 1 - self._bottom_finished
        if underneath <= 0:
            self.exit()
        else:
            self.pop_screen()
