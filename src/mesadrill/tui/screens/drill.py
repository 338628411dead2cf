"""The interview drill: answer against the clock, follow-ups, then feedback and a grade.

Phases: ``answer`` (the prompt and a countdown that runs past zero into
overrun), ``follow-up`` (the interviewer's next questions, each skippable),
``feedback`` (model answer, key points pre-ticked from the typed words,
pitfalls, a suggested grade). In a mock interview every prompt is answered
before any feedback. The engine is DrillSession; nothing here schedules or
stores anything itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, SelectionList, Static
from textual.widgets.selection_list import Selection

from mesadrill.core.model import Deck
from mesadrill.render.durations import clock_text, countdown_text
from mesadrill.study.drill import Attempt, DrillSession
from mesadrill.tui.screens.session import SessionScreen
from mesadrill.tui.widgets import card_text
from mesadrill.tui.widgets.answer_area import AnswerArea
from mesadrill.tui.widgets.key_bar import KeyBar
from mesadrill.tui.widgets.point_list import PointList
from mesadrill.tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from mesadrill.study.session_records import Graded
    from mesadrill.tui.app import MesadrillApp


CLOCK_WIDTH = 8  # "+0:15 over" may be wider; "1:00" is right-aligned in this


class DrillScreen(SessionScreen):
    CSS_PATH = "drill.tcss"
    # Nothing focused at first, so space ends a spoken answer; t starts typing.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: while typing, the answer area takes ctrl+s itself, after the keys before it.
        Binding(
            "ctrl+s,ctrl+enter",
            "finish",
            "Done",
            key_display="^s",
            tooltip="End this answer (typed or aloud)",
            id="drill.finish",
        ),
        Binding("space", "finish", "Done", show=False),
        Binding("t", "type", "Type", tooltip="Type your answer instead of saying it", id="drill.type"),
        Binding("s", "skip", "Skip follow-ups", tooltip="Skip the remaining follow-up questions", id="drill.skip"),
        Binding("0", "grade(0)", "Grade", key_display="0-5", tooltip="Grade 0-5 (see the legend)", id="drill.grade"),
        *[Binding(str(q), f"grade({q})", f"Grade {q}", show=False) for q in range(1, 6)],
        Binding(
            "enter", "accept", "Accept", priority=True, tooltip="Grade with the suggested grade", id="drill.accept"
        ),
        Binding(
            "j", "journal", "Journal", tooltip="Your past attempts at this prompt, side by side", id="drill.journal"
        ),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Keys and grades", id="drill.help"),
        Binding(
            "escape", "leave", "End", tooltip="Stop typing, or end the drill (grades given are saved)", id="drill.end"
        ),
    ]

    def __init__(self, session: DrillSession) -> None:
        super().__init__(session.review)
        self.session = session
        self.phase = "answer"
        self.attempt: Attempt | None = None
        self.follow_up = 0
        self.reviewing: Attempt | None = None

    @classmethod
    def for_decks(
        cls,
        app: MesadrillApp,
        decks: Sequence[Deck],
        *,
        mock: int | None = None,
        new_per_day: int | None = None,
        tags: Sequence[str] = (),
    ) -> DrillScreen | None:
        runtime = app.runtime
        session = DrillSession(
            app.store, decks, runtime.clock, runtime.settings, mock=mock, new_per_day=new_per_day, tags=tags
        )
        return None if session.empty else cls(session)

    def compose(self) -> ComposeResult:
        yield TopBar(self._title())
        with ContentSwitcher(initial="answering", id="phases"):
            with Vertical(id="answering"):
                yield Static("", id="prompt")
                yield Static("", id="hint")
                yield AnswerArea(
                    id="typed", soft_wrap=True, tab_behavior="focus", placeholder="Press t to type your answer here"
                )
            with VerticalScroll(id="feedback"):
                yield Static("", id="fb-prompt")
                yield Static("", id="fb-time")
                yield Static("", id="fb-yours")
                yield Static("", id="fb-model")
                yield Static(Content.styled("Key points (space ticks or unticks)", "bold"), id="fb-points-title")
                yield PointList(id="points")
                yield Static("", id="fb-pitfalls")
        yield KeyBar()

    def _title(self) -> str:
        kind = "Mock interview" if self.session.mock is not None else ("Practice" if self.session.practice else "Drill")
        return f"{kind}: " + " + ".join(deck.title for deck in self.session.decks)

    def on_mount(self) -> None:
        self.set_interval(0.25, self.tick)
        self.next_step()

    # ---- flow

    def next_step(self) -> None:
        """Answer the next prompt, or give feedback on the next answer, or finish."""
        session = self.session
        waiting = session.to_grade()
        mock_done = session.mock is not None and session.next_prompt() is None
        if waiting and (session.mock is None or mock_done):
            self.show_feedback(waiting[0])
        elif session.next_prompt() is not None:
            self.start_answer()
        else:
            self.finish()

    def start_answer(self) -> None:
        self.attempt = self.session.start()
        self.phase = "answer"
        self.follow_up = 0
        self.query_one("#phases", ContentSwitcher).current = "answering"
        typed = self.query_one("#typed", AnswerArea)
        typed.text = ""
        self.set_focus(None)
        self.query_one("#prompt", Static).update(card_text.literal(self.attempt.card.prompt))
        self.query_one("#hint", Static).update(
            Content(
                f"You have {clock_text(self.attempt.card.time_limit)}. Answer aloud and press space when done, "
                "or press t to type (ctrl+s ends a typed answer)."
            )
        )
        self.query_one(KeyBar).legend = None
        self.tick()
        self.refresh_bindings()

    def _count(self) -> str:
        """Which prompt this is; on a feedback page, which answer the page is about."""
        attempts = self.session.attempts
        number = len(attempts)
        if self.phase == "feedback" and self.reviewing in attempts:
            number = attempts.index(self.reviewing) + 1
        total = self.session.mock or self.session.total
        return f"{number} / {max(total, len(attempts))}"

    def tick(self) -> None:
        """The top bar's right side: how many prompts so far, and the clock (or the phase)."""
        attempt = self.attempt
        if attempt is None:
            return
        if self.phase == "feedback":
            shown = self.reviewing or attempt
            clock = Content.styled(f"took {clock_text(shown.seconds)}", "$text-muted")
        elif self.phase != "answer":
            clock = Content.styled(f"follow-up {self.follow_up + 1}/{len(attempt.card.follow_ups)}", "$text-muted")
        else:
            seconds = self.session.elapsed(attempt)
            label = countdown_text(attempt.card.time_limit - seconds)
            clock = Content.styled(label, "bold $error" if seconds > attempt.card.time_limit else "bold")
        self.query_one(TopBar).right = Content.assemble(
            f"  {self._count()}  ", clock.pad_left(max(0, CLOCK_WIDTH - clock.cell_length))
        )

    def finish_answer(self, typed: str) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        if self.phase == "answer":
            self.session.finish_answer(attempt, typed)
        else:
            question = attempt.card.follow_ups[self.follow_up]
            self.session.answer_follow_up(attempt, question, typed)
            self.follow_up += 1
        if self.follow_up < len(attempt.card.follow_ups):
            self.ask_follow_up()
        else:
            self.session.complete(attempt)
            self.next_step()

    def ask_follow_up(self) -> None:
        assert self.attempt is not None
        self.phase = "follow-up"
        question = self.attempt.card.follow_ups[self.follow_up]
        self.query_one("#prompt", Static).update(Content.assemble(("Follow-up: ", "bold $accent"), Content(question)))
        self.query_one("#hint", Static).update(
            Content("Answer it (space or ctrl+s when done), or press s to skip the follow-ups.")
        )
        self.query_one("#typed", AnswerArea).text = ""
        self.set_focus(None)
        self.tick()
        self.refresh_bindings()

    def show_feedback(self, attempt: Attempt) -> None:
        self.phase = "feedback"
        self.reviewing = attempt
        card = attempt.card
        self.query_one("#phases", ContentSwitcher).current = "feedback"
        over = f", {clock_text(attempt.overrun)} over" if attempt.overrun else ", within time"
        self.query_one("#fb-prompt", Static).update(card_text.labelled("", card.prompt, ""))
        took = f"Time: {clock_text(attempt.seconds)} of {clock_text(card.time_limit)}{over}"
        self.query_one("#fb-time", Static).update(Content.styled(took, "$error" if attempt.overrun else "$success"))
        yours = self.query_one("#fb-yours", Static)
        if attempt.answer_text:
            yours.update(Content.assemble(("Your answer: ", "bold"), Content(attempt.answer_text)))
        else:
            yours.update(Content.styled("Answered aloud: tick the points you made.", "italic"))
        points = self.query_one("#points", SelectionList)
        points.clear_options()
        points.add_options(
            [Selection(Content(point), index, attempt.ticks[index]) for index, point in enumerate(card.key_points)]
        )
        self.query_one("#fb-model", Static).update(Content.assemble(("Model answer\n", "bold"), Content(card.answer)))
        if card.pitfalls:
            lines = [Content.styled("What a weak answer does", "bold")]
            lines.extend(Content.assemble("  • ", Content(pitfall)) for pitfall in card.pitfalls)
            self.query_one("#fb-pitfalls", Static).update(Content("\n").join(lines))
        else:
            self.query_one("#fb-pitfalls", Static).update("")
        points.focus()
        points.highlighted = 0
        self.query_one("#feedback", VerticalScroll).scroll_home(animate=False)
        self._suggest()
        self.tick()
        self.refresh_bindings()

    def _suggest(self) -> None:
        attempt = self.reviewing
        if attempt is None:
            return
        suggestion = attempt.suggestion()
        if suggestion is None:
            headline = "Answered aloud: tick the points you made (space), or grade 0-5"
        else:
            headline = f"{attempt.covered}/{len(attempt.ticks)} points: suggested grade {suggestion} (enter accepts)"
        self.query_one(KeyBar).legend = card_text.grade_legend(headline, fsrs=self.review.uses_fsrs)
        self.refresh_bindings()

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[int]) -> None:
        if self.reviewing is not None:
            self.reviewing.toggle(event.selection.value)
            self._suggest()

    # ---- actions

    def _typing(self) -> bool:
        return isinstance(self.focused, AnswerArea)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        answering = self.phase in ("answer", "follow-up")
        if action == "finish":
            return answering
        if action == "type":
            return answering and not self._typing()
        if action == "skip":
            return self.phase == "follow-up" and not self._typing()
        if action == "accept":
            return self.phase == "feedback" and self.reviewing is not None and self.reviewing.suggestion() is not None
        if action == "grade":
            return self.phase == "feedback"
        if action == "journal":
            return self.phase == "feedback"
        return True

    def action_finish(self) -> None:
        if self.phase in ("answer", "follow-up"):
            self.finish_answer(self.query_one("#typed", AnswerArea).text)

    def on_answer_area_submitted(self, message: AnswerArea.Submitted) -> None:
        """ctrl+s while typing: the text as typed up to that key."""
        if self.phase in ("answer", "follow-up"):
            self.finish_answer(message.text)

    def action_type(self) -> None:
        typed = self.query_one("#typed", AnswerArea)
        typed.unseal()
        typed.focus()
        self.refresh_bindings()

    def action_skip(self) -> None:
        attempt = self.attempt
        if attempt is None or self.phase != "follow-up":
            return
        self.follow_up = len(attempt.card.follow_ups)
        self.session.complete(attempt)
        self.next_step()

    def action_grade(self, quality: int) -> None:
        attempt = self.reviewing
        if attempt is None or self.phase != "feedback":
            return
        self.save(lambda: self.session.grade(attempt, quality), self._graded)

    def _graded(self, graded: Graded) -> None:
        self.reviewing = None
        if graded.repeat_later:
            self.notify("Graded below 4: this prompt comes back later in the session.", timeout=2)
        self.next_step()

    def action_accept(self) -> None:
        suggestion = self.reviewing.suggestion() if self.reviewing is not None else None
        if suggestion is not None:
            self.action_grade(suggestion)

    def action_journal(self) -> None:
        from mesadrill.study.journal import load_journal
        from mesadrill.tui.screens.answers import AnswersScreen

        attempt = self.reviewing
        if attempt is not None:
            self.app.push_screen(AnswersScreen(load_journal(self.mesadrill.store, attempt.item.deck_id, attempt.card)))

    def action_leave(self) -> None:
        if self._typing():
            self.set_focus(None)
            self.refresh_bindings()
            return
        typed = self.query_one("#typed", AnswerArea).text.strip()
        if typed and self.phase in ("answer", "follow-up"):
            from mesadrill.tui.screens.confirm import ConfirmScreen

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._leave()

            self.app.push_screen(
                ConfirmScreen(
                    "End the drill and throw away the answer you typed? (Grades already given are saved.)",
                    "throw it away and end",
                    "keep answering",
                ),
                confirmed,
            )
            return
        self._leave()

    def _leave(self) -> None:
        if self.reviewing is None:
            # An answer in progress has no grade yet: it is dropped, like closing the book.
            self.session.attempts = [a for a in self.session.attempts if a.quality is not None]
        self.finish()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()
