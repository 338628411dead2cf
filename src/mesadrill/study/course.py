"""A learner's path through a course: each lesson's items, progress, the current lesson and gating.

No SQL and no UI: reads go through ``store.course_store`` and the history
store, and the front ends (map, lesson screen, ``mesadrill course``) show
what this computes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from itertools import repeat
from operator import itemgetter, methodcaller

from mesadrill.core.course import (
    Course,
    Lesson,
    LessonStatus,
    QuizAttempt,
    Ref,
    current_lesson,
    day_of,
    lesson_status,
)
from mesadrill.core.model import Deck, ReviewItem
from mesadrill.core.records import record
from mesadrill.store import course_store
from mesadrill.store.history_store import HistoryStore


def lesson_items(lesson: Lesson, decks: Mapping[str, Deck]) -> list[ReviewItem]:
    """The review items of the lesson's ``cards`` (whole decks or DECK:CARD), then of its key terms
    and interview prompts not already among them, each once, in order.

    References that do not resolve are skipped (``mesadrill lint`` reports them).
    """
    by_card: dict[str, dict[str, list[ReviewItem]]] = {}  # per deck, its items by card id: one pass, not one a ref
    found: dict[tuple[str, str], ReviewItem] = {}
    for ref in _refs(lesson):
        deck = decks.get(ref.deck_id)
        if deck is None:
            continue
        if ref.card_id is None:
            items: Iterable[ReviewItem] = deck.items
        else:
            index = by_card.get(deck.id)
            if index is None:
                index = by_card[deck.id] = {}
                for item in deck.items:
                    index.setdefault(item.card.id, []).append(item)
            items = index.get(ref.card_id, ())
        for item in items:
            found.setdefault(item.key, item)
    return list(found.values())


Key = tuple[str, str]  # (deck id, item id)


def lessons_keys(lessons: Sequence[Lesson], decks: Mapping[str, Deck]) -> list[list[Key]]:
    """The keys of each lesson's ``lesson_items``, in the same order, from item ids alone.

    What progress, gating and the course map need: no card is built, so a
    deck on the deck index is read as its ids. An item's card is its id up
    to any ":" (``study.siblings.card_of``), and a card's items stand
    together in the deck's order, so a card's items are the run of ids from
    the first with its card. Every pass over a deck's ids runs in C.
    """
    found: list[list[Key]] = []
    ids: dict[str, list[str]] = {}
    cards: dict[str, tuple[list[str], dict[str, int]]] = {}  # per deck: each id's card, each card's first index
    for lesson in lessons:
        keys: dict[Key, None] = {}
        for ref in _refs(lesson):
            deck = decks.get(ref.deck_id)
            if deck is None:
                continue
            of_deck = ids.get(deck.id)
            if of_deck is None:
                of_deck = ids[deck.id] = deck.item_ids()
            chosen: Sequence[str] = of_deck
            if ref.card_id is not None:
                known = cards.get(deck.id)
                if known is None:
                    of_item = list(map(itemgetter(0), map(methodcaller("partition", ":"), of_deck)))
                    first = dict(zip(reversed(of_item), range(len(of_item) - 1, -1, -1), strict=True))
                    known = cards[deck.id] = (of_item, first)
                of_item, first = known
                start = end = first.get(ref.card_id, len(of_item))
                while end < len(of_item) and of_item[end] == ref.card_id:
                    end += 1
                chosen = of_deck[start:end]
            keys.update(dict.fromkeys(zip(repeat(deck.id), chosen)))
        found.append(list(keys))
    return found


def card_items(refs: Iterable[object], decks: Mapping[str, Deck]) -> list[ReviewItem]:
    """The first review item of each DECK:CARD reference that resolves (key terms, interview prompts)."""
    found: list[ReviewItem] = []
    for ref in refs:
        deck = decks.get(getattr(ref, "deck_id", ""))
        card_id = getattr(ref, "card_id", None)
        if deck is None or card_id is None:
            continue
        for item in deck.items:
            if item.card.id == card_id:
                found.append(item)
                break
    return found


@record(frozen=True, slots=True)
class LessonProgress:
    lesson: Lesson
    number: int  # 1-based
    status: LessonStatus
    read: bool
    best: int | None  # best quiz score, percent
    latest: int | None
    attempts: int
    items: int
    new: int  # never reviewed
    due: int  # due today or earlier


@record(frozen=True, slots=True)
class CourseProgress:
    course: Course
    lessons: tuple[LessonProgress, ...]
    current: int  # index of the current lesson
    day: tuple[int, int] | None  # "Day N of M"

    @property
    def current_lesson(self) -> LessonProgress:
        return self.lessons[self.current]

    def lesson(self, lesson_id: str) -> LessonProgress | None:
        for progress in self.lessons:
            if progress.lesson.id == lesson_id:
                return progress
        return None


def progress(store: HistoryStore, course: Course, decks: Mapping[str, Deck], today: date) -> CourseProgress:
    """Where the learner stands on every lesson of the course."""
    return _progress(store, course, lessons_keys(course.lessons, decks), today)


def _progress(store: HistoryStore, course: Course, per_lesson: Sequence[list[Key]], today: date) -> CourseProgress:
    """``progress``, given the keys of each lesson's items (``lessons_keys``)."""
    attempts_by_lesson: dict[str, list[QuizAttempt]] = {}
    for attempt in course_store.attempts(store, course.id):
        attempts_by_lesson.setdefault(attempt.lesson_id, []).append(attempt)
    read = {r.lesson_id for r in course_store.reads(store, course.id)}
    records: dict[str, dict[str, object]] = {}
    lessons: list[LessonProgress] = []
    all_keys: list[Key] = []
    for number, (lesson, keys) in enumerate(zip(course.lessons, per_lesson, strict=True), start=1):
        all_keys.extend(keys)
        new = due = 0
        mastered = bool(keys)
        for deck_id, item_id in keys:
            if deck_id not in records:
                records[deck_id] = dict(store.records(deck_id))
            record = records[deck_id].get(item_id)
            state = getattr(record, "state", None)
            if state is None:
                new += 1
                mastered = False
                continue
            if state.due is not None and state.due <= today:
                due += 1
            if state.repetitions < 2:
                mastered = False
        done = attempts_by_lesson.get(lesson.id, [])
        best = max((a.percent for a in done), default=None)
        latest = done[-1].percent if done else None
        status = lesson_status(
            read=lesson.id in read, best_percent=best, pass_percent=lesson.quiz_pass, mastered=mastered
        )
        lessons.append(
            LessonProgress(lesson, number, status, lesson.id in read, best, latest, len(done), len(keys), new, due)
        )
    current = current_lesson([p.status for p in lessons])
    first = course_store.first_activity(store, course.id, all_keys)
    day = day_of(course.days, (today - first).days if first is not None else 0)
    return CourseProgress(course, tuple(lessons), current, day)


