"""The end-of-lesson quiz, line by line: for plain terminals, screen readers and scripts."""

from __future__ import annotations

from mesadrill.plain.io import Reader, Writer
from mesadrill.study.quiz import QuizSession, Verdict


class PlainQuiz:
    def __init__(self, session: QuizSession, read: Reader, write: Writer) -> None:
        self.session = session
        self.read = read
        self.write = write

    def run(self) -> None:
        session = self.session
        total = len(session.questions)
        self.write(
            f"Quiz: {session.lesson.title} ({total} question{'s' if total != 1 else ''}; pass {session.lesson.quiz_pass}%)"
        )
        try:
            while (question := session.current) is not None:
                self.write("")
                self.write(f"Question {question.number} of {total}")
                self.write(question.prompt)
                for number, choice in enumerate(question.choices, start=1):
                    self.write(f"  {number}. {choice}")
                hint = "number" if question.choices else "answer"
                given = self.read(f"Your {hint}: ")
                answered = session.answer(given)
                if answered.verdict is Verdict.NEAR:
                    self.write(f"Near miss: you wrote '{given.strip()}'; the answer is '{question.expected}'.")
                    claim = self.read("Count it as right? [y/N] ").strip().lower()
                    answered = session.claim() if claim in ("y", "yes") else session.decline()
                if answered.right:
                    self.write("Right.")
                else:
                    self.write(f"Wrong. The answer: {question.expected}")
        except EOFError:
            self.write("")
            self.write("Input ended: the attempt is saved; questions not answered count as wrong.")
        if not session.answered:
            self.write("No question answered; nothing saved.")
            return
        attempt = session.finish()
        self.write("")
        verdict = "passed" if session.passed else f"not passed (pass: {session.lesson.quiz_pass}%)"
        self.write(f"Score: {attempt.score}/{attempt.total} ({attempt.percent}%): {verdict}")
        wrong = session.wrong()
        if wrong:
            self.write("")
            self.write("Wrong answers:")
        for answered in wrong:
            question = answered.question
            self.write(f"- Q{question.number}. {question.prompt}")
            self.write(f"  You: {question.shown_answer(answered.given) or '(blank)'}")
            self.write(f"  Answer: {question.expected}")
            if question.explanation:
                self.write(f"  Why: {question.explanation}")
            if question.source:
                self.write(f"  Source: {question.source}")
        if wrong:
            self.write("")
            self.write(f"{len(wrong)} item(s) scheduled again as failed reviews.")
