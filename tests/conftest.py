"""Every test gets its own data, cache and config folders, and no clock override."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.cli import run_cli


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    for name, sub in (
        ("MESADRILL_DATA_DIR", "data"),
        ("MESADRILL_CACHE_DIR", "cache"),
        ("MESADRILL_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    for name in ("MESADRILL_DECKS", "MESADRILL_NOW", "MESADRILL_DAY_START", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield home


@pytest.fixture
def cli() -> object:
    return run_cli
