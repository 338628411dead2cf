"""Importing decks from elsewhere: an Anki package (with its history, if asked) or a CSV file.

The services here return a report; the command line prints it. Decks are
written by study.deck_files (never over a person's own file); history goes
into the store by event id, so importing the same package twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from mesadrill.core.history import EventKind
from mesadrill.core.records import record
from mesadrill.study.anki_import import Progress, convert
from mesadrill.study.deck_files import Outcome, Written, write_deck_file
from mesadrill.study.runtime import Runtime

Say = Callable[[str], None]


@record
class ImportReport:
    source: str
    files: list[tuple[Written, str, int, str]] = field(default_factory=list)  # written, deck id, cards, kinds
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reviews: int = 0
    schedules: int = 0
    suspended: int = 0
    new_events: int = 0
    items_rescheduled: int = 0

    @property
    def kept(self) -> list[Written]:
        return [w for w, *_ in self.files if w.outcome is Outcome.KEPT]


def import_anki(
    runtime: Runtime,
    package: Path,
    folder: Path,
    *,
    with_history: bool,
    force: bool = False,
    progress: Progress | None = None,
    say: Say | None = None,
) -> ImportReport:
    from mesadrill.store.anki_package import read_package

    if say:
        say(f"Reading {package.name}...")
    collection = read_package(package)
    now = runtime.now()
    zone = now.tzinfo
    assert zone is not None  # the clock is always aware
    conversion = convert(
        collection,
        with_history=with_history,
        zone=zone,
        day_start_hour=runtime.settings.day_start_hour,
        progress=progress,
    )
    report = ImportReport(
        f"{package.name} ({collection.source})", warnings=conversion.warnings, skipped=conversion.skipped
    )
    for deck in conversion.decks:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(deck.kinds.items()))
        data = {
            "deck": deck.deck_id,
            "title": deck.name,
            "description": f"Imported from Anki (deck {deck.name}).",
            "cards": deck.cards,
        }
        header = [
            f"Imported from Anki: deck {deck.name!r}.",
            "Importing a newer package of this deck replaces this file while it is unchanged;",
            "once you edit it, an import leaves it alone (mesadrill import anki --force replaces it).",
        ]
        written = write_deck_file(folder, data, "anki", header, force=force)
        report.files.append((written, deck.deck_id, len(deck.cards), kinds))
    if with_history:
        kept_decks = {deck_id for w, deck_id, *_ in report.files if w.outcome is Outcome.KEPT}
        events = [e for e in conversion.events if e.deck_id not in kept_decks]
        report.reviews = sum(1 for e in events if e.kind.is_grade)
        report.suspended = sum(1 for e in events if e.kind is EventKind.SUSPEND)
        report.schedules = len(events) - report.reviews - report.suspended
        if events:
            if say:
                say(f"Adding {len(events):,} history events...")
            with runtime.open_store() as store:
                before = store.event_count()
                touched = store.merge(events).touched
                report.new_events = store.event_count() - before
                report.items_rescheduled = len(touched)
    return report
