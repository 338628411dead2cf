"""``mesadrill sync [TARGET] [--status]``: progress on every machine through a folder or git."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mesadrill.cli import output
from mesadrill.core.errors import MesadrillError

if TYPE_CHECKING:
    from mesadrill.study.runtime import Runtime
    from mesadrill.study.sync import SyncReport

HELP_TARGET = (
    "no sync target: give one (`mesadrill sync ~/Sync/mesadrill` for a folder, "
    "`mesadrill sync git@host:me/progress.git` for a git remote); it is remembered"
)


@click.command()
@click.argument("target", required=False)
@click.option("--status", is_flag=True, help="Show this device, the target, unsent events and the other devices.")
def sync(target: str | None, status: bool) -> None:
    """Send this device's new events to TARGET and merge every other device's.

    TARGET is a folder that something already keeps in step between your
    machines (Syncthing, Dropbox, iCloud, a network share, a USB stick), or a
    git remote (a bare repository such as ~/usb/progress.git, or a URL such as
    git@example.org:me/progress.git). It is remembered as `sync_target` in
    config.toml, so later a plain `mesadrill sync` does. Each device writes
    only its own files there; decks are not synced (keep your deck folder in
    the same place and point MESADRILL_DECKS at it).

    \b
    Examples:
      mesadrill sync ~/Sync/mesadrill      a folder Syncthing or Dropbox keeps in step
      mesadrill sync ~/usb/progress.git    a bare git repository (made with git init --bare)
      mesadrill sync                       the remembered target
      mesadrill sync --status
    """
    from mesadrill.env.settings import remember_setting
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen = target or runtime.settings.sync_target
    if status:
        _status(runtime, chosen)
        return
    if not chosen:
        raise MesadrillError(HELP_TARGET)
    from mesadrill.store.sync_target import remembered_form

    report = run(runtime, chosen)
    if target and remembered_form(target) != runtime.settings.sync_target:
        saved = remember_setting("sync_target", remembered_form(target))
        output.line(f"Remembered sync_target in {saved}.", err=True)
    for problem in report.problems:
        output.line(f"warning: {problem}", err=True)
    output.line(report.summary())
    if report.publish_error:
        raise MesadrillError(report.publish_error)


def run(runtime: Runtime, chosen: str) -> SyncReport:
    """One sync with the runtime's store and clock; used by `sync` and after a session."""
    import sys

    from mesadrill.env import paths
    from mesadrill.store import sync_state
    from mesadrill.store.sync_target import target_for
    from mesadrill.study.sync import sync as do_sync

    where = target_for(chosen, paths.data_dir())
    interactive = sys.stderr.isatty()

    def progress(text: str) -> None:
        if interactive:
            click.echo(f"\r{text}   ", err=True, nl=False)

    with runtime.open_store() as store:
        report = do_sync(store, where, paths.data_dir(), runtime.clock, progress)
        stamp = f"{runtime.clock():%Y-%m-%d %H:%M} UTC with {where.describe}"
        sync_state.remember(store, "sync_last", stamp + (" (push failed)" if report.publish_error else ""))
    if interactive:
        click.echo("\r" + " " * 40 + "\r", err=True, nl=False)
    return report


def _status(runtime: Runtime, chosen: str | None) -> None:
    from mesadrill.store import sync_state

    with runtime.open_store() as store:
        output.line(f"This device: {store.device_id}")
        output.line(f"Target: {chosen or 'none (give one: mesadrill sync TARGET)'}")
        last = sync_state.recall(store, "sync_last")
        output.line(f"Last sync: {last or 'never'}")
        output.line(f"Events not yet sent: {sync_state.unsent_count(store)}")
        devices = sync_state.devices_seen(store, store.device_id)
        if not devices:
            output.line("Other devices: none seen yet")
        for seen in devices:
            last_event = f"{seen.last_event:%Y-%m-%d %H:%M} UTC" if seen.last_event else "none"
            output.line(
                f"  {seen.device_id}: {seen.events} event(s) in {seen.segments} segment(s), "
                f"last event {last_event}, last received {seen.last_applied:%Y-%m-%d %H:%M} UTC"
            )


def sync_after_session(runtime: Runtime) -> None:
    """With ``sync_on_exit = true``: sync once a session ends, and say so either way."""
    target = runtime.settings.sync_target
    if not runtime.settings.sync_on_exit:
        return
    if not target:
        output.line("sync_on_exit is on but no sync_target is set; run `mesadrill sync TARGET` once.", err=True)
        return
    try:
        report = run(runtime, target)
    except MesadrillError as error:
        output.line(
            f"Sync after the session failed: {error}. Every grade is saved here; run `mesadrill sync` later.", err=True
        )
        return
    for problem in report.problems:
        output.line(f"warning: {problem}", err=True)
    if report.publish_error:
        output.line(f"Sync after the session failed: {report.publish_error}", err=True)
    else:
        output.line(report.summary(), err=True)
