"""Crash points for tests: ``MESADRILL_FAULT=<name>`` kills the process with SIGKILL at that point.

The crash tests run real processes and kill them at each step of a sync
(before a segment is renamed into place, between writing it and recording it
as sent, before a git push), then check that the next sync converges. Unset,
this is one environment lookup per point.
"""

from __future__ import annotations

import os
import signal


def fault_point(name: str) -> None:
    if os.environ.get("MESADRILL_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