def gated(
    store: HistoryStore, courses: Iterable[Course], decks: Mapping[str, Deck], today: date
) -> set[tuple[str, str]]:
    """Items not to introduce yet: those of lessons after each course's current one.

    An item that also belongs to a lesson up to the current one is not held
    back; items in no course are never held back.
    """
    held: set[tuple[str, str]] = set()
    for course in courses:
        per_lesson = lessons_keys(course.lessons, decks)
        state = _progress(store, course, per_lesson, today)
        allowed: set[Key] = set()
        later: set[Key] = set()
        for index, keys in enumerate(per_lesson):
            (allowed if index <= state.current else later).update(keys)
        held |= later - allowed
    return held


def gating_for(
    store: HistoryStore,
    courses: Iterable[Course],
    decks: Iterable[Deck],
    today: date,
    enabled: bool,
    reviewing: Collection[str] | None = None,
) -> set[tuple[str, str]]:
    """``gated`` when course gating is on (the ``course_gating`` setting), else nothing.

    ``reviewing``: the ids of the decks about to be reviewed; courses none of
    whose lessons use them are not asked (a course's progress reads its whole
    history, which a review of another deck does not need).
    """
    if not enabled:
        return set()
    if reviewing is not None:
        wanted = set(reviewing)
        courses = [c for c in courses if any(ref.deck_id in wanted for lesson in c.lessons for ref in _refs(lesson))]
    return gated(store, courses, {deck.id: deck for deck in decks}, today)


def _refs(lesson: Lesson) -> tuple[Ref, ...]:
    return (*lesson.cards, *lesson.key_terms, *lesson.interview)


def course_of(courses: Iterable[Course], lesson_ref: str) -> tuple[Course, Lesson] | None:
    """A lesson by ``LESSON`` or ``COURSE:LESSON``, in the first course that has it."""
    course_id, colon, lesson_id = lesson_ref.rpartition(":")
    for course in courses:
        if colon and course.id != course_id:
            continue
        lesson = course.lesson(lesson_id)
        if lesson is not None:
            return course, lesson
    return None


def lesson_of_item(
    courses: Iterable[Course], decks: Mapping[str, Deck], key: tuple[str, str]
) -> tuple[Course, Lesson] | None:
    """The first lesson whose cards include the item: where a card was drawn from."""
    for course in courses:
        for lesson in course.lessons:
            if any(item.key == key for item in lesson_items(lesson, decks)):
                return course, lesson
    return None
