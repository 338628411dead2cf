"""``record``: ``dataclasses.dataclass`` without most of its cost at import.

Python 3.11's ``dataclasses`` writes each class's ``__init__``, ``__repr__``,
``__eq__``, ``__hash__`` (and for a frozen class ``__setattr__`` and
``__delattr__``) as source text and compiles each one: about 4.8 million
instructions (0.5 ms) a class. The app imports some forty of our dataclasses
before its first frame, so that was the largest thing a start paid for
beyond what Textual itself costs (docs/performance.md, issue 13).

``record`` takes the same arguments we use (``frozen``, ``slots``; fields
with ``default``, ``default_factory``, ``init=False``, ``repr=False``,
``compare=False``) and makes a class that behaves the same:
``dataclasses`` itself still collects the fields and makes the slots, so
``fields()``, ``replace()``, ``asdict()`` and ``match`` work as before;
``__eq__`` and ``__hash__`` are ready-made ones (``core.record_templates``)
reading the class's fields; ``__repr__`` and the frozen ``__setattr__`` and
``__delattr__`` are closures over ready-made code; all give the same results
as the generated ones (the same repr text, equal to an instance of the same
class with equal fields, the same hash, ``FrozenInstanceError`` with the same
message). A slotted class's ``__init__`` is a ready-made one
(``core.record_templates``) with its parameters renamed, filling each slot through
its descriptor (as fast as a plain class's); only a class with default
factories, ``init=False`` fields, or frozen and no slots gets one compiled, from the
shortest source that gives it the dataclass's signature. A class now costs
about 0.5 million instructions instead of 4.5 (plus, once per process, one
small template per field count met).

The one visible difference: ``__dataclass_params__`` reads ``frozen=False``
(and ``init``, ``repr``, ``eq`` False), since those parts are not made by
``dataclasses``. Type checkers see ``dataclasses.dataclass`` itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr
from types import FunctionType
from typing import TYPE_CHECKING, Any

from mesadrill.core import record_templates

__all__ = ["record"]

_OBJECT_SETATTR: Any = object.__setattr__


def _record(cls: type[Any] | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """``@record``, ``@record(frozen=True, slots=True)``: see the module's docstring."""

    def wrap(cls: type[Any]) -> type[Any]:
        return _build(cls, frozen=frozen, slots=slots)

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:
    record = _record


def _build(cls: type[Any], *, frozen: bool, slots: bool) -> type[Any]:
    own = cls.__dict__
    if frozen and ("__setattr__" in own or "__delattr__" in own):
        raise TypeError(f"Cannot overwrite attribute __setattr__ or __delattr__ in class {cls.__name__}")
    documented = bool(cls.__doc__)
    if not documented:
        cls.__doc__ = cls.__name__  # else dataclasses works one out with inspect.signature (costly)
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    own = cls.__dict__
    fields = dataclasses.fields(cls)
    names = tuple(spec.name for spec in fields)
    if not documented:
        cls.__doc__ = f"{cls.__name__}({', '.join(names)})"
    methods: dict[str, Callable[..., Any] | None] = {"__init__": _init(cls, fields, frozen=frozen, slots=slots)}
    compared = [spec.name for spec in fields if spec.compare]
    key = _key(compared)
    methods["__repr__"] = _repr([spec.name for spec in fields if spec.repr])
    methods["__eq__"] = _renamed(record_templates.eq, compared, cls, "__eq__") or _eq(key)
    if frozen:
        methods["__setattr__"], methods["__delattr__"] = _frozen(cls, frozenset(names))
        if slots:
            methods["__getstate__"], methods["__setstate__"] = _state(names)
    # As dataclasses decides with eq=True: a hash of the compared fields when frozen, else
    # unhashable; a __hash__ the class defines itself stays.
    if "__hash__" not in own or (own["__hash__"] is None and "__eq__" in own):
        methods["__hash__"] = (
            (_renamed(record_templates.hash_, compared, cls, "__hash__") or _hash(key)) if frozen else None
        )
    for name, method in methods.items():
        if name not in own or name == "__hash__":
            if method is not None:
                method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
    return cls


def _renamed(
    templates: record_templates.Templates,
    names: list[str],
    cls: type[Any],
    method_name: str,
    parameters: tuple[str, ...] | None = None,
) -> Callable[..., Any] | None:
    """A copy of the ready-made method for ``len(names)`` fields reading ``names`` (None past the last one).

    ``parameters``: the copy's parameter names, for an ``__init__``.
    """
    if len(names) >= len(templates):
        return None
    code = templates[len(names)].__code__
    rename = {f"f{index}": name for index, name in enumerate(names)}
    code = code.replace(
        co_names=tuple(rename.get(name, name) for name in code.co_names),
        co_varnames=parameters or code.co_varnames,
        co_name=method_name,
        co_qualname=f"{cls.__qualname__}.{method_name}",
    )
    method = FunctionType(code, record_templates.__dict__, method_name)
    method.__module__ = cls.__module__
    return method


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The compared fields as a tuple, as the generated ``__eq__`` and ``__hash__`` build it."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda instance: (one(instance),)
    return lambda instance: ()


