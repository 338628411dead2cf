"""The line-based interview drill: type (or say) an answer, end it with an empty line."""

from __future__ import annotations

import textwrap

from mesadrill.plain.io import EndSession, LineMode, Reader, Writer
from mesadrill.render.durations import clock_text
from mesadrill.study.drill import Attempt, DrillSession


class PlainDrill(LineMode):
    def __init__(self, session: DrillSession, read: Reader, write: Writer) -> None:
        super().__init__(session.review, read, write)
        self.session = session

    def read_answer(self) -> str:
        """Lines until an empty one; an empty first line means answered aloud."""
        lines: list[str] = []
        while True:
            line = self.read("> ")
            if line.strip() == "":
                return "\n".join(lines)
            lines.append(line)

    def run(self) -> int:
        session = self.session
        if session.empty:
            self.write("No interview cards in these decks.")
            return 0
        if session.practice and session.mock is None:
            self.write(f"Nothing due: practising all {session.total} interview prompt(s).")
        if session.mock is not None:
            self.write(f"Mock interview: {min(session.mock, session.total)} prompt(s) in a row; feedback at the end.")
        graded = 0
        try:
            while True:
                item = session.next_prompt()
                if item is None:
                    break
                attempt = self.answer(session.start())
                if session.mock is None:
                    self.feedback(attempt)
                    graded += 1
            for attempt in session.to_grade():
                self.feedback(attempt)
                graded += 1
        except EndSession:
            pass
        self.write("")
        self.write(f"Drilled {graded} answer(s); every grade is saved. Past attempts: mesadrill answers DECK:CARD")
        return graded

    def answer(self, attempt: Attempt) -> Attempt:
        card = attempt.card
        number = len(self.session.attempts)
        self.write("")
        self.write(f"[{number}] {attempt.item.deck_id}:{card.id}")
        self.write(f"Q: {card.prompt}")
        self.write(
            f"You have {clock_text(card.time_limit)}. Type your answer and end it with an empty line (or just press Enter if you answered aloud)."
        )
        typed = self.read_answer()
        self.session.finish_answer(attempt, typed)
        over = f", {clock_text(attempt.overrun)} over" if attempt.overrun else ""
        self.write(f"Time: {clock_text(attempt.seconds)} of {clock_text(card.time_limit)}{over}.")
        for question in card.follow_ups:
            self.write(f"Follow-up: {question}")
            self.write("(type an answer and end with an empty line; an empty line skips; s skips the rest)")
            first = self.read("> ")
            if first.strip().lower() == "s":
                break
            rest = self.read_answer() if first.strip() else ""
            self.session.answer_follow_up(attempt, question, "\n".join(x for x in (first, rest) if x))
        self.session.complete(attempt)
        return attempt

    def feedback(self, attempt: Attempt) -> None:
        card = attempt.card
        self.write("")
        self.write(f"Feedback on: {card.prompt}")
        self.write("Model answer:")
        for paragraph in card.answer.split("\n\n"):
            self.write(
                textwrap.fill(" ".join(paragraph.split()), width=78, initial_indent="  ", subsequent_indent="  ")
            )
        if card.pitfalls:
            self.write("What a weak answer does:")
            for pitfall in card.pitfalls:
                self.write(f"  - {pitfall}")
        while True:
            self.write("Key points (ticked where your typed answer covers them):")
            for index, point in enumerate(card.key_points, start=1):
                self.write(f"  [{'x' if attempt.ticks[index - 1] else ' '}] {index}. {point}")
            line = self.ask("Numbers to tick or untick (e.g. 2 4), Enter when right: ")
            if not line:
                break
            for word in line.replace(",", " ").split():
                if word.isdigit() and 1 <= int(word) <= len(card.key_points):
                    attempt.toggle(int(word) - 1)
                else:
                    self.write(f"'{word}' is not a point number from 1 to {len(card.key_points)}.")
        suggestion = attempt.suggestion()
        if suggestion is None:  # answered aloud, nothing ticked: "0 points" would only mean "not ticked"
            self.write(f"Answered aloud, no points ticked, {clock_text(attempt.seconds)}: grade it yourself.")
        else:
            self.write(
                f"{attempt.covered}/{len(attempt.ticks)} points in {clock_text(attempt.seconds)}: "
                f"suggested grade {suggestion}."
            )
        accepts = f" (Enter accepts {suggestion})" if suggestion is not None else ""
        self.session.grade(attempt, self.ask_grade(f"Grade 0-5{accepts} ", suggestion))
