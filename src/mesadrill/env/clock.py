"""The one place that reads the time.

``MESADRILL_NOW`` (ISO 8601 with an offset, e.g. ``2026-01-05T12:00:00+00:00``)
replaces the current time in every command, for tests and scripts. Its offset
is taken as the local time zone, so a scripted day boundary does not depend on
the machine's ``TZ``. Without it, the system clock in the local time zone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

from mesadrill.core.errors import InputError
from mesadrill.core.ranges import describe_day_range, moment_in_range

Clock = Callable[[], datetime]
NOW_VARIABLE = "MESADRILL_NOW"


def parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{NOW_VARIABLE}={text!r} is not an ISO 8601 time (e.g. 2026-01-05T12:00:00+00:00)") from None
    if moment.tzinfo is None:
        raise InputError(f"{NOW_VARIABLE}={text!r} needs a UTC offset (e.g. 2026-01-05T12:00:00+00:00)")
    if not moment_in_range(moment):
        raise InputError(f"{NOW_VARIABLE}={text!r} is out of range: mesadrill works with days {describe_day_range()}")
    return moment


def system_clock() -> datetime:
    return datetime.now(UTC).astimezone()


def clock_from_environment(environ: dict[str, str] | None = None) -> Clock:
    """A clock honouring ``MESADRILL_NOW``; a fixed override stays fixed."""
    value = (environ if environ is not None else os.environ).get(NOW_VARIABLE)
    if not value:
        return system_clock
    fixed = parse_now(value)
    return lambda: fixed
