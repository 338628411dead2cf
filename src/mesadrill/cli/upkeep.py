"""Commands that look after the history: history export/import, doctor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mesadrill.cli import output
from mesadrill.core.errors import InputError, MesadrillError
from mesadrill.env import paths


@click.group()
def history() -> None:
    """Export and import review history (to use two machines, or to keep a copy).

    \b
    Examples:
      mesadrill history export --out laptop.jsonl
      mesadrill history import desktop.jsonl
    """


@history.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default=None,
    help="Default: from --out's extension, else jsonl.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output; an existing file is not overwritten.",
)
def export(fmt: str | None, out_path: Path | None) -> None:
    """Write every review event, oldest first.

    \b
    Examples:
      mesadrill history export > history.jsonl
      mesadrill history export --format csv --out history.csv
    """
    if fmt is None:
        fmt = "csv" if out_path is not None and out_path.suffix.lower() == ".csv" else "jsonl"
    from mesadrill.store import exchange
    from mesadrill.study.runtime import Runtime

    writer = exchange.write_csv if fmt == "csv" else exchange.write_jsonl
    runtime = Runtime.from_environment()
    with runtime.open_store() as store:
        if out_path is None:
            count = writer(store.events(), sys.stdout)
            sys.stdout.flush()
        else:
            try:
                handle = out_path.open("x", encoding="utf-8", newline="")
            except FileExistsError:
                raise MesadrillError(f"{out_path} already exists; not overwriting it") from None
            except OSError as error:
                raise MesadrillError(f"cannot write {out_path}: {error.strerror}") from None
            try:
                with handle:
                    count = writer(store.events(), handle)
            except BaseException as error:
                out_path.unlink(missing_ok=True)  # ours, half-written: never leave it looking complete
                if isinstance(error, OSError):
                    raise MesadrillError(f"cannot write {out_path}: {error.strerror}") from None
                raise
    output.line(f"Exported {count} event(s).", err=True)


@history.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Merge an export into this machine's history.

    Events are matched by id, so importing a file twice changes nothing, and
    two machines' exports merge the same in either order. Schedules of the
    items touched are rebuilt from the merged history.

    \b
    Examples:
      mesadrill history import desktop.jsonl
      mesadrill history export --out laptop.jsonl   (on the other machine, then import it here)
    """
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{file}: byte {error.start + 1} is not UTF-8 text; is it a mesadrill export? Nothing was imported."
        ) from None
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}") from None
    from mesadrill.store import course_exchange, course_store, exchange
    from mesadrill.study.runtime import Runtime

    events = exchange.read_events(text, str(file))
    attempts, reads = course_exchange.read_jsonl(text, str(file))
    runtime = Runtime.from_environment()
    step = max(exchange.MERGE_PROGRESS_EVERY, len(events) // 10)
    shown = [0]

    def progress(done: int) -> None:
        if done - shown[0] >= step and done < len(events):
            shown[0] = done
            output.line(f"Importing: {done:,} of {len(events):,} events saved...", err=True)

    with runtime.open_store() as store:
        result = store.merge(events, progress=progress)
        new_attempts, new_reads = course_store.merge(store, attempts, reads) if attempts or reads else (0, 0)
    from mesadrill.core.history import COURSE_PREFIX

    rebuilt = sum(1 for deck_id, _ in result.touched if not deck_id.startswith(COURSE_PREFIX))  # no course event
    output.line(f"Imported {result.added} new event(s) of {len(events)}; {rebuilt} item schedule(s) rebuilt.")
    if result.conflicts:
        clashing = ", ".join(result.conflicts[:5]) + (" ..." if len(result.conflicts) > 5 else "")
        output.line(
            f"Skipped {len(result.conflicts)} event(s) whose id is already in the history with different "
            f"content (the history's copy is kept): {clashing}",
            err=True,
        )
    if attempts or reads:
        output.line(
            f"Imported {new_attempts} new quiz attempt(s) of {len(attempts)} and {new_reads} new lesson read(s) of {len(reads)}."
        )


@click.command()
@click.option("--restore", is_flag=True, help="List the backups and restore one, after confirmation.")
def doctor(restore: bool) -> None:
    """Check the history database and list backups.

    Runs SQLite's integrity check, reports history for decks or cards that no
    longer exist (it is kept, never deleted: restore the card or deck and its
    schedule comes back), and lists the backups. With --restore, pick a
    backup to restore; the current database is backed up first.

    \b
    Examples:
      mesadrill doctor
      mesadrill doctor --restore
    """
    from mesadrill.store.backups import backup_folder, list_backups, restore_backup
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    db = paths.database_path()
    output.line(f"History: {db}")
    if restore:
        backups = list_backups(db)
        if not backups:
            raise MesadrillError(f"no backups in {backup_folder(db)}")
        for number, backup in enumerate(backups, start=1):
            output.line(
                f"  {number}. {backup.taken_at:%Y-%m-%d %H:%M} UTC  {backup.reason:<16} {backup.size / 1024:,.0f} KiB  {backup.path.name}"
            )
        choice = click.prompt("Restore which backup? (number)", type=click.IntRange(1, len(backups)))
        chosen = backups[choice - 1]
        click.confirm(
            f"Replace the current history with the backup from {chosen.taken_at:%Y-%m-%d %H:%M} UTC? "
            "The current history is kept as a backup first.",
            abort=True,
        )
        kept = restore_backup(db, chosen.path, runtime.now())
        output.line(f"Restored {chosen.path.name}. The previous history is kept in {kept}.")
        return
    problems = 0
    with runtime.open_store() as store:
        checks = store.integrity_check()
        if checks == ["ok"]:
            output.line("Integrity check: ok")
        else:
            problems += 1
            output.line("Integrity check found problems:")
            for line in checks[:20]:
                output.line(f"  {line}")
        output.line(f"Device: {store.device_id}")
        output.line(f"Events: {store.event_count()}")
        known = {deck.id: {item.item_id for item in deck.items} for deck in runtime.catalog.decks()}
        orphans: dict[str, list[str]] = {}
        for deck_id, item_id in store.item_keys():
            if deck_id not in known or item_id not in known[deck_id]:
                orphans.setdefault(deck_id, []).append(item_id)
        if orphans:
            output.line("History for items no longer in any deck (kept, not deleted):")
            for deck_id, items in sorted(orphans.items()):
                where = "deck not found" if deck_id not in known else "cards removed from the deck"
                shown = ", ".join(sorted(items)[:5]) + (" ..." if len(items) > 5 else "")
                output.line(f"  {deck_id}: {len(items)} item(s), {where}: {shown}")
        else:
            output.line("Every item in the history belongs to a deck.")
        runtime.wait_for_backup()
        backups = store.backups()
    if backups:
        output.line(f"Backups ({len(backups)}) in {backups[0].path.parent}:")
        for backup in backups:
            output.line(f"  {backup.taken_at:%Y-%m-%d %H:%M} UTC  {backup.reason:<16} {backup.path.name}")
    else:
        output.line("No backups yet (one is taken each day the history is used).")
    if problems:
        raise SystemExit(1)
