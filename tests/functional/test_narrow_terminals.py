"""Tables that fit the terminal, and no full-screen app on a terminal that cannot draw one."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli import run_cli


@pytest.mark.parametrize("columns", [80, 60, 50, 40])
def test_decks_and_cards_fit_the_terminal(columns: int) -> None:
    env = {"COLUMNS": str(columns)}
    decks = run_cli("decks", env=env)
    cards = run_cli("cards", "mesa-terms", env=env)
    assert decks.returncode == 0 and cards.returncode == 0, decks.output + cards.output
    table = decks.stdout.split("\n\n")[0].splitlines()
    assert table[0].split()[:1] == ["deck"]
    assert max(map(len, table)) <= columns
    assert max(map(len, cards.stdout.splitlines())) <= columns
    assert "due" in table[0] and "again" in table[0] and "new" in table[0]
    if columns >= 60:  # the ids stay whole as long as anything else can give way
        assert "mesa-theory-or-evidence" in decks.stdout
        assert "base-optimizer:reverse" in cards.stdout


def test_at_80_columns_the_title_shortens_instead_of_wrapping() -> None:
    decks = run_cli("decks", env={"COLUMNS": "80"})
    assert "Interview answ…" in decks.stdout
    assert "bundled" in decks.stdout


def test_into_a_pipe_every_column_is_whole() -> None:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    done = subprocess.run([sys.executable, "-m", "mesadrill", "decks"], capture_output=True, text=True, env=env)
    assert "Interview answers: mesa-optimization and deceptive alignment" in done.stdout


def test_term_dumb_points_to_the_plain_modes(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="dumb")
    done = subprocess.run(
        [sys.executable, "-m", "mesadrill", "review", "mesa-terms"],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )
    os.close(follower)
    os.close(leader)
    assert done.returncode != 0
    message = done.stderr.decode()
    assert "--plain" in message and "TERM='dumb'" in message
    assert "Traceback" not in message
