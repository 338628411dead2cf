"""Deck data -> the YAML text of a deck file, for importers.

The text is what an author would write: keys in the documented order,
multi-line text as ``|`` blocks, no anchors or aliases (the loader refuses
them), every value text except ``reverse``. The first lines are a header
comment; the last header line records a hash of the rest, so a later import
can tell a file it wrote, still untouched, from one the learner edited.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

MARKER = "# mesadrill-import:"
_MARKER_LINE = re.compile(r"^# mesadrill-import: (\S+) sha256=([0-9a-f]{64})$", re.MULTILINE)


def _dumper() -> type[Any]:
    import yaml

    # libyaml's emitter writes a 100,000-card deck in seconds; PyYAML's own takes half a minute.
    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class DeckDumper(base):  # type: ignore[misc,valid-type]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def text(dumper: Any, value: str) -> Any:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    DeckDumper.add_representer(str, text)
    return DeckDumper


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def deck_text(deck: dict[str, Any], origin: str, header: list[str]) -> str:
    """The file's text: header comment lines, the marker with the body's hash, then the YAML body."""
    import yaml

    body: str = yaml.dump(
        deck, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
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
