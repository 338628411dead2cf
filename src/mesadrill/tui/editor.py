"""Opening a deck file in the user's editor at a card's line."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

from textual.screen import Screen

from mesadrill.core.cleantext import strip_controls
from mesadrill.env import paths

# Editors that take file:line rather than +line.
_COLON_STYLE = {
    "code": ["--wait", "--goto"],
    "codium": ["--wait", "--goto"],
    "subl": ["--wait"],
    "zed": ["--wait"],
    "hx": [],
}


def editor_command(path: Path, line: int) -> list[str]:
    """$VISUAL, else $EDITOR, else vi, with the arguments that open ``path`` at ``line``."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    words = shlex.split(editor)
    name = Path(words[0]).name
    if name in _COLON_STYLE:
        return [*words, *_COLON_STYLE[name], f"{path}:{line}"]
    return [*words, f"+{line}", str(path)]


def run_editor(path: Path, line: int) -> int:
    """Run the editor and wait for it; its exit status (127 if it could not be started)."""
    try:
        return subprocess.call(editor_command(path, line))
    except OSError:
        return 127


def editable_copy(path: Path) -> tuple[Path, bool]:
    """The file to edit for a deck: bundled decks are copied to the user's deck folder first.

    The copy has the same deck id, so it shadows the bundled deck and keeps
    its history; edits inside the installed package would be lost on upgrade.
    Returns the path to edit and whether a copy was just made.
    """
    bundled = paths.bundled_deck_dir()
    if bundled is None or not path.resolve().is_relative_to(bundled.resolve()):
        return path, False
    target = paths.user_deck_dir() / path.relative_to(bundled)
    if target.exists():
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target, True


def edit_card_in_app(screen: Screen[Any], deck_path: Path, line: int) -> Path | None:
    """Open a card's deck in $EDITOR from the app; the file edited, or None (the screen was told why).

    A bundled deck is copied to the user's deck folder first. The app hands
    the terminal to the editor and takes it back; headless (tests), where
    there is no terminal to hand over, the editor simply runs.
    """
    try:
        path, copied = editable_copy(deck_path)
    except OSError as error:
        screen.notify(
            strip_controls(f"Could not copy the deck to your deck folder: {error}"), severity="error", markup=False
        )
        return None
    if copied:
        screen.notify(
            strip_controls(f"Bundled deck copied to {path}; your copy is used from now on."), timeout=6, markup=False
        )
    try:
        with screen.app.suspend():
            status = run_editor(path, line)
    except Exception as error:
        if type(error).__name__ != "SuspendNotSupported":
            raise
        status = run_editor(path, line)
    if status == 127:
        screen.notify("Could not start the editor: set $EDITOR (e.g. export EDITOR=nano).", severity="error")
        return None
    return path
