"""The review screen: one item at a time, question side then answer side.

Every grade goes through the session engine, which commits it before this
screen shows the next item. No scheduling and no SQL here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content

from mesadrill.core.cards import ChoiceCard
from mesadrill.core.cleantext import strip_controls
from mesadrill.core.grades import Quality, suggested_choice_grade
from mesadrill.core.history import EventKind
from mesadrill.core.model import Deck, ReviewItem
from mesadrill.decks import cache as deckcache
from mesadrill.render.durations import format_duration, interval_preview
from mesadrill.study.custom import Custom, open_review
from mesadrill.study.review import ReviewSession
from mesadrill.tui.screens.review_keys import REVIEW_BINDINGS
from mesadrill.tui.screens.session import LIVE_WHILE_SAVING, SessionScreen
from mesadrill.tui.widgets import card_text
from mesadrill.tui.widgets.card_view import CardView
from mesadrill.tui.widgets.key_bar import KeyBar
from mesadrill.tui.widgets.top_bar import TopBar, progress_bar

if TYPE_CHECKING:
    from mesadrill.study.actions import Done
    from mesadrill.study.session_records import Graded
    from mesadrill.tui.app import MesadrillApp


PROGRESS_WIDTH = 12


class ReviewScreen(SessionScreen):
    """A top bar, the card and a key bar: few widgets, so the first card shows sooner."""

    BINDINGS: ClassVar[list[BindingType]] = REVIEW_BINDINGS

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(session)
        self.session = session
        self.revealed = False
        self.chosen: int | None = None
        self.suggestion: int | None = None
        # Just answered a choice: the next digit is a second press of the answer key, not a grade.
        self.just_chose = False
        self.resumed = False  # shown for the first time yet (Textual resumes a screen when first shown, too)

    @classmethod
    def for_decks(
        cls,
        app: MesadrillApp,
        decks: Sequence[Deck],
        new_per_day: int | None = None,
        *,
        custom: Custom | None = None,
        tags: Sequence[str] = (),
    ) -> ReviewScreen:
        runtime = app.runtime
        session = open_review(
            app.store,
            decks,
            runtime.clock,
            runtime.settings,
            new_per_day=new_per_day,
            custom=custom,
            tags=tags,
            catalog=app.catalog,
        )
        return cls(session)

    def compose(self) -> ComposeResult:
        yield TopBar(" + ".join(deck.title for deck in self.session.decks))
        yield CardView(id="card")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_interval(1, self._draw_top)
        self.show_item()
        self.call_after_refresh(self._tell_held_back)  # a count query: after the first card is on screen

    def _tell_held_back(self) -> None:
        if self.session.held_back:
            self.notify(
                f"Held back by the daily limit: {self.session.held_back} (reviews_per_day, new_per_day_total).",
                timeout=5,
            )

    # ---- drawing

    def _draw_top(self) -> None:
        """Where the session is (count and bar) and how long it has run."""
        session = self.session
        elapsed = (session.clock() - session.started).total_seconds()
        self.query_one(TopBar).right = Content.assemble(
            f" {session.answered + 1} / {session.total} ",
            progress_bar(session.answered / max(1, session.total), PROGRESS_WIDTH),
            f"  {format_duration(elapsed):>8}",
        )

    def show_item(self) -> None:
        item = self.session.current
        if item is None:
            self.finish()
            return
        self.revealed = False
        self.chosen = None
        self.suggestion = None
        self.just_chose = False
        self.session.restart_timer()
        self._draw_top()
        self._draw_card(item)
        self.query_one(KeyBar).legend = self._question_hint(item)
        self.query_one(CardView).scroll_home(animate=False)
        self.refresh_bindings()

    def _draw_card(self, item: ReviewItem) -> None:
        """Status, question and choices; once revealed, the answer and its source under a rule."""
        front = [
            Content.styled(f"{self.session.status(item)} · {item.kind.value} · {item.deck_id}", "$text-muted"),
            card_text.question(item).stylize_before("bold"),
        ]
        if isinstance(item.card, ChoiceCard):
            front.append(card_text.choices(item.card, self.chosen, self.revealed))
        back = None
        if self.revealed:
            source = card_text.source(item)
            back = Content("\n\n").join([card_text.answer(item), *([source] if source else [])])
        self.query_one(CardView).show(Content("\n\n").join(front), back)

    def _question_hint(self, item: ReviewItem) -> Content:
        if isinstance(item.card, ChoiceCard):
            return Content(f"Press 1-{len(item.card.choices)} to answer, or space to show the answer.")
        return Content("Recall the answer, then press space to check.")

    def reveal(self) -> None:
        item = self.session.current
        if item is None:
            return
        self.revealed = True
        self._draw_card(item)
        self.query_one(KeyBar).legend = self._legend()
        self.refresh_bindings()

    def _legend(self) -> Content:
        """The suggestion if any, what each grade would schedule, then the grades."""
        preview = f"next review {interval_preview(self.session.preview())}"
        if self.suggestion is None:
            return card_text.grade_legend(preview[0].upper() + preview[1:], fsrs=self.session.uses_fsrs)
        verdict = "Right" if self.suggestion >= 3 else "Wrong"
        return card_text.grade_legend(
            f"{verdict}: suggested grade {self.suggestion} (enter accepts) · {preview}", fsrs=self.session.uses_fsrs
        )

    # ---- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.saving:  # a write waits for another mesadrill: only quit and help
            return action in LIVE_WHILE_SAVING
        item = self.session.current
        if action == "where_from":
            return item is not None and bool(self.mesadrill.catalog.courses())
        if action == "reveal":
            return item is not None and not self.revealed
        if action == "choose":
            if item is None or self.revealed or not isinstance(item.card, ChoiceCard):
                return False
            return int(str(parameters[0])) <= len(item.card.choices)
        if action == "grade":
            return item is not None and self.revealed
        if action == "accept":
            return item is not None and self.revealed and self.suggestion is not None
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "act":
            return item is not None
        if action == "edit":
            return True if item is not None and item.card.line and self._deck_path(item) else None
        return True

    def action_reveal(self) -> None:
        self.reveal()

    def action_choose(self, number: int) -> None:
        item = self.session.current
        if item is None or not isinstance(item.card, ChoiceCard):
            return
        self.chosen = number - 1
        self.suggestion = suggested_choice_grade(self.chosen == item.card.answer_index)
        self.just_chose = True
        self.reveal()

    def action_accept(self) -> None:
        if self.suggestion is not None:
            self._commit(self.suggestion)

    def action_grade(self, quality: int) -> None:
        """A grade key. Right after a choice, a digit is the answer key pressed twice: ignored.

        A grade below 3 for a choice answered right is asked about first.
        """
        item = self.session.current
        if not self.revealed or item is None:
            return
        if self.just_chose:
            self.just_chose = False
            self.notify(
                f"You answered {(self.chosen or 0) + 1}. Enter accepts grade {self.suggestion}; or press a grade 0-5.",
                timeout=4,
            )
            return
        if isinstance(item.card, ChoiceCard) and self.chosen == item.card.answer_index and quality < 3:
            from mesadrill.tui.screens.confirm import ConfirmScreen

            def confirmed(yes: bool | None) -> None:
                if yes and self.session.current is item:
                    self._commit(quality)

            self.app.push_screen(
                ConfirmScreen(
                    f"You picked the right answer. Grade it {quality} ({Quality(quality).meaning}) anyway?",
                    f"grade {quality}",
                    "keep it ungraded",
                ),
                confirmed,
            )
            return
        self._commit(quality)

    def _commit(self, quality: int) -> None:
        self.just_chose = False
        if not self.revealed or self.session.current is None:
            return
        elsewhere = self.session.graded_elsewhere
        self.save(lambda: self.session.grade(quality), lambda graded: self._graded(graded, elsewhere))

    def _graded(self, graded: Graded, elsewhere: int) -> None:
        """Say what the grade did (a leech, a repeat, items another terminal graded), then the next item."""
        if graded.leech:
            done = "suspended" if graded.leech_action is not None else "tagged leech"
            self.notify(
                f"Leech: {graded.item.item_id} has lapsed {graded.previous_lapses + 1} times; {done}. "
                "Rewrite or split the card (e edits it), or unsuspend it to keep trying.",
                severity="warning",
                timeout=8,
                markup=False,
            )
        elif graded.repeat_later:
            self.notify("Graded below 4: it comes back later in this session.", timeout=2)
        if self.session.graded_elsewhere > elsewhere:
            skipped = self.session.graded_elsewhere - elsewhere
            self.notify(f"Skipped {skipped} item(s) graded in another terminal meanwhile.", timeout=4)
        self.show_item()

    def action_act(self, name: str) -> None:
        if self.session.current is None:
            return
        kind = EventKind.SUSPEND if name == "suspend" else EventKind.BURY
        self.save(lambda: self.session.act(kind), self._acted, kept="Every grade before this is saved.")

    def _acted(self, done: Done) -> None:
        what = "Suspended" if done.event.kind is EventKind.SUSPEND else "Buried until tomorrow"
        self.notify(f"{what}: {done.item.item_id} (u undoes it).", timeout=3, markup=False)
        self.show_item()

    def action_undo(self) -> None:
        self.save(self.session.undo, self._undone, kept="")

    def _undone(self, item: ReviewItem | None) -> None:
        if item is None:
            self.notify("Nothing to undo in this session.", timeout=2)
            return
        self.notify(
            strip_controls(f"Undid the last {self.session.undone_what()} of {item.item_id}."), timeout=2, markup=False
        )
        self.show_item()

    def action_end(self) -> None:
        self.session.skip_rest()
        self.finish()

    def action_where_from(self) -> None:
        """Open the lesson whose cards include the current card ("where from")."""
        from mesadrill.study.course import lesson_of_item

        item = self.session.current
        if item is None:
            return
        catalog = self.mesadrill.catalog
        found = lesson_of_item(catalog.courses(), {deck.id: deck for deck in catalog.decks()}, item.key)
        if found is None:
            self.notify("This card is in no course lesson.", timeout=3)
            return
        from mesadrill.env import paths
        from mesadrill.study.ask import open_index, passage_for
        from mesadrill.tui.screens.lesson import LessonScreen

        course, lesson = found
        decks = {deck.id: deck for deck in catalog.decks()}
        with open_index(paths.deck_index_path(), catalog.courses(), decks) as index:
            passage = passage_for(index, f"{item.prompt}\n{item.answer}", lesson.id)
        self.app.push_screen(LessonScreen(course, lesson, passage.heading if passage else None))

    def _deck_path(self, item: ReviewItem) -> Path | None:
        for deck in self.session.decks:
            if deck.id == item.deck_id:
                return deck.path
        return None

    def action_edit(self) -> None:
        from mesadrill.tui.editor import edit_card_in_app

        item = self.session.current
        deck_path = self._deck_path(item) if item else None
        if item is None or deck_path is None:
            return
        path = edit_card_in_app(self, deck_path, item.card.line)
        if path is not None:
            self.reload_deck(path, item)

    def reload_deck(self, path: Path, item: ReviewItem) -> None:
        """Re-read an edited deck; show the edited card, or the error, never crash."""
        result = deckcache.load(path)
        if result.deck is None:
            first = result.errors[0] if result.errors else None
            self.notify(
                strip_controls(f"The deck has errors; still showing the old card.\n{first}"),
                title="Edit not loaded",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        deck = result.deck
        if deck.id != item.deck_id:
            self.notify("The deck id changed; the edit applies from the next session.", severity="warning")
            return
        self.session.reload_deck(deck)
        edited = deck.item(item.item_id)
        if edited is None:
            self.notify("That card is no longer in the deck; its history is kept.", severity="warning")
            return
        self.notify("Deck reloaded; the schedule is kept.", timeout=2)
        self.show_item()

    def on_screen_resume(self) -> None:
        """Back from the browser: what was suspended or buried there leaves this session too."""
        if not self.resumed:  # first shown: the queue was just planned without them (a scan of the history)
            self.resumed = True
            return
        item = self.session.current
        if self.session.drop_held() and self.session.current is not item:
            self.show_item()
        else:
            self._draw_top()
