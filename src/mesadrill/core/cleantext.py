"""Text from a deck, made safe to print to a terminal.

YAML itself refuses raw control characters, but a double-quoted scalar can
still spell them (``"\\e[2J"``, ``"\\x9b"``). Terminal escape sequences would
let a deck clear the screen, retitle the window or forge a hyperlink, so they
are removed whole (CSI, OSC, other ESC sequences), then any control character
left (C0 but tab and newline, DEL, C1). Bidirectional overrides are kept (they
have honest uses in right-to-left text) but reported, since they can make text
read differently from what it is.
"""

from __future__ import annotations

import re

from mesadrill.core.records import record

_ESCAPE_SOURCE = r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                 # CSI ... final byte
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?       # OSC ... BEL or ST
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?            # DCS, SOS, PM, APC ... ST
    | \x1b[ -/]*[0-~]?                         # any other ESC sequence
    | \x9b[0-?]*[ -/]*[@-~]?                   # 8-bit CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?           # 8-bit OSC
    """
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


@record(frozen=True, slots=True)
class Cleaned:
    text: str
    removed: int  # characters removed
    first_removed_at: int  # offset in the original text, or -1
    bidi_at: int  # offset of the first bidi override, or -1
    bidi_char: str = ""


def clean(text: str) -> Cleaned:
    """Strip escape sequences and control characters; find bidi overrides."""
    if _CONTROL.search(text) is None:
        match = _BIDI.search(text)
        if match is None:
            return Cleaned(text, 0, -1, -1)
        return Cleaned(text, 0, -1, match.start(), match.group())
    first = -1
    escapes = re.compile(_ESCAPE_SOURCE, re.VERBOSE)  # compiled here (re caches it): most text never needs it
    sequence = escapes.search(text)
    control = _CONTROL.search(text)
    for match in (sequence, control):
        if match is not None and (first == -1 or match.start() < first):
            first = match.start()
    stripped = _CONTROL.sub("", escapes.sub("", text))
    bidi = _BIDI.search(stripped)
    return Cleaned(
        stripped,
        len(text) - len(stripped),
        first,
        bidi.start() if bidi else -1,
        bidi.group() if bidi else "",
    )


def strip_controls(text: str) -> str:
    """For text that is not from a deck (typed answers, file names) before display."""
    return clean(text).text
