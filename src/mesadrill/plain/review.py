"""The line-based front end: for plain terminals, screen readers and scripts.

One line in, a few lines out. Every prompt says what it accepts. End of input
or Ctrl-C ends the session cleanly: every grade given is already saved.
"""

from __future__ import annotations

from datetime import date, timedelta

from mesadrill.core.cards import ChoiceCard, InterviewCard
from mesadrill.core.grades import grade_legend, suggested_choice_grade
from mesadrill.core.history import EventKind
from mesadrill.core.model import ItemKind, ReviewItem
from mesadrill.plain.io import EndSession, LineMode, Reader, Writer
from mesadrill.render.durations import format_duration, interval_preview
from mesadrill.study.review import ReviewSession
from mesadrill.study.session_records import Summary

ACTION_KEYS = {"!": EventKind.SUSPEND, "-": EventKind.BURY}


class PlainReview(LineMode):
    quit_words = ("q", "quit")

    def __init__(self, session: ReviewSession, read: Reader, write: Writer) -> None:
        super().__init__(session, read, write)
        self.session = session
        self.right_choice = False  # the current item is a choice answered right
        self._told_elsewhere = 0

    def run(self) -> Summary:
        session = self.session
        titles = ", ".join(deck.title for deck in session.decks)
        if session.done:
            self.write(f"Nothing to review in {titles} today.")
            self._held_back()
            self._next_due()
            return session.summary()
        practice = " (custom study: only due items move their schedule)" if session.practice else ""
        self.write(f"Reviewing {titles}: {session.total} item(s){practice}.")
        self._held_back()
        self.write(f"Grades: {grade_legend(session.uses_fsrs)}")
        try:
            while not session.done:
                try:
                    self.one_item()
                except _Restart:
                    continue
        except EndSession:
            pass
        summary = session.summary()
        self.write_summary(summary)
        return summary

    def one_item(self) -> None:
        session = self.session
        item = session.current
        assert item is not None
        self.write("")
        if session.graded_elsewhere > self._told_elsewhere:
            skipped = session.graded_elsewhere - self._told_elsewhere
            self._told_elsewhere = session.graded_elsewhere
            self.write(f"(Skipped {skipped} item(s) graded in another terminal meanwhile.)")
        self.write(f"[{session.answered + 1}/{session.total}] {item.deck_id} · {session.status(item)}")
        self.say("Q: ", item.prompt)
        suggestion = None
        self.right_choice = False
        card = item.card
        if isinstance(card, ChoiceCard):
            for number, choice in enumerate(card.choices, start=1):
                self.say(f"  {number}. ", choice)
            suggestion = self.pick_choice(card)
            self.right_choice = suggestion is not None and suggestion >= 3
        else:
            while True:
                line = self.ask("(Enter to show the answer, ! suspend, - bury, u undo, q quit) ")
                if line == "":
                    break
                if not self._key(line):
                    self.write("Press Enter to show the answer, ! to suspend, - to bury, u to undo, or q to quit.")
        self.show_answer(item)
        self.read_grade(suggestion)

    def pick_choice(self, card: ChoiceCard) -> int | None:
        count = len(card.choices)
        while True:
            line = self.ask(f"Your answer (1-{count}, Enter to show it, ! suspend, - bury, u undo, q quit) ")
            if line == "":
                return None
            if self._key(line):
                continue
            if line.isdigit() and 1 <= int(line) <= count:
                right = int(line) - 1 == card.answer_index
                if right:
                    self.write("Right.")
                else:
                    self.write(f"Wrong: the answer is {card.answer_index + 1}.")
                return suggested_choice_grade(right)
            self.write(f"Type a number from 1 to {count}, or press Enter to show the answer.")

    def show_answer(self, item: ReviewItem) -> None:
        card = item.card
        if item.kind is ItemKind.CHOICE and isinstance(card, ChoiceCard):
            self.say("A: ", f"{card.answer_index + 1}. {card.answer}")
            if card.explanation:
                self.say("   ", card.explanation)
        elif item.kind is ItemKind.CLOZE:
            self.say("A: ", item.answer)
            blanks = ", ".join(item.answer[start:end] for start, end in item.highlights)
            self.say("   ", f"(the blank: {blanks})")
        else:
            self.say("A: ", item.answer)
        if isinstance(card, InterviewCard):
            self.write("Key points:")
            for point in card.key_points:
                self.say("  - ", point)
            if card.pitfalls:
                self.write("What a weak answer does:")
                for pitfall in card.pitfalls:
                    self.say("  - ", pitfall)
        if item.source:
            self.say("Source: ", item.source)

    def read_grade(self, suggestion: int | None) -> None:
        """A grade, or Enter for the suggested one; a failing grade for a right choice is asked about."""
        self.write(f"Next review: {interval_preview(self.session.preview())}")
        hint = f", Enter accepts {suggestion}" if suggestion is not None else ""
        prompt = f"Grade 0-5{hint} (! suspend, - bury, u undo, q quit) "
        quality = self.ask_grade(prompt, suggestion, self._key)
        while self.right_choice and quality < 3 and not self.confirm_low(quality):
            quality = self.ask_grade(prompt, suggestion, self._key)
        graded = self.session.grade(quality)
        if graded.leech:
            done = "suspended it" if graded.leech_action is not None else "tagged it"
            self.write(f"Leech: {graded.item.item_id} has lapsed {graded.previous_lapses + 1} times; {done}.")
            self.write("Rewrite the card, split it, or `mesadrill unsuspend` it to keep trying.")
        elif graded.repeat_later:
            self.write("This one comes back later today.")

    def _key(self, line: str) -> bool:
        """Undo, suspend and bury, at every prompt about an item; True when ``line`` was one of them.

        An undo or action that changes the current item raises ``_Restart``.
        """
        if line.lower() == "u":
            self.undo()
            return True
        if line in ACTION_KEYS:
            self.act(line)
        return False

    def act(self, key: str) -> None:
        """Suspend or bury the current item, then go on to the next (raises _Restart)."""
        done = self.session.act(ACTION_KEYS[key])
        verb = "Suspended" if done.event.kind is EventKind.SUSPEND else "Buried until tomorrow"
        self.write(f"{verb}: {done.item.item_id} (u undoes it).")
        raise _Restart

    def _held_back(self) -> None:
        if self.session.held_back:
            self.write(f"Held back by the daily limit: {self.session.held_back} (reviews_per_day, new_per_day_total).")

    def confirm_low(self, quality: int) -> bool:
        line = self.ask(f"You picked the right answer. Grade it {quality} anyway? (y/N) ")
        return line.lower() in ("y", "yes")

    def undo(self) -> None:
        """Take back the last grade or action and ask that item again (raises _Restart)."""
        item = self.session.undo()
        if item is None:
            self.write("Nothing to undo in this session.")
            return
        self.write(f"Undid the last {self.session.undone_what()} ({item.item_id}); asking it again.")
        raise _Restart

    def write_summary(self, summary: Summary) -> None:
        self.write("")
        if summary.reviewed == 0:
            self.write("No grades given; nothing changed.")
        else:
            self.write(
                f"Reviewed {summary.items} item(s) with {summary.reviewed} grade(s), "
                f"{summary.below_three} below 3, in {format_duration(summary.seconds)}."
            )
        tomorrow = self.session.today + timedelta(days=1)
        if summary.again_today:
            self.write(f"Again today: {summary.again_today} (graded below 4; review again to pass them).")
        self.write(f"Due tomorrow: {summary.forecast.get(tomorrow, 0)}.")
        self._held_back()

    def _next_due(self) -> None:
        upcoming: dict[date, int] = self.session.summary().forecast
        later = [(day, count) for day, count in sorted(upcoming.items()) if count and day > self.session.today]
        if later:
            day, count = later[0]
            self.write(f"Next: {count} item(s) due on {day.isoformat()}.")


class _Restart(Exception):
    """An undo during a choice: ask the (previous) current item afresh."""
