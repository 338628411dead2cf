"""A hypothesis state machine: three data folders grading, undoing, taking quizzes and syncing in any interleaving.

After any run, one more round of syncs leaves all three with the same log,
the same records, the records a replay of the union of their events gives,
and the same quiz attempts (each once) and lessons read.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from mesadrill.core import history
from mesadrill.core.course import LessonRead, QuizAnswer, QuizAttempt
from mesadrill.core.history import EventKind, ReviewEvent
from mesadrill.core.sm2 import NEW
from mesadrill.store import course_store
from mesadrill.store.history_store import HistoryStore
from mesadrill.store.sync_target import FolderTarget
from mesadrill.study.sync import sync

DAY = date(2026, 1, 5)
MACHINES = 3


class ThreeMachines(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="mesadrill-interleave-"))
        self.target = self.root / "target"
        self.target.mkdir()
        self.now = datetime(2026, 1, 5, 9, tzinfo=UTC)
        self.ids = itertools.count()
        self.stores = [
            HistoryStore.open(self.root / f"m{n}" / "history.db", today=DAY, now=self.now) for n in range(MACHINES)
        ]
        self.grades: list[list[str]] = [[] for _ in range(MACHINES)]
        self.attempts: set[str] = set()

    def clock(self) -> datetime:
        return self.now

    @rule(
        machine=st.integers(0, MACHINES - 1),
        item=st.sampled_from(["a", "b", "c"]),
        quality=st.integers(0, 5),
        later=st.sampled_from([0, 1, 60, 60 * 20]),  # same instant, a minute, an hour, most of a day
    )
    def grade(self, machine: int, item: str, quality: int, later: int) -> None:
        self.now += timedelta(minutes=later)
        day = (self.now - timedelta(hours=4)).date()
        event = ReviewEvent(f"{next(self.ids):06d}-{machine}", "d", item, self.now, day, quality, EventKind.REVIEW, NEW)
        saved = self.stores[machine].record_grade(event)
        self.grades[machine].append(saved.event_id)

    @rule(machine=st.integers(0, MACHINES - 1), lesson=st.sampled_from(["l1", "l2"]), right=st.booleans())
    def quiz(self, machine: int, lesson: str, right: bool) -> None:
        day = (self.now - timedelta(hours=4)).date()
        attempt_id = f"{next(self.ids):06d}-q{machine}"
        answers = (QuizAnswer("d", "a", "typed", right),)
        course_store.save_attempt(self.stores[machine], QuizAttempt(attempt_id, "c", lesson, self.now, day, answers, 2))
        self.attempts.add(attempt_id)

    @rule(machine=st.integers(0, MACHINES - 1), lesson=st.sampled_from(["l1", "l2"]))
    def read(self, machine: int, lesson: str) -> None:
        day = (self.now - timedelta(hours=4)).date()
        course_store.mark_read(self.stores[machine], LessonRead("c", lesson, self.now, day))

    @precondition(lambda self: any(self.grades))
    @rule(machine=st.integers(0, MACHINES - 1))
    def undo_last(self, machine: int) -> None:
        if not self.grades[machine]:
            return
        target = self.grades[machine].pop()
        day = (self.now - timedelta(hours=4)).date()
        self.stores[machine].undo(target, undo_id=f"{next(self.ids):06d}-u{machine}", at=self.now, study_day=day)

    @rule(machine=st.integers(0, MACHINES - 1))
    def sync_one(self, machine: int) -> None:
        report = sync(self.stores[machine], FolderTarget(self.target), self.root / f"m{machine}", self.clock)
        assert report.problems == []

    @invariant()
    def records_are_a_replay_of_each_log(self) -> None:
        for store in self.stores:
            events = list(store.events())
            records = {key: store.record(*key) for key in store.item_keys()}
            assert records == history.replay(events)

    def teardown(self) -> None:
        try:
            for _ in range(2):
                for machine in range(MACHINES):
                    self.sync_one(machine)
            logs = [list(store.events()) for store in self.stores]
            assert logs[0] == logs[1] == logs[2]
            records = [{key: store.record(*key) for key in store.item_keys()} for store in self.stores]
            assert records[0] == records[1] == records[2] == history.replay(logs[0])
            attempts = [course_store.attempts(store) for store in self.stores]
            assert attempts[0] == attempts[1] == attempts[2]
            assert sorted(a.attempt_id for a in attempts[0]) == sorted(self.attempts)  # each once
            reads = [course_store.reads(store) for store in self.stores]
            assert reads[0] == reads[1] == reads[2]
        finally:
            for store in self.stores:
                store.close()
            shutil.rmtree(self.root, ignore_errors=True)


ThreeMachines.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestThreeMachines = ThreeMachines.TestCase
