"""What every mesadrill screen shares: typed access to the app (runtime, store)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from mesadrill.tui.app import MesadrillApp


class MesadrillScreen(Screen[None]):
    @property
    def mesadrill(self) -> MesadrillApp:
        return self.app  # type: ignore[return-value]
