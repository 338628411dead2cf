"""The ranges mesadrill accepts for numbers and dates from outside (files, environment).

Documented in README.md ("Limits") and docs/reliability.md. Anything outside
is refused with a message naming where it came from, before it is used.
"""

from __future__ import annotations

from datetime import date, datetime

# Study days and review times: wide enough for any real history, narrow
# enough that a schedule (up to sm2.MAX_INTERVAL_DAYS ahead) stays a date.
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2999, 12, 31)
# Easiness (EF): SM-2's floor is 1.3; +0.1 per perfect grade, so 1,000 is
# out of reach of any real history.
EASINESS_RANGE = (1.3, 1000.0)
REPETITIONS_RANGE = (0, 1_000_000)
DURATION_MS_RANGE = (0, 7 * 24 * 3600 * 1000)  # a week
POINTS_RANGE = (0, 1000)
TIME_LIMIT_S_RANGE = (0, 24 * 3600)
ID_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 1_000_000  # characters in one imported answer


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def moment_in_range(moment: datetime) -> bool:
    return EARLIEST_DAY <= moment.date() <= LATEST_DAY


def describe_day_range() -> str:
    return f"from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"
