"""For the commands that open the app: the garbage collector paused from the command's first line.

What a start imports and builds lives as long as the session, so until the
app's first frame the collector only walks it to no purpose
(``tui/startup.py``). The pause starts here, before the command imports the
study modules and loads the decks; the app resumes the collector once its
first screen is drawn, and the end of the command does in any case (a deck
not found, no terminal, an error).
"""

from __future__ import annotations

import click


def pause_until_first_frame() -> None:
    from mesadrill.tui import startup  # the garbage collector's switch only: no Textual

    startup.pause()
    click.get_current_context().call_on_close(startup.resume)
