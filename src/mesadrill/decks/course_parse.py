"""Parsing a course file: the same safe YAML as decks, checked against the course format.

Every problem is reported with its ``path:line:column``. A lesson's reading
is inline Markdown (a value with a line break in it) or a path relative to
the course file; the file must exist and be UTF-8. Whether card and lesson
references resolve needs the decks, and is ``course_check``'s job.
"""

from __future__ import annotations

from pathlib import Path

from mesadrill.core.course import DEFAULT_QUIZ_PASS, DEFAULT_QUIZ_QUESTIONS, Course, Lesson, Ref, Related
from mesadrill.core.errors import Problem
from mesadrill.decks import yamlsafe
from mesadrill.decks.course_format import (
    COURSE_FIELDS,
    DAYS_RANGE,
    LESSON_FIELDS,
    MAX_READING_BYTES,
    PASS_RANGE,
    QUESTIONS_RANGE,
    QUIZ_FIELDS,
)
from mesadrill.decks.fields import FieldReader, node_kind
from mesadrill.decks.format import CARD_ID, DECK_ID
from mesadrill.decks.result import Findings
from mesadrill.decks.yamlsafe import Mapping, Node, Scalar, Sequence


class CourseResult(Findings):
    """A course file's outcome: the course when it has no errors, and every finding."""

    __slots__ = ("course", "draft", "path", "problems")

    def __init__(self, path: Path, course: Course | None, problems: list[Problem], draft: Course | None = None) -> None:
        self.path = path
        self.course = course
        self.problems = problems
        self.draft = draft or course  # what could be built despite errors: lint checks its references


def load_course_file(path: Path) -> CourseResult:
    """Read and validate a course file; never raises for a bad course."""
    from mesadrill.decks.load import read_deck_bytes

    data = read_deck_bytes(path)
    if not isinstance(data, bytes):
        return CourseResult(path, None, data.problems)
    return parse_course(data, path)


def parse_course(data: bytes, path: Path) -> CourseResult:
    composed = yamlsafe.compose(data, str(path))
    validator = _CourseValidator(str(path))
    validator.problems.extend(composed.problems)
    course = validator.course(composed.root, path) if composed.root is not None else None
    problems = sorted(validator.problems, key=lambda p: (p.path != str(path), p.path, p.line, p.column))
    draft = course
    if any(p.severity == "error" for p in problems):
        course = None
    return CourseResult(path, course, problems, draft)


