"""Which decks mesadrill can see, and finding one by id or path.

Decks come from three places, searched in this order: the paths in
``MESADRILL_DECKS``, the user's deck folder (in the data folder), then the
decks bundled with mesadrill. When two files share a deck id, the first one
found wins and the others are listed as shadowed, so a user can copy a bundled
deck into their folder, edit it, and keep its history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mesadrill.core.errors import DeckError, DeckNotFound, Problem
from mesadrill.core.model import Deck
from mesadrill.core.suggest import did_you_mean
from mesadrill.decks import cache as deckcache
from mesadrill.decks.result import LoadResult
from mesadrill.env import paths

DECK_SUFFIXES = (".yaml", ".yml")


class Origin(StrEnum):
    EXTRA = "MESADRILL_DECKS"
    USER = "user"
    BUNDLED = "bundled"


@dataclass(slots=True)
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


def deck_files(folder: Path) -> list[Path]:
    """Deck files in a folder and its subfolders, hidden ones skipped, in name order."""
    found = []
    try:
        for path in folder.rglob("*"):
            relative = path.relative_to(folder)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if path.suffix in DECK_SUFFIXES and path.is_file():
                found.append(path)
    except (OSError, RuntimeError):
        pass  # an unreadable subfolder or a symlink loop: the decks found so far still count
    return sorted(found)


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

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries

    @classmethod
    def discover(cls, loader: Loader = deckcache.load) -> Catalog:
        return cls.from_files(sources(), loader)

    @classmethod
    def from_files(cls, files: Iterable[tuple[Path, Origin]], loader: Loader = deckcache.load) -> Catalog:
        entries: list[Entry] = []
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
            entry = Entry(path, origin, loader(path))
            deck = entry.deck
            if deck is not None:
                if deck.id in owner:
                    entry.shadowed_by = owner[deck.id]
                else:
                    owner[deck.id] = path
            entries.append(entry)
        return cls(entries)

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
