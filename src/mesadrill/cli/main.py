"""The command line: thin click commands over the library.

Commands that do not open the TUI never import textual; the TUI is imported
inside the commands that start it. Every MesadrillError becomes a message on
stderr and a non-zero exit at one boundary (``cli.boundary``). The program's
entry point is ``cli.entry``, which opens a bare ``mesadrill`` without click.
"""

from __future__ import annotations

import os

import click

from mesadrill import __version__
from mesadrill.cli.boundary import guarded

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
    if ctx.invoked_subcommand is None:  # `mesadrill --no-cache`; a bare `mesadrill` starts in cli.entry
        from mesadrill.cli.open_app import home_in_app

        home_in_app()


def main() -> None:
    guarded(lambda: cli.main(standalone_mode=False))
