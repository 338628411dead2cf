"""Numbers from the environment, each with a documented range.

``MESADRILL_BUSY_TIMEOUT``: seconds a command waits for another mesadrill's
write before saying so (0.05 to 3600, default 15). A grade that meets a
longer write is not dropped: the session says it is waiting and tries again.
"""

from __future__ import annotations

import os
import re

from mesadrill.core.errors import InputError

BUSY_TIMEOUT_VARIABLE = "MESADRILL_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT_S = 15.0
BUSY_TIMEOUT_RANGE = (0.05, 3600.0)
_DECIMAL = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")  # ASCII only: no "²", no "①"


def busy_timeout_s(environ: dict[str, str] | None = None) -> float:
    value = (environ if environ is not None else os.environ).get(BUSY_TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_BUSY_TIMEOUT_S
    low, high = BUSY_TIMEOUT_RANGE
    if not _DECIMAL.fullmatch(value) or not low <= float(value) <= high:
        raise InputError(f"{BUSY_TIMEOUT_VARIABLE}={value!r} should be a number of seconds from {low} to {high:.0f}")
    return float(value)
