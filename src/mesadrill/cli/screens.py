"""Commands that show statistics (the TUI screen, or --plain text)."""

from __future__ import annotations

import click

from mesadrill.cli import output
from mesadrill.cli.appstart import pause_until_first_frame


@click.command()
@click.option("--plain", is_flag=True, help="Print the statistics as text instead of opening the app.")
def stats(plain: bool) -> None:
    """Reviews per day over the last year, retention, what falls due, deck maturity.

    \b
    Examples:
      mesadrill stats
      mesadrill stats --plain | less
    """
    if not plain:
        pause_until_first_frame()
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    if not plain:
        from mesadrill.tui.launch import run_stats

        run_stats(runtime)
        return
    from mesadrill.render.stats_text import render_plain
    from mesadrill.study.stats import build_report

    with runtime.open_store() as store:
        report = build_report(
            store,
            runtime.catalog.decks(),
            runtime.today(),
            runtime.settings.leech_threshold,
            runtime.settings.scheduling,
            runtime.now(),
        )
    for line in render_plain(report):
        output.line(line)
