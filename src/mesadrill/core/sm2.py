"""SM-2, exactly as Wozniak described it, as pure functions.

State + quality + study day in, new state out: no clock reads, no IO.

Easiness is held in hundredths (``easiness_centi``, 250 = 2.5). Every SM-2
change to it is a whole number of hundredths (+0.10, 0, -0.14, -0.32, -0.54,
-0.80), so integer arithmetic keeps it exact; with floats, 2.5 + 0.1 - 0.1 is
not always 2.5 and ``ceil(I * EF)`` can come out a day long.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from mesadrill.core.records import record

INITIAL_EASINESS_CENTI = 250
MIN_EASINESS_CENTI = 130
DEFAULT_DAY_START_HOUR = 4
# SM-2 intervals grow without bound; past a century they only overflow dates.
MAX_INTERVAL_DAYS = 36_500


@record(frozen=True, slots=True)
class Sm2State:
    """The schedule of one review item. ``due`` is None while the item is new."""

    repetitions: int = 0
    easiness_centi: int = INITIAL_EASINESS_CENTI
    interval_days: int = 0
    due: date | None = None

    @property
    def easiness(self) -> float:
        return self.easiness_centi / 100

    @property
    def is_new(self) -> bool:
        return self.due is None


NEW = Sm2State()


def easiness_delta_centi(quality: int) -> int:
    """EF' - EF in hundredths: 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)."""
    miss = 5 - quality
    return 10 - miss * (8 + miss * 2)


def next_interval(state: Sm2State) -> int:
    """The interval after a successful review, using the EF held before it."""
    if state.repetitions == 0:
        return 1
    if state.repetitions == 1:
        return 6
    # ceil(I * EF) with EF in hundredths, in integers.
    return min(MAX_INTERVAL_DAYS, -(-state.interval_days * state.easiness_centi // 100))


def review(state: Sm2State, quality: int, day: date) -> Sm2State:
    """The state after a review graded ``quality`` (0-5) on study day ``day``."""
    if not 0 <= quality <= 5:
        raise ValueError(f"quality must be 0-5, got {quality}")
    if quality < 3:
        # Step 6: start repetitions again without changing the E-Factor.
        return Sm2State(0, state.easiness_centi, 1, day + timedelta(days=1))
    interval = next_interval(state)
    easiness = max(MIN_EASINESS_CENTI, state.easiness_centi + easiness_delta_centi(quality))
    return Sm2State(
        repetitions=state.repetitions + 1,
        easiness_centi=easiness,
        interval_days=interval,
        due=day + timedelta(days=interval),
    )


def needs_same_day_repeat(quality: int) -> bool:
    """Step 7: repeat within the day every item graded below 4."""
    return quality < 4


def study_day(moment: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The calendar day a moment counts for, in the moment's own time zone.

    A study day starts at ``day_start_hour`` local time, so with the default
    of 4 a review at 01:00 counts for the day before.
    """
    if moment.tzinfo is None:
        raise ValueError("study_day needs an aware datetime")
    return (moment - timedelta(hours=day_start_hour)).date()


def preview(state: Sm2State, day: date) -> dict[int, int]:
    """The interval in days each grade 0-5 would give the item now: what the grade keys show."""
    return {quality: review(state, quality, day).interval_days for quality in range(6)}
