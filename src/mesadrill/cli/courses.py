"""Commands for courses: course (the map), lesson, quiz and ask."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

import click

from mesadrill.cli import output
from mesadrill.cli.appstart import pause_until_first_frame
from mesadrill.core.errors import MesadrillError

if TYPE_CHECKING:
    from mesadrill.core.course import Course, Lesson
    from mesadrill.study.ask import Answer
    from mesadrill.study.runtime import Runtime


def _find_lesson(runtime: Runtime, ref: str) -> tuple[Course, Lesson]:
    from mesadrill.core.suggest import did_you_mean
    from mesadrill.study.course import course_of

    courses = runtime.catalog.courses()
    found = course_of(courses, ref)
    if found is None:
        known = [lesson.id for course in courses for lesson in course.lessons]
        hint = did_you_mean(ref.rpartition(":")[2], known)
        raise MesadrillError(f"no lesson '{ref}'{hint} (see `mesadrill course`)")
    return found


@click.command()
@click.argument("course_id", metavar="[COURSE]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: each lesson's id, title, status, scores, items.")
def course(course_id: str | None, as_json: bool) -> None:
    """The course map: lessons in order with status, best quiz score and what is due.

    The current lesson (the first whose quiz is not passed yet) is marked
    with '>'. COURSE is a course id; with none, the first course found.

    \b
    Examples:
      mesadrill course
      mesadrill course mesa-alignment --json | jq '.lessons[] | {id, status, best_score}'
    """
    from mesadrill.render.course_text import course_json, map_lines
    from mesadrill.study.course import progress
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    catalog = runtime.catalog
    chosen = catalog.find_course(course_id)
    decks = {deck.id: deck for deck in catalog.decks()}
    with runtime.open_store() as store:
        state = progress(store, chosen, decks, runtime.today())
    if as_json:
        output.line(json.dumps(course_json(state), indent=2, ensure_ascii=False))
        return
    for text in map_lines(state):
        output.line(text)
    output.line("\nRead a lesson: mesadrill lesson LESSON · take its quiz: mesadrill quiz LESSON")


@click.command()
@click.argument("lesson_ref", metavar="LESSON")
@click.option("--plain", is_flag=True, help="Print the lesson as text instead of opening the app.")
def lesson(lesson_ref: str, plain: bool) -> None:
    """A lesson: its reading, what it covers, key terms, interview prompts, related lessons, progress.

    LESSON is a lesson id (or COURSE:LESSON). In the app, q takes the quiz,
    d drills the interview prompts, ? asks a question about the course.
    Printing it with --plain counts as reading it to the end.

    \b
    Examples:
      mesadrill lesson what-is-an-optimizer
      mesadrill lesson what-is-an-optimizer --plain | less
    """
    if not plain:
        pause_until_first_frame()
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen_course, chosen = _find_lesson(runtime, lesson_ref)
    if not plain:
        from mesadrill.tui.launch import run_lesson

        run_lesson(runtime, chosen_course, chosen)
        return
    from mesadrill.core import sm2
    from mesadrill.core.course import LessonRead
    from mesadrill.render.course_text import lesson_lines
    from mesadrill.store import course_store
    from mesadrill.study.course import progress

    decks = {deck.id: deck for deck in runtime.catalog.decks()}
    now = runtime.now()
    with runtime.open_store() as store:
        state = progress(store, chosen_course, decks, runtime.today())
        found = state.lesson(chosen.id)
        assert found is not None
        for text in lesson_lines(found, len(state.lessons), decks):
            output.line(text)
        course_store.mark_read(
            store,
            LessonRead(chosen_course.id, chosen.id, now, sm2.study_day(now, runtime.settings.day_start_hour)),
        )


@click.command()
@click.argument("lesson_ref", metavar="LESSON")
@click.option("--plain", is_flag=True, help="Line-based quiz for plain terminals, screen readers and scripts.")
def quiz(lesson_ref: str, plain: bool) -> None:
    """The end-of-lesson quiz: up to 15 questions from the lesson's choice, cloze and basic cards.

    Answer a choice by its number; type cloze and basic answers (case,
    punctuation and spaces do not matter; a near miss can be claimed). The
    score, with each wrong answer, its explanation and source, comes at the
    end, and the attempt is saved. A wrong answer is scheduled again as a
    failed review; a right one counts as a review only if the card was due.

    \b
    Examples:
      mesadrill quiz what-is-an-optimizer
      mesadrill quiz what-is-an-optimizer --plain
    """
    if not plain:
        pause_until_first_frame()
    from mesadrill.study.quiz import QuizSession
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen_course, chosen = _find_lesson(runtime, lesson_ref)
    decks = {deck.id: deck for deck in runtime.catalog.decks()}
    if not plain:
        from mesadrill.tui.launch import run_quiz

        run_quiz(runtime, chosen_course, chosen)
        return
    from mesadrill.plain.io import read_line
    from mesadrill.plain.quiz import PlainQuiz

    with runtime.open_store() as store:
        session = QuizSession(store, chosen_course, chosen, decks, runtime.clock, runtime.settings)
        if session.empty:
            raise MesadrillError(f"lesson '{chosen.id}' has no choice, cloze or basic cards to quiz on")
        PlainQuiz(session, read_line, output.line).run()


@click.command()
@click.argument("question")
@click.option("--lesson", "lesson_ref", default=None, help="Only passages of this lesson.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: each passage with its lesson, heading, line, matched words."
)
def ask(question: str, lesson_ref: str | None, as_json: bool) -> None:
    """Find the passages of the course readings (and card notes) that answer a question.

    Offline search, no language model; nothing leaves the machine. The
    readings are split at their ## headings and indexed with SQLite FTS5 in
    the cache folder (rebuilt when a course, reading or deck file changes);
    your question's words (minus stop words, stemmed, with a few everyday
    synonyms) are ranked with bm25, headings weighing more. Each passage is
    shown with its lesson, heading and file:line, matched words marked.
    When nothing matches well it says so.

    \b
    Examples:
      mesadrill ask "why would a model pretend to be aligned?"
      mesadrill ask "what did sleeper agents show" --lesson deception-experiments-2024 --json
    """
    from mesadrill.render.course_text import shown_where
    from mesadrill.study.ask import ask as run_ask
    from mesadrill.study.ask import open_index
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    catalog = runtime.catalog
    courses = catalog.courses()
    if not courses:
        raise MesadrillError("no course found to search (a course is a YAML file with a top-level 'course:' key)")
    lesson_id = _find_lesson(runtime, lesson_ref)[1].id if lesson_ref else None
    decks = {deck.id: deck for deck in catalog.decks()}
    from mesadrill.env import paths

    with open_index(paths.deck_index_path(), courses, decks) as index:
        result = run_ask(index, question, lesson_id=lesson_id)
    if as_json:
        output.line(json.dumps(_ask_json(result.question, result.terms, result.answers), indent=2, ensure_ascii=False))
        return
    if not result.found:
        words = ", ".join(result.terms) or "(none: only common words)"
        output.line(f"Nothing matches well. Words looked for: {words}.")
        output.line("Try the words the lesson would use, or: mesadrill course")
        return
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for number, answer in enumerate(result.answers, start=1):
        what = "card" if answer.kind == "card" else "reading"
        output.line(f"{number}. {answer.lesson_title} · {_mark(answer.heading, answer.heading_spans, color)}")
        output.line(f"   {what}: {shown_where(answer.path, answer.line)}")
        for text in _mark(answer.text, answer.text_spans, color).splitlines():
            output.line(f"   {text}" if text.strip() else "")
        output.line("")
    output.line(
        f"Matched words are marked {'in bold' if color else 'with «»'}. Words looked for: {', '.join(result.terms)}."
    )


def _mark(text: str, spans: tuple[tuple[int, int], ...], color: bool) -> str:
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        parts.append(text[cursor:start])
        word = text[start:end]
        parts.append(click.style(word, bold=True, fg="yellow") if color else f"«{word}»")
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _ask_json(question: str, terms: tuple[str, ...], answers: tuple[Answer, ...]) -> dict[str, object]:
    return {
        "question": question,
        "terms": list(terms),
        "found": bool(answers),
        "answers": [
            {
                "kind": a.kind,
                "course": a.course_id,
                "lesson": a.lesson_id,
                "lesson_title": a.lesson_title,
                "heading": a.heading,
                "path": a.path,
                "line": a.line,
                "text": a.text,
                "matched": list(a.matched),
                "highlights": [list(span) for span in a.text_spans],
                "heading_highlights": [list(span) for span in a.heading_spans],
                "score": a.score,
            }
            for a in answers
        ],
    }
