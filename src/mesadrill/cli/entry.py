"""The ``mesadrill`` program: the app's everyday starts without click; anything else is the click command line.

A bare ``mesadrill``, and ``mesadrill review DECK...`` or ``mesadrill drill
DECK...`` with deck names alone, open the app through ``cli.open_app``
without building click's parser (about 45 million instructions, 6 ms, of a
start judged by its first frame). Everything else, including those two
commands with any option, goes to the click command line as before. Both
ways share the one error boundary (``cli.boundary``).
"""

from __future__ import annotations

import sys

from mesadrill.cli.boundary import guarded


def main() -> None:
    arguments = sys.argv[1:]
    if not arguments:
        from mesadrill.cli.open_app import home_in_app

        guarded(home_in_app)
    elif _decks_alone(arguments):
        from mesadrill.cli.open_app import open_session

        guarded(lambda: open_session(arguments[0], arguments[1:]))
    else:
        from mesadrill.cli.main import main as command_line

        command_line()


# The commands opened without click when every argument after the name is a deck (``cli.open_app``).
SESSION_COMMANDS = ("review", "drill")


def _decks_alone(arguments: list[str]) -> bool:
    """``review`` or ``drill`` followed by one or more decks and nothing click would read as an option."""
    return (
        arguments[0] in SESSION_COMMANDS
        and len(arguments) > 1
        and not any(argument.startswith("-") or not argument for argument in arguments[1:])
    )
