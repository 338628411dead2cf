"""YAML from strangers, turned into a plain tree of positioned nodes.

The tree is built straight from PyYAML's event stream (with the C parser when
present), which makes every safety check possible before anything is built:

- no constructor ever runs, so tags such as ``!!python/object`` cannot do
  anything; they are refused outright all the same;
- anchors and aliases are refused, so a few hundred bytes cannot expand into
  millions of nodes ("billion laughs");
- nesting depth is counted as the events arrive: PyYAML's own composer
  recurses and crashes the interpreter on deeply nested input;
- scalars stay the text the author wrote: ``no``, ``3.10``, ``017`` and
  ``2024-01-02`` are text. Whether a scalar was plain (unquoted) is kept so that
  the few fields that take ``true``/``false`` or a number can insist on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from mesadrill.core.errors import Problem

# libyaml parses fast; PyYAML's pure-Python parser reads the same language with
# messages and limits that do not change between libyaml builds (libyaml 0.2.6
# refuses deep flow nesting itself, in its own words, before any event
# arrives). A file libyaml rejects is read again by the Python parser, so what
# an author sees never depends on which libyaml is installed.
_PurePython: type = yaml.SafeLoader
try:
    _Fast: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Fast = _PurePython

MAX_DEPTH = 32

_STANDARD_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(slots=True)
class Scalar:
    value: str
    line: int
    column: int
    plain: bool  # written without quotes and without a block indicator
    style: str = ""


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int
    column: int


@dataclass(slots=True)
class Mapping:
    pairs: list[tuple[Scalar, Node]]
    line: int
    column: int


Node = Scalar | Sequence | Mapping


@dataclass(slots=True)
class Composed:
    """The first document of a file (or None) and what was wrong on the way."""

    root: Node | None
    problems: list[Problem] = field(default_factory=list)


class _Stop(Exception):
    """Composition cannot go on; the problem is already recorded."""


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    offset = max(0, min(offset, len(data)))
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace"))
    return data.count(b"\n", 0, offset) + 1, column + 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Check the bytes are UTF-8 text; report the first bad byte's line if not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "the file is UTF-16; save it as UTF-8")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        bad = data[error.start : error.start + 1].hex()
        return None, [Problem(path, line, column, f"the file is not UTF-8 text (byte 0x{bad} cannot be decoded)")]
    return text, []


def compose(data: bytes, path: str, *, max_depth: int = MAX_DEPTH, first_line: int = 1) -> Composed:
    """Build the node tree of the first document, refusing anything unsafe.

    ``first_line``: where ``data`` begins in its file, when it is a piece of
    one (``card_pieces``): the nodes carry the file's lines. The lines of
    problems found by the YAML parser itself stay the piece's own.
    """
    text, problems = decode(data, path)
    if text is None:
        return Composed(None, problems)
    if _only_comments(text):
        return Composed(None, [Problem(path, 1, 1, "the file is empty")])
    del text  # as big as the file; only a syntax error needs it again
    builder = _build(data, path, max_depth, _Fast, first_line)
    if builder.failed_in_parser and _Fast is not _PurePython:
        builder = _build(data, path, max_depth, _PurePython, first_line)
    problems = builder.problems
    if problems or builder.multiline:
        from mesadrill.decks import yamlhints

        lines = data.decode("utf-8-sig", errors="replace").splitlines()
        problems = [yamlhints.explain(problem, lines) for problem in problems]
        problems += yamlhints.merged_items(path, lines, builder.multiline)
    return Composed(builder.root, problems)


def _build(data: bytes, path: str, max_depth: int, parser: type, first_line: int) -> _Builder:
    builder = _Builder(path, max_depth, first_line)
    try:
        builder.run(data, parser)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        builder.failed_in_parser = True
        builder.problems.append(_syntax_problem(error, path, data.decode("utf-8-sig")))
    except yaml.reader.ReaderError as error:
        builder.failed_in_parser = True
        line, column = _position(data, error.position)
        builder.problems.append(Problem(path, line, column, _reader_message(error)))
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is one of the above
        builder.failed_in_parser = True
        builder.problems.append(Problem(path, 1, 1, f"cannot read YAML: {error}"))
    return builder


_CONTENT = re.compile(r"\S")
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # str.splitlines' boundaries


def _only_comments(text: str) -> bool:
    """True when every line is blank or a comment, looking only as far as the first content."""
    position = 0
    while True:
        found = _CONTENT.search(text, position)
        if found is None:
            return True
        if text[found.start()] != "#":
            return False
        end = _LINE_BREAK.search(text, found.start())
        if end is None:
            return True
        position = end.end()


def _reader_message(error: yaml.reader.ReaderError) -> str:
    character = error.character
    code = character if isinstance(character, int) else ord(character) if character else 0
    return f"character U+{code:04X} is not allowed in YAML ({error.reason}); remove it or write it as an escape in a double-quoted string"


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    message = error.problem or "invalid YAML"
    if error.context and error.context_mark:
        opened = error.context_mark
        where = (
            "here"
            if mark and (opened.line, opened.column) == (mark.line, mark.column)
            else f"at line {opened.line + 1}, column {opened.column + 1}"
        )
        message = f"{message} ({error.context} that opened {where})"
    if mark and "cannot start any token" in message:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            message += "; YAML indents with spaces, not tabs"
    return Problem(path, line, column, message)


class _Builder:
    def __init__(self, path: str, max_depth: int, first_line: int = 1) -> None:
        self.first_line = first_line  # the file's line where the data begins
        self.path = path
        self.max_depth = max_depth
        self.problems: list[Problem] = []
        self.root: Node | None = None
        self.documents = 0
        self.failed_in_parser = False  # the YAML parser, not a deck rule, stopped the build
        # Unquoted texts over several lines: first and last line, column, text (see yamlhints).
        self.multiline: list[tuple[int, int, int, str]] = []

    def fail(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.path, line + self.first_line, column + 1, message))

    def run(self, data: bytes, parser: type) -> None:
        """One pass over the event stream, building nodes as they complete.

        This loop runs once per YAML event (about 20 per card), so it keeps
        its state in local variables and calls nothing but the constructors
        on the common path; the checks that fail call out.
        """
        scalar_event = yaml.ScalarEvent
        mapping_start = yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        mapping_end = yaml.MappingEndEvent
        sequence_end = yaml.SequenceEndEvent
        alias_event = yaml.AliasEvent
        document_start = yaml.DocumentStartEvent
        standard_tags = _STANDARD_TAGS
        max_depth = self.max_depth
        base = self.first_line
        # The open collection, how to add to it, and a mapping's pending key;
        # the enclosing ones wait on the stack.
        stack: list[tuple[Sequence | Mapping | None, Callable[[Any], None] | None, bool, Scalar | None]] = []
        current: Sequence | Mapping | None = None
        add: Callable[[Any], None] | None = None
        in_mapping = False
        key: Scalar | None = None
        node: Node
        loader = parser(data)
        get_event = loader.get_event
        try:
            while True:
                event = get_event()
                if event is None:
                    return
                kind = event.__class__
                if kind is scalar_event:
                    if event.anchor is not None or event.tag not in standard_tags:
                        self._refuse_anchor_or_tag(event)
                    mark = event.start_mark
                    style = event.style
                    node = Scalar(
                        event.value, mark.line + base, mark.column + 1, event.implicit[0] and not style, style or ""
                    )
                    if not style and event.end_mark.line != mark.line:
                        self.multiline.append((mark.line, event.end_mark.line, mark.column, event.value))
                elif kind is mapping_end or kind is sequence_end:
                    assert current is not None
                    node = current
                    current, add, in_mapping, key = stack.pop()
                elif kind is mapping_start or kind is sequence_start:
                    if event.anchor is not None or event.tag not in standard_tags:
                        self._refuse_anchor_or_tag(event)
                    mark = event.start_mark
                    if len(stack) >= max_depth:
                        self.fail(
                            mark.line,
                            mark.column,
                            f"nesting deeper than {max_depth} levels; a deck needs only a few",
                        )
                        raise _Stop
                    stack.append((current, add, in_mapping, key))
                    key = None
                    if kind is mapping_start:
                        mapping = Mapping([], mark.line + base, mark.column + 1)
                        current, add, in_mapping = mapping, mapping.pairs.append, True
                    else:
                        sequence = Sequence([], mark.line + base, mark.column + 1)
                        current, add, in_mapping = sequence, sequence.items.append, False
                    continue
                elif kind is alias_event:
                    mark = event.start_mark
                    self.fail(
                        mark.line,
                        mark.column,
                        f"aliases (*{event.anchor}) are not allowed in decks; write the text out",
                    )
                    raise _Stop
                else:
                    if kind is document_start:
                        self.documents += 1
                        if self.documents > 1:
                            mark = event.start_mark
                            self.fail(
                                mark.line,
                                mark.column,
                                "a deck file holds one YAML document; this starts a second (remove '---' or split the file)",
                            )
                            raise _Stop
                    continue
                # A node is complete: it goes to the open collection, or is the document.
                if add is None:
                    self.root = node
                elif not in_mapping:
                    add(node)
                elif key is None:
                    if node.__class__ is not Scalar:
                        self.problems.append(
                            Problem(self.path, node.line, node.column, "a mapping key must be plain text")
                        )
                        raise _Stop
                    key = node
                else:
                    add((key, node))
                    key = None
        finally:
            dispose = getattr(loader, "dispose", None)
            if dispose:
                dispose()

    def _refuse_anchor_or_tag(self, event: yaml.NodeEvent) -> None:
        mark = event.start_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        if event.anchor is not None:
            self.fail(line, column, f"anchors (&{event.anchor}) are not allowed in decks; write the text out")
            raise _Stop
        tag = getattr(event, "tag", None)
        shown = tag.replace("tag:yaml.org,2002:", "!!") if tag else tag
        self.fail(line, column, f"tags such as {shown} are not allowed in decks")
        raise _Stop
