"""Every test gets its own data, cache and config folders, and no clock override."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_DECKS = REPO / "decks"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    for name, sub in (("MESADRILL_DATA_DIR", "data"), ("MESADRILL_CACHE_DIR", "cache"), ("MESADRILL_CONFIG_DIR", "config")):
        monkeypatch.setenv(name, str(home / sub))
    for name in ("MESADRILL_DECKS", "MESADRILL_NOW", "MESADRILL_DAY_START", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield home


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60) -> Run:
    """mesadrill in a real subprocess, as a user would run it."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "mesadrill", *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cli() -> object:
    return run_cli
