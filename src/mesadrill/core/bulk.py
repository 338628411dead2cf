"""Many lookups in one C call: for the queue, which looks up tens of thousands of due items.

``operator.itemgetter(*keys)`` fetches every key in one call, where
``map(table.__getitem__, keys)`` makes a Python-level call per key: over a
34,000-item backlog, about a millisecond against several.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any


def pick(table: Any, keys: Sequence[Any]) -> Sequence[Any]:
    """``[table[key] for key in keys]`` (a tuple or a list), raising what ``table[key]`` raises."""
    if len(keys) > 1:
        found: tuple[Any, ...] = itemgetter(*keys)(table)
        return found
    return [table[key] for key in keys]  # itemgetter of one key gives the value, not a tuple; of none, fails
