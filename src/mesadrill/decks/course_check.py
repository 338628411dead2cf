"""Checking a course against the decks: every reference resolves, every related lesson exists.

Each problem is reported where the reference is written, with "did you mean"
when a near name exists. Used by ``mesadrill lint`` and when the catalog
loads courses (a course with unresolved references still loads: the learner
gets what resolves, and lint says what does not).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mesadrill.core.course import Course, Ref
from mesadrill.core.errors import Problem
from mesadrill.core.model import Deck
from mesadrill.core.suggest import did_you_mean


def check_course(course: Course, decks: Mapping[str, Deck], courses: Iterable[Course] = ()) -> list[Problem]:
    """Every broken reference in ``course``: cards, decks and related lessons."""
    shown = str(course.path) if course.path else course.id
    problems: list[Problem] = []
    others = {other.id: other for other in courses}
    others[course.id] = course
    for lesson in course.lessons:
        for name, refs in (("key_terms", lesson.key_terms), ("cards", lesson.cards), ("interview", lesson.interview)):
            for ref in refs:
                message = _ref_problem(ref, decks, name)
                if message:
                    problems.append(Problem(shown, ref.line, ref.column, message))
        for related in lesson.related:
            target = others.get(related.course_id or course.id)
            if target is None:
                problems.append(
                    Problem(
                        shown,
                        related.line,
                        related.column,
                        f"related: no course '{related.course_id}'{did_you_mean(related.course_id or '', list(others))}",
                    )
                )
                continue
            if target.lesson(related.lesson_id) is None:
                names = [other.id for other in target.lessons]
                where = "this course" if target is course else f"course '{target.id}'"
                problems.append(
                    Problem(
                        shown,
                        related.line,
                        related.column,
                        f"related: no lesson '{related.lesson_id}' in {where}{did_you_mean(related.lesson_id, names)}",
                    )
                )
            elif target is course and related.lesson_id == lesson.id:
                problems.append(
                    Problem(shown, related.line, related.column, "related: a lesson cannot relate to itself")
                )
    return problems


def _ref_problem(ref: Ref, decks: Mapping[str, Deck], name: str) -> str | None:
    deck = decks.get(ref.deck_id)
    if deck is None:
        return f"{name}: no deck '{ref.deck_id}'{did_you_mean(ref.deck_id, list(decks))}"
    if ref.card_id is None:
        return None
    card = deck.card(ref.card_id)
    if card is None:
        return f"{name}: no card '{ref.card_id}' in deck '{deck.id}'{did_you_mean(ref.card_id, [c.id for c in deck.cards])}"
    if name == "interview" and card.type != "interview":
        return f"interview: '{ref}' is a {card.type} card, not an interview card"
    return None
