"""User settings: ``config.toml`` in the config folder, then environment overrides.

``config.toml`` (all keys optional)::

    day_start_hour = 4    # a study day starts at 04:00 local time
    new_per_day = 20      # new items introduced per deck per day
    bury_siblings = true  # a card's other items (its reverse, its other cloze
                          # deletions) wait for the next day once one is asked

``MESADRILL_DAY_START`` overrides ``day_start_hour``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from mesadrill.core.errors import InputError
from mesadrill.core.sm2 import DEFAULT_DAY_START_HOUR
from mesadrill.env import paths

DEFAULT_NEW_PER_DAY = 20
KNOWN = ("day_start_hour", "new_per_day", "bury_siblings")


@dataclass(frozen=True, slots=True)
class Settings:
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    new_per_day: int = DEFAULT_NEW_PER_DAY
    bury_siblings: bool = True


def _whole(value: object, name: str, low: int, high: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{where}: {name} should be a whole number from {low} to {high}, not {value!r}")
    return value


def load_settings() -> Settings:
    path = paths.config_dir() / "config.toml"
    values: dict[str, object] = {}
    if path.is_file():
        import tomllib  # only when there is a config file: it costs every start 2 ms

        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: not valid TOML: {error}") from None
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror}") from None
        unknown = set(values) - set(KNOWN)
        if unknown:
            raise InputError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))} (known: {', '.join(KNOWN)})")
    day_start = _whole(values.get("day_start_hour", DEFAULT_DAY_START_HOUR), "day_start_hour", 0, 23, str(path))
    new_per_day = _whole(values.get("new_per_day", DEFAULT_NEW_PER_DAY), "new_per_day", 0, 10_000, str(path))
    bury = values.get("bury_siblings", True)
    if not isinstance(bury, bool):
        raise InputError(f"{path}: bury_siblings should be true or false, not {bury!r}")
    override = os.environ.get("MESADRILL_DAY_START")
    if override:
        if not re.fullmatch(r"[0-9]{1,2}", override.strip()):  # ASCII digits: not "²" or "①"
            raise InputError(f"MESADRILL_DAY_START={override!r} should be an hour from 0 to 23")
        day_start = _whole(int(override), "MESADRILL_DAY_START", 0, 23, "environment")
    return Settings(day_start, new_per_day, bury)
