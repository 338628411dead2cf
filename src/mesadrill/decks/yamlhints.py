"""YAML's complaints about a deck, said in the author's terms, with the fix.

PyYAML reports what its grammar saw ("mapping values are not allowed here",
"a mapping key must be plain text"); an author wrote a colon in a sentence,
or began a cloze with ``{{``. Given the line, these say so and show the
line as it should be. They also spot the mistake YAML accepts silently: a
list item indented under the one above becomes part of that item's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mesadrill.core.errors import Problem

# "  - front: text", "    front: text": the key and the unquoted text after it.
_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>.*?)\s*$")
_MAPPING_VALUES = ("mapping values are not allowed here", "mapping values are not allowed in this context")
_KEY_NOT_TEXT = "a mapping key must be plain text"


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fixed_line(line: str) -> tuple[str, str] | None:
    """The key of a ``key: value`` line and the line with its value quoted."""
    match = _KEY_VALUE.match(line)
    if match is None or not match["value"] or match["value"][0] in "\"'":
        return None
    value = match["value"]
    if " #" in value:  # a comment ends plain text; keep it outside the quotes
        value, _, comment = value.partition(" #")
        return match["key"], f"{match['key']}: {quoted(value.rstrip())}  #{comment}"
    return match["key"], f"{match['key']}: {quoted(value)}"


def explain(problem: Problem, lines: Sequence[str]) -> Problem:
    """``problem`` in the author's terms, when it is one of YAML's known puzzles; else unchanged."""
    line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    message = problem.message
    if message.startswith(_MAPPING_VALUES):
        fixed = _fixed_line(line)
        if fixed is not None:
            key, rewritten = fixed
            message = (
                f'the text of {key} contains ": " (a colon and a space), which YAML reads as the start of '
                f"another key; quote the text: {rewritten}"
            )
        else:
            message = (
                'this text contains ": " (a colon and a space), which YAML reads as the start of another key; '
                'put the whole text in double quotes: "..."'
            )
    elif message.startswith(_KEY_NOT_TEXT):
        rest = line[problem.column - 1 :]
        if rest.startswith("{"):
            fixed = _fixed_line(line)
            if fixed is not None and not line.lstrip().startswith("- {"):
                key, rewritten = fixed
                message = f'a text that starts with "{{" is read by YAML as a mapping; quote the text: {rewritten}'
            else:
                message = 'a text that starts with "{" is read by YAML as a mapping; put the text in double quotes: "{{...}} ..."'
    if message == problem.message:
        return problem
    return Problem(problem.path, problem.line, problem.column, message, problem.severity)


def merged_items(path: str, lines: Sequence[str], spans: Sequence[tuple[int, int, int, str]]) -> list[Problem]:
    """Warnings for unquoted texts that run on to a line starting with "- ".

    ``spans`` are the plain multi-line texts YAML read: first and last line
    (0-based), first column and the text. A line inside one that starts with
    "-" was almost always meant as the next list item, indented too far.
    """
    warnings = []
    for first, last, column, value in spans:
        for number in range(first + 1, min(last, len(lines) - 1) + 1):
            stripped = lines[number].lstrip()
            if stripped == "-" or stripped.startswith("- "):
                dash = len(lines[number]) - len(stripped)
                above = lines[first][:column].rstrip()
                item = "on line " + str(first + 1) if above.endswith("-") else "it belongs to"
                shown = value if len(value) <= 60 else value[:59] + "…"
                warnings.append(
                    Problem(
                        path,
                        number + 1,
                        dash + 1,
                        f'this "-" is indented under the text above, so YAML joined both into one text: '
                        f'{quoted(shown)}; if it starts another item, line its "-" up with the one {item}',
                        "warning",
                    )
                )
                break
    return warnings


def not_text(name: str, node: object, kind: str) -> str:
    """Why ``name`` is not text; for ``key: value`` read from a sentence with a colon, how to quote it."""
    from mesadrill.decks.yamlsafe import Mapping, Scalar

    if isinstance(node, Mapping) and len(node.pairs) == 1:
        key, value = node.pairs[0]
        if isinstance(value, Scalar) and value.value:
            return (
                f"'{name}' should be text, but the \": \" in it made YAML read a key and a value; "
                f"quote the text: {quoted(f'{key.value}: {value.value}')}"
            )
    return f"'{name}' should be text, not {kind}"
