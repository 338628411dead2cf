"""Reading what a child writes to a pseudo-terminal, as a person at that terminal sees it."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Sequence


def read_terminal(leader: int, steps: Sequence[tuple[str, bytes]] = (), timeout: float = 60) -> tuple[str, list[str]]:
    """Everything written to the terminal whose ``leader`` end this is, until the child closes it.

    Each of ``steps`` (text, keys) presses its keys once its text has been
    written since the step before. Returns what was written and the texts
    of the steps that never showed. Stops after ``timeout`` seconds at most.
    """
    pending = list(steps)
    written, seen_up_to, deadline = b"", 0, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            written += chunk
        if pending and pending[0][0].encode() in written[seen_up_to:]:
            seen_up_to = len(written)
            os.write(leader, pending.pop(0)[1])
    return written.decode(errors="replace"), [text for text, _ in pending]
