"""The end-of-lesson quiz, independent of any front end.

Up to the lesson's ``quiz.questions`` questions are drawn from its choice,
cloze and basic items (in lesson order). Only answers short enough to type
are asked: a basic card with a long definition behind a short term is asked
the other way round ("which term is this?"), and one with two long sides is
left to reviews. A choice is answered by its number
(or its text); cloze and basic answers are typed and compared with case,
punctuation and whitespace ignored. An answer close to the expected one is a
near miss: the front end shows it, and the learner may claim it as right.

Each answer goes into the schedule as it is settled, through the review
session (committed before the next question): a wrong one as a failed review
(grade 1), a right one as a review (grade 4) only when the item was due.
``finish`` saves the attempt (score, date, every answer) in the history.
"""

from __future__ import annotations

import random
import re
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import UTC
from difflib import SequenceMatcher
from enum import StrEnum

from mesadrill.core import sm2
from mesadrill.core.cards import BasicCard, ChoiceCard, ClozeCard
from mesadrill.core.course import Course, Lesson, QuizAnswer, QuizAttempt
from mesadrill.core.model import Deck, ItemKind, ReviewItem
from mesadrill.core.records import record
from mesadrill.env.clock import Clock
from mesadrill.env.settings import Settings
from mesadrill.store import course_store
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.course import lesson_items
from mesadrill.study.review import ReviewSession

QUIZ_KINDS = (ItemKind.CHOICE, ItemKind.CLOZE, ItemKind.BASIC)
WRONG_GRADE = 1  # wrong, but recognised on seeing the answer: the item comes back soon
RIGHT_GRADE = 4
NEAR_MISS_RATIO = 0.8
TYPEABLE_WORDS = 6  # a typed answer longer than this is not asked: nobody types a definition word for word

_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces: what typed answers are compared on."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


class Verdict(StrEnum):
    RIGHT = "right"
    NEAR = "near miss"
    WRONG = "wrong"


def _short(text: str) -> bool:
    return len(normalise(text).split()) <= TYPEABLE_WORDS


def flips(item: ReviewItem) -> bool | None:
    """How a basic item is asked: False front -> back, True back -> front (a long definition
    whose front is a short term, not a question: "which term is this?"), None when neither side is
    short enough to type."""
    card = item.card
    if not isinstance(card, BasicCard):
        return False
    if _short(card.back):
        return False
    if _short(card.front) and not card.front.rstrip().endswith("?"):
        return True  # a term (not a question) behind its definition
    return None


def askable(item: ReviewItem) -> bool:
    if item.kind is ItemKind.CHOICE:
        return True
    if item.kind is ItemKind.CLOZE:
        return _short(Question(item, 0).expected)
    if item.kind is ItemKind.BASIC:
        return flips(item) is not None
    return False


@record(frozen=True, slots=True)
class Question:
    item: ReviewItem
    number: int  # 1-based
    flipped: bool = False  # a basic item asked back -> front

    @property
    def prompt(self) -> str:
        card = self.item.card
        if self.flipped and isinstance(card, BasicCard):
            return f"Which term is this?\n\n{card.back}"
        return self.item.prompt

    @property
    def choices(self) -> tuple[str, ...]:
        card = self.item.card
        return card.choices if isinstance(card, ChoiceCard) else ()

    @property
    def expected(self) -> str:
        """The answer to type (for a choice, the right option's text)."""
        card = self.item.card
        if isinstance(card, ChoiceCard):
            return card.answer
        if isinstance(card, ClozeCard):
            return " ".join(d.answer for d in card.deletions if d.number == self.item.number)
        if self.flipped and isinstance(card, BasicCard):
            return card.front
        return self.item.answer

    @property
    def explanation(self) -> str | None:
        card = self.item.card
        if isinstance(card, ChoiceCard):
            return card.explanation
        if isinstance(card, ClozeCard):
            return card.plain
        return None

    @property
    def source(self) -> str | None:
        return self.item.source

    def check(self, given: str) -> Verdict:
        choices = self.choices
        text = given.strip()
        if choices:
            if text.isdigit():
                index = int(text) - 1
                return Verdict.RIGHT if 0 <= index < len(choices) and choices[index] == self.expected else Verdict.WRONG
            return Verdict.RIGHT if normalise(text) == normalise(self.expected) else Verdict.WRONG
        typed, expected = normalise(text), normalise(self.expected)
        if typed == expected:
            return Verdict.RIGHT
        if typed and SequenceMatcher(None, typed, expected).ratio() >= NEAR_MISS_RATIO:
            return Verdict.NEAR
        return Verdict.WRONG

    def shown_answer(self, given: str) -> str:
        """What the learner gave, as shown in the results (a choice's number with its text)."""
        text = given.strip()
        if self.choices and text.isdigit() and 1 <= int(text) <= len(self.choices):
            return f"{text}. {self.choices[int(text) - 1]}"
        return text


