"""Ready-made ``__eq__`` and ``__hash__`` for ``core.records``: one of each per number of compared fields.

``eq[n]`` compares ``(self.f0, ..., self.f(n-1))`` with the same fields of
``other``, as the method ``dataclasses`` writes does; ``hash[n]`` hashes that
tuple. ``records`` renames ``f0``... to the fields' names in a copy of the
code (``code.replace(co_names=...)``: no compiling), so each class's methods
read their attributes as directly, and as fast, as generated ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

A = Any


def _eq_0(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return () == ()
    return NotImplemented


def _hash_0(self: A) -> int:
    return hash(())


def _eq_1(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0,) == (other.f0,)
    return NotImplemented


def _hash_1(self: A) -> int:
    return hash((self.f0,))


def _eq_2(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1) == (other.f0, other.f1)
    return NotImplemented


def _hash_2(self: A) -> int:
    return hash((self.f0, self.f1))


def _eq_3(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2) == (other.f0, other.f1, other.f2)
    return NotImplemented


def _hash_3(self: A) -> int:
    return hash((self.f0, self.f1, self.f2))


def _eq_4(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3) == (other.f0, other.f1, other.f2, other.f3)
    return NotImplemented


def _hash_4(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3))


def _eq_5(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3, self.f4) == (other.f0, other.f1, other.f2, other.f3, other.f4)
    return NotImplemented


def _hash_5(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3, self.f4))


def _eq_6(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3, self.f4, self.f5) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
        )
    return NotImplemented


def _hash_6(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3, self.f4, self.f5))


def _eq_7(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
        )
    return NotImplemented


def _hash_7(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6))


def _eq_8(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
            other.f7,
        )
    return NotImplemented


def _hash_8(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7))


def _eq_9(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
            other.f7,
            other.f8,
        )
    return NotImplemented


def _hash_9(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8))


def _eq_10(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8, self.f9) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
            other.f7,
            other.f8,
            other.f9,
        )
    return NotImplemented


def _hash_10(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8, self.f9))


def _eq_11(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8, self.f9, self.f10) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
            other.f7,
            other.f8,
            other.f9,
            other.f10,
        )
    return NotImplemented


def _hash_11(self: A) -> int:
    return hash((self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8, self.f9, self.f10))


def _eq_12(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (
            self.f0,
            self.f1,
            self.f2,
            self.f3,
            self.f4,
            self.f5,
            self.f6,
            self.f7,
            self.f8,
            self.f9,
            self.f10,
            self.f11,
        ) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
            other.f7,
            other.f8,
            other.f9,
            other.f10,
            other.f11,
        )
    return NotImplemented


def _hash_12(self: A) -> int:
    return hash(
        (self.f0, self.f1, self.f2, self.f3, self.f4, self.f5, self.f6, self.f7, self.f8, self.f9, self.f10, self.f11)
    )


def _eq_13(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (
            self.f0,
            self.f1,
            self.f2,
            self.f3,
            self.f4,
            self.f5,
            self.f6,
            self.f7,
            self.f8,
            self.f9,
            self.f10,
            self.f11,
            self.f12,
        ) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
            other.f7,
            other.f8,
            other.f9,
            other.f10,
            other.f11,
            other.f12,
        )
    return NotImplemented


def _hash_13(self: A) -> int:
    return hash(
        (
            self.f0,
            self.f1,
            self.f2,
            self.f3,
            self.f4,
            self.f5,
            self.f6,
            self.f7,
            self.f8,
            self.f9,
            self.f10,
            self.f11,
            self.f12,
        )
    )


def _eq_14(self: A, other: A) -> A:
    if other.__class__ is self.__class__:
        return (
            self.f0,
            self.f1,
            self.f2,
            self.f3,
            self.f4,
            self.f5,
            self.f6,
            self.f7,
            self.f8,
            self.f9,
            self.f10,
            self.f11,
            self.f12,
            self.f13,
        ) == (
            other.f0,
            other.f1,
            other.f2,
            other.f3,
            other.f4,
            other.f5,
            other.f6,
            other.f7,
            other.f8,
            other.f9,
            other.f10,
            other.f11,
            other.f12,
            other.f13,
        )
    return NotImplemented


def _hash_14(self: A) -> int:
    return hash(
        (
            self.f0,
            self.f1,
            self.f2,
            self.f3,
            self.f4,
            self.f5,
            self.f6,
            self.f7,
            self.f8,
            self.f9,
            self.f10,
            self.f11,
            self.f12,
            self.f13,
        )
    )


eq: tuple[Callable[[A, A], A], ...] = (
    _eq_0,
    _eq_1,
    _eq_2,
    _eq_3,
    _eq_4,
    _eq_5,
    _eq_6,
    _eq_7,
    _eq_8,
    _eq_9,
    _eq_10,
    _eq_11,
    _eq_12,
    _eq_13,
    _eq_14,
)
hash_: tuple[Callable[[A], int], ...] = (
    _hash_0,
    _hash_1,
    _hash_2,
    _hash_3,
    _hash_4,
    _hash_5,
    _hash_6,
    _hash_7,
    _hash_8,
    _hash_9,
    _hash_10,
    _hash_11,
    _hash_12,
    _hash_13,
    _hash_14,
)
