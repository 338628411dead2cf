"""The command line: thin click commands over the library.

Commands that do not open the TUI never import textual; the TUI is imported
inside the commands that start it.
"""

from __future__ import annotations

import sys

import click

from mesadrill import __version__
from mesadrill.errors import MesadrillError


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="mesadrill")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Spaced repetition and interview-answer drills in the terminal."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except MesadrillError as error:
        click.echo(f"mesadrill: {error}", err=True)
        sys.exit(error.exit_code)
