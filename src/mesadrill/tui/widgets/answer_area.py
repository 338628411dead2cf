"""Where a drill answer is typed; ctrl+s hands it in exactly as typed.

A key reaches this widget only after every key typed before it, so
handling ctrl+s here, rather than as a priority binding on the screen
(which acts the moment the key arrives, before the typing ahead of it is
in), keeps the last words. Once handed in, the area is sealed: keys still on
their way to it are swallowed, so they can neither be added to the answer
nor act as commands, until ``unseal`` (the learner starts typing again).
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

SUBMIT_KEYS = ("ctrl+s", "ctrl+enter")


class AnswerArea(TextArea):
    class Submitted(Message):
        """The learner handed the answer in."""

        def __init__(self, area: AnswerArea, text: str) -> None:
            super().__init__()
            self.area = area
            self.text = text

    sealed = False

    def unseal(self) -> None:
        self.sealed = False

    async def _on_key(self, event: events.Key) -> None:
        if self.sealed or event.key in SUBMIT_KEYS:
            event.stop()
            event.prevent_default()  # TextArea's own handler does not see it either
            if not self.sealed:
                self.sealed = True
                self.post_message(self.Submitted(self, self.text))
