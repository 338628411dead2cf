"""Reading typed values out of YAML nodes: text, lists, booleans, numbers in range and ids.

Shared by the deck parser and the course parser. Every problem is collected
with its line and column rather than stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mesadrill.core.errors import Problem
from mesadrill.core.suggest import did_you_mean
from mesadrill.decks import yamlhints
from mesadrill.decks.yamlsafe import Mapping, Node, Scalar, Sequence

_NULLS = {"", "~", "null", "Null", "NULL"}


_ALLOWED_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def _allowed_set(allowed: tuple[str, ...]) -> frozenset[str]:
    found = _ALLOWED_SETS.get(allowed)
    if found is None:
        found = _ALLOWED_SETS[allowed] = frozenset(allowed)
    return found


def node_kind(node: Node) -> str:
    """What a node is, in an author's words: a mapping, a list or text."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "text"


class FieldReader:
    """Reads typed values out of YAML nodes, collecting every problem with its position."""

    def __init__(self, path: str, *, clean_source: bool = False) -> None:
        """``clean_source``: the file cannot hold control characters, so skip looking for them."""
        self.path = path
        self.clean_source = clean_source
        self.problems: list[Problem] = []

    def error(self, at: Node, message: str) -> None:
        self.problems.append(Problem(self.path, at.line, at.column, message))

    def warn(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, message, "warning"))

    # ---- structure

    def fields(
        self, node: Mapping, allowed: tuple[str, ...], what: str, elsewhere: Callable[[str], str | None] | None = None
    ) -> dict[str, Node]:
        """The mapping's values by key; reports duplicate and unknown keys."""
        values_by_name = {key.value: value for key, value in node.pairs}
        if len(values_by_name) == len(node.pairs) and values_by_name.keys() <= _allowed_set(allowed):
            return values_by_name  # no duplicate and no unknown key: nothing to report
        seen: dict[str, Scalar] = {}
        values: dict[str, Node] = {}
        for key, value in node.pairs:
            name = key.value
            if name in seen:
                first = seen[name]
                self.error(key, f"duplicate key '{name}' (first at line {first.line})")
                continue
            seen[name] = key
            if name not in allowed:
                hint = elsewhere(name) if elsewhere else None
                self.error(key, hint or f"unknown field '{name}' in {what}{did_you_mean(name, allowed)}")
                continue
            values[name] = value
        return values

    def text(self, values: dict[str, Node], name: str, owner: Node, *, required: bool = True) -> str | None:
        node = values.get(name)
        if node is None:
            if required:
                self.error(owner, f"missing '{name}'")
            return None
        if self.clean_source and node.__class__ is Scalar and not (node.plain and node.value in _NULLS):
            text = node.value.strip()
            if text:  # the common case, inline; anything else reports through text_value
                return text
        return self.text_value(node, name)

    def text_value(self, node: Node, name: str) -> str | None:
        if not isinstance(node, Scalar):
            self.error(node, yamlhints.not_text(name, node, node_kind(node)))
            return None
        if node.plain and node.value in _NULLS:
            self.error(node, f"'{name}' is empty")
            return None
        if self.clean_source:
            text = node.value.strip()
            if not text:
                self.error(node, f"'{name}' is empty")
                return None
            return text

        from mesadrill.core import cleantext  # only for files that may hold control characters

        cleaned = cleantext.clean(node.value)
        if cleaned.removed:
            line, column = self._offset_position(node, cleaned.first_removed_at)
            self.warn(
                line,
                column,
                f"removed {cleaned.removed} control character(s) or terminal escape sequence(s) from '{name}'",
            )
        if cleaned.bidi_at >= 0:
            line, column = self._offset_position(node, cleaned.bidi_at)
            self.warn(
                line,
                column,
                f"'{name}' contains the bidirectional override U+{ord(cleaned.bidi_char):04X}, "
                "which can make text read differently from what it is",
            )
        text = cleaned.text.strip()
        if not text:
            self.error(node, f"'{name}' is empty")
            return None
        return text

    def _offset_position(self, node: Scalar, offset: int) -> tuple[int, int]:
        before = node.value[:offset]
        if node.style in ("|", ">"):
            return node.line + 1 + before.count("\n"), 1
        if "\n" in before:
            return node.line + before.count("\n"), 1
        quote = 1 if node.style in ("'", '"') else 0
        return node.line, node.column + quote + offset

    def text_list(
        self, values: dict[str, Node], name: str, owner: Node, *, required: bool = False, minimum: int = 0
    ) -> tuple[str, ...]:
        node = values.get(name)
        if node is None:
            if required:
                self.error(owner, f"missing '{name}'")
            return ()
        if not isinstance(node, Sequence):
            self.error(node, f"'{name}' should be a list, not {node_kind(node)}")
            return ()
        items = []
        label = f"{name} entry"
        clean_source = self.clean_source
        for item in node.items:
            if clean_source and item.__class__ is Scalar and not (item.plain and item.value in _NULLS):
                text: str | None = item.value.strip()
                if text:  # the common case, inline; anything else reports through text_value
                    items.append(text)
                    continue
            text = self.text_value(item, label)
            if text is not None:
                items.append(text)
        if len(node.items) < minimum:
            self.error(node, f"'{name}' needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
        return tuple(items)

    def boolean(self, values: dict[str, Node], name: str) -> bool:
        node = values.get(name)
        if node is None:
            return False
        if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
            return node.value == "true"
        shown = f"'{node.value}'" if isinstance(node, Scalar) else node_kind(node)
        self.error(node, f"'{name}' should be true or false (unquoted), not {shown}")
        return False

    def integer(self, values: dict[str, Node], name: str, default: int, bounds: tuple[int, int]) -> int:
        node = values.get(name)
        if node is None:
            return default
        low, high = bounds
        if isinstance(node, Scalar) and node.plain and node.value.isascii() and node.value.isdigit():
            digits = node.value.lstrip("0") or "0"
            if len(digits) <= len(str(high)) and low <= int(digits) <= high:
                return int(digits)
            shown = digits if len(digits) <= 12 else f"{digits[:6]}... ({len(digits)} digits)"
            self.error(node, f"'{name}' should be between {low} and {high}, not {shown}")
            return default
        shown = f"'{node.value}'" if isinstance(node, Scalar) else node_kind(node)
        self.error(node, f"'{name}' should be a whole number of seconds (unquoted), not {shown}")
        return default

    def identifier(
        self, values: dict[str, Node], name: str, node: Mapping, pattern: re.Pattern[str], rule: str
    ) -> str | None:
        """A deck's or card's id, or None (with an error) when it is missing or breaks ``rule``."""
        value = self.text(values, name, node)
        if value is not None and not pattern.fullmatch(value):
            label = "deck id" if name == "deck" else "card id"
            self.error(values[name], f"{label} '{value}' should be {rule}")
            return None
        return value

    # ---- the deck
