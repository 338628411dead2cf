"""What the review and drill screens share: writes that end the app when the store fails, and the summary.

A grade, an action or an undo is committed by the session before the screen
moves on. When the store cannot take it (a full disk, a read-only file), the
app ends with the store's message and says what is safe; nothing after it is
shown as if it were saved. When another mesadrill holds the history's write
lock (a long import, a sync), the screen says so at once, keeps the card on
show with only quit and help live, and tries again every half second until
the write goes through: it never freezes for the store's busy timeout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from mesadrill.core.errors import StoreBusy, StoreError
from mesadrill.study.review import ReviewSession
from mesadrill.tui.screens.base import MesadrillScreen

T = TypeVar("T")

GRADES_KEPT = "Every grade before this one is saved."
WAIT_AT_ONCE_S = 0.3  # how long a write waits for the lock before the screen says so
TRY_AGAIN_S = 0.5
LIVE_WHILE_SAVING = frozenset({"quit", "help"})  # the keys that still work while a write waits


def _give_up(message: str) -> None:
    """Told by the session that the lock is taken: hand back to the screen instead of waiting in place."""
    raise StoreBusy(message)


class SessionScreen(MesadrillScreen):
    def __init__(self, review: ReviewSession) -> None:
        super().__init__()
        self.review = review  # the session that commits every grade, and sums the session up
        self.saving = False  # a write waits for another mesadrill's lock: only quit and help work

    def save(self, write: Callable[[], T], then: Callable[[T], None], *, kept: str = GRADES_KEPT) -> None:
        """``write``, then ``then`` with what it returned; a store failure ends the app instead."""
        self._try_save(write, then, kept)

    def _try_save(self, write: Callable[[], T], then: Callable[[T], None], kept: str) -> None:
        review = self.review
        told_before, review.on_wait = review.on_wait, _give_up
        try:
            with review.store.patience(WAIT_AT_ONCE_S):
                done = write()
        except StoreBusy:
            if not self.saving:
                # Loaded when first needed, as study.review loads it: a start makes none of its records.
                from mesadrill.study.session_records import WAITING_MESSAGE

                self.saving = True
                self.notify(WAITING_MESSAGE.replace("Ctrl-C", "q"), severity="warning", timeout=3600)
                self.refresh_bindings()
            self.set_timer(TRY_AGAIN_S, lambda: self._try_save(write, then, kept))
            return
        except StoreError as error:
            self.mesadrill.fail(f"{error}\n{kept}" if kept else str(error))
            return
        finally:
            review.on_wait = told_before
        if self.saving:
            self.saving = False
            self.app.clear_notifications()
            self.notify("Saved.", timeout=2)
            self.refresh_bindings()
        then(done)

    def finish(self) -> None:
        """The session's summary in place of this screen."""
        from mesadrill.tui.screens.summary import SummaryScreen

        summary = self.review.summary()
        self.app.clear_notifications()  # the session's toasts do not belong on the summary
        self.mesadrill.replace_screen(SummaryScreen(summary, self.review.today))
