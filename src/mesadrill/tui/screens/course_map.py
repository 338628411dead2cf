"""The course map, the home screen when a course is present.

Lessons in order with their status, best quiz score and what is due; the
current lesson (the first not passed) marked and highlighted; "Day N of M".
Decks in no course are listed below, to review as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from mesadrill.core.course import Course
from mesadrill.core.model import Deck
from mesadrill.render.course_text import day_text, score_text
from mesadrill.study.course import CourseProgress, lesson_items, lessons_keys, progress
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar
from mesadrill.tui.widgets.row_table import Column, RowTable

if TYPE_CHECKING:
    from datetime import date


class CourseMapScreen(MesadrillScreen):
    CSS_PATH = "course_map.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the lesson (or review the deck)", id="map.open", priority=True),
        Binding("v", "review", "Review", tooltip="Review the highlighted lesson's cards", id="map.review"),
        Binding("a", "ask", "Ask", tooltip="Ask a question about the readings", id="map.ask"),
        Binding("tab", "switch", "Decks", tooltip="Switch between lessons and other decks", id="map.switch"),
        Binding("c", "next_course", "Next course", tooltip="Show the next course's map", id="map.course"),
        Binding("k", "decks", "All decks", tooltip="Every deck, as a list", id="map.decks"),
        Binding("s", "stats", "Stats", tooltip="Statistics", id="map.stats"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Keys", id="map.help"),
        Binding("q", "quit", "Quit", tooltip="Quit", id="map.quit"),
    ]

    def __init__(self, course: Course) -> None:
        super().__init__()
        self.course = course
        self.state: CourseProgress | None = None
        self.others: list[Deck] = []
        self._shown = False  # filled on mount; a resume after that is coming back from another screen

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="map-title")
        width = max(16, self.app.size.width - 45)
        yield RowTable(
            [
                Column(Text(""), 2),
                Column(Text("lesson"), width),
                Column(Text("status"), 12),
                Column(Text("best"), 5),
                Column(Text("due"), 4),
                Column(Text("new"), 4),
            ],
            id="lessons",
        )
        # The decks in no course, under a title of their own, only when there are some (most starts
        # have none: a hidden table still costs its styling); refresh_map adds them if some appear later.
        self.others = self._decks_in_no_course()
        if self.others:
            yield from self._others_widgets()
        yield Static(Content(""), id="map-status")
        yield KeyBar()

    def _decks_in_no_course(self) -> list[Deck]:
        catalog = self.mesadrill.catalog
        decks = {deck.id: deck for deck in catalog.decks()}
        in_course = {
            deck_id
            for course in catalog.courses()
            for keys in lessons_keys(course.lessons, decks)
            for deck_id, _ in keys
        }
        return [deck for deck in catalog.decks() if deck.id not in in_course]

    def _others_widgets(self) -> tuple[Static, RowTable]:
        width = max(16, self.app.size.width - 45)
        columns = [Column(Text("deck"), width + 15), Column(Text("new"), 5), Column(Text("due"), 5)]
        return Static(Content.styled("Decks in no course", "bold"), id="others-title"), RowTable(columns, id="others")

    def _others_table(self) -> RowTable | None:
        return next(iter(self.query("#others").results(RowTable)), None)

    def on_mount(self) -> None:
        self.refresh_map(move_to_current=True, others_known=True)
        self.query_one("#lessons", RowTable).focus()

    def refresh_map(self, *, move_to_current: bool = False, others_known: bool = False) -> None:
        """Show the course's state now; ``others_known``: ``self.others`` is current (just composed)."""
        app = self.mesadrill
        catalog = app.catalog
        decks = {deck.id: deck for deck in catalog.decks()}
        today = app.runtime.today()
        self.state = state = progress(app.store, self.course, decks, today)
        title = Content.assemble((self.course.title, "bold"))
        day = day_text(state)
        if day:
            title = Content.assemble(title, ("  " + day, "$text-muted"))
        self.query_one("#map-title", Static).update(title)
        table = self.query_one("#lessons", RowTable)
        cursor = table.cursor_row
        rows = []
        for number, lesson in enumerate(state.lessons):
            current = number == state.current
            style = "bold" if current else ""
            rows.append(
                [
                    Text("▶" if current else "", style="bold"),
                    Text(f"{lesson.number}. {lesson.lesson.title}", style=style, overflow="ellipsis", no_wrap=True),
                    Text(lesson.status.value, style="green" if lesson.status.passed else ""),
                    Text(score_text(lesson.best), justify="right"),
                    Text(str(lesson.due), style="bold yellow" if lesson.due else "", justify="right"),
                    Text(str(lesson.new), justify="right"),
                ]
            )
        table.set_rows(rows)
        table.move_cursor(state.current if move_to_current else cursor)
        if not others_known:
            self.others = self._decks_in_no_course()
        others = self._others_table()
        if others is None and self.others:
            heading, others = self._others_widgets()
            self.mount(heading, others, before="#map-status")
        if others is not None:
            self._fill_others(others, today)
            others.display = bool(self.others)
            self.query_one("#others-title", Static).display = bool(self.others)
        self.refresh_bindings()
        now = state.current_lesson
        self.query_one("#map-status", Static).update(
            Content(
                f"Current: lesson {now.number}, {now.lesson.title} ({now.status.value}). "
                "Enter opens a lesson; q in a lesson takes its quiz."
            )
        )

    def _fill_others(self, others: RowTable, today: date) -> None:
        from mesadrill.study.planner import deck_counts

        app = self.mesadrill
        rows = []
        for deck in self.others:
            counts = deck_counts(app.store, deck, today, app.runtime.settings.new_per_day)
            rows.append(
                [
                    Text(deck.title, overflow="ellipsis", no_wrap=True),
                    Text(str(counts.new), justify="right"),
                    Text(str(counts.due), justify="right"),
                ]
            )
        others.set_rows(rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch":
            return bool(self.others)
        if action == "next_course":
            return len(self.mesadrill.catalog.courses()) > 1
        return True

    def action_next_course(self) -> None:
        courses = self.mesadrill.catalog.courses()
        ids = [course.id for course in courses]
        at = ids.index(self.course.id) if self.course.id in ids else -1
        self.course = courses[(at + 1) % len(courses)]
        self.refresh_map(move_to_current=True)

    def _lesson_table_focused(self) -> bool:
        others = self._others_table()
        return others is None or self.focused is not others

    def action_open(self) -> None:
        if self.state is None:
            return
        if self._lesson_table_focused():
            from mesadrill.tui.screens.lesson import LessonScreen

            row = self.query_one("#lessons", RowTable).cursor_row
            if 0 <= row < len(self.state.lessons):
                self.app.push_screen(LessonScreen(self.course, self.state.lessons[row].lesson))
        else:
            self._review_deck()

    def _review_deck(self) -> None:
        from mesadrill.tui.screens.review import ReviewScreen

        others = self._others_table()
        row = -1 if others is None else others.cursor_row
        if 0 <= row < len(self.others):
            self.app.push_screen(ReviewScreen.for_decks(self.mesadrill, [self.others[row]]))

    def action_review(self) -> None:
        """Review the highlighted lesson's due and new cards (gating applies as in any review)."""
        if self.state is None:
            return
        if not self._lesson_table_focused():
            self._review_deck()
            return
        from mesadrill.study.course import gating_for
        from mesadrill.study.review import ReviewSession
        from mesadrill.tui.screens.review import ReviewScreen

        app = self.mesadrill
        runtime = app.runtime
        row = self.query_one("#lessons", RowTable).cursor_row
        lesson = self.state.lessons[row].lesson
        decks = {deck.id: deck for deck in app.catalog.decks()}
        keys = {item.key for item in lesson_items(lesson, decks)}
        chosen = [deck for deck in app.catalog.decks() if any(key[0] == deck.id for key in keys)]
        held = gating_for(app.store, app.catalog.courses(), chosen, runtime.today(), runtime.settings.course_gating)
        session = ReviewSession(app.store, chosen, runtime.clock, runtime.settings, gated=held)
        session.queue = [item for item in session.queue if item.key in keys]
        if not session.queue:
            self.notify("Nothing due or new in this lesson today.", timeout=3)
            return
        self.app.push_screen(ReviewScreen(session))

    def action_switch(self) -> None:
        others = self._others_table()
        if self.others and others is not None and self._lesson_table_focused():
            others.focus()
        else:
            self.query_one("#lessons", RowTable).focus()

    def action_decks(self) -> None:
        from mesadrill.tui.screens.home import HomeScreen

        self.app.push_screen(HomeScreen())

    def on_screen_resume(self) -> None:
        if self._shown:
            self.refresh_map()
        self._shown = True
