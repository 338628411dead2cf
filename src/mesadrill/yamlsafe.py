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

from dataclasses import dataclass, field

import yaml

from mesadrill.errors import Problem

try:
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader

MAX_DEPTH = 32
MAX_FILE_BYTES = 64 * 1024 * 1024

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
        return None, [
            Problem(path, line, column, f"the file is not UTF-8 text (byte 0x{bad} cannot be decoded)")
        ]
    return text, []


def compose(data: bytes, path: str, *, max_depth: int = MAX_DEPTH) -> Composed:
    """Build the node tree of the first document, refusing anything unsafe."""
    text, problems = decode(data, path)
    if text is None:
        return Composed(None, problems)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return Composed(None, [Problem(path, 1, 1, "the file is empty")])
    builder = _Builder(path, max_depth)
    try:
        builder.run(data)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        builder.problems.append(_syntax_problem(error, path, text))
    except yaml.reader.ReaderError as error:
        line, column = _position(data, error.position)
        builder.problems.append(Problem(path, line, column, _reader_message(error)))
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is one of the above
        builder.problems.append(Problem(path, 1, 1, f"cannot read YAML: {error}"))
    return Composed(builder.root, builder.problems)


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
    def __init__(self, path: str, max_depth: int) -> None:
        self.path = path
        self.max_depth = max_depth
        self.problems: list[Problem] = []
        self.root: Node | None = None
        # Open collections; a mapping's pending key sits beside it.
        self.stack: list[tuple[Sequence | Mapping, list[Scalar | None]]] = []
        self.documents = 0

    def fail(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.path, line + 1, column + 1, message))

    def run(self, data: bytes) -> None:
        scalar_event = yaml.ScalarEvent
        mapping_start = yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        collection_end = yaml.CollectionEndEvent
        alias_event = yaml.AliasEvent
        document_start = yaml.DocumentStartEvent
        loader = _Parser(data)
        try:
            while loader.check_event():
                event = loader.get_event()
                kind = type(event)
                if kind is scalar_event:
                    mark = event.start_mark
                    self._check_anchor_and_tag(event)
                    self.attach(
                        Scalar(
                            event.value,
                            mark.line + 1,
                            mark.column + 1,
                            event.implicit[0] and not event.style,
                            event.style or "",
                        )
                    )
                elif kind is mapping_start or kind is sequence_start:
                    mark = event.start_mark
                    self._check_anchor_and_tag(event)
                    if len(self.stack) >= self.max_depth:
                        self.fail(
                            mark.line,
                            mark.column,
                            f"nesting deeper than {self.max_depth} levels; a deck needs only a few",
                        )
                        raise _Stop
                    node: Sequence | Mapping
                    if kind is mapping_start:
                        node = Mapping([], mark.line + 1, mark.column + 1)
                    else:
                        node = Sequence([], mark.line + 1, mark.column + 1)
                    self.stack.append((node, [None]))
                elif issubclass(kind, collection_end):
                    node, _ = self.stack.pop()
                    self.attach(node)
                elif kind is alias_event:
                    mark = event.start_mark
                    self.fail(
                        mark.line,
                        mark.column,
                        f"aliases (*{event.anchor}) are not allowed in decks; write the text out",
                    )
                    raise _Stop
                elif kind is document_start:
                    self.documents += 1
                    if self.documents > 1:
                        mark = event.start_mark
                        self.fail(
                            mark.line,
                            mark.column,
                            "a deck file holds one YAML document; this starts a second (remove '---' or split the file)",
                        )
                        raise _Stop
        finally:
            dispose = getattr(loader, "dispose", None)
            if dispose:
                dispose()

    def _check_anchor_and_tag(self, event: yaml.NodeEvent) -> None:
        mark = event.start_mark
        if event.anchor is not None:
            self.fail(
                mark.line,
                mark.column,
                f"anchors (&{event.anchor}) are not allowed in decks; write the text out",
            )
            raise _Stop
        tag = getattr(event, "tag", None)
        if tag not in _STANDARD_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!") if tag else tag
            self.fail(mark.line, mark.column, f"tags such as {shown} are not allowed in decks")
            raise _Stop

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent, pending = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = pending[0]
        if key is None:
            if not isinstance(node, Scalar):
                self.fail(node.line - 1, node.column - 1, "a mapping key must be plain text")
                raise _Stop
            pending[0] = node
        else:
            parent.pairs.append((key, node))
            pending[0] = None
