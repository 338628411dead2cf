"""Parsed courses kept between runs, so starting a review does not parse the course YAML again.

Like the deck cache (``decks.cache``), an entry is data only (JSON), keyed by
this build and the course file's resolved path, and valid only while the
course file and every reading file it read keep their size and modification
time. Anything unreadable or of another shape is a miss, never an error;
writing is best effort; only courses without problems are kept, so a broken
course reports its problems every time. ``MESADRILL_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from mesadrill.core.course import Course, Lesson, Ref, Related
from mesadrill.core.errors import Problem
from mesadrill.decks import cache as deckcache
from mesadrill.env import paths

FORMAT = 1
COURSE_MODULES = ("mesadrill.core.course", "mesadrill.decks.course_parse", "mesadrill.decks.course_format")

try:  # as in decks.cache: the builtin module, without loading OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b


def _stamp() -> str:
    parts = [deckcache._build_stamp(), str(FORMAT)]
    for name in COURSE_MODULES:
        try:
            info = deckcache.loader_module_path(name).stat()
            parts.append(f"{info.st_size}.{info.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return "/".join(parts)


def _entry(resolved: str) -> Path:
    digest = blake2b(resolved.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return paths.cache_dir() / "courses" / f"{digest}.json"


def _file_key(path: Path) -> list[Any]:
    info = path.stat()
    return [str(path), info.st_size, info.st_mtime_ns]


def load(path: Path) -> tuple[Course | None, list[Problem]]:
    """The course of ``path`` from the cache, and the problems (always none for a hit); parses on a miss."""
    found = _read(path) if deckcache.enabled() else None
    if found is not None:
        return found, []
    from mesadrill.decks.course_parse import load_course_file  # YAML: only on a miss

    result = load_course_file(path)
    if result.course is not None and not result.problems and deckcache.enabled():
        _write(path, result.course)
    return result.course, result.problems


def cached(path: Path) -> Course | None:
    """The course of ``path`` when the cache holds it unchanged (it then had no problems); None otherwise."""
    return _read(path) if deckcache.enabled() else None


def remember(path: Path, course: Course) -> None:
    """Keep a course parsed without problems (best effort)."""
    if deckcache.enabled():
        _write(path, course)


def _read(path: Path) -> Course | None:
    try:
        resolved = str(path.resolve())
        with _entry(resolved).open("rb") as handle:
            data = json.loads(handle.read())
        if data["stamp"] != _stamp() or data["path"] != resolved:
            return None
        for name, size, mtime in data["files"]:
            if _file_key(Path(name)) != [name, size, mtime]:
                return None
        return _decode(data["course"], path)
    except (OSError, ValueError, TypeError, KeyError, IndexError, RuntimeError):
        return None


def _write(path: Path, course: Course) -> None:
    try:
        resolved = str(path.resolve())
        files = [_file_key(Path(resolved))]
        files += [_file_key(lesson.reading_path) for lesson in course.lessons if lesson.reading_path]
        text = json.dumps({"stamp": _stamp(), "path": resolved, "files": files, "course": _encode(course)})
        entry = _entry(resolved)
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".course-", dir=entry.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, entry)
    except (OSError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)


def _refs(refs: tuple[Ref, ...]) -> list[list[Any]]:
    return [[r.deck_id, r.card_id, r.line, r.column] for r in refs]


def _encode(course: Course) -> dict[str, Any]:
    return {
        "id": course.id,
        "title": course.title,
        "description": course.description,
        "days": course.days,
        "lessons": [
            [
                lesson.id,
                lesson.title,
                lesson.summary,
                lesson.reading,
                str(lesson.reading_path) if lesson.reading_path else None,
                lesson.reading_line,
                list(lesson.covers),
                _refs(lesson.key_terms),
                _refs(lesson.cards),
                _refs(lesson.interview),
                lesson.quiz_questions,
                lesson.quiz_pass,
                [[r.course_id, r.lesson_id, r.line, r.column] for r in lesson.related],
                lesson.line,
            ]
            for lesson in course.lessons
        ],
    }


def _decode(data: dict[str, Any], path: Path) -> Course:
    lessons = []
    for row in data["lessons"]:
        (
            lid,
            title,
            summary,
            reading,
            reading_path,
            reading_line,
            covers,
            terms,
            cards,
            interview,
            questions,
            passed,
            related,
            line,
        ) = row
        lessons.append(
            Lesson(
                lid,
                title,
                summary,
                reading,
                Path(reading_path) if reading_path else None,
                reading_line,
                tuple(covers),
                tuple(Ref(*r) for r in terms),
                tuple(Ref(*r) for r in cards),
                tuple(Ref(*r) for r in interview),
                questions,
                passed,
                tuple(Related(*r) for r in related),
                line,
            )
        )
    return Course(data["id"], data["title"], data["description"], tuple(lessons), data["days"], path)
