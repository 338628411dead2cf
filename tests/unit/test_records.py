"""``core.records.record`` behaves as ``dataclasses.dataclass`` for every option the code base uses.

Each test builds the same class twice, once with each decorator, and checks
that both answer alike.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from collections import Counter
from dataclasses import FrozenInstanceError, field
from typing import Any, ClassVar

import pytest

from mesadrill.core.records import _record


def _card(decorate: Any) -> Any:
    @decorate
    class Card:
        """A card."""

        kinds: ClassVar[tuple[str, ...]] = ("basic",)
        id: str
        front: str
        back: str = ""
        tags: tuple[str, ...] = ()
        hidden: str = field(default="x", repr=False, compare=False)
        type: str = field(default="basic", init=False)

        @property
        def label(self) -> str:
            return f"{self.id}: {self.front}"

    return Card


def _both(**options: Any) -> tuple[Any, Any]:
    return _card(dataclasses.dataclass(**options)), _card(_record(**options))


OPTIONS = [{}, {"frozen": True}, {"slots": True}, {"frozen": True, "slots": True}]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_same_signature_repr_equality_and_fields(options: dict[str, bool]) -> None:
    made_by_dataclass, made_by_record = _both(**options)
    assert str(inspect.signature(made_by_record)) == str(inspect.signature(made_by_dataclass))
    for cls in made_by_dataclass, made_by_record:
        assert [spec.name for spec in dataclasses.fields(cls)] == ["id", "front", "back", "tags", "hidden", "type"]
        assert cls.__match_args__ == ("id", "front", "back", "tags", "hidden")
    one = made_by_dataclass("c1", "Q", tags=("t",))
    other = made_by_record("c1", "Q", tags=("t",))
    assert repr(other) == repr(one).replace(made_by_dataclass.__qualname__, made_by_record.__qualname__)
    assert repr(other).endswith("Card(id='c1', front='Q', back='', tags=('t',), type='basic')")
    assert other == made_by_record("c1", "Q", tags=("t",), hidden="ignored by ==")
    assert other != made_by_record("c1", "Q")
    assert other != one  # another class, even with the same fields
    assert other.__eq__(("c1", "Q", "", ("t",), "basic")) is NotImplemented
    assert dataclasses.asdict(other) == dataclasses.asdict(one)
    assert dataclasses.replace(other, back="A") == made_by_record("c1", "Q", "A", ("t",))
    assert other.label == "c1: Q"
    assert made_by_record.kinds == ("basic",)
    assert hasattr(other, "__dict__") == hasattr(one, "__dict__")
    with pytest.raises(TypeError, match=r"__init__\(\) missing 1 required positional argument: 'front'"):
        made_by_record("c1")


@pytest.mark.parametrize("slots", [False, True])
def test_frozen_refuses_changes_and_hashes_as_a_dataclass(slots: bool) -> None:
    made_by_dataclass, made_by_record = _both(frozen=True, slots=slots)
    one, other = made_by_dataclass("c1", "Q"), made_by_record("c1", "Q")
    assert hash(other) == hash(one) == hash(("c1", "Q", "", (), "basic"))
    assert len({other, made_by_record("c1", "Q", hidden="y")}) == 1
    for instance in one, other:
        with pytest.raises(FrozenInstanceError, match="cannot assign to field 'front'"):
            instance.front = "changed"
        with pytest.raises(FrozenInstanceError, match="cannot delete field 'front'"):
            del instance.front
    # (Python 3.11's own slotted frozen dataclass fails here with a TypeError from super().)
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'other'"):
        other.other = 1
    assert copy.copy(other) == other
    assert copy.deepcopy(other) == other
    assert other.front == "Q"


@pytest.mark.parametrize("slots", [False, True])
def test_mutable_is_unhashable_and_assignable(slots: bool) -> None:
    _, made_by_record = _both(slots=slots)
    card = made_by_record("c1", "Q")
    card.front = "R"
    assert card.front == "R"
    with pytest.raises(TypeError, match="unhashable"):
        hash(card)


def test_pickles_as_its_module_level_class() -> None:
    restored = pickle.loads(pickle.dumps(Pinned("a", 2)))
    assert restored == Pinned("a", 2)
    assert repr(restored) == "Pinned(name='a', count=2)"


@_record(frozen=True, slots=True)
class Pinned:
    name: str
    count: int = 0


def test_default_factories_give_each_instance_its_own_value() -> None:
    @_record
    class Tally:
        seen: list[str] = field(default_factory=list)
        grades: Counter[int] = field(default_factory=Counter)
        log: list[str] = field(default_factory=list, init=False)

    first, second = Tally(), Tally()
    first.seen.append("x")
    assert second.seen == [] and second.log == [] and first.seen == ["x"]
    assert Tally(["y"]).seen == ["y"]
    assert (
        str(inspect.signature(Tally)) == "(seen: 'list[str]' = <factory>, grades: 'Counter[int]' = <factory>) -> None"
    )


def test_fields_are_inherited_and_a_class_own_methods_stay() -> None:
    @_record
    class Base:
        problems: list[str] = field(default_factory=list)

    @_record
    class Result(Base):
        deck: str | None = None

        def __repr__(self) -> str:
            return "own"

    assert [spec.name for spec in dataclasses.fields(Result)] == ["problems", "deck"]
    assert Result(["p"], "d").problems == ["p"]
    assert repr(Result()) == "own"
    assert Result() == Result()

    @_record(frozen=True)
    class Keyed:
        a: int

        def __hash__(self) -> int:
            return 7

    assert hash(Keyed(1)) == 7


def test_recursive_repr_does_not_loop() -> None:
    @_record
    class Node:
        children: list[Any]

    node = Node([])
    node.children.append(node)
    assert repr(node).endswith("Node(children=[...])")


def test_a_frozen_class_may_not_set_its_own_setattr() -> None:
    with pytest.raises(TypeError, match="__setattr__"):

        @_record(frozen=True)
        class Odd:
            a: int

            def __setattr__(self, name: str, value: Any) -> None: ...


def test_the_code_base_makes_its_dataclasses_with_record() -> None:
    """A class made by ``dataclasses.dataclass`` costs every start half a millisecond (see core/records.py)."""
    import re
    from pathlib import Path

    import mesadrill

    package = Path(mesadrill.__file__).parent
    users = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if re.search(r"^\s*@(dataclasses\.)?dataclass\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert users == []


@pytest.mark.parametrize("count", [0, 1, 5, 16, 17])
@pytest.mark.parametrize("frozen", [False, True])
@pytest.mark.parametrize("slots", [True, False])
def test_classes_of_any_size_take_arguments_as_a_dataclass(count: int, frozen: bool, slots: bool) -> None:
    """Up to 16 fields the ``__init__`` is a ready-made one renamed (not for frozen without slots);
    past that it is compiled."""
    names = [f"field_{index}" for index in range(count)]
    annotations = {name: "int" for name in names}
    defaults = {name: index for index, name in enumerate(names) if index >= count // 2}

    def make(decorate: Any) -> Any:
        return decorate(type("Wide", (), {"__annotations__": annotations, **defaults}))

    made_by_dataclass = make(dataclasses.dataclass(frozen=frozen, slots=slots))
    made_by_record = make(_record(frozen=frozen, slots=slots))
    assert str(inspect.signature(made_by_record)) == str(inspect.signature(made_by_dataclass))
    required = [name for name in names if name not in defaults]
    values = {name: 100 + index for index, name in enumerate(names)}
    by_position = made_by_record(*values.values())
    by_keyword = made_by_record(**values)
    assert by_position == by_keyword
    assert by_position != made_by_record(*[values[name] + 1 for name in names]) or not names
    if frozen:
        assert hash(by_position) == hash(made_by_dataclass(**values)) == hash(tuple(values.values()))
    assert repr(by_position) == repr(made_by_dataclass(**values)).replace(
        made_by_dataclass.__qualname__, made_by_record.__qualname__
    )
    assert dataclasses.asdict(made_by_record(*[values[name] for name in required])) == {
        name: values[name] if name in required else defaults[name] for name in names
    }
    if required:
        with pytest.raises(
            TypeError, match=rf"Wide.__init__\(\) missing 1 required positional argument: '{required[-1]}'"
        ):
            made_by_record(*[values[name] for name in required[:-1]])
    with pytest.raises(TypeError, match=r"Wide.__init__\(\) got an unexpected keyword argument 'other'"):
        made_by_record(*[values[name] for name in required], other=1)


def test_a_field_without_default_may_not_follow_one_with_a_default() -> None:
    for decorate in dataclasses.dataclass(slots=True), _record(slots=True), _record:
        with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

            @decorate
            class Odd:
                a: int = 0
                b: int


def test_methods_are_named_as_dataclasses_names_them() -> None:
    assert Pinned.__eq__.__qualname__ == "Pinned.__eq__" and Pinned.__eq__.__name__ == "__eq__"
    assert Pinned.__hash__.__qualname__ == "Pinned.__hash__"
    assert Pinned.__init__.__qualname__ == "Pinned.__init__"
