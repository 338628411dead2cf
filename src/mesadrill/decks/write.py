"""Deck data -> the YAML text of a deck file, for importers.

The text is what an author would write: keys in the documented order,
plain words left plain, multi-line text as ``|-`` blocks, anything else
double-quoted (JSON's escapes are YAML's), every value text except
``reverse``. Written here rather than with PyYAML's dumper, which takes half
a minute for a 100,000-card deck; a property test checks PyYAML reads back
exactly what was written. The first lines are a header
comment; the last header line records a hash of the rest, so a later import
can tell a file it wrote, still untouched, from one the learner edited.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

MARKER = "# mesadrill-import:"
_MARKER_LINE = re.compile(r"^# mesadrill-import: (\S+) sha256=([0-9a-f]{64})$", re.MULTILINE)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,()'?!/-]*")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}
# Characters YAML reads as line breaks or marks that a block scalar would change: these go escaped.
_ESCAPE_ONLY = re.compile("[\x85\u2028\u2029\ufeff]")


def _scalar(value: str, indent: str) -> str:
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in _RESERVED:
        return value
    if _ESCAPE_ONLY.search(value):
        return json.dumps(value, ensure_ascii=True)
    if "\n" in value and not value.startswith((" ", "\n")) and not value.endswith((" ", "\n")):
        lines = value.split("\n")
        return "|-\n" + "\n".join(f"{indent}  {line}" if line else "" for line in lines)
    return json.dumps(value, ensure_ascii=False)


def _emit(value: Any, indent: str, lines: list[str], prefix: str) -> None:
    """``prefix`` is what starts the line (``key:`` or ``-``); nested values go on the lines after."""
    if isinstance(value, bool):
        lines.append(f"{prefix} {'true' if value else 'false'}")
    elif isinstance(value, str):
        lines.append(f"{prefix} {_scalar(value, indent)}")
    elif isinstance(value, list):
        lines.append(prefix)
        for entry in value:
            if isinstance(entry, dict):
                _emit_mapping(entry, indent + "  ", lines, first=f"{indent}- ")
            else:
                _emit(entry, indent + "  ", lines, f"{indent}-")
    elif isinstance(value, dict):
        lines.append(prefix)
        _emit_mapping(value, indent + "  ", lines)
    else:
        raise TypeError(f"cannot write {type(value).__name__} in a deck")


def _emit_mapping(mapping: dict[str, Any], indent: str, lines: list[str], first: str | None = None) -> None:
    for number, (key, value) in enumerate(mapping.items()):
        lead = first if number == 0 and first is not None else indent
        _emit(value, indent, lines, f"{lead}{key}:")


def deck_yaml(deck: dict[str, Any]) -> str:
    """The YAML text of a deck: string values plain when safe, else JSON-quoted or ``|-`` blocks."""
    lines: list[str] = []
    _emit_mapping(deck, "", lines)
    return "\n".join(lines) + "\n"


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def deck_text(deck: dict[str, Any], origin: str, header: list[str]) -> str:
    """The file's text: header comment lines, the marker with the body's hash, then the YAML body."""
    body = deck_yaml(deck)
    lines = [f"# {line}" if line else "#" for line in header]
    lines.append(f"{MARKER} {origin} sha256={body_hash(body)}")
    return "\n".join(lines) + "\n" + body


def written_by_import(text: str) -> tuple[str, bool] | None:
    """(origin, unchanged since written) if an import wrote this text; None if a person did."""
    match = _MARKER_LINE.search(text)
    if match is None:
        return None
    body = text[match.end() + 1 :]
    return match.group(1), body_hash(body) == match.group(2)
