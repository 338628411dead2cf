"""Template methods for ``core.records``: one per number of fields, written the first time a count is needed.

``fill[n](s0, ..., s(n-1))`` returns an ``__init__(self, a0, ..., a(n-1))``
handing each argument to its setter (a slot's ``__set__``: for a frozen
class, where it beats ``object.__setattr__``); ``assign[n]`` is an
``__init__`` that sets ``self.f0 = a0`` and so on (for a class that is not
frozen: an attribute store is faster than calling a setter); ``eq[n]``
compares ``(self.f0, ..., self.f(n-1))`` with the same fields of ``other`` as
the method ``dataclasses`` writes does, and ``hash_[n]`` hashes that tuple.
``records`` renames the parameters and the ``f0``... attributes to a class's
own in a copy of the code (``code.replace``: no compiling). So a process
compiles one small function per field count it meets (about 40 µs each; a
start meets a dozen or so), not three per class as ``dataclasses`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LIMIT = 17  # field counts with a template; a class with more gets its methods another way


class Templates:
    """A read-only sequence of template functions by field count, each made when first asked for."""

    def __init__(self, write: Callable[[int], str]) -> None:
        self._write = write
        self._made: dict[int, Callable[..., Any]] = {}

    def __len__(self) -> int:
        return LIMIT

    def __getitem__(self, count: int) -> Callable[..., Any]:
        made = self._made.get(count)
        if made is None:
            if not 0 <= count < LIMIT:
                raise IndexError(count)
            namespace: dict[str, Any] = {}
            exec(self._write(count), globals(), namespace)  # our own fixed source, never input
            made = self._made[count] = namespace["template"]
        return made


def _fill(count: int) -> str:
    setters = ", ".join(f"s{index}" for index in range(count))
    arguments = "".join(f", a{index}" for index in range(count))
    body = "".join(f"        s{index}(self, a{index})\n" for index in range(count)) or "        pass\n"
    return f"def template({setters}):\n    def __init__(self{arguments}):\n{body}    return __init__\n"


def _assign(count: int) -> str:
    arguments = "".join(f", a{index}" for index in range(count))
    body = "".join(f"    self.f{index} = a{index}\n" for index in range(count)) or "    pass\n"
    return f"def template(self{arguments}):\n{body}"


def _fields(owner: str, count: int) -> str:
    return "(" + "".join(f"{owner}.f{index}, " for index in range(count)) + ")"


def _eq(count: int) -> str:
    return (
        "def template(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        f"        return {_fields('self', count)} == {_fields('other', count)}\n"
        "    return NotImplemented\n"
    )


def _hash(count: int) -> str:
    return f"def template(self):\n    return hash({_fields('self', count)})\n"


fill = Templates(_fill)
assign = Templates(_assign)
eq = Templates(_eq)
hash_ = Templates(_hash)
