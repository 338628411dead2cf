"""Imported decks are written by decks.write: whatever the text, reading the file gives it back exactly."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mesadrill.core.htmltext import html_to_text
from mesadrill.decks.load import parse_deck
from mesadrill.decks.write import deck_text, written_by_import

# Text as an importer hands it over: no control characters but tab and newline, stripped.
TEXT = (
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), min_size=1, max_size=40)
    .map(lambda t: html_to_text(t.replace("<", "‹").replace("&", "+")).text)
    .filter(bool)
)


@settings(max_examples=300, deadline=None)
@given(front=TEXT, back=TEXT, tags=st.lists(TEXT.filter(lambda t: "\n" not in t), max_size=3), reverse=st.booleans())
def test_what_is_written_reads_back_exactly(front: str, back: str, tags: list[str], reverse: bool) -> None:
    card: dict[str, object] = {"id": "c1", "type": "basic", "front": front, "back": back}
    if reverse:
        card["reverse"] = True
    if tags:
        card["tags"] = tags
    deck = {"deck": "d", "title": front, "description": back, "cards": [card]}
    text = deck_text(deck, "test", ["a header"])
    assert yaml.safe_load(text) == deck
    result = parse_deck(text.encode("utf-8"), Path("d.yaml"))
    assert result.deck is not None, result.problems
    written = result.deck.cards[0]
    assert (written.front, written.back, list(written.tags)) == (front, back, tags)  # type: ignore[union-attr]


def test_the_marker_tells_an_untouched_import_from_an_edited_one() -> None:
    text = deck_text({"deck": "d", "title": "T", "description": "D", "cards": []}, "anki", ["x"])
    assert written_by_import(text) == ("anki", True)
    assert written_by_import(text.replace("title: T", "title: Mine")) == ("anki", False)
    assert written_by_import("deck: d\n") is None


def test_html_becomes_plain_text() -> None:
    html = "<div>one</div><div><br></div><div>two &amp; <b>three</b></div><script>alert(1)</script><style>p{}</style>"
    assert html_to_text(html).text == "one\n\ntwo & three"
    media = html_to_text('<img src="a b.png">[sound:x.mp3]')
    assert media.text == "[image: a b.png][sound: x.mp3]" and media.media == ("a b.png", "x.mp3")
    assert html_to_text("a\x1b[2Jb &lt;i&gt;").text == "ab <i>"
