"""Commands that bring decks in from other programs and take them out: import, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mesadrill.cli import output
from mesadrill.env import paths


@click.group("import")
def import_group() -> None:
    """Bring decks in from Anki or a CSV file, as YAML decks in your deck folder.

    \b
    Examples:
      mesadrill import anki Spanish.apkg --with-history
      mesadrill import anki collection.colpkg --out ~/decks
      mesadrill import csv words.csv
    """


class _Progress:
    """A line on stderr for long imports, rewritten in place on a terminal."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 5000:
            return
        self.shown = True
        end = "\n" if done >= total or not sys.stderr.isatty() else "\r"
        click.echo(f"  converting notes: {done:,} / {total:,}", err=True, nl=False)
        click.echo(end, err=True, nl=False)


def _folder(out: Path | None) -> Path:
    return out if out is not None else paths.user_deck_dir()


@import_group.command("anki")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-history",
    is_flag=True,
    help="Also bring each card's schedule (next due date, interval, ease) and Anki's review log.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the decks here instead of your deck folder.",
)
@click.option("--force", is_flag=True, help="Replace deck files even if you edited them since the last import.")
def import_anki(file: Path, with_history: bool, out: Path | None, force: bool) -> None:
    """Import an Anki package (.apkg or .colpkg) as YAML decks, one per Anki deck.

    Basic and reversed cards become basic cards, Cloze becomes cloze, other
    note types become basic cards from their first field; HTML becomes plain
    text. Card ids come from Anki's note ids, so importing a newer package of
    the same deck updates its file and keeps every schedule. Anki's answers
    map to grades as Again 1, Hard 3, Good 4, Easy 5.

    \b
    Examples:
      mesadrill import anki Spanish.apkg
      mesadrill import anki Spanish.apkg --with-history   schedule and review log too
      mesadrill import anki collection.colpkg --out ./decks
    """
    from mesadrill.study.importing import import_anki as run
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    folder = _folder(out)
    report = run(
        runtime,
        file,
        folder,
        with_history=with_history,
        force=force,
        progress=_Progress(),
        say=lambda text: output.line(text, err=True),
    )
    _print_report(report, with_history)


@import_group.command("csv")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--deck", "deck_id", default=None, help="The deck id (default: from the file name).")
@click.option("--title", default=None, help="The deck title (default: the file name).")
@click.option(
    "--columns",
    default=None,
    help="What each column holds, e.g. front,back,tags or back,front (default: a header line, else front,back,tags).",
)
@click.option("--html", is_flag=True, help="The fields hold HTML (as Anki's 'allow HTML'): keep its text.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the deck here instead of your deck folder.",
)
@click.option("--force", is_flag=True, help="Replace the deck file even if you edited it since the last import.")
def import_csv(
    file: Path, deck_id: str | None, title: str | None, columns: str | None, html: bool, out: Path | None, force: bool
) -> None:
    """Import a CSV or tab-separated file of front, back and tags as a basic-card deck.

    Fields are separated by tabs, commas or semicolons (whichever the first
    line uses); tags by spaces. Importing an updated file keeps the schedule
    of every card whose front did not change.

    \b
    Examples:
      mesadrill import csv spanish.csv
      mesadrill import csv words.tsv --columns back,front --deck spanish-words
    """
    from mesadrill.study.csv_import import import_csv as run

    if deck_id is not None:
        from mesadrill.core.anki import deck_id_for

        if deck_id_for(deck_id) != deck_id:
            raise click.BadParameter(
                "a deck id is lowercase letters, digits and hyphens, e.g. " + deck_id_for(deck_id), param_hint="--deck"
            )
    spec = columns.split(",") if columns else None
    report = run(file, _folder(out), deck_id=deck_id, title=title, columns=spec, html=html, force=force)
    _print_report(report, with_history=False)


def _print_report(report: object, with_history: bool) -> None:
    from mesadrill.study.deck_files import Outcome
    from mesadrill.study.importing import ImportReport

    assert isinstance(report, ImportReport)
    for warning in report.warnings:
        output.line(f"warning: {warning}", err=True)
    output.line(f"Imported from {report.source}:")
    if not report.files:
        output.line("  no cards to import")
    for written, deck_id, count, kinds in report.files:
        what = f"deck {deck_id}: {count} card(s) ({kinds})"
        if written.outcome is Outcome.WROTE:
            output.line(f"  wrote {written.path}  {what}")
        elif written.outcome is Outcome.UPDATED:
            output.line(f"  updated {written.path}  {what} (written by an earlier import, replaced)")
        elif written.outcome is Outcome.UNCHANGED:
            output.line(f"  unchanged {written.path}  {what}")
        else:
            history = " (nor its history)" if with_history else ""
            output.line(f"  NOT written{history} {written.path}: {written.why}")
    for line in report.skipped:
        output.line(f"  not imported: {line}")
    if with_history:
        output.line(
            f"  history: {report.reviews:,} review(s) and {report.schedules:,} schedule(s) as Anki had them; "
            f"{report.new_events:,} new event(s), {report.items_rescheduled:,} item(s) updated"
        )
        if report.suspended:
            output.line(
                f"  {report.suspended:,} item(s) suspended in Anki are suspended here (mesadrill unsuspend REF)"
            )
    if report.kept:
        output.line("Use --force to replace files you edited, or --out DIR to write elsewhere.")
        raise SystemExit(1)


@click.group("export")
def export_group() -> None:
    """Take decks out to other programs.

    \b
    Examples:
      mesadrill export anki mesa-terms --out mesa-terms.apkg
    """


@export_group.command("anki")
@click.argument("decks", nargs=-1, required=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The .apkg file to write (replaced if it exists).",
)
def export_anki(decks: tuple[str, ...], out: Path) -> None:
    """Write decks as an Anki package (.apkg) for Anki 2.1.50 and later.

    Basic (and reversed) and cloze cards become Anki's own note types; choice
    cards become basic notes with the choices listed, interview cards basic
    notes with the prompt on the front and the model answer and key points on
    the back. Importing a newer export into Anki updates the notes it already
    has instead of adding copies. Needs genanki: pip install 'mesadrill[anki]'.
    Review history is not exported (Anki schedules the cards as new).

    \b
    Examples:
      mesadrill export anki mesa-terms --out mesa-terms.apkg
      mesadrill export anki mesa-terms mesa-quiz --out mesa.apkg
    """
    from mesadrill.study.anki_export import export_decks
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen = runtime.catalog.find_all(decks)
    if out.suffix.lower() != ".apkg":
        raise click.BadParameter(
            "the file name should end in .apkg (Anki imports packages by that name)", param_hint="--out"
        )
    report = export_decks(chosen, out, runtime.now())
    output.line(
        f"Wrote {report.path}: {report.decks} deck(s), {report.notes} note(s), {report.cards} card(s). "
        "In Anki: File > Import."
    )
