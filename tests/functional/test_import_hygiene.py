"""Commands that never open the TUI never import textual (it costs ~0.2 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import mesadrill
from mesadrill.decks.catalog import deck_files
from support.cli import BUNDLED_DECKS


def _headless_modules() -> list[str]:
    """Every module of the package outside the TUI, found by walking the source tree."""
    root = Path(mesadrill.__file__).resolve().parent
    modules = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[0] == "tui" or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(("mesadrill", *parts)))
    return modules


HEADLESS_MODULES = _headless_modules()

RUN_AND_REPORT = """
import sys
from mesadrill.cli.main import main
sys.argv = ["mesadrill", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("TEXTUAL-IMPORTED" if "textual" in sys.modules else "TEXTUAL-ABSENT", file=sys.stderr)
"""


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_headless_module_imports_without_textual(module: str) -> None:
    code = f"import sys, {module}; assert 'textual' not in sys.modules, sorted(m for m in sys.modules if m.startswith('textual'))"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["decks"],
        ["decks", "--json"],
        ["schema"],
        ["lint", "LINT_TARGET"],
        ["cards", "mesa-terms"],
        ["review", "mesa-terms", "--plain"],
        ["drill", "mesa-interview", "--plain"],
        ["answers", "mesa-interview:explain-mesa-and-deceptive-alignment"],
        ["stats", "--plain"],
        ["history", "export"],
        ["doctor"],
        ["course", "--json"],
        ["lesson", "what-is-an-optimizer", "--plain"],
        ["quiz", "what-is-an-optimizer", "--plain"],
        ["ask", "what is a mesa-optimizer?"],
        ["schema", "--course"],
    ],
)
def test_command_does_not_import_textual(args: list[str]) -> None:
    args = [str(deck_files(BUNDLED_DECKS)[0]) if a == "LINT_TARGET" else a for a in args]
    done = subprocess.run([sys.executable, "-c", RUN_AND_REPORT, *args], capture_output=True, text=True, input="")
    assert "TEXTUAL-ABSENT" in done.stderr, done.stderr


def test_a_command_imports_only_its_own_module_of_commands() -> None:
    """Every start runs one command: the others' modules (and what they import) stay unloaded."""
    report = (
        RUN_AND_REPORT + "print(sorted(m for m in sys.modules if m.startswith('mesadrill.cli.')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", report, "decks"], capture_output=True, text=True, input="")
    assert "'mesadrill.cli.authoring'" in done.stderr, done.stderr
    for other in ("study", "interchange", "courses", "upkeep", "cardactions", "screens"):
        assert f"'mesadrill.cli.{other}'" not in done.stderr, done.stderr


def test_help_still_lists_every_command() -> None:
    done = subprocess.run([sys.executable, "-c", RUN_AND_REPORT, "--help"], capture_output=True, text=True)
    listed = done.stdout.split("Commands:")[1]
    for name in ("review", "drill", "stats", "decks", "lint", "history", "import", "export", "sync", "quiz"):
        assert f"\n  {name} " in listed, done.stdout
