"""Released migrations are never edited, renamed or reordered: new steps only append."""

from __future__ import annotations

from mesadrill.store.migrations import MIGRATIONS

# Every migration that has shipped, in order. A database records how many
# steps it has run (PRAGMA user_version), so changing any of these would
# skip or repeat work on a learner's history. Append new names here when a
# release ships them; never edit a line.
RELEASED = ["events-and-items", "drill-details"]


def test_released_migrations_are_a_prefix_of_the_list() -> None:
    assert [step.name for step in MIGRATIONS][: len(RELEASED)] == RELEASED


def test_migration_names_are_unique() -> None:
    names = [step.name for step in MIGRATIONS]
    assert len(names) == len(set(names))