def _repr(names: list[str]) -> Callable[[Any], str]:
    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _eq(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _frozen(cls: type[Any], names: frozenset[str]) -> tuple[Callable[..., None], Callable[..., None]]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _state(names: tuple[str, ...]) -> tuple[Callable[[Any], list[Any]], Callable[[Any, list[Any]], None]]:
    """Pickling and ``copy`` for a frozen slotted class, which has no ``__dict__`` and refuses ``setattr``."""
    values = attrgetter(*names) if names else (lambda instance: ())

    def __getstate__(self: Any) -> list[Any]:
        got = values(self)
        return list(got) if len(names) != 1 else [got]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    return __getstate__, __setstate__


class _FactoryDefault:
    """The default of a parameter whose field has a ``default_factory``: "call the factory"."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _FactoryDefault()


def _init(
    cls: type[Any], fields: tuple[dataclasses.Field[Any], ...], *, frozen: bool, slots: bool
) -> Callable[..., None]:
    """``__init__`` with the dataclass's parameters, defaults and annotations."""
    names = [spec.name for spec in fields]
    seen_default = False
    for spec in fields:  # as dataclasses checks when it writes __init__
        if not spec.init:
            continue
        if spec.default is not dataclasses.MISSING or spec.default_factory is not dataclasses.MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {spec.name!r} follows default argument")
    plain = (
        (slots or not frozen)  # a frozen class without slots sets each field through object.__setattr__
        and len(fields) < len(record_templates.fill)
        and all(spec.init and spec.default_factory is dataclasses.MISSING for spec in fields)
        and not hasattr(cls, "__post_init__")
        and (frozen or cls.__setattr__ is _OBJECT_SETATTR)  # else `self.x = x` may do more than fill the slot
    )
    init: Callable[..., None]
    if not plain:
        init = _compiled_init(cls, fields, frozen=frozen, slots=slots)
    else:
        # A ready-made one with the names swapped in (no compiling): a frozen class's fills each
        # slot through its setter, another's stores each argument (``self.x = x``, faster there).
        if frozen:
            init = record_templates.fill[len(fields)](*[getattr(cls, name).__set__ for name in names])
            init.__code__ = init.__code__.replace(
                co_varnames=("self", *names), co_name="__init__", co_qualname=f"{cls.__qualname__}.__init__"
            )
        else:
            assigning = _renamed(record_templates.assign, names, cls, "__init__", ("self", *names))
            assert assigning is not None  # plain: fewer fields than the templates cover
            init = assigning
        defaults = tuple(spec.default for spec in fields if spec.default is not dataclasses.MISSING)
        init.__defaults__ = defaults or None
    init.__module__ = cls.__module__
    init.__annotations__ = {spec.name: spec.type for spec in fields if spec.init} | {"return": None}
    return init


def _compiled_init(
    cls: type[Any], fields: tuple[dataclasses.Field[Any], ...], *, frozen: bool, slots: bool
) -> Callable[..., None]:
    """``__init__`` compiled from the shortest source that has the dataclass's parameters and defaults."""
    namespace: dict[str, Any] = {"_FACTORY": _FACTORY, "_setattr": object.__setattr__}
    parameters = ["self"]
    lines: list[str] = []
    for index, spec in enumerate(fields):
        name = spec.name
        value = name
        if spec.default_factory is not dataclasses.MISSING:
            namespace[f"_f{index}"] = spec.default_factory
            if spec.init:
                parameters.append(f"{name}=_FACTORY")
                value = f"_f{index}() if {name} is _FACTORY else {name}"
            else:
                value = f"_f{index}()"
        elif spec.default is not dataclasses.MISSING:
            namespace[f"_d{index}"] = spec.default
            if spec.init:
                parameters.append(f"{name}=_d{index}")
            else:
                value = f"_d{index}"
        elif spec.init:
            parameters.append(name)
        else:
            continue  # init=False and no default: left unset, as dataclasses does
        if frozen and slots:
            namespace[f"_s{index}"] = getattr(cls, name).__set__
            lines.append(f" _s{index}(self, {value})")
        elif frozen:
            lines.append(f" _setattr(self, {name!r}, {value})")
        else:
            lines.append(f" self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        lines.append(" self.__post_init__()")
    if not lines:
        lines.append(" pass")
    exec(f"def __init__({', '.join(parameters)}):\n" + "\n".join(lines), namespace)
    init: Callable[..., None] = namespace["__init__"]
    return init
