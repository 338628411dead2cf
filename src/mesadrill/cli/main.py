"""The command line: thin click commands over the library.

Commands that do not open the TUI never import textual; the TUI is imported
inside the commands that start it. Every MesadrillError becomes a message on
stderr and a non-zero exit here, at one boundary.
"""

from __future__ import annotations

import os
import sys

import click

from mesadrill import __version__
from mesadrill.core.cleantext import strip_controls
from mesadrill.core.errors import MesadrillError

# Every command: its name, and the module and attribute that define it.
COMMANDS = {
    "review": ("study", "review"),
    "drill": ("study", "drill"),
    "answers": ("study", "answers"),
    "cards": ("study", "cards"),
    "stats": ("screens", "stats"),
    "decks": ("authoring", "decks"),
    "lint": ("authoring", "lint"),
    "new": ("authoring", "new"),
    "schema": ("authoring", "schema"),
    "history": ("upkeep", "history"),
    "doctor": ("upkeep", "doctor"),
    "suspend": ("cardactions", "suspend"),
    "unsuspend": ("cardactions", "unsuspend"),
    "bury": ("cardactions", "bury"),
    "course": ("courses", "course"),
    "lesson": ("courses", "lesson"),
    "quiz": ("courses", "quiz"),
    "ask": ("courses", "ask"),
    "sync": ("sync", "sync"),
    "import": ("interchange", "import_group"),  # decks from and to other programs (Anki, CSV)
    "export": ("interchange", "export_group"),
}


class LazyGroup(click.Group):
    """The command group, importing a command's module only when that command is wanted.

    A start runs one command, and importing every command's module (and what
    those import) cost a few milliseconds of every start, the app's included.
    ``--help`` and an unknown name (for its "did you mean") load them all.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            for name in [cmd_name] if cmd_name in COMMANDS else COMMANDS:
                self._load(name)
        return self.commands.get(cmd_name)

    def _load(self, name: str) -> None:
        if name not in self.commands:
            from importlib import import_module

            module, attribute = COMMANDS[name]
            self.add_command(getattr(import_module(f"mesadrill.cli.{module}"), attribute), name)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mesadrill")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every deck file again instead of using the parsed-deck cache (also MESADRILL_NO_CACHE=1).",
)
@click.pass_context
def cli(ctx: click.Context, no_cache: bool) -> None:
    """Spaced repetition and interview-answer drills in the terminal.

    With no command, opens the app on the list of decks.

    \b
    Examples:
      mesadrill                       the app: decks, review, stats
      mesadrill review mesa-terms     review a deck (add --plain for a line-based session)
      mesadrill drill mesa-interview  answer interview prompts against the clock
      mesadrill decks                 the decks it can see, with what is due
      mesadrill lint my-deck.yaml     check a deck you are writing
    """
    if no_cache:
        os.environ["MESADRILL_NO_CACHE"] = "1"  # the cache reads it; editors and other children inherit it
    if ctx.invoked_subcommand is None:
        from mesadrill.cli.appstart import pause_until_first_frame

        pause_until_first_frame()
        from mesadrill.study.runtime import Runtime
        from mesadrill.tui.launch import run_home

        run_home(Runtime.from_environment())


def main() -> None:
    try:
        cli.main(standalone_mode=False)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        _finish_backups()
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except MesadrillError as error:
        click.echo(f"mesadrill: {strip_controls(str(error))}", err=True)
        sys.exit(error.exit_code)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as C tools do.
        _drop_stdout()
        sys.exit(141)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except OSError as error:
        if not _is_stdout_error(error):
            raise
        # A full disk or device behind standard output: say so, and let no
        # half-written buffer trace back again at exit.
        _drop_stdout()
        click.echo(f"mesadrill: cannot write the output: {error.strerror or error}", err=True)
        sys.exit(1)


def _finish_backups() -> None:
    """The day's backup, if this command started one, finishes after the output (Ctrl-C stops it)."""
    backups = sys.modules.get("mesadrill.store.daily_backup")
    if backups is not None:
        backups.finish_backups()


def _is_stdout_error(error: OSError) -> bool:
    """An error writing standard output (full disk, /dev/full, I/O error), not a file of ours."""
    import errno

    # Errors on files mesadrill opens itself carry the file's name and are
    # reported where they happen; a write to a stream does not.
    return error.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT) and error.filename is None


def _drop_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
