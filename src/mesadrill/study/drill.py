"""An interview drill session, independent of any front end.

A drill asks interview items: the learner answers (aloud or typed) against
the card's time limit, may answer the interviewer's follow-ups, then sees the
model answer with the key points pre-ticked from the typed text (see
``drill_rules.covered_points``), corrects the ticks, and grades. The grade goes
through the review session, so it is committed before the next prompt, and
the attempt (text, time, points) is stored with it as a drill event.

With nothing due, a drill practises every interview item instead: a
candidate before an interview wants to rehearse, due or not. A mock
interview asks N prompts in a row and gives feedback only at the end.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import field
from datetime import datetime

from mesadrill.core import drill_rules
from mesadrill.core.cards import InterviewCard
from mesadrill.core.history import DrillDetails
from mesadrill.core.model import Deck, ItemKind, ReviewItem
from mesadrill.core.records import record
from mesadrill.env.clock import Clock
from mesadrill.env.settings import Settings
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.review import ReviewSession
from mesadrill.study.session_records import Graded
from mesadrill.study.tags import has_tag


@record(slots=True)
class Attempt:
    """One answer to one prompt, from the first second to the grade."""

    item: ReviewItem
    started: datetime
    answer_text: str = ""
    seconds: float = 0.0
    follow_ups: list[tuple[str, str]] = field(default_factory=list)  # (question, answer typed or "")
    ticks: list[bool] = field(default_factory=list)
    finished: bool = False  # the answer (and follow-ups) are in
    quality: int | None = None  # the grade given, once committed
    ticked_by_hand: bool = False  # the learner has corrected the ticks

    @property
    def card(self) -> InterviewCard:
        card = self.item.card
        assert isinstance(card, InterviewCard)
        return card

    @property
    def covered(self) -> int:
        return sum(self.ticks)

    @property
    def overrun(self) -> float:
        return max(0.0, self.seconds - self.card.time_limit)

    def toggle(self, index: int) -> None:
        self.ticks[index] = not self.ticks[index]
        self.ticked_by_hand = True

    def suggestion(self) -> int | None:
        """The suggested grade; None for an answer given aloud until its points are ticked.

        Nothing was typed to pre-tick from, so "0 points" would only mean
        "not ticked yet", not "none made".
        """
        typed = self.answer_text or any(answer for _, answer in self.follow_ups)
        if not typed and not self.ticked_by_hand:
            return None
        return self.suggested_grade()

    def suggested_grade(self) -> int:
        return drill_rules.suggest_grade(self.covered, len(self.ticks), self.seconds, self.card.time_limit)

    def details(self) -> DrillDetails:
        return DrillDetails(
            answer_text=self.answer_text or None,
            points_total=len(self.ticks),
            points_covered=tuple(i for i, ticked in enumerate(self.ticks) if ticked),
            time_limit_s=self.card.time_limit,
            follow_up_answers=tuple(answer for _, answer in self.follow_ups),
        )


class DrillSession:
    def __init__(
        self,
        store: HistoryStore,
        decks: Sequence[Deck],
        clock: Clock,
        settings: Settings,
        *,
        mock: int | None = None,
        new_per_day: int | None = None,
        tags: Collection[str] = (),
    ) -> None:
        self.clock = clock
        kinds = {ItemKind.INTERVIEW}
        scheduled = ReviewSession(store, decks, clock, settings, new_per_day=new_per_day, kinds=kinds, tags=tags)
        self.practice = scheduled.done
        everything = [
            item
            for deck in decks
            for item in deck.items
            if item.kind is ItemKind.INTERVIEW and (not tags or any(has_tag(item, deck.tags, t) for t in tags))
        ]
        if mock is not None:
            chosen = list(scheduled.queue[:mock])
            chosen += [item for item in everything if item not in chosen][: mock - len(chosen)]
            self.review = scheduled.asking(chosen)
        elif self.practice:
            self.review = scheduled.asking(everything)
        else:
            self.review = scheduled
        self.mock = mock
        self.attempts: list[Attempt] = []

    @property
    def decks(self) -> list[Deck]:
        return self.review.decks

    @property
    def empty(self) -> bool:
        return self.review.done and not self.attempts

    @property
    def total(self) -> int:
        return self.review.total

    def next_prompt(self) -> ReviewItem | None:
        """The item to answer next: in a mock, every prompt comes before any grading."""
        if self.mock is not None:
            index = len(self.attempts)
            return self.review.queue[index] if index < len(self.review.queue) and index < self.mock else None
        return self.review.current

    def start(self) -> Attempt:
        item = self.next_prompt()
        if item is None:
            raise RuntimeError("no prompt left to answer")
        attempt = Attempt(item, self.clock())
        self.attempts.append(attempt)
        return attempt

    def elapsed(self, attempt: Attempt) -> float:
        return (self.clock() - attempt.started).total_seconds()

    def finish_answer(self, attempt: Attempt, typed: str) -> None:
        """Stop the clock on the main answer and pre-tick the points it covers."""
        attempt.seconds = self.elapsed(attempt)
        attempt.answer_text = typed.strip()
        key_points = attempt.card.key_points
        attempt.ticks = (
            drill_rules.covered_points(attempt.answer_text, key_points)
            if attempt.answer_text
            else [False] * len(key_points)
        )

    def complete(self, attempt: Attempt) -> None:
        """The answer and any follow-ups are in: the attempt waits for its grade."""
        attempt.finished = True

    def answer_follow_up(self, attempt: Attempt, question: str, typed: str) -> None:
        attempt.follow_ups.append((question, typed.strip()))
        if typed.strip():
            # A point made in a follow-up answer still counts as covered.
            extra = drill_rules.covered_points(typed, attempt.card.key_points)
            attempt.ticks = [a or b for a, b in zip(attempt.ticks, extra, strict=True)]

    def to_grade(self) -> list[Attempt]:
        """Finished attempts not graded yet, in the order answered."""
        return [a for a in self.attempts if a.finished and a.quality is None]

    def grade(self, attempt: Attempt, quality: int) -> Graded:
        """Commit the grade with the attempt; the item must be the review session's current one."""
        if self.review.current is None or self.review.current.key != attempt.item.key:
            raise RuntimeError("attempts are graded in the order they were answered")
        graded = self.review.grade(quality, duration_ms=int(attempt.seconds * 1000), drill=attempt.details())
        attempt.quality = quality
        return graded
