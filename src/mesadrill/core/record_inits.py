"""Ready-made ``__init__`` functions for ``core.records``: one per number of fields, so none is compiled at run time.

``fill[n](s0, ..., s(n-1))`` returns an ``__init__(self, a0, ..., a(n-1))``
that hands each argument to its setter (a slot's ``__set__``). ``records``
renames the parameters to the fields' names (``code.replace``: no compiling)
and sets the defaults, which gives the signature ``dataclasses`` would have
written. Compiling one instead costs about 0.7 million instructions, and an
app start makes some forty. A class with more fields than these cover gets a
compiled one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

S = Callable[[Any, Any], None]  # a setter
A = Any
Init = Callable[..., None]


def _fill_0() -> Init:
    def __init__(self: A) -> None:
        pass

    return __init__


def _fill_1(s0: S) -> Init:
    def __init__(self: A, a0: A) -> None:
        s0(self, a0)

    return __init__


def _fill_2(s0: S, s1: S) -> Init:
    def __init__(self: A, a0: A, a1: A) -> None:
        s0(self, a0)
        s1(self, a1)

    return __init__


def _fill_3(s0: S, s1: S, s2: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)

    return __init__


def _fill_4(s0: S, s1: S, s2: S, s3: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)

    return __init__


def _fill_5(s0: S, s1: S, s2: S, s3: S, s4: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)

    return __init__


def _fill_6(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)

    return __init__


def _fill_7(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)

    return __init__


def _fill_8(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A, a7: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)

    return __init__


def _fill_9(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A, a7: A, a8: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)

    return __init__


def _fill_10(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S, s9: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A, a7: A, a8: A, a9: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)
        s9(self, a9)

    return __init__


def _fill_11(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S, s9: S, s10: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A, a7: A, a8: A, a9: A, a10: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)
        s9(self, a9)
        s10(self, a10)

    return __init__


def _fill_12(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S, s9: S, s10: S, s11: S) -> Init:
    def __init__(self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A, a7: A, a8: A, a9: A, a10: A, a11: A) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)
        s9(self, a9)
        s10(self, a10)
        s11(self, a11)

    return __init__


def _fill_13(s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S, s9: S, s10: S, s11: S, s12: S) -> Init:
    def __init__(
        self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A, a7: A, a8: A, a9: A, a10: A, a11: A, a12: A
    ) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)
        s9(self, a9)
        s10(self, a10)
        s11(self, a11)
        s12(self, a12)

    return __init__


def _fill_14(
    s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S, s9: S, s10: S, s11: S, s12: S, s13: S
) -> Init:
    def __init__(
        self: A, a0: A, a1: A, a2: A, a3: A, a4: A, a5: A, a6: A, a7: A, a8: A, a9: A, a10: A, a11: A, a12: A, a13: A
    ) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)
        s9(self, a9)
        s10(self, a10)
        s11(self, a11)
        s12(self, a12)
        s13(self, a13)

    return __init__


def _fill_15(
    s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S, s9: S, s10: S, s11: S, s12: S, s13: S, s14: S
) -> Init:
    def __init__(
        self: A,
        a0: A,
        a1: A,
        a2: A,
        a3: A,
        a4: A,
        a5: A,
        a6: A,
        a7: A,
        a8: A,
        a9: A,
        a10: A,
        a11: A,
        a12: A,
        a13: A,
        a14: A,
    ) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)
        s9(self, a9)
        s10(self, a10)
        s11(self, a11)
        s12(self, a12)
        s13(self, a13)
        s14(self, a14)

    return __init__


def _fill_16(
    s0: S, s1: S, s2: S, s3: S, s4: S, s5: S, s6: S, s7: S, s8: S, s9: S, s10: S, s11: S, s12: S, s13: S, s14: S, s15: S
) -> Init:
    def __init__(
        self: A,
        a0: A,
        a1: A,
        a2: A,
        a3: A,
        a4: A,
        a5: A,
        a6: A,
        a7: A,
        a8: A,
        a9: A,
        a10: A,
        a11: A,
        a12: A,
        a13: A,
        a14: A,
        a15: A,
    ) -> None:
        s0(self, a0)
        s1(self, a1)
        s2(self, a2)
        s3(self, a3)
        s4(self, a4)
        s5(self, a5)
        s6(self, a6)
        s7(self, a7)
        s8(self, a8)
        s9(self, a9)
        s10(self, a10)
        s11(self, a11)
        s12(self, a12)
        s13(self, a13)
        s14(self, a14)
        s15(self, a15)

    return __init__


# fill[n]: the maker of an __init__ for n fields.
fill: tuple[Callable[..., Init], ...] = (
    _fill_0,
    _fill_1,
    _fill_2,
    _fill_3,
    _fill_4,
    _fill_5,
    _fill_6,
    _fill_7,
    _fill_8,
    _fill_9,
    _fill_10,
    _fill_11,
    _fill_12,
    _fill_13,
    _fill_14,
    _fill_15,
    _fill_16,
)