@record(frozen=True, slots=True)
class Answered:
    question: Question
    given: str
    verdict: Verdict
    right: bool
    claimed: bool = False


def draw(lesson: Lesson, decks: Mapping[str, Deck], seed: int) -> list[ReviewItem]:
    """The quiz's items: all the lesson's quiz items when they fit, else a random draw kept in lesson order."""
    pool = [item for item in lesson_items(lesson, decks) if item.kind in QUIZ_KINDS and askable(item)]
    if len(pool) <= lesson.quiz_questions:
        return pool
    chosen = sorted(random.Random(seed).sample(range(len(pool)), lesson.quiz_questions))
    return [pool[index] for index in chosen]


class QuizSession:
    def __init__(
        self,
        store: HistoryStore,
        course: Course,
        lesson: Lesson,
        decks: Mapping[str, Deck],
        clock: Clock,
        settings: Settings,
        *,
        seed: int | None = None,
    ) -> None:
        self.store = store
        self.course = course
        self.lesson = lesson
        self.clock = clock
        self.settings = settings
        started = clock()
        self.today = sm2.study_day(started, settings.day_start_hour)
        items = draw(lesson, decks, seed if seed is not None else int(started.timestamp() * 1000))
        self.questions = [Question(item, number, bool(flips(item))) for number, item in enumerate(items, start=1)]
        self.answered: list[Answered] = []
        self._pending: Answered | None = None  # a near miss waiting for claim/decline
        self._decks = list({item.deck_id: decks[item.deck_id] for item in items}.values())
        self.attempt: QuizAttempt | None = None

    @property
    def empty(self) -> bool:
        return not self.questions

    @property
    def current(self) -> Question | None:
        if self._pending is not None:
            return self._pending.question
        index = len(self.answered)
        return self.questions[index] if index < len(self.questions) else None

    @property
    def pending(self) -> Answered | None:
        """The near miss waiting for the learner to claim it or not."""
        return self._pending

    def answer(self, given: str) -> Answered:
        """Check an answer to the current question; a near miss waits for ``claim`` or ``decline``."""
        question = self.current
        if question is None or self._pending is not None:
            raise RuntimeError("no question waiting for an answer")
        verdict = question.check(given)
        answered = Answered(question, given, verdict, verdict is Verdict.RIGHT)
        if verdict is Verdict.NEAR:
            self._pending = answered
            return answered
        self._settle(answered)
        return answered

    def claim(self) -> Answered:
        """Count the pending near miss as right."""
        return self._resolve(claimed=True)

    def decline(self) -> Answered:
        """Count the pending near miss as wrong."""
        return self._resolve(claimed=False)

    def _resolve(self, *, claimed: bool) -> Answered:
        pending = self._pending
        if pending is None:
            raise RuntimeError("no near miss to settle")
        self._pending = None
        settled = Answered(pending.question, pending.given, pending.verdict, claimed, claimed)
        self._settle(settled)
        return settled

    def _settle(self, answered: Answered) -> None:
        """Grade into the schedule (committed), then record the answer."""
        item = answered.question.item
        if answered.right:
            record = self.store.record(item.deck_id, item.item_id)
            due = record is not None and record.state.due is not None and record.state.due <= self.today
            if due:
                ReviewSession(self.store, self._decks, self.clock, self.settings, items=[item]).grade(RIGHT_GRADE)
        else:
            ReviewSession(self.store, self._decks, self.clock, self.settings, items=[item]).grade(WRONG_GRADE)
        self.answered.append(answered)

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def score(self) -> int:
        return sum(1 for a in self.answered if a.right)

    def finish(self) -> QuizAttempt:
        """Save the attempt and return it; questions not answered (the quiz was left early) count as wrong."""
        if self.attempt is not None:
            return self.attempt
        now = self.clock()
        attempt = QuizAttempt(
            attempt_id=uuid.uuid4().hex,
            course_id=self.course.id,
            lesson_id=self.lesson.id,
            taken_at=now.astimezone(UTC),
            study_day=sm2.study_day(now, self.settings.day_start_hour),
            answers=tuple(
                QuizAnswer(a.question.item.deck_id, a.question.item.item_id, a.given, a.right, a.claimed)
                for a in self.answered
            ),
            questions=len(self.questions),
        )
        course_store.save_attempt(self.store, attempt)
        self.attempt = attempt
        return attempt

    @property
    def passed(self) -> bool:
        return self.attempt is not None and self.attempt.percent >= self.lesson.quiz_pass

    def wrong(self) -> list[Answered]:
        return [a for a in self.answered if not a.right]
