"""The generated template modules are what ``core.record_templates`` writes, and give the methods it describes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mesadrill.core import record_templates

CORE = Path(record_templates.__file__).parent


@pytest.mark.parametrize("module", sorted(record_templates.MODULES))
def test_each_generated_module_is_what_the_writers_give(module: str) -> None:
    path = CORE / f"{module}.py"
    expected = record_templates.module_source(module)
    if os.environ.get("MESADRILL_WRITE_TEMPLATES") == "1":
        path.write_text(expected)
    assert path.read_text() == expected, f"{path.name} is stale: run MESADRILL_WRITE_TEMPLATES=1 pytest {__file__}"


def test_templates_of_every_count_do_what_they_say() -> None:
    class Bag:
        pass

    for count in range(record_templates.LIMIT):
        values = list(range(count))
        one, other = Bag(), Bag()
        record_templates.assign[count](one, *values)
        record_templates.fill[count](*[lambda self, value, i=i: setattr(self, f"f{i}", value) for i in range(count)])(
            other, *values
        )
        assert (
            [getattr(one, f"f{i}") for i in range(count)] == values == [getattr(other, f"f{i}") for i in range(count)]
        )
        assert record_templates.eq[count](one, other) is True
        assert record_templates.eq[count](one, object()) is NotImplemented
        assert record_templates.hash_[count](one) == hash(tuple(values))
        if count:
            other.f0 = -1
            assert record_templates.eq[count](one, other) is False
    with pytest.raises(IndexError):
        record_templates.fill[record_templates.LIMIT]