class _CourseValidator(FieldReader):
    def whole(self, values: dict[str, Node], name: str, default: int | None, bounds: tuple[int, int]) -> int | None:
        node = values.get(name)
        if node is None:
            return default
        low, high = bounds
        if isinstance(node, Scalar) and node.plain and node.value.isascii() and node.value.isdigit():
            number = int(node.value)
            if low <= number <= high:
                return number
            self.error(node, f"'{name}' should be between {low} and {high}, not {number}")
            return default
        shown = f"'{node.value}'" if isinstance(node, Scalar) else node_kind(node)
        self.error(node, f"'{name}' should be a whole number (unquoted), not {shown}")
        return default

    def course(self, root: Node, path: Path) -> Course | None:
        if not isinstance(root, Mapping):
            self.error(
                root,
                f"the top level of a course must be a mapping with course, title and lessons, not {node_kind(root)}",
            )
            return None
        values = self.fields(root, COURSE_FIELDS, "a course")
        course_id = self.text(values, "course", root)
        if course_id is not None and not DECK_ID.fullmatch(course_id):
            self.error(
                values["course"],
                f"course id '{course_id}' should be lowercase letters, digits and '-', starting with a letter or digit (at most 64)",
            )
            course_id = None
        title = self.text(values, "title", root)
        description = self.text(values, "description", root)
        days = self.whole(values, "days", None, DAYS_RANGE)
        lessons: list[Lesson] = []
        node = values.get("lessons")
        if node is None:
            self.error(root, "missing 'lessons'")
        elif not isinstance(node, Sequence):
            self.error(node, f"'lessons' should be a list of lessons, not {node_kind(node)}")
        elif not node.items:
            self.error(node, "a course needs at least one lesson")
        else:
            first_line: dict[str, int] = {}
            for item in node.items:
                lesson_id, lesson = self.lesson(item, path)
                if lesson_id is not None:
                    if lesson_id in first_line:
                        self.error(item, f"duplicate lesson id '{lesson_id}' (first at line {first_line[lesson_id]})")
                        continue
                    first_line[lesson_id] = item.line
                if lesson is not None:
                    lessons.append(lesson)
        if course_id is None or title is None or description is None:
            return None
        return Course(course_id, title, description, tuple(lessons), days, path)

    def lesson(self, node: Node, path: Path) -> tuple[str | None, Lesson | None]:
        if not isinstance(node, Mapping):
            self.error(node, f"a lesson should be a mapping (id, title, summary, reading, ...), not {node_kind(node)}")
            return None, None
        values = self.fields(node, LESSON_FIELDS, "a lesson")
        lesson_id = self.text(values, "id", node)
        if lesson_id is not None and not CARD_ID.fullmatch(lesson_id):
            self.error(
                values["id"],
                f"lesson id '{lesson_id}' should be letters, digits, '_', '.' or '-', starting with a letter or digit (at most 64, no ':')",
            )
            lesson_id = None
        title = self.text(values, "title", node)
        summary = self.text(values, "summary", node)
        reading = self.reading(values, node, path)
        covers = self.text_list(values, "covers", node)
        key_terms = self.refs(values, "key_terms", cards_only=True)
        cards = self.refs(values, "cards", cards_only=False)
        interview = self.refs(values, "interview", cards_only=True)
        questions, pass_mark = self.quiz(values)
        related = self.related(values)
        if lesson_id is None:
            return lesson_id, None
        # Built even when a field has a problem (the errors make the course unusable anyway),
        # so that lint can still check the lesson's references.
        text, reading_path, reading_line = reading if reading is not None else ("", None, 1)
        return lesson_id, Lesson(
            lesson_id,
            title or "",
            summary or "",
            text,
            reading_path,
            reading_line,
            covers,
            key_terms,
            cards,
            interview,
            questions,
            pass_mark,
            related,
            node.line,
        )

    def reading(self, values: dict[str, Node], owner: Mapping, path: Path) -> tuple[str, Path | None, int] | None:
        node = values.get("reading")
        if node is None:
            self.error(owner, "missing 'reading' (inline Markdown, or a path relative to the course file)")
            return None
        text = self.text_value(node, "reading")
        if text is None:
            return None
        assert isinstance(node, Scalar)
        if "\n" in text:
            first = node.line + 1 if node.style in ("|", ">") else node.line
            return text, None, first
        target = path.parent / text
        shown = f"reading '{text}'"
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            self.error(node, f"{shown}: no such file (looked for {target})")
            return None
        except IsADirectoryError:
            self.error(node, f"{shown}: is a folder, not a Markdown file")
            return None
        except OSError as error:
            self.error(node, f"{shown}: cannot read ({error.strerror})")
            return None
        if len(data) > MAX_READING_BYTES:
            self.error(
                node, f"{shown}: {len(data):,} bytes; a reading is limited to {MAX_READING_BYTES // 1048576} MiB"
            )
            return None
        decoded, problems = yamlsafe.decode(data, str(target))
        if decoded is None:
            self.problems.extend(problems)
            self.error(node, f"{shown}: not UTF-8 text")
            return None
        from mesadrill.core import cleantext

        cleaned = cleantext.clean(decoded)
        if cleaned.removed:
            self.warn(node.line, node.column, f"{shown}: removed {cleaned.removed} control character(s)")
        if not cleaned.text.strip():
            self.error(node, f"{shown}: the file is empty")
            return None
        return cleaned.text, target, 1

    def refs(self, values: dict[str, Node], name: str, *, cards_only: bool) -> tuple[Ref, ...]:
        node = values.get(name)
        if node is None:
            return ()
        if not isinstance(node, Sequence):
            self.error(node, f"'{name}' should be a list, not {node_kind(node)}")
            return ()
        found: list[Ref] = []
        for item in node.items:
            text = self.text_value(item, f"{name} entry")
            if text is None:
                continue
            deck_id, colon, card_id = text.partition(":")
            if not colon and cards_only:
                self.error(item, f"'{text}' in {name} should be DECK:CARD (a card, not a whole deck)")
                continue
            if not DECK_ID.fullmatch(deck_id) or (colon and not CARD_ID.fullmatch(card_id)):
                expected = "DECK:CARD" if cards_only else "a deck id or DECK:CARD"
                self.error(item, f"'{text}' in {name} should be {expected}")
                continue
            found.append(Ref(deck_id, card_id if colon else None, item.line, item.column))
        return tuple(found)

    def quiz(self, values: dict[str, Node]) -> tuple[int, int]:
        node = values.get("quiz")
        if node is None:
            return DEFAULT_QUIZ_QUESTIONS, DEFAULT_QUIZ_PASS
        if not isinstance(node, Mapping):
            self.error(node, f"'quiz' should be a mapping (questions, pass), not {node_kind(node)}")
            return DEFAULT_QUIZ_QUESTIONS, DEFAULT_QUIZ_PASS
        quiz = self.fields(node, QUIZ_FIELDS, "a lesson's quiz")
        questions = self.whole(quiz, "questions", DEFAULT_QUIZ_QUESTIONS, QUESTIONS_RANGE)
        pass_mark = self.whole(quiz, "pass", DEFAULT_QUIZ_PASS, PASS_RANGE)
        return questions or DEFAULT_QUIZ_QUESTIONS, pass_mark or DEFAULT_QUIZ_PASS

    def related(self, values: dict[str, Node]) -> tuple[Related, ...]:
        node = values.get("related")
        if node is None:
            return ()
        if not isinstance(node, Sequence):
            self.error(node, f"'related' should be a list, not {node_kind(node)}")
            return ()
        found: list[Related] = []
        for item in node.items:
            text = self.text_value(item, "related entry")
            if text is None:
                continue
            first, colon, second = text.partition(":")
            course_id, lesson_id = (first, second) if colon else (None, first)
            if (course_id is not None and not DECK_ID.fullmatch(course_id)) or not CARD_ID.fullmatch(lesson_id):
                self.error(item, f"'{text}' in related should be a lesson id or COURSE:LESSON")
                continue
            found.append(Related(course_id, lesson_id, item.line, item.column))
        return tuple(found)
