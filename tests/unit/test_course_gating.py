"""Course progress and gating, on a real history database: new items follow the lessons."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from mesadrill.core.course import Course, LessonStatus
from mesadrill.core.model import Deck
from mesadrill.decks.catalog import Catalog, Origin, deck_files
from mesadrill.env.settings import Settings
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.course import gating_for, progress
from mesadrill.study.quiz import QuizSession
from mesadrill.study.review import ReviewSession
from support.cli import TEST_DATA

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SETTINGS = Settings(new_per_day=100)


def setup(tmp_path: Path) -> tuple[HistoryStore, Course, dict[str, Deck]]:
    catalog = Catalog.from_files([(path, Origin.EXTRA) for path in deck_files(TEST_DATA / "course")])
    store = HistoryStore.open(tmp_path / "history.db", today=NOW.date(), now=NOW)
    return store, catalog.courses()[0], {deck.id: deck for deck in catalog.decks()}


def new_today(store: HistoryStore, course: Course, decks: dict[str, Deck], *, gating: bool = True) -> list[str]:
    held = gating_for(store, [course], decks.values(), NOW.date(), gating)
    session = ReviewSession(store, list(decks.values()), lambda: NOW, SETTINGS, gated=held)
    return [item.item_id for item in session.queue]


def pass_quiz(store: HistoryStore, course: Course, lesson_id: str, decks: dict[str, Deck]) -> None:
    lesson = course.lesson(lesson_id)
    assert lesson is not None
    session = QuizSession(store, course, lesson, decks, lambda: NOW, SETTINGS)
    while (question := session.current) is not None:
        choices = question.choices
        session.answer(str(choices.index(question.expected) + 1) if choices else question.expected)
    attempt = session.finish()
    assert attempt.percent == 100


def test_new_items_of_later_lessons_wait_for_the_quizzes(tmp_path: Path) -> None:
    store, course, decks = setup(tmp_path)
    with store:
        lesson_one = ["feather-keratin", "down-feathers:c1", "preening-oil"]
        assert new_today(store, course, decks) == lesson_one
        pass_quiz(store, course, "feathers", decks)
        state = progress(store, course, decks, NOW.date())
        assert state.current == 1 and state.lessons[0].status is LessonStatus.PASSED
        # Lesson 2 is current: its items come in; lesson 3's ("migration-cue") still waits.
        assert "lift" in new_today(store, course, decks)
        assert "migration-cue" not in new_today(store, course, decks)
        pass_quiz(store, course, "flight", decks)
        assert progress(store, course, decks, NOW.date()).current == 2
        assert "migration-cue" in new_today(store, course, decks)


def test_gating_off_introduces_everything(tmp_path: Path) -> None:
    store, course, decks = setup(tmp_path)
    with store:
        assert "migration-cue" in new_today(store, course, decks, gating=False)


def test_items_in_no_lesson_are_never_held_back(tmp_path: Path) -> None:
    store, course, decks = setup(tmp_path)
    with store:
        # Only lesson 2 places "flapping"; dropping it from lesson 2 leaves it in no lesson.
        flight = course.lessons[1]
        trimmed = type(flight)(**{**{f: getattr(flight, f) for f in flight.__slots__}, "cards": flight.cards[:1]})
        course = Course(course.id, course.title, course.description, (course.lessons[0], trimmed, course.lessons[2]))
        queue = new_today(store, course, decks)
        assert "flapping:c1" in queue and "lift" not in queue


def test_mastered_needs_every_item_past_its_first_interval(tmp_path: Path) -> None:
    store, course, decks = setup(tmp_path)
    with store:
        pass_quiz(store, course, "feathers", decks)
        assert progress(store, course, decks, NOW.date()).lessons[0].status is LessonStatus.PASSED
        items = [decks["birds"].item(i) for i in ("feather-keratin", "down-feathers:c1", "preening-oil")]
        for day in (NOW, NOW.replace(day=3)):
            session = ReviewSession(store, [decks["birds"]], lambda day=day: day, SETTINGS, items=items)
            for _ in items:
                session.grade(5)
            if day is NOW:  # one review each: not past the first interval yet
                assert progress(store, course, decks, NOW.date()).lessons[0].status is LessonStatus.PASSED
        assert progress(store, course, decks, NOW.replace(day=3).date()).lessons[0].status is LessonStatus.MASTERED


def test_a_database_from_before_courses_gains_the_course_tables(tmp_path: Path) -> None:
    import sqlite3

    from mesadrill.store import course_store
    from mesadrill.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    before = [step.name for step in MIGRATIONS].index("courses")
    for step in MIGRATIONS[:before]:
        step.apply(db)
    db.execute(f"PRAGMA user_version = {before}")
    db.commit()
    db.close()
    store, course, decks = setup(tmp_path)
    store.close()
    with HistoryStore.open(path, today=NOW.date(), now=NOW) as old:
        assert course_store.attempts(old) == [] and course_store.reads(old) == []
        pass_quiz(old, course, "feathers", decks)
        assert [a.lesson_id for a in course_store.attempts(old)] == ["feathers"]


def test_the_quiz_asks_only_answers_short_enough_to_type() -> None:
    from mesadrill.core.cards import BasicCard
    from mesadrill.core.model import ReviewItem
    from mesadrill.study.quiz import askable, flips

    def basic(front: str, back: str) -> ReviewItem:
        from mesadrill.core.model import ItemKind

        return ReviewItem("d", "c", ItemKind.BASIC, BasicCard("c", front, back))

    long_text = "A definition far too long for anyone to type back word for word in a quiz."
    assert flips(basic("What protein are feathers made of?", "Keratin")) is False
    assert flips(basic("Base optimizer", long_text)) is True  # asked as "which term is this?"
    assert flips(basic('Why "mesa" and not "meta"?', long_text)) is None  # a question is not a term
    assert not askable(basic('Why "mesa" and not "meta"?', long_text))


def test_a_review_of_decks_no_course_uses_asks_no_course(tmp_path: Path) -> None:
    store, course, decks = setup(tmp_path)
    with store:
        used = {ref.deck_id for lesson in course.lessons for ref in (*lesson.cards, *lesson.key_terms)}
        some = sorted(used)[0]
        held = gating_for(store, [course], decks.values(), NOW.date(), True, reviewing=[some])
        assert "migration-cue" in {item_id for _, item_id in held}  # a deck of the course: its later lessons wait
        assert gating_for(store, [course], decks.values(), NOW.date(), True, reviewing=["no-such-deck"]) == set()


def test_lesson_keys_from_ids_alone_match_the_items_of_each_lesson(tmp_path: Path) -> None:
    """Progress, gating and the map read lessons as keys without building cards: the same keys, in order."""
    from mesadrill.decks import load as deck_loader
    from mesadrill.study.course import lesson_items, lessons_keys

    folders = [TEST_DATA / "course", Path(__file__).parents[2] / "decks"]
    for folder in folders:
        files = [(path, Origin.EXTRA) for path in deck_files(folder)]
        indexed = Catalog.from_files(files)  # decks on the deck index: their cards are not loaded
        in_memory = Catalog.from_files(files, deck_loader.load_deck_file)
        for catalog in (indexed, in_memory):
            decks = {deck.id: deck for deck in catalog.decks()}
            for course in catalog.courses():
                expected = [[item.key for item in lesson_items(lesson, decks)] for lesson in course.lessons]
                assert lessons_keys(course.lessons, decks) == expected
                assert any(len(keys) > 1 for keys in expected)
        for deck in indexed.decks():
            assert deck.item_ids() == [item.item_id for item in deck.items]
