"""What every mesadrill screen shares: typed access to the app (runtime, store), and the places any screen opens.

A screen offers those places by binding their actions (``help``, ``stats``,
``browse``, ``ask``, ``quit``); an action no binding names does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from mesadrill.tui.app import MesadrillApp


class MesadrillScreen(Screen[None]):
    @property
    def mesadrill(self) -> MesadrillApp:
        return self.app  # type: ignore[return-value]

    def action_help(self) -> None:
        from mesadrill.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_stats(self) -> None:
        from mesadrill.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_browse(self) -> None:
        from mesadrill.tui.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen())

    def action_ask(self) -> None:
        from mesadrill.tui.screens.ask import AskScreen

        self.app.push_screen(AskScreen())

    def action_quit(self) -> None:
        self.app.exit()
