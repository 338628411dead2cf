"""The end-of-lesson quiz: one question at a time, typed or numbered answers, the score at the end."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from mesadrill.core.course import Course, Lesson
from mesadrill.study.quiz import Answered, QuizSession, Verdict
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from mesadrill.tui.app import MesadrillApp


class QuizScreen(MesadrillScreen):
    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "claim", "Claim it", tooltip="Count the near miss as right", id="quiz.claim"),
        Binding("n", "decline", "Count wrong", tooltip="Count the near miss as wrong", id="quiz.decline"),
        Binding(
            "escape",
            "leave",
            "Leave",
            tooltip="Leave (the attempt is saved; questions not answered count as wrong)",
            id="quiz.leave",
        ),
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        self.feedback: Content = Content("")
        self.finished = False

    @classmethod
    def for_lesson(cls, app: MesadrillApp, course: Course, lesson: Lesson) -> QuizScreen | None:
        runtime = app.runtime
        decks = {deck.id: deck for deck in app.catalog.decks()}
        session = QuizSession(app.store, course, lesson, decks, runtime.clock, runtime.settings)
        return None if session.empty else cls(session)

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="quiz-title")
        with VerticalScroll(id="quiz-body"):
            yield Static(Content(""), id="question")
            yield Static(Content(""), id="feedback")
        yield Input(placeholder="your answer, then enter", id="answer")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_question()

    def show_question(self) -> None:
        session = self.session
        total = len(session.questions)
        question = session.current
        title = f"Quiz: {session.lesson.title}"
        if question is None:
            self.show_results()
            return
        self.query_one("#quiz-title", Static).update(
            Content.assemble((title, "bold"), (f"  {question.number} / {total} · score {session.score}", "$text-muted"))
        )
        lines = [Content(question.prompt), Content("")]
        width = max(30, self.app.size.width - 8)
        for n, choice in enumerate(question.choices, start=1):
            # A hanging indent, so a long choice's second line sits under its text, not its number.
            lines.append(Content(textwrap.fill(choice, width, initial_indent=f"  {n}. ", subsequent_indent="     ")))
        hint = "Type the choice's number, then enter." if question.choices else "Type the answer, then enter."
        lines += [Content(""), Content.styled(hint, "$text-muted")]
        self.query_one("#question", Static).update(Content("\n").join(lines))
        self.query_one("#feedback", Static).update(self.feedback)
        answer = self.query_one("#answer", Input)
        answer.value = ""
        answer.disabled = session.pending is not None
        if not answer.disabled:
            answer.focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.finished:
            return
        answered = self.session.answer(event.value)
        if answered.verdict is Verdict.NEAR:
            question = answered.question
            self.feedback = Content.styled(
                f"Near miss: you wrote '{answered.given.strip()}'; the answer is '{question.expected}'. "
                "y claims it as right, n counts it wrong.",
                "bold $warning",
            )
            self.query_one("#feedback", Static).update(self.feedback)
            self.query_one("#answer", Input).disabled = True
            self.refresh_bindings()
            return
        self._after(answered)

    def _after(self, answered: Answered) -> None:
        question = answered.question
        if answered.right:
            self.feedback = Content.styled(f"Q{question.number}: right.", "bold $success")
        else:
            self.feedback = Content.styled(f"Q{question.number}: wrong. The answer: {question.expected}", "bold $error")
        self.show_question()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("claim", "decline"):
            return self.session.pending is not None
        return True

    def action_claim(self) -> None:
        if self.session.pending is not None:
            self._after(self.session.claim())

    def action_decline(self) -> None:
        if self.session.pending is not None:
            self._after(self.session.decline())

    def show_results(self) -> None:
        session = self.session
        self.finished = True
        answer = self.query_one("#answer", Input)
        answer.display = False
        if not session.answered:
            self.query_one("#question", Static).update(Content("No question answered; nothing saved."))
            return
        attempt = session.finish()
        verdict = "passed" if session.passed else f"not passed (pass: {session.lesson.quiz_pass}%)"
        self.query_one("#quiz-title", Static).update(
            Content.styled(f"Quiz: {session.lesson.title} · score {attempt.score}/{attempt.total}", "bold")
        )
        lines = [Content.styled(f"Score: {attempt.score}/{attempt.total} ({attempt.percent}%): {verdict}", "bold")]
        wrong = session.wrong()
        if wrong:
            lines += [Content(""), Content.styled("Wrong answers", "bold")]
        for answered in wrong:
            question = answered.question
            lines.append(Content(f"Q{question.number}. {question.prompt}"))
            lines.append(Content(f"  You: {question.shown_answer(answered.given) or '(blank)'}"))
            lines.append(Content(f"  Answer: {question.expected}"))
            if question.explanation:
                lines.append(Content(f"  Why: {question.explanation}"))
            if question.source:
                lines.append(Content.styled(f"  Source: {question.source}", "$text-muted"))
        if wrong:
            lines += [Content(""), Content(f"{len(wrong)} item(s) scheduled again as failed reviews.")]
        lines += [Content(""), Content.styled("escape goes back", "$text-muted")]
        self.query_one("#question", Static).update(Content("\n").join(lines))
        self.query_one("#feedback", Static).update(Content(""))
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.refresh_bindings()

    def action_leave(self) -> None:
        if not self.finished and self.session.answered:
            self.session.finish()
        self.mesadrill.close_screen()
