"""HTML from another program's cards -> plain text mesadrill can show as it is.

Line breaks (``<br>``) and block tags (``<div>``, ``<p>``, ``<li>``, ...)
become newlines, entities are decoded, the content of ``<script>`` and
``<style>`` is dropped, and every other tag is dropped with its text kept, so
nothing reaches the screen as markup. Media references are kept as words:
``<img src="cat.png">`` becomes ``[image: cat.png]`` and Anki's
``[sound:hello.mp3]`` becomes ``[sound: hello.mp3]``; the caller is told
whether any were seen, so it can warn once.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mesadrill.core import cleantext
from mesadrill.core.records import record

_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol"}
    | {"p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul"}
)
_DROPPED_CONTENT = frozenset({"script", "style", "template", "noscript", "title", "head"})
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


@record(frozen=True, slots=True)
class PlainText:
    text: str
    media: tuple[str, ...]  # file names referred to, in order


class _Flattener(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_CONTENT:
            self.dropping += 1
        elif self.dropping:
            return
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.block_break()
        elif tag == "img":
            source = next((value for name, value in attrs if name == "src" and value), None)
            if source:
                self.media.append(source)
                self.parts.append(f"[image: {source}]")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def block_break(self) -> None:
        """A block starts or ends on a line of its own: one line break, however many blocks meet."""
        for part in reversed(self.parts):
            if part.strip(" \t"):
                if not part.endswith("\n"):
                    self.parts.append("\n")
                return

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _DROPPED_CONTENT:
            self.dropping -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_CONTENT:
            self.dropping = max(0, self.dropping - 1)
        elif not self.dropping and tag in _BLOCK_TAGS:
            self.block_break()

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def html_to_text(html: str) -> PlainText:
    """Plain text from an HTML fragment (as Anki stores a field)."""
    if "<" not in html and "&" not in html and "[sound:" not in html:
        text = html
        media: list[str] = []
    else:
        parser = _Flattener()
        parser.feed(html.replace("\r\n", "\n").replace("\n", " ") if "<" in html else html)
        parser.close()
        text = "".join(parser.parts)
        media = parser.media
    sounds: list[str] = []

    def sound(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        sounds.append(name)
        return f"[sound: {name}]"

    text = _SOUND.sub(sound, text)
    text = cleantext.clean(text).text
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    return PlainText(text, tuple(media + sounds))
