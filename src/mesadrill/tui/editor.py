"""Opening a deck file in the user's editor at a card's line."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

# Editors that take file:line rather than +line.
_COLON_STYLE = {"code": ["--wait", "--goto"], "codium": ["--wait", "--goto"], "subl": ["--wait"], "zed": ["--wait"], "hx": []}


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
