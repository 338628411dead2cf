"""FSRS as mesadrill uses it: state + grade + time in, state out, through the ``fsrs`` package.

``fsrs`` (open-spaced-repetition's reference implementation) does the
arithmetic; this adapter fixes what mesadrill needs around it:

- Grades: 0-2 -> Again, 3 -> Hard, 4 -> Good, 5 -> Easy.
- No learning steps. mesadrill's same-day repeats take their place: a grade
  below 4 brings the item back later the same study day, and that grade goes
  to FSRS as a same-day review (FSRS models those). Every interval is a
  whole number of days, so the due date is the study day plus the interval.
- Fuzz (on by default, as in FSRS and Anki) spreads intervals of 3 days and
  more over the same ranges FSRS uses, but drawn from a hash of the review
  (item, study day, grade) instead of a random number, so replaying the log
  always gives the same dates (records stay a fold of the event log) and the
  interval a grade's preview shows is the one it gives.
- Default parameters. Fitting them to a learner's log needs the ``fsrs``
  optimizer, which needs torch: too heavy to require.
- Time is passed in; nothing here reads the clock.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from mesadrill.core.errors import MesadrillError
from mesadrill.core.records import record

MAX_INTERVAL_DAYS = 36_500
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
# FSRS's fuzz ranges: (from, to, share of the interval in that band)
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))
_CARD_ID = 1  # every item is scored alone; a fixed id keeps fsrs from making one from the clock


def rating_for(quality: int) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) for an SM-2 quality 0-5."""
    if not 0 <= quality <= 5:
        raise ValueError(f"quality must be 0-5, got {quality}")
    return 1 if quality <= 2 else quality - 1


@record(frozen=True, slots=True)
class FsrsState:
    """One item's FSRS memory state after its latest review."""

    stability: float  # days until recall probability falls to 90%
    difficulty: float  # 1 (easy) to 10 (hard)
    last_review: datetime
    interval_days: int
    reps: int = 0
    lapses: int = 0  # reviews rated Again


def _fsrs() -> Any:
    try:
        import fsrs
    except ImportError:
        raise MesadrillError(
            "scheduler = \"fsrs\" needs the fsrs package, an optional extra: pip install 'mesadrill[fsrs]'"
        ) from None
    return fsrs


@lru_cache(maxsize=8)
def _scheduler(desired_retention: float) -> Any:
    fsrs = _fsrs()
    return fsrs.Scheduler(
        desired_retention=desired_retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAX_INTERVAL_DAYS,
        enable_fuzzing=False,  # fuzzed here, deterministically
    )


def fuzzed(interval_days: int, seed: str) -> int:
    """FSRS's fuzz over its ranges, drawn from ``seed`` so the same review always lands on the same day."""
    if interval_days < 2.5:
        return interval_days
    delta = 1.0 + sum(share * max(min(interval_days, high) - low, 0.0) for low, high, share in _FUZZ_RANGES)
    low_days = max(2, round(interval_days - delta))
    high_days = min(round(interval_days + delta), MAX_INTERVAL_DAYS)
    low_days = min(low_days, high_days)
    import hashlib  # only when fuzzing: it loads OpenSSL, which every command would pay for

    draw = int.from_bytes(hashlib.blake2b(seed.encode("utf-8"), digest_size=8).digest()) / 2**64
    return min(int(draw * (high_days - low_days + 1) + low_days), MAX_INTERVAL_DAYS)


class FsrsScheduler:
    """FSRS with a desired retention and, optionally, fuzz."""

    name = "fsrs"

    def __init__(self, desired_retention: float, fuzz: bool = True) -> None:
        if not 0.7 <= desired_retention <= 0.99:
            raise MesadrillError(f"desired_retention should be from 0.70 to 0.99, not {desired_retention}")
        self.desired_retention = desired_retention
        self.fuzz = fuzz
        self._impl = _scheduler(desired_retention)

    def review(self, state: FsrsState | None, quality: int, at: datetime, seed: str = "") -> FsrsState:
        """The state after a grade ``quality`` (0-5) given at ``at`` (aware)."""
        fsrs = self._impl_module()
        card = fsrs.Card(card_id=_CARD_ID) if state is None else self._card(state)
        rating = rating_for(quality)
        card, _ = self._impl.review_card(card, fsrs.Rating(rating), at)
        interval = max(1, round((card.due - at).total_seconds() / 86400))
        if self.fuzz:
            interval = fuzzed(interval, seed)
        return FsrsState(
            stability=float(card.stability),
            difficulty=float(card.difficulty),
            last_review=at,
            interval_days=interval,
            reps=(state.reps if state else 0) + 1,
            lapses=(state.lapses if state else 0) + (rating == 1),
        )

    def from_interval(self, interval_days: int, due: datetime) -> FsrsState:
        """A state for a schedule made elsewhere (Anki's SM-2): stability is the interval, at which FSRS
        expects 90% recall; difficulty the middle of its scale."""
        interval = max(1, interval_days)
        return FsrsState(
            stability=float(interval),
            difficulty=5.0,
            last_review=due - timedelta(days=interval),
            interval_days=interval,
        )

    def retrievability(self, state: FsrsState, at: datetime) -> float:
        """The probability of recall at ``at``, by the fsrs package's own forgetting curve."""
        return float(self._impl.get_card_retrievability(self._card(state), at))

    def _card(self, state: FsrsState) -> Any:
        """The fsrs package's card for a state of ours (one card id: the package's card is a throwaway)."""
        fsrs = self._impl_module()
        return fsrs.Card(
            card_id=_CARD_ID,
            state=fsrs.State.Review,
            stability=state.stability,
            difficulty=state.difficulty,
            due=state.last_review + timedelta(days=state.interval_days),
            last_review=state.last_review,
        )

    @staticmethod
    def _impl_module() -> Any:
        return _fsrs()
