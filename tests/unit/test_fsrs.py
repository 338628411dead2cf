"""The FSRS adapter against the fsrs package's own Scheduler: golden traces, the grade map, fuzz."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mesadrill.core.fsrs_adapter import FsrsScheduler, FsrsState, fuzzed, rating_for
from mesadrill.core.history import EventKind, ReviewEvent
from mesadrill.core.scheduling import Scheduling
from mesadrill.core.sm2 import Sm2State

fsrs = pytest.importorskip("fsrs")

START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
# Five cards over 60 days: (day offset, hour, quality), with lapses (quality <= 2) and same-day repeats.
TRACES = {
    "steady": [(0, 0, 4), (1, 2, 4), (4, 0, 5), (14, 1, 4), (40, 3, 4)],
    "lapses": [(0, 0, 3), (2, 0, 1), (2, 1, 4), (4, 0, 4), (10, 0, 2), (11, 0, 4), (20, 0, 4), (45, 0, 4)],
    "easy": [(0, 0, 5), (8, 0, 5), (40, 0, 5)],
    "hard": [(0, 0, 0), (0, 0, 3), (1, 0, 3), (3, 0, 3), (7, 0, 3), (15, 0, 3), (30, 0, 3), (59, 0, 3)],
    "mixed": [(0, 0, 4), (3, 0, 0), (3, 2, 2), (3, 5, 4), (5, 0, 5), (20, 0, 1), (21, 0, 4), (33, 0, 4), (58, 0, 5)],
}


def reference(trace: list[tuple[int, int, int]], retention: float) -> list[tuple[float, float, int]]:
    """(stability, difficulty, interval days) after each review, from fsrs's own Scheduler."""
    scheduler = fsrs.Scheduler(
        desired_retention=retention, learning_steps=(), relearning_steps=(), enable_fuzzing=False
    )
    card = fsrs.Card(card_id=1)
    out = []
    for day, hour, quality in trace:
        at = START + timedelta(days=day, hours=hour)
        card, _ = scheduler.review_card(card, fsrs.Rating(rating_for(quality)), at)
        out.append((card.stability, card.difficulty, round((card.due - at) / timedelta(days=1))))
    return out


@pytest.mark.parametrize("retention", [0.9, 0.8])
@pytest.mark.parametrize("name", sorted(TRACES))
def test_golden_traces_match_the_fsrs_scheduler(name: str, retention: float) -> None:
    ours = FsrsScheduler(retention, fuzz=False)
    state: FsrsState | None = None
    for (day, hour, quality), (stability, difficulty, interval) in zip(
        TRACES[name], reference(TRACES[name], retention), strict=True
    ):
        state = ours.review(state, quality, START + timedelta(days=day, hours=hour))
        assert state.stability == pytest.approx(stability, rel=1e-12)
        assert state.difficulty == pytest.approx(difficulty, rel=1e-12)
        assert state.interval_days == interval


def test_the_fold_gives_due_dates_from_the_study_day() -> None:
    moments = [(START + timedelta(days=day, hours=hour), q) for day, hour, q in TRACES["steady"]]
    events = [
        ReviewEvent(f"e{i}", "d", "x", at, at.date(), q, EventKind.REVIEW, Sm2State())
        for i, (at, q) in enumerate(moments)
    ]
    record = Scheduling("fsrs", fuzz=False).replay(events)[("d", "x")]
    expected = reference(TRACES["steady"], 0.9)[-1][2]
    assert record.state.interval_days == expected
    assert record.state.due == date(2026, 1, 5) + timedelta(days=40 + expected)
    assert record.reviews == 5 and record.lapses == 0


def test_grades_map_to_ratings() -> None:
    assert [rating_for(q) for q in range(6)] == [1, 1, 1, 2, 3, 4]
    with pytest.raises(ValueError):
        rating_for(6)


def test_fuzz_stays_in_fsrs_ranges_and_is_the_same_every_time() -> None:
    assert fuzzed(2, "any") == 2
    for interval in (3, 10, 30, 100, 1000):
        draws = {fuzzed(interval, f"event-{i}") for i in range(300)}
        assert fuzzed(interval, "event-1") == fuzzed(interval, "event-1")
        assert len(draws) > 1
        assert min(draws) >= max(2, round(interval * 0.8) - 1) and max(draws) <= round(interval * 1.2) + 1


def test_retrievability_is_fsrs_s_own() -> None:
    ours = FsrsScheduler(0.9, fuzz=False)
    state = ours.review(None, 4, START)
    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card, _ = scheduler.review_card(fsrs.Card(card_id=1), fsrs.Rating.Good, START)
    later = START + timedelta(days=3)
    assert ours.retrievability(state, later) == pytest.approx(scheduler.get_card_retrievability(card, later))
    assert ours.retrievability(state, START) == pytest.approx(1.0)


def test_grades_written_under_fsrs_give_the_records_a_replay_of_the_log_gives(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mesadrill.core.scheduling import DeckSchedulers
    from mesadrill.store.history_store import HistoryStore
    from support.history import grade_event

    schedulers = DeckSchedulers(Scheduling("fsrs", fuzz=True), (("other", "sm2"),))
    with HistoryStore.open(tmp_path / "history.db", today=START.date(), now=START) as store:
        store.reschedule = schedulers.schedule_folded  # as Runtime.open_store sets it under FSRS
        for name, trace in TRACES.items():
            for deck in ("d", "other"):
                for day, hour, quality in trace:
                    day_of = START.date() + timedelta(days=day)
                    store.record_grade(grade_event(name, quality, day=day_of, seconds=hour * 3600, deck_id=deck))
        live = {(deck, item): r for deck in ("d", "other") for item, r in store.records(deck).items()}
        replayed = schedulers.replay(store.events())
    assert live == replayed
    # FSRS for one deck, SM-2 for the other: the same grades, another schedule.
    assert live[("d", "steady")].state.interval_days != live[("other", "steady")].state.interval_days
