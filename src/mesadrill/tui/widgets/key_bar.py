"""The bar at the bottom of a screen: an optional legend, then the keys that work now.

One widget in place of Textual's Footer, which mounts a widget per key and
parses their stylesheets each time the app starts. It shows what Footer
shows, in Footer's colours (the theme's ``$footer-*`` variables): the
screen's active bindings with ``show=True``, one per action, dimmed when the
screen's ``check_action`` returns None and left out when it returns False. It
redraws when the screen calls ``refresh_bindings()``. Hovering a key shows
its tooltip; clicking it presses it.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from mesadrill.core.records import record

KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"
LEGEND_STYLE = "on $panel"
HOVER_STYLE = "on $block-hover-background"


@record(frozen=True, slots=True)
class Key:
    """One key as shown: what to press, what it does, and whether it works now."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str

    @property
    def label(self) -> Content:
        label = Content.assemble((f" {self.display} ", KEY_STYLE), (f"{self.description} ", DESCRIPTION_STYLE))
        return label if self.enabled else label.stylize_before("dim")


@record(frozen=True, slots=True)
class Placed:
    """Where a key's label was drawn: line and columns, counted from the bar's top left."""

    y: int
    start: int
    end: int
    key: Key


class KeyBar(Widget):
    """Docked at the bottom; ``legend`` lines (e.g. what the grades mean) sit above the keys."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self, legend: Content | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._legend = legend
        self._keys: list[Key] | None = None
        self._placed: list[Placed] = []
        self._hover: Key | None = None
        self._drawn: tuple[tuple[int, Key | None], list[Content], list[Placed]] | None = None

    # ---- what to show

    @property
    def legend(self) -> Content | None:
        return self._legend

    @legend.setter
    def legend(self, legend: Content | None) -> None:
        self._legend = legend
        self._changed()

    @property
    def keys(self) -> list[Key]:
        """The keys shown now, in the order of the screen's active bindings."""
        if self._keys is None:
            self._keys = self._active_keys()
        return self._keys

    def _active_keys(self) -> list[Key]:
        keys: dict[str, Key] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                display = self.app.get_key_display(binding)
                keys[binding.action] = Key(
                    binding.key, display, binding.description, enabled, tooltip or binding.description
                )
        return list(keys.values())

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._keys = None
        self._changed()

    def _changed(self) -> None:
        # Drawn again on the next refresh, however many changes come before it.
        self._drawn = None
        self.refresh(layout=True)

    # ---- drawing

    def _lines(self, width: int) -> tuple[list[Content], list[Placed]]:
        """The legend wrapped in its panel, then the keys packed into as few lines as fit."""
        drawn_as = (width, self._hover)
        if self._drawn is not None and self._drawn[0] == drawn_as:
            return self._drawn[1], self._drawn[2]
        lines: list[Content] = []
        if self._legend:
            for line in self._legend.split("\n"):
                for part in line.wrap(max(1, width - 2)):
                    lines.append(
                        Content.assemble(" ", part, " " * max(0, width - 1 - part.cell_length)).stylize_before(
                            LEGEND_STYLE
                        )
                    )
        placed: list[Placed] = []
        line = Content("")
        for key in self.keys:
            label = key.label
            if key == self._hover:
                label = label.stylize_before(HOVER_STYLE)
            if line and line.cell_length + label.cell_length > width:
                lines.append(line)
                line = Content("")
            placed.append(Placed(len(lines), line.cell_length, line.cell_length + label.cell_length, key))
            line += label
        lines.append(line)
        self._drawn = (drawn_as, lines, placed)
        return lines, placed

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width)[0])

    def render(self) -> RenderResult:
        lines, self._placed = self._lines(self.content_size.width)
        return Content("\n").join(lines)

    # ---- the mouse

    def _key_at(self, event: events.MouseEvent) -> Key | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        for placed in self._placed:
            if placed.y == offset.y and placed.start <= offset.x < placed.end:
                return placed.key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event)
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key else None
            self.styles.pointer = "pointer" if key else "default"
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
