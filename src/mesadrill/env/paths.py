"""Where mesadrill keeps things, with environment overrides for tests and power users.

- data (history database, backups, the user's own decks): platformdirs user
  data dir, or ``MESADRILL_DATA_DIR``
- cache (parsed decks): platformdirs user cache dir, or ``MESADRILL_CACHE_DIR``
- config (``config.toml``): platformdirs user config dir, or ``MESADRILL_CONFIG_DIR``
- extra deck folders or files: ``MESADRILL_DECKS``, ``:``-separated
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

APP_NAME = "mesadrill"


def _dir(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return _dir("MESADRILL_DATA_DIR", "data")


def cache_dir() -> Path:
    return _dir("MESADRILL_CACHE_DIR", "cache")


def deck_index_path() -> Path:
    """The deck index (parsed decks, and the ``ask`` passages): one SQLite file in the cache folder."""
    return cache_dir() / "decks" / "index.sqlite3"


def config_dir() -> Path:
    return _dir("MESADRILL_CONFIG_DIR", "config")


def database_path() -> Path:
    return data_dir() / "history.db"


def user_deck_dir() -> Path:
    return data_dir() / "decks"


def extra_deck_paths() -> list[Path]:
    value = os.environ.get("MESADRILL_DECKS", "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


@functools.cache
def bundled_deck_dir() -> Path | None:
    """The decks shipped with mesadrill: inside the wheel, or the source checkout's (found once a process)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "bundled_decks", package.parent.parent / "decks"):
        if candidate.is_dir():
            return candidate
    return None
