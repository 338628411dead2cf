"""The course in the app, headless: the map as home, the lesson screen, the quiz, ask, and 80x24 snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, OptionList

from mesadrill.core.course import LessonStatus
from mesadrill.decks.catalog import Catalog, Origin, deck_files
from mesadrill.store import course_store
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.course import progress
from mesadrill.study.runtime import Runtime
from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.ask import AskScreen
from mesadrill.tui.screens.card_peek import CardPeekScreen
from mesadrill.tui.screens.course_map import CourseMapScreen
from mesadrill.tui.screens.lesson import LessonScreen
from mesadrill.tui.screens.quiz import QuizScreen
from mesadrill.tui.screens.review import ReviewScreen
from support.cli import TEST_DATA
from support.tui import make_runtime, open_store, text_of, write_deck


@pytest.fixture
def course_app(tmp_path: Path) -> Iterator[tuple[Runtime, HistoryStore]]:
    folder = tmp_path / "course"
    shutil.copytree(TEST_DATA / "course", folder)
    extra = write_deck(tmp_path, "loose", title="A deck in no course")
    runtime = make_runtime([*deck_files(folder), extra])
    with open_store(runtime, tmp_path) as store:
        yield runtime, store


def lesson_of(runtime: Runtime, lesson_id: str) -> LessonScreen:
    course = runtime.catalog.courses()[0]
    lesson = course.lesson(lesson_id)
    assert lesson is not None
    return LessonScreen(course, lesson)


async def test_the_map_is_home_and_enter_opens_the_current_lesson(course_app: tuple[Runtime, HistoryStore]) -> None:
    runtime, store = course_app
    app = MesadrillApp(runtime, store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, CourseMapScreen)
        assert "Birdwatching basics  Day 1 of 6" in text_of(app, "#map-title")
        assert [deck.id for deck in app.screen.others] == ["loose"]
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "feathers"
        assert "Lesson 1 of 3: Feathers" in text_of(app, "#lesson-title")
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("tab", "enter")  # the deck in no course reviews as before
        assert isinstance(app.screen, ReviewScreen)


async def test_the_lesson_screen_shows_the_reading_terms_and_related(course_app: tuple[Runtime, HistoryStore]) -> None:
    runtime, store = course_app
    app = MesadrillApp(runtime, store, lambda app: lesson_of(runtime, "feathers"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert screen.query_one("#reading", Markdown).source.startswith("# Feathers")
        assert "What feathers are made of" in text_of(app, "#covers")
        await pilot.press("end")
        await pilot.pause()
        assert screen.marked_read
        assert text_of(app, "#lesson-status").startswith("read")
        await pilot.press("t", "enter")
        assert isinstance(app.screen, CardPeekScreen)
        assert "Keratin" in str(app.screen.query_one("#peek").render())
        await pilot.press("escape", "r", "enter")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "flight"
    state = progress(store, runtime.catalog.courses()[0], {d.id: d for d in runtime.catalog.decks()}, runtime.today())
    assert state.lessons[0].status is LessonStatus.READ


async def test_the_quiz_from_the_lesson_saves_the_score(course_app: tuple[Runtime, HistoryStore]) -> None:
    runtime, store = course_app
    app = MesadrillApp(runtime, store, lambda app: lesson_of(runtime, "feathers"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        assert isinstance(app.screen, QuizScreen)
        await pilot.press(*"keratine", "enter")  # a near miss: claimed with y
        assert "Near miss" in text_of(app, "#feedback")
        await pilot.press("y")
        await pilot.press(*"Up", "enter")
        assert "wrong. The answer: Down" in text_of(app, "#feedback")
        await pilot.press("1", "enter")
        assert "Score: 2/3 (66%): passed" in text_of(app, "#question")
        assert "Q2. [...] feathers trap air close to the skin." in text_of(app, "#question")
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)
        assert "best quiz 66%" in text_of(app, "#lesson-status")
    (attempt,) = course_store.attempts(store, "birdwatch", "feathers")
    assert [(a.item_id, a.right, a.claimed) for a in attempt.answers] == [
        ("feather-keratin", True, True),
        ("down-feathers:c1", False, False),
        ("preening-oil", True, False),
    ]


async def test_ask_from_the_lesson_finds_and_opens_a_passage(course_app: tuple[Runtime, HistoryStore]) -> None:
    runtime, store = course_app
    app = MesadrillApp(runtime, store, lambda app: lesson_of(runtime, "feathers"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, AskScreen)
        app.screen.query_one("#question", Input).value = "How do robins find their way at night?"
        await pilot.press("enter")
        options = app.screen.query_one("#answers", OptionList)
        first = options.get_option_at_index(0)
        assert "Migration · Finding the way" in str(first.prompt)
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "migration"
        assert app.screen.heading == "Finding the way"  # opened at the passage found


async def test_w_in_a_review_opens_the_cards_lesson(course_app: tuple[Runtime, HistoryStore]) -> None:
    runtime, store = course_app
    from textual.containers import VerticalScroll

    birds = runtime.catalog.find("birds")
    app = MesadrillApp(runtime, store, lambda app: ReviewScreen.for_decks(app, [birds]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")  # the first card: "What protein are feathers made of?" / "Keratin"
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "feathers"
        assert app.screen.heading == "What feathers are made of"
        await pilot.press("escape", "space", "5", "space", "5", "w")  # the choice card about preening oil
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.heading == "Preening"
        assert app.screen.query_one("#lesson-body", VerticalScroll).scroll_y > 0  # scrolled to the passage


@pytest.fixture
def snap_setup(
    course_app: tuple[Runtime, HistoryStore], monkeypatch: pytest.MonkeyPatch
) -> tuple[Runtime, HistoryStore]:
    monkeypatch.delenv("NO_COLOR")
    return course_app


def test_course_map_snapshot(snap_compare, snap_setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = snap_setup
    assert snap_compare(MesadrillApp(runtime, store), terminal_size=(80, 24))


def test_lesson_snapshot(snap_compare, snap_setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = snap_setup
    assert snap_compare(MesadrillApp(runtime, store, lambda app: lesson_of(runtime, "flight")), terminal_size=(80, 24))


def test_quiz_score_snapshot(snap_compare, snap_setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = snap_setup
    app = MesadrillApp(runtime, store, lambda app: lesson_of(runtime, "feathers"))
    keys = ["q", *"keratin", "enter", *"up", "enter", "2", "enter"]
    assert snap_compare(app, press=keys, terminal_size=(80, 24))


async def test_d_drills_the_lessons_interview_prompts(course_app: tuple[Runtime, HistoryStore]) -> None:
    from mesadrill.tui.screens.drill import DrillScreen

    runtime, store = course_app
    app = MesadrillApp(runtime, store, lambda app: lesson_of(runtime, "migration"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, DrillScreen)
        assert [item.item_id for item in app.screen.session.review.queue] == ["explain-migration"]


async def test_course_text_is_shown_literally_and_long_readings_get_contents(tmp_path: Path) -> None:
    from textual.widgets import MarkdownViewer

    deck = write_deck(tmp_path, "d")
    sections = "".join(f"## Part {n}\\n\\nText of part {n}.\\n\\n" for n in range(1, 40))
    (tmp_path / "hostile.yaml").write_text(
        "course: hostile\ntitle: '[bold red]Boom[/] $x'\ndescription: d\nlessons:\n"
        "  - id: one\n    title: '[link=http://x]click[/link]'\n    summary: s\n"
        f'    reading: "# Long\\n\\n{sections}"\n    cards: [d]\n',
        encoding="utf-8",
    )
    runtime = make_runtime([deck, tmp_path / "hostile.yaml"])
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            assert "[bold red]Boom[/] $x" in text_of(app, "#map-title")
            await pilot.press("enter")
            assert "[link=http://x]click[/link]" in text_of(app, "#lesson-title")
            assert app.screen.query_one("#reading", MarkdownViewer).show_table_of_contents


async def test_c_switches_between_courses(course_app: tuple[Runtime, HistoryStore], tmp_path: Path) -> None:
    from mesadrill.decks.catalog import Catalog, Origin

    runtime, store = course_app
    extra = tmp_path / "second.yaml"
    extra.write_text(
        "course: second\ntitle: Second course\ndescription: d\nlessons:\n"
        '  - {id: only, title: Only lesson, summary: s, reading: "# Only\\n\\nText.\\n", cards: [birds]}\n',
        encoding="utf-8",
    )
    files = [(entry.path, Origin.EXTRA) for entry in runtime.catalog.entries] + [(extra, Origin.EXTRA)]
    files += [(path, Origin.EXTRA) for path, _ in runtime.catalog.course_files]
    runtime.__dict__["catalog"] = Catalog.from_files(files)
    app = MesadrillApp(runtime, store)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen
        assert isinstance(first, CourseMapScreen)
        shown = first.course.id
        await pilot.press("c")
        assert first.course.id != shown
        assert {shown, first.course.id} == {"birdwatch", "second"}


async def test_decks_in_no_course_appear_on_the_map_once_there_are_some(tmp_path: Path) -> None:
    """With every deck in the course there is no such list; a deck added meanwhile shows on coming back."""
    folder = tmp_path / "course"
    shutil.copytree(TEST_DATA / "course", folder)
    runtime = make_runtime([])
    runtime.discover = lambda: Catalog.from_files([(path, Origin.EXTRA) for path in deck_files(folder)])
    with open_store(runtime, tmp_path) as store:
        app = MesadrillApp(runtime, store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, CourseMapScreen)
            assert screen.others == [] and not screen.query("#others")
            write_deck(folder, "loose", title="A deck in no course")
            app.reload_catalog()
            await pilot.press("question_mark")
            await pilot.press("escape")
            assert app.screen is screen
            assert [deck.id for deck in screen.others] == ["loose"]
            assert "Decks in no course" in text_of(app, "#others-title")
            await pilot.press("tab", "enter")  # it reviews as before
            assert isinstance(app.screen, ReviewScreen)


async def test_a_deck_review_in_the_app_holds_back_lessons_not_reached(
    course_app: tuple[Runtime, HistoryStore],
) -> None:
    runtime, store = course_app
    birds = runtime.catalog.find_all(["birds"])
    app = MesadrillApp(runtime, store)
    async with app.run_test(size=(80, 24)):
        assert ReviewScreen.for_decks(app, birds).session.total == 3  # lesson 1's three, not all nine
        runtime.settings = replace(runtime.settings, course_gating=False)
        assert ReviewScreen.for_decks(app, birds).session.total == 9
