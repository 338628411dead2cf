"""Every example the documentation gives is run: README.md, docs/*.md and each command's --help.

An example that fails teaches the wrong thing, so a test finds every one:
shell lines starting with `mesadrill` in ```sh blocks and in the Examples
of every command's --help (every command must have some), and every YAML
block of the deck format (a whole deck, or cards put into one), which must
lint clean.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mesadrill.cli.main import cli
from support.cli import REPO, run_cli

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def fenced(path: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, the group itself and subgroups' commands included."""
    found = [prefix]
    context = click.Context(group)
    for name in group.list_commands(context):  # the top group imports its commands when asked for them
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            found.extend(commands(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def help_examples(path: tuple[str, ...]) -> list[str]:
    """The `mesadrill ...` lines under "Example(s):"; what follows two spaces is a comment."""
    text = help_text(path)
    section = re.search(r"Examples?:\n(.*?)(?:\n\n|\Z)", text, flags=re.S)
    if section is None:
        return []
    lines = [line.strip() for line in section.group(1).splitlines()]
    return [re.split(r"\s{2,}", line)[0] for line in lines if line.startswith("mesadrill")]


def shell_examples() -> list[str]:
    examples = []
    for doc in DOCS:
        for block in fenced(doc, "sh"):
            for line in block.splitlines():
                if line.startswith("mesadrill"):
                    examples.append(re.split(r"\s+#", line)[0].strip())
    for path in commands():
        examples.extend(help_examples(path))
    return list(dict.fromkeys(examples))


@pytest.mark.parametrize("path", commands(), ids=lambda p: " ".join(p) or "mesadrill")
def test_every_command_has_examples(path: tuple[str, ...]) -> None:
    assert help_examples(path), f"`mesadrill {' '.join(path)} --help` gives no example"


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A home and a working folder holding the files the examples name, and some history."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {"HOME": str(home), "MESADRILL_NOW": "2026-01-05T12:00:00+00:00"}
    (home / "Sync" / "mesadrill").mkdir(parents=True)  # `sync --help`: a synced folder and a bare repository
    subprocess.run(["git", "init", "--quiet", "--bare", str(home / "usb" / "progress.git")], check=True)
    for setup in (
        ("new", str(work / "my-deck.yaml")),
        ("new", str(work / "decks" / "first.yaml")),
    ):
        assert run_cli(*setup, env=env).returncode == 0
    done = run_cli("review", "mesa-terms", "--plain", input="\n5\n" * 3, env=env)
    assert done.returncode == 0, done.output
    exported = run_cli("history", "export", "--out", str(work / "desktop.jsonl"), env=env)
    assert exported.returncode == 0, exported.output
    _import_sources(home, work)
    return work, env


def _import_sources(home: Path, work: Path) -> None:
    """The Anki packages (made by Anki itself) and CSV files the import examples name."""
    from support import anki_build

    col = anki_build.build(work / "anki")
    (home / "Downloads").mkdir()
    anki_build.export(col, home / "Downloads" / "Spanish.apkg")
    anki_build.export(col, work / "Spanish.apkg")
    anki_build.export(col, work / "collection.colpkg", colpkg=True)
    (work / "words.csv").write_text("front,back,tags\nhola,hello,greeting\n", encoding="utf-8")
    (work / "spanish.csv").write_text("el gato,the cat\nel perro,the dog\n", encoding="utf-8")
    (work / "words.tsv").write_text("hello\thola\ncat\tgato\n", encoding="utf-8")


def test_every_shell_example_runs(workspace: tuple[Path, dict[str, str]]) -> None:
    work, extra = workspace
    env = {**os.environ, **extra}
    # `mesadrill` in the examples is this checkout's, run with this Python.
    prelude = f'mesadrill() {{ "{sys.executable}" -m mesadrill "$@"; }}\n'
    examples = shell_examples()
    assert len(examples) >= 20
    failures = []
    for example in examples:
        done = subprocess.run(
            ["bash", "-c", f"{prelude}{example}\nexit ${{PIPESTATUS[0]}}"],
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        opened_app = "the app needs a terminal" in done.stderr  # got as far as opening the app: a terminal's job
        prompted = "Restore which backup?" in done.stdout and "Aborted." in done.stderr
        if not (done.returncode == 0 or opened_app or prompted) or "Traceback" in done.stderr:
            failures.append(f"{example}\n  exit {done.returncode}: {done.stderr.strip()}")
    assert failures == []


def yaml_examples() -> list[str]:
    return [block for doc in DOCS for block in fenced(doc, "yaml") if "id:" in block or "deck:" in block]


@pytest.mark.parametrize("number", range(len(yaml_examples())))
def test_every_deck_format_example_lints_clean(number: int, tmp_path: Path) -> None:
    block = yaml_examples()[number]
    if not block.lstrip().startswith(("deck:", "#")):  # cards: put them into a deck
        block = "deck: example\ntitle: Example\ndescription: From the docs.\ncards:\n" + block
    deck = tmp_path / "example.yaml"
    deck.write_text(block, encoding="utf-8")
    done = run_cli("lint", str(deck))
    assert done.returncode == 0, f"{block}\n{done.output}"
