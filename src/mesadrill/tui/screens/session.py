"""What the review and drill screens share: writes that end the app when the store fails, and the summary.

A grade, an action or an undo is committed by the session before the screen
moves on. When the store cannot take it (a full disk, a read-only file), the
app ends with the store's message and says what is safe; nothing after it is
shown as if it were saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from mesadrill.core.errors import StoreError
from mesadrill.study.review import ReviewSession
from mesadrill.tui.screens.base import MesadrillScreen

T = TypeVar("T")

GRADES_KEPT = "Every grade before this one is saved."


class SessionScreen(MesadrillScreen):
    def __init__(self, review: ReviewSession) -> None:
        super().__init__()
        self.review = review  # the session that commits every grade, and sums the session up

    def save(self, write: Callable[[], T], then: Callable[[T], None], *, kept: str = GRADES_KEPT) -> None:
        """``write``, then ``then`` with what it returned; a store failure ends the app instead."""
        try:
            done = write()
        except StoreError as error:
            self.mesadrill.fail(f"{error}\n{kept}" if kept else str(error))
            return
        then(done)

    def finish(self) -> None:
        """The session's summary in place of this screen."""
        from mesadrill.tui.screens.summary import SummaryScreen

        summary = self.review.summary()
        self.app.clear_notifications()  # the session's toasts do not belong on the summary
        self.mesadrill.replace_screen(SummaryScreen(summary, self.review.today))
