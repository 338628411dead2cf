"""Writing imported decks to YAML files without ever overwriting a person's work.

A file is written as ``DECK-ID.yaml`` in the target folder. If it exists:

- written by an earlier import and untouched since (its header hash still
  matches): replaced, and reported as updated;
- identical to what would be written: left alone, reported as unchanged;
- edited since it was imported, or not written by an import at all: left
  alone and reported, unless ``force`` (then replaced).

Every file is checked with the deck loader before it is written, so an
import never leaves a deck that fails ``mesadrill lint``. Writes go to a
temporary file renamed into place, so a crash leaves the old file or the new.
"""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Any

from mesadrill.core.errors import MesadrillError
from mesadrill.core.records import record
from mesadrill.decks.load import parse_deck
from mesadrill.decks.write import deck_text, written_by_import


class Outcome(StrEnum):
    WROTE = "wrote"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # not written: the file there is someone's own


@record(frozen=True, slots=True)
class Written:
    path: Path
    outcome: Outcome
    why: str = ""


def check_text(text: str, path: Path) -> None:
    """Refuse (as an error, not a traceback) a deck text the loader would not accept as it is."""
    result = parse_deck(text.encode("utf-8"), path)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        first = errors[0]
        raise MesadrillError(
            f"internal error: the deck made for {path.name} does not pass lint "
            f"({len(errors)} error(s), first: line {first.line}: {first.message}); nothing written"
        )


def write_deck_file(
    folder: Path, deck: dict[str, Any], origin: str, header: list[str], *, force: bool = False
) -> Written:
    path = folder / f"{deck['deck']}.yaml"
    text = deck_text(deck, origin, header)
    check_text(text, path)
    outcome = Outcome.WROTE
    if path.exists():
        try:
            old = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return Written(path, Outcome.KEPT, f"exists and cannot be read ({error}); not overwritten")
        if old == text:
            return Written(path, Outcome.UNCHANGED)
        mark = written_by_import(old)
        if not force:
            if mark is None:
                return Written(path, Outcome.KEPT, "exists and was not written by an import; not overwritten")
            if not mark[1]:
                return Written(path, Outcome.KEPT, "was edited since it was imported; not overwritten")
        outcome = Outcome.UPDATED
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise MesadrillError(f"cannot write {path}: {error.strerror or error}") from None
    return Written(path, outcome)
