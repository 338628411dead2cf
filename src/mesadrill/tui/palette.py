"""The command palette (ctrl+p): every action the current screen offers now, found by name.

Built from the screen's own BINDINGS, filtered by its ``check_action``, so
the palette, the key bar and the help screen cannot disagree about what a
screen can do.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def screen_commands(app: App[None], screen: Screen[object]) -> Iterator[SystemCommand]:
    """A command per action of ``screen`` that works now; its help names the key."""
    seen: set[str] = set()
    for binding in type(screen).BINDINGS:
        if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
            continue
        seen.add(binding.action)
        _, name, parameters = parse(binding.action)
        if screen.check_action(name, parameters) is not True:
            continue
        title = binding.description
        if parameters and str(parameters[0]) not in title:
            title = f"{title} {parameters[0]}"
        key = binding.key_display or app.get_key_display(binding)
        if parameters and binding.key_display and "-" in binding.key_display:
            # "0-5" and its tooltip speak for the group; this command is one key of it.
            help_text = f"key: {binding.key.split(',')[0]}"
        else:
            help_text = f"{binding.tooltip or binding.description} (key: {key})"
        yield SystemCommand(title, help_text, partial(app.call_later, app.run_action, binding.action, screen))
