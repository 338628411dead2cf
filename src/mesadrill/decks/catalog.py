"""Which decks mesadrill can see, and finding one by id or path.

Decks come from three places, searched in this order: the paths in
``MESADRILL_DECKS``, the user's deck folder (in the data folder), then the
decks bundled with mesadrill. When two files share a deck id, the first one
found wins and the others are listed as shadowed, so a user can copy a bundled
deck into their folder, edit it, and keep its history.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from mesadrill.core.errors import DeckError, DeckNotFound, MesadrillError, Problem
from mesadrill.core.model import Deck
from mesadrill.core.records import record
from mesadrill.core.suggest import did_you_mean
from mesadrill.decks import cache as deckcache
from mesadrill.decks.result import LoadResult
from mesadrill.env import paths

if TYPE_CHECKING:
    from mesadrill.core.course import Course

DECK_SUFFIXES = (".yaml", ".yml")


class Origin(StrEnum):
    EXTRA = "MESADRILL_DECKS"
    USER = "user"
    BUNDLED = "bundled"


@record(slots=True)
class Entry:
    """One deck file found, what loading it gave, and whether another file hides it."""

    path: Path
    origin: Origin
    result: LoadResult
    shadowed_by: Path | None = None

    @property
    def deck(self) -> Deck | None:
        return self.result.deck


Loader = Callable[[Path], LoadResult]

_SNIFF_BYTES = 64 * 1024


def is_course_file(path: Path) -> bool:
    """True when the file's top level has ``course:`` (a course, not a deck); read from its head.

    A deck's top-level keys are fixed and ``course`` is not one of them, so a
    line starting ``course:`` can only be a course's key. No YAML is loaded here.
    """
    import re

    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    if not head.startswith(b"course") and b"\ncourse" not in head:  # a plain search first: most files are decks
        return False
    return re.search(rb"(?m)^course[ \t]*:", head) is not None


@record(slots=True)
class CourseEntry:
    """One course file found, what loading it gave, and whether another file hides it."""

    path: Path
    origin: Origin
    course: Course | None
    problems: list[Problem]
    shadowed_by: Path | None = None


def deck_files(folder: Path) -> list[Path]:
    """Deck files in a folder and its subfolders, hidden ones skipped, in name order.

    Subfolders reached through a symlink are not entered (as ``Path.rglob``);
    a symlink to a file counts. Walked with ``os.scandir`` on strings: every
    start lists the deck folders, and pathlib's glob cost several times more.
    """
    found: list[str] = []
    folders = [os.fspath(folder)]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.name.endswith(DECK_SUFFIXES) and entry.is_file():
                        found.append(entry.path)
        except OSError:
            continue  # an unreadable subfolder: the decks found elsewhere still count
    return sorted(map(Path, found))


def sources() -> list[tuple[Path, Origin]]:
    """Every deck file mesadrill looks at, in priority order."""
    found: list[tuple[Path, Origin]] = []
    for extra in paths.extra_deck_paths():
        if extra.is_dir():
            found.extend((path, Origin.EXTRA) for path in deck_files(extra))
        else:
            found.append((extra, Origin.EXTRA))
    user = paths.user_deck_dir()
    if user.is_dir():
        found.extend((path, Origin.USER) for path in deck_files(user))
    bundled = paths.bundled_deck_dir()
    if bundled is not None:
        found.extend((path, Origin.BUNDLED) for path in deck_files(bundled))
    return found


class Catalog:
    """The decks that are visible now, loaded once."""

    def __init__(self, entries: list[Entry], course_files: list[tuple[Path, Origin]] | None = None) -> None:
        self.entries = entries
        self.course_files = course_files or []
        self._courses: list[CourseEntry] | None = None
        self.named: dict[str, Deck] = {}  # decks found by the path of their file, by id

    @classmethod
    def discover(cls, loader: Loader = deckcache.load) -> Catalog:
        return cls.from_files(sources(), loader)

    @classmethod
    def from_files(cls, files: Iterable[tuple[Path, Origin]], loader: Loader = deckcache.load) -> Catalog:
        entries: list[Entry] = []
        course_files: list[tuple[Path, Origin]] = []
        owner: dict[str, Path] = {}
        seen: set[Path] = set()
        for path, origin in files:
            try:
                resolved = path.resolve()
            except (OSError, RuntimeError):  # a symlink loop: the loader reports it as unreadable
                resolved = path.absolute()
            if resolved in seen:
                continue
            seen.add(resolved)
            if is_course_file(path):
                course_files.append((path, origin))
                continue
            entry = Entry(path, origin, loader(path))
            deck = entry.deck
            if deck is not None:
                if deck.id in owner:
                    entry.shadowed_by = owner[deck.id]
                else:
                    owner[deck.id] = path
            entries.append(entry)
        return cls(entries, course_files)

    def course_entries(self) -> list[CourseEntry]:
        """Every course file found, parsed on first use (most commands never need them)."""
        if self._courses is None:
            from mesadrill.decks import course_cache

            found: list[CourseEntry] = []
            owner: dict[str, Path] = {}
            for path, origin in self.course_files:
                course, problems = course_cache.load(path)
                entry = CourseEntry(path, origin, course, problems)
                if course is not None:
                    if course.id in owner:
                        entry.shadowed_by = owner[course.id]
                    else:
                        owner[course.id] = path
                found.append(entry)
            self._courses = found
        return self._courses

    def courses(self) -> list[Course]:
        """Usable courses, one per id."""
        return [e.course for e in self.course_entries() if e.course is not None and e.shadowed_by is None]

    def find_course(self, ref: str | None) -> Course:
        """A course by id (or the only one when ``ref`` is None)."""
        courses = self.courses()
        if ref is None:
            if not courses:
                broken = [e for e in self.course_entries() if e.course is None]
                if broken:
                    raise MesadrillError(
                        f"the course in {broken[0].path} has errors; run: mesadrill lint {broken[0].path}"
                    )
                raise MesadrillError("no course found (a course is a YAML file with a top-level 'course:' key)")
            return courses[0]
        for course in courses:
            if course.id == ref:
                return course
        known = [course.id for course in courses]
        raise MesadrillError(f"no course with id '{ref}'{did_you_mean(ref, known)}")

    def decks(self) -> list[Deck]:
        """Usable decks, one per id."""
        return [e.deck for e in self.entries if e.deck is not None and e.shadowed_by is None]

    def broken(self) -> list[Entry]:
        return [e for e in self.entries if e.deck is None]

    def find(self, ref: str) -> Deck:
        """A deck by id, or by the path of its file; DeckError if it has problems."""
        if looks_like_path(ref):
            path = Path(ref).expanduser()
            if not path.exists():
                raise DeckNotFound(f"no deck file at {ref}")
            result = deckcache.load(path)
            if result.deck is None:
                raise DeckError(result.errors)
            self.named[result.deck.id] = result.deck
            return result.deck
        for deck in self.decks():
            if deck.id == ref:
                return deck
        for entry in self.broken():
            if _declared_id(entry) == ref:
                raise DeckError(entry.result.errors)
        known = [deck.id for deck in self.decks()]
        hint = did_you_mean(ref, known) or (f"; known decks: {', '.join(known)}" if known else "; no decks found")
        raise DeckNotFound(f"no deck with id '{ref}'{hint} (see `mesadrill decks`)")

    def find_all(self, refs: Iterable[str]) -> list[Deck]:
        decks: list[Deck] = []
        for ref in refs:
            deck = self.find(ref)
            if all(d.id != deck.id for d in decks):
                decks.append(deck)
        return decks


def looks_like_path(ref: str) -> bool:
    return "/" in ref or ref.endswith(DECK_SUFFIXES) or ref.startswith((".", "~"))


def _declared_id(entry: Entry) -> str | None:
    """The deck id a broken file means to have, read from its first lines."""
    try:
        with entry.path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return None
    for line in head.splitlines():
        if line.startswith("deck:"):
            return line.partition(":")[2].strip().strip("'\"") or None
    return None


def first_error(entry: Entry) -> Problem | None:
    errors = entry.result.errors
    return errors[0] if errors else None
