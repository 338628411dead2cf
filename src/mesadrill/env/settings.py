"""User settings: ``config.toml`` in the config folder, then environment overrides.

``config.toml`` (all keys optional)::

    day_start_hour = 4    # a study day starts at 04:00 local time
    new_per_day = 20      # new items introduced per deck per day
    new_per_day_total = 20  # new items per day over all decks together
    reviews_per_day = 200 # due items reviewed per day over all decks (the rest wait)
    leech_threshold = 8   # lapses that make an item a leech
    leech_action = "suspend"  # or "tag": what happens to a leech besides the tag
    bury_siblings = true  # a card's other items (its reverse, its other cloze
                          # deletions) wait for the next day once one is asked
    course_gating = true  # a course's new items come only from lessons up to the current one
    scheduler = "sm2"     # or "fsrs" (needs: pip install 'mesadrill[fsrs]')
    desired_retention = 0.9   # FSRS: the recall probability reviews are timed for (0.70-0.99)
    fuzz = true           # FSRS: spread intervals of 3+ days a little, so cards learnt together part
    sync_target = "~/Sync/mesadrill"   # where `mesadrill sync` goes (a folder or a git remote)
    sync_on_exit = false  # sync after each review or drill session, and when the app is quit

``MESADRILL_DAY_START`` overrides ``day_start_hour``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mesadrill.core.errors import InputError
from mesadrill.core.records import record
from mesadrill.core.scheduling import SCHEDULERS, Scheduling
from mesadrill.core.sm2 import DEFAULT_DAY_START_HOUR
from mesadrill.env import paths

DEFAULT_NEW_PER_DAY = 20
DEFAULT_NEW_PER_DAY_TOTAL = 20
DEFAULT_REVIEWS_PER_DAY = 200
DEFAULT_LEECH_THRESHOLD = 8
LEECH_ACTIONS = ("suspend", "tag")
SM2 = Scheduling()  # frozen: one shared default is safe
KNOWN = (
    "day_start_hour",
    "new_per_day",
    "bury_siblings",
    "new_per_day_total",
    "reviews_per_day",
    "leech_threshold",
    "leech_action",
    "course_gating",
    "scheduler",
    "desired_retention",
    "fuzz",
    "sync_target",
    "sync_on_exit",
)


@record(frozen=True, slots=True)
class Settings:
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    new_per_day: int = DEFAULT_NEW_PER_DAY
    bury_siblings: bool = True
    new_per_day_total: int = DEFAULT_NEW_PER_DAY_TOTAL
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY
    leech_threshold: int = DEFAULT_LEECH_THRESHOLD
    leech_action: str = "suspend"
    course_gating: bool = True
    scheduling: Scheduling = SM2
    sync_target: str | None = None
    sync_on_exit: bool = False


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
    new_total = _whole(
        values.get("new_per_day_total", DEFAULT_NEW_PER_DAY_TOTAL), "new_per_day_total", 0, 100_000, str(path)
    )
    reviews = _whole(values.get("reviews_per_day", DEFAULT_REVIEWS_PER_DAY), "reviews_per_day", 0, 1_000_000, str(path))
    leech = _whole(values.get("leech_threshold", DEFAULT_LEECH_THRESHOLD), "leech_threshold", 1, 1_000, str(path))
    action = values.get("leech_action", "suspend")
    if action not in LEECH_ACTIONS:
        raise InputError(f'{path}: leech_action should be "suspend" or "tag", not {action!r}')
    gating = values.get("course_gating", True)
    if not isinstance(gating, bool):
        raise InputError(f"{path}: course_gating should be true or false, not {gating!r}")
    override = os.environ.get("MESADRILL_DAY_START")
    if override:
        if not re.fullmatch(r"[0-9]{1,2}", override.strip()):  # ASCII digits: not "²" or "①"
            raise InputError(f"MESADRILL_DAY_START={override!r} should be an hour from 0 to 23")
        day_start = _whole(int(override), "MESADRILL_DAY_START", 0, 23, "environment")
    sync_target = values.get("sync_target")
    if sync_target is not None and (not isinstance(sync_target, str) or not sync_target.strip()):
        raise InputError(f"{path}: sync_target should be a folder path or a git remote, as text")
    sync_on_exit = values.get("sync_on_exit", False)
    if not isinstance(sync_on_exit, bool):
        raise InputError(f"{path}: sync_on_exit should be true or false, not {sync_on_exit!r}")
    return Settings(
        day_start_hour=day_start,
        new_per_day=new_per_day,
        bury_siblings=bury,
        new_per_day_total=new_total,
        reviews_per_day=reviews,
        leech_threshold=leech,
        leech_action=str(action),
        course_gating=gating,
        sync_target=sync_target,
        sync_on_exit=sync_on_exit,
        scheduling=_scheduling(values, str(path)),
    )


def remember_setting(key: str, value: str) -> Path:
    """Set one text setting in config.toml, keeping every other line as the user wrote it."""
    import json
    import re

    path = paths.config_dir() / "config.toml"
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a TOML basic string
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(lambda _: line, text, count=1)
        else:
            text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".partial")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}") from None
    return path


def _scheduling(values: dict[str, object], where: str) -> Scheduling:
    name = values.get("scheduler", "sm2")
    if name not in SCHEDULERS:
        raise InputError(f'{where}: scheduler should be "sm2" or "fsrs", not {name!r}')
    retention = values.get("desired_retention", 0.9)
    if isinstance(retention, bool) or not isinstance(retention, (int, float)) or not 0.7 <= retention <= 0.99:
        raise InputError(f"{where}: desired_retention should be a number from 0.70 to 0.99, not {retention!r}")
    fuzz = values.get("fuzz", True)
    if not isinstance(fuzz, bool):
        raise InputError(f"{where}: fuzz should be true or false, not {fuzz!r}")
    return Scheduling(str(name), float(retention), fuzz)
