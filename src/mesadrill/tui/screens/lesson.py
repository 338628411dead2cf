"""A lesson: its reading as Markdown, what it covers, key terms, interview prompts, related lessons.

``q`` takes the quiz, ``d`` drills the interview prompts, ``a`` asks a
question, ``t``/``r`` open the key terms and related lessons. Scrolling the
reading to its end (or a reading that fits on the screen) marks the lesson read.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, MarkdownViewer, OptionList, Static
from textual.widgets.option_list import Option

from mesadrill.core import sm2
from mesadrill.core.course import Course, Lesson, LessonRead
from mesadrill.core.model import ReviewItem
from mesadrill.render.course_text import score_text
from mesadrill.store import course_store
from mesadrill.study.course import card_items, course_of, progress
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar

LONG_READING_LINES = 60  # longer readings get a table of contents


class LessonScreen(MesadrillScreen):
    CSS_PATH = "lesson.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quiz", "Quiz", tooltip="Take the end-of-lesson quiz", id="lesson.quiz"),
        Binding("d", "drill", "Drill", tooltip="Drill the lesson's interview prompts", id="lesson.drill"),
        Binding("a", "ask", "Ask", tooltip="Ask a question about the course's readings", id="lesson.ask"),
        Binding("t", "focus_terms", "Terms", tooltip="Key terms: enter opens a term's card", id="lesson.terms"),
        Binding("r", "focus_related", "Related", tooltip="Related lessons: enter opens one", id="lesson.related"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Keys", id="lesson.help"),
        Binding("escape", "back", "Back", tooltip="Back", id="lesson.back"),
    ]

    def __init__(self, course: Course, lesson: Lesson, heading: str | None = None) -> None:
        """``heading``: a ``##`` heading of the reading to open at (a passage found by ask or ``w``)."""
        super().__init__()
        self.course = course
        self.lesson = lesson
        self.heading = heading
        self.terms: list[ReviewItem] = []
        self.prompts: list[ReviewItem] = []
        self.related: list[tuple[Course, Lesson]] = []
        self.marked_read = False

    def compose(self) -> ComposeResult:
        app = self.mesadrill
        decks = {deck.id: deck for deck in app.catalog.decks()}
        self.terms = card_items(self.lesson.key_terms, decks)
        self.prompts = card_items(self.lesson.interview, decks)
        courses = app.catalog.courses()
        for related in self.lesson.related:
            ref = f"{related.course_id or self.course.id}:{related.lesson_id}"
            found = course_of(courses, ref)
            if found is not None:
                self.related.append(found)
        yield Static(Content(""), id="lesson-title")
        with VerticalScroll(id="lesson-body"):
            if self.lesson.covers:
                yield Static(
                    Content("\n").join(
                        [Content.styled("What this lesson covers", "bold")]
                        + [Content(f"  • {point}") for point in self.lesson.covers]
                    ),
                    id="covers",
                )
            if self.lesson.reading.count("\n") >= LONG_READING_LINES:
                yield MarkdownViewer(self.lesson.reading, show_table_of_contents=True, open_links=False, id="reading")
            else:
                yield Markdown(self.lesson.reading, open_links=False, id="reading")
            if self.terms:
                yield Static(Content.styled("Key terms (t, then enter opens the card)", "bold"), classes="section")
                yield OptionList(
                    *(Option(Content(_first_line(item.prompt)), id=f"term-{n}") for n, item in enumerate(self.terms)),
                    id="terms",
                )
            if self.prompts:
                yield Static(Content.styled("Say this in an interview (d drills them)", "bold"), classes="section")
                yield Static(
                    Content("\n").join([Content(f"  • {_first_line(item.prompt)}") for item in self.prompts]),
                    id="prompts",
                )
            if self.related:
                yield Static(Content.styled("Related lessons (r, then enter opens one)", "bold"), classes="section")
                yield OptionList(
                    *(Option(Content(lesson.title), id=f"related-{n}") for n, (_, lesson) in enumerate(self.related)),
                    id="related",
                )
        yield Static(Content(""), id="lesson-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_progress()
        body = self.query_one("#lesson-body", VerticalScroll)
        body.focus()
        self.watch(body, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self._check_fits)
        if self.heading:
            self.call_after_refresh(self.go_to_heading, self.heading)

    def go_to_heading(self, heading: str) -> bool:
        """Scroll the reading to one of its headings; False when it has no such heading."""
        reading = self.query_one("#reading")
        document = reading.document if isinstance(reading, MarkdownViewer) else reading
        assert isinstance(document, Markdown)
        for _, title, header_id in document.table_of_contents:
            if title == heading and header_id:
                document.query_one(f"#{header_id}").scroll_visible(top=True, animate=False)
                return True
        return False

    def refresh_progress(self) -> None:
        app = self.mesadrill
        decks = {deck.id: deck for deck in app.catalog.decks()}
        state = progress(app.store, self.course, decks, app.runtime.today())
        mine = state.lesson(self.lesson.id)
        assert mine is not None
        day = f" · Day {state.day[0]} of {state.day[1]}" if state.day else ""
        self.query_one("#lesson-title", Static).update(
            Content.assemble(
                (f"Lesson {mine.number} of {len(state.lessons)}: ", "bold"),
                (self.lesson.title, "bold"),
                (day, "$text-muted"),
            )
        )
        self.query_one("#lesson-status", Static).update(
            Content(
                f"{mine.status.value} · best quiz {score_text(mine.best)} · latest {score_text(mine.latest)} · "
                f"pass {self.lesson.quiz_pass}% · due {mine.due} · new {mine.new}"
            )
        )

    def _check_fits(self) -> None:
        body = self.query_one("#lesson-body", VerticalScroll)
        if body.max_scroll_y <= 0:
            self._mark_read()

    def _scrolled(self, value: float) -> None:
        body = self.query_one("#lesson-body", VerticalScroll)
        if body.max_scroll_y > 0 and value >= body.max_scroll_y - 1:
            self._mark_read()

    def _mark_read(self) -> None:
        if self.marked_read:
            return
        self.marked_read = True
        app = self.mesadrill
        now = app.runtime.now()
        course_store.mark_read(
            app.store,
            LessonRead(self.course.id, self.lesson.id, now, sm2.study_day(now, app.runtime.settings.day_start_hour)),
        )
        self.refresh_progress()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill":
            return True if self.prompts else None
        if action == "focus_terms":
            return True if self.terms else None
        if action == "focus_related":
            return True if self.related else None
        return True

    def action_quiz(self) -> None:
        from mesadrill.tui.screens.quiz import QuizScreen

        screen = QuizScreen.for_lesson(self.mesadrill, self.course, self.lesson)
        if screen is None:
            self.notify("This lesson has no choice, cloze or basic cards to quiz on.", severity="warning")
            return
        self.app.push_screen(screen)

    def action_drill(self) -> None:
        from mesadrill.study.drill import DrillSession
        from mesadrill.study.review import ReviewSession
        from mesadrill.tui.screens.drill import DrillScreen

        if not self.prompts:
            return
        app = self.mesadrill
        runtime = app.runtime
        decks = [deck for deck in app.catalog.decks() if deck.id in {i.deck_id for i in self.prompts}]
        session = DrillSession(app.store, decks, runtime.clock, runtime.settings)
        # Practise exactly this lesson's prompts, due or not.
        session.review = ReviewSession(app.store, decks, runtime.clock, runtime.settings, items=self.prompts)
        session.practice = True
        self.app.push_screen(DrillScreen(session))

    def action_focus_terms(self) -> None:
        if self.terms:
            self.query_one("#terms", OptionList).focus()

    def action_focus_related(self) -> None:
        if self.related:
            self.query_one("#related", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        kind, _, number = option_id.rpartition("-")
        if kind == "term":
            from mesadrill.tui.screens.card_peek import CardPeekScreen

            self.app.push_screen(CardPeekScreen(self.terms[int(number)]))
        elif kind == "related":
            course, lesson = self.related[int(number)]
            self.app.push_screen(LessonScreen(course, lesson))

    def action_back(self) -> None:
        self.mesadrill.close_screen()

    def on_screen_resume(self) -> None:
        self.refresh_progress()


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
