"""docs/reliability.md names a test for each promise: every one it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
DOC = TESTS.parent / "docs" / "reliability.md"


def test_every_test_the_reliability_page_names_exists() -> None:
    text = DOC.read_text()
    named = re.findall(r"`((?:unit|functional)/[\w/]+\.py)(?:::(\w+))?`", text)
    assert len(named) > 20
    for path, name in named:
        source = (TESTS / path).read_text()
        if name:
            assert re.search(rf"^(?:async )?def {name}\(", source, re.M), f"{path}::{name} is not a test"
