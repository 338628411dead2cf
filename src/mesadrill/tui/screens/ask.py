"""Ask: type a question, see the reading passages (and card notes) that answer it, matched words marked.

Offline search (``study.ask``); enter on a result opens its lesson.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mesadrill.env import paths
from mesadrill.render.course_text import shown_where
from mesadrill.study.ask import Answer, AskResult, ask, open_index
from mesadrill.study.course import course_of
from mesadrill.tui.screens.base import MesadrillScreen
from mesadrill.tui.widgets.key_bar import KeyBar

MATCH_STYLE = "bold $warning"


def marked(text: str, spans: tuple[tuple[int, int], ...]) -> Content:
    """Plain text with the matched spans styled; the text is never parsed as markup."""
    parts: list[Content | tuple[str, str] | str] = []
    cursor = 0
    for start, end in spans:
        parts.append(text[cursor:start])
        parts.append((text[start:end], MATCH_STYLE))
        cursor = end
    parts.append(text[cursor:])
    return Content.assemble(*parts)


class AskScreen(MesadrillScreen):
    CSS_PATH = "ask.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back", id="ask.back"),
    ]

    def __init__(self, question: str = "", lesson_id: str | None = None) -> None:
        super().__init__()
        self.initial = question
        self.lesson_id = lesson_id
        self.result: AskResult | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("Ask the course (offline search of the readings; enter opens a lesson)", "bold"),
            id="ask-title",
        )
        yield Input(value=self.initial, placeholder="a question, then enter", id="question")
        yield Static(Content(""), id="ask-status")
        yield OptionList(id="answers")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#question", Input).focus()
        if self.initial:
            self.run_question(self.initial)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.run_question(event.value)

    def run_question(self, question: str) -> None:
        app = self.mesadrill
        courses = app.catalog.courses()
        decks = {deck.id: deck for deck in app.catalog.decks()}
        with open_index(paths.deck_index_path(), courses, decks) as index:
            self.result = ask(index, question, lesson_id=self.lesson_id)
        answers = self.query_one("#answers", OptionList)
        answers.clear_options()
        status = self.query_one("#ask-status", Static)
        if not self.result.found:
            words = ", ".join(self.result.terms) or "only common words"
            status.update(Content(f"Nothing matches well (looked for: {words})."))
            return
        status.update(Content(f"{len(self.result.answers)} passage(s); looked for: {', '.join(self.result.terms)}"))
        for number, answer in enumerate(self.result.answers):
            answers.add_option(Option(_answer_content(answer), id=f"answer-{number}"))
        answers.highlighted = 0
        answers.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.result is None or not event.option.id:
            return
        answer = self.result.answers[int(event.option.id.rpartition("-")[2])]
        found = course_of(self.mesadrill.catalog.courses(), f"{answer.course_id}:{answer.lesson_id}")
        if found is not None:
            from mesadrill.tui.screens.lesson import LessonScreen

            heading = answer.heading if answer.kind == "reading" else None
            self.app.push_screen(LessonScreen(*found, heading))

    def action_back(self) -> None:
        self.mesadrill.close_screen()


def _answer_content(answer: Answer) -> Content:
    kind = "card" if answer.kind == "card" else "reading"
    return Content("\n").join(
        [
            Content.assemble((answer.lesson_title, "bold"), " · ", marked(answer.heading, answer.heading_spans)),
            Content.styled(f"{kind}: {shown_where(answer.path, answer.line)}", "$text-muted"),
            marked(answer.text, answer.text_spans),
            Content(""),
        ]
    )
