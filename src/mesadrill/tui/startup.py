"""Starting the app with the cyclic garbage collector paused until its first screen is drawn.

Until the first frame, a start does little but import Textual and our
modules and build the first screen: a few hundred thousand objects, nearly
all of them alive for the whole session. The collector, left running, walks
them again and again (about a hundred passes, some over everything built so
far) and finds almost nothing to free: 10 to 15 ms of a start of about
200 ms. ``pause`` stops it before the imports; the app calls ``resume`` once
its first frame is on screen (``MesadrillApp.on_ready``), and the launcher
calls it again when the app ends, in case no frame was ever drawn.

On resuming, everything built so far goes straight to the oldest generation
(as ``decks.collector.collector_paused`` does), so the next young collection
does not walk it all once more.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop the collector, unless it is already stopped (then whoever stopped it resumes it)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Restart the collector if ``pause`` stopped it; a second call does nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.unfreeze()
        gc.enable()
