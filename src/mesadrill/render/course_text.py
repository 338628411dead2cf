"""The course map and a lesson as plain text (``--plain``) and as JSON rows, for every front end."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mesadrill.core.model import Deck
from mesadrill.study.course import CourseProgress, LessonProgress, card_items


def score_text(value: int | None) -> str:
    return "-" if value is None else f"{value}%"


def day_text(progress: CourseProgress) -> str:
    if progress.day is None:
        return ""
    day, days = progress.day
    return f"Day {day} of {days}"


def lesson_row(progress: LessonProgress, current: bool) -> dict[str, Any]:
    lesson = progress.lesson
    return {
        "id": lesson.id,
        "number": progress.number,
        "title": lesson.title,
        "summary": lesson.summary,
        "status": progress.status.value,
        "current": current,
        "read": progress.read,
        "best_score": progress.best,
        "latest_score": progress.latest,
        "attempts": progress.attempts,
        "pass": lesson.quiz_pass,
        "items": progress.items,
        "new": progress.new,
        "due": progress.due,
    }


def course_json(progress: CourseProgress) -> dict[str, Any]:
    course = progress.course
    return {
        "id": course.id,
        "title": course.title,
        "description": course.description,
        "days": course.days,
        "day": progress.day[0] if progress.day else None,
        "current_lesson": progress.current_lesson.lesson.id,
        "lessons": [lesson_row(p, n == progress.current) for n, p in enumerate(progress.lessons)],
    }


def map_lines(progress: CourseProgress) -> list[str]:
    course = progress.course
    lines = [course.title]
    day = day_text(progress)
    current = progress.current_lesson
    lines.append(
        f"{day + ' · ' if day else ''}Lesson {current.number} of {len(progress.lessons)}: {current.lesson.title}"
    )
    lines.append("")
    for number, lesson in enumerate(progress.lessons):
        marker = ">" if number == progress.current else " "
        lines.append(
            f"{marker} {lesson.number:>2}. {lesson.lesson.title}  [{lesson.status.value}]"
            f"  best {score_text(lesson.best)}  latest {score_text(lesson.latest)}  due {lesson.due}  new {lesson.new}"
        )
    return lines


def lesson_lines(progress: LessonProgress, total: int, decks: Mapping[str, Deck]) -> list[str]:
    lesson = progress.lesson
    lines = [f"Lesson {progress.number} of {total}: {lesson.title}", lesson.summary, ""]
    lines.append(
        f"Status: {progress.status.value} · best quiz {score_text(progress.best)} · "
        f"latest {score_text(progress.latest)} · pass {lesson.quiz_pass}% · due {progress.due} · new {progress.new}"
    )
    if lesson.covers:
        lines += ["", "What this lesson covers:"] + [f"  - {point}" for point in lesson.covers]
    lines += ["", lesson.reading.rstrip(), ""]
    terms = card_items(lesson.key_terms, decks)
    if terms:
        lines.append("Key terms:")
        lines += [f"  - {item.prompt.splitlines()[0]} ({item.deck_id}:{item.card.id})" for item in terms]
    prompts = card_items(lesson.interview, decks)
    if prompts:
        lines.append("Say this in an interview:")
        lines += [f"  - {item.prompt.splitlines()[0]}" for item in prompts]
    if lesson.related:
        lines.append("Related lessons: " + ", ".join(str(r) for r in lesson.related))
    return lines


def shown_where(path: str, line: int, cwd: Path | None = None) -> str:
    """``path:line`` for a passage, relative to the working folder when it is under it."""
    where = Path(path)
    base = cwd or Path.cwd()
    if where.is_relative_to(base):
        where = where.relative_to(base)
    return f"{where}:{line}"
