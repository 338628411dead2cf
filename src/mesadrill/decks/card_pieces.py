"""A deck file cut into its header and one piece per card, so an edit re-reads only the pieces it touched.

A deck is written as a top-level mapping whose last key is ``cards:``, a
block sequence of cards one under the other::

    deck: ...
    cards:
      - id: first        <- a piece starts on each line at the list's own
        front: ...          indent that begins with "- "
      - id: second

In YAML's block style, a line at the list's own indent or less ends
everything inside the item above it: block scalars, plain text over several
lines, nested lists and mappings. So when every line from the first card on
that is indented no deeper than the list is one that starts a card, each
piece holds exactly one item, and reading a piece alone gives the same card
(at the same lines) as reading the whole file.

Two things PyYAML reads that ignore indentation, quoted text and ``[...]``
or ``{...}`` over several lines, could hide such a line inside an item; the
piece before it then ends in the middle of the quote or the brackets and
does not read on its own, which the caller takes as "read the whole file".
Anything this does not recognise (flow-style ``cards``, another key after
``cards``, a tab in the indentation, a second document, a lone carriage return) is
``None``: the whole file is read, as always. Lines may end in "\r\n".
"""

from __future__ import annotations

import re
from typing import NamedTuple

try:  # hashlib would load OpenSSL first, 3 ms at every start, for a hash Python has built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the builtin module
    from hashlib import blake2b

# From the newline before it (a search for "^" in multi-line mode would look at every byte).
_CARDS_KEY = re.compile(rb"\ncards:[ ]*(?:#[^\r\n]*)?\r?\n")
# A line with something on it other than a comment, and the spaces before it.
_FIRST_CONTENT = re.compile(rb"(?m)^( *)(?=[^ \r\n#])")
_SHALLOW: dict[int, re.Pattern[bytes]] = {}  # indent -> a pattern for lines with content indented no deeper than it


def _shallow(indent: int) -> re.Pattern[bytes]:
    pattern = _SHALLOW.get(indent)
    if pattern is None:
        # From a newline: at most ``indent`` spaces, then content (not a space, a newline or a comment).
        pattern = _SHALLOW[indent] = re.compile(rb"\n {0,%d}(?=[^ \r\n#])" % indent)
    return pattern


class Pieces(NamedTuple):
    """Where the cards' pieces begin (byte offsets, the last ending at the end of the file) and on which line."""

    header_end: int
    starts: list[int]
    lines: list[int]  # 1-based

    def piece(self, data: bytes, index: int) -> bytes:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(data)
        return data[self.starts[index] : end]


def split(data: bytes) -> Pieces | None:
    """The file's pieces, or None when its layout is not the plain one described above."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a carriage return alone ends a line for YAML, not for this
    found = _CARDS_KEY.finditer(data)
    body = next(found, None)
    if body is None or next(found, None) is not None:
        return None  # no block-style cards key, or two
    first = _FIRST_CONTENT.search(data, body.end())
    if first is None:
        return None
    indent = len(first.group(1))
    if not _starts_item(data, first.end()):
        return None
    starts = [first.start()]
    for match in _shallow(indent).finditer(data, first.start()):
        spaces_end = match.end()
        if spaces_end - match.start() - 1 != indent or not _starts_item(data, spaces_end):
            return None  # another key after cards, a tab, a second document, text outside any card...
        starts.append(match.start() + 1)
    lines = []
    line = data.count(b"\n", 0, starts[0]) + 1
    previous = starts[0]
    for start in starts:
        line += data.count(b"\n", previous, start)
        lines.append(line)
        previous = start
    return Pieces(first.start(), starts, lines)


def _starts_item(data: bytes, at: int) -> bool:
    """Whether a block-sequence entry ("- ", or "-" alone on its line) begins at ``at``."""
    return data[at : at + 1] == b"-" and data[at + 1 : at + 2] in (b" ", b"\n", b"\r", b"")


def digests(data: bytes, pieces: Pieces) -> list[bytes]:
    """A BLAKE2b digest of each piece's bytes: a piece whose digest is as indexed need not be read."""
    view = memoryview(data)
    ends = [*pieces.starts[1:], len(data)]
    return [blake2b(view[start:end], digest_size=16).digest() for start, end in zip(pieces.starts, ends, strict=True)]
