"""Parsed courses kept between runs, so starting a review does not parse the course YAML again.

Like the deck index (``decks.cache``), an entry is data only (JSON), keyed by
this build and the course file's resolved path, and valid only while the
course file and every reading file it read keep their size, modification
and change times, inode and device, as git tells an unchanged file; a file
changed within ``index_db.RACY_NS`` of being read is hashed again and must
keep its BLAKE2b. The entry is untrusted (anyone who can write the cache
folder can write it): every field is checked as course data when read, text
free of control characters, and anything unreadable or of another shape is
a miss, never an error. Writing is best effort; only courses without
problems are kept, so a broken course reports its problems every time.
``MESADRILL_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from mesadrill.core.course import Course, Lesson, Ref, Related
from mesadrill.core.errors import Problem
from mesadrill.decks import cache as deckcache
from mesadrill.decks import card_rows, index_db
from mesadrill.env import paths

FORMAT = 2
COURSE_MODULES = ("mesadrill.core.course", "mesadrill.decks.course_parse", "mesadrill.decks.course_format")

try:  # as in decks.cache: the builtin module, without loading OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b


def _stamp() -> str:
    parts = [deckcache._build_stamp(), str(FORMAT)]
    for name in COURSE_MODULES:
        try:
            info = os.stat(deckcache.loader_module_path(name))
            parts.append(f"{info.st_size}.{info.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return "/".join(parts)


def _entry(resolved: str) -> Path:
    digest = blake2b(resolved.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return paths.cache_dir() / "courses" / f"{digest}.json"


def _file_key(path: str | Path) -> list[Any]:
    """What tells the file unchanged without reading it: name, size, mtime, ctime, inode, device."""
    info = os.stat(path)
    return [str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _digest(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return blake2b(handle.read()).hexdigest()


def _unchanged(noted: Any, read_ns: int) -> bool:
    """Whether a file the entry noted is as it was; a racy one (changed just before it was read) is hashed."""
    key, digest = noted[:6], noted[6]
    if type(key[0]) is not str or _file_key(key[0]) != key:  # a name, never a descriptor number
        return False
    if max(key[2], key[3]) + index_db.RACY_NS < read_ns:
        return True
    return bool(_digest(key[0]) == digest)


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
        if data["stamp"] != _stamp() or data["path"] != resolved or type(data["read_ns"]) is not int:
            return None
        if not all(_unchanged(noted, data["read_ns"]) for noted in data["files"]):
            return None
        return _decode(data["course"], path)
    except (OSError, ValueError, TypeError, KeyError, IndexError, RuntimeError):
        return None


def _write(path: Path, course: Course) -> None:
    try:
        resolved = str(path.resolve())
        read_ns = time.time_ns()
        names = [Path(resolved)] + [lesson.reading_path for lesson in course.lessons if lesson.reading_path]
        files = [[*_file_key(name), _digest(name)] for name in names]
        entry_data = {"stamp": _stamp(), "path": resolved, "read_ns": read_ns, "files": files}
        text = json.dumps({**entry_data, "course": _encode(course)})
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
    """The course an entry holds, every field checked; ValueError/TypeError (a miss) when it is not course data."""
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
                _text(lid),
                _text(title),
                _text(summary),
                _text(reading),
                Path(_text(reading_path)) if reading_path is not None else None,
                _whole(reading_line),
                card_rows.clean_texts(covers),
                _refs_of(terms),
                _refs_of(cards),
                _refs_of(interview),
                _whole(questions),
                _whole(passed),
                tuple(Related(_optional(c), _text(le), _whole(li), _whole(co)) for c, le, li, co in related),
                _whole(line),
            )
        )
    days = data["days"]
    return Course(
        _text(data["id"]),
        _text(data["title"]),
        _text(data["description"]),
        tuple(lessons),
        None if days is None else _whole(days),
        path,
    )


_text = card_rows.clean_text
_whole = card_rows.whole


def _optional(value: Any) -> str | None:
    return None if value is None else _text(value)


def _refs_of(rows: Any) -> tuple[Ref, ...]:
    if type(rows) is not list:
        raise ValueError("not a list of references")
    return tuple(Ref(_text(deck), _optional(card), _whole(line), _whole(column)) for deck, card, line, column in rows)
