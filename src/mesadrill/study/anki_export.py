"""mesadrill decks -> an Anki package (.apkg) that Anki 2.1.50 and later imports.

Written with genanki (an optional extra, ``pip install 'mesadrill[anki]'``;
see the README's design notes for why). Cards become notes of Anki's own
stock note types, with their field names and templates, named "mesadrill
Basic" and so on (Anki would call a second "Basic" "Basic+"):

==========  ==================================================================
basic       Basic (Front, Back); ``reverse: true``: Basic (and reversed card)
cloze       Cloze (Text, Back Extra); ``{{answer}}`` numbered as ``{{cN::answer}}``
choice      Basic: the question and numbered choices; the answer and explanation
interview   Basic: the prompt; the model answer, key points, follow-ups, pitfalls
==========  ==================================================================

A card's source goes on the back. Text is escaped as HTML (line breaks as
``<br>``), so what Anki shows is the text as written. Each note's GUID comes
from its deck and card ids (core.anki), so importing a newer export into Anki
updates the notes instead of adding copies; tags keep their text with spaces
as underscores (Anki tags cannot hold spaces).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from mesadrill.core import anki
from mesadrill.core.cards import BasicCard, ChoiceCard, ClozeCard, InterviewCard
from mesadrill.core.errors import MesadrillError
from mesadrill.core.model import Deck
from mesadrill.core.records import record

_CSS = ".card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }"
_CLOZE_CSS = _CSS + "\n.cloze { font-weight: bold; color: blue; }\n.nightMode .cloze { color: lightblue; }"
_ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n"


@record(frozen=True, slots=True)
class ExportReport:
    path: Path
    decks: int
    notes: int
    cards: int


def _stable_id(text: str) -> int:
    """A 31-bit id that is the same on every export (Anki matches note types and decks by id)."""
    return (1 << 30) + int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest()) % (1 << 30)


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _list(title: str, entries: Sequence[str]) -> str:
    items = "".join(f"<li>{_html(entry)}</li>" for entry in entries)
    return f"<p><b>{title}</b></p><ul style='text-align: left'>{items}</ul>"


def _models(genanki: Any) -> dict[str, Any]:
    basic = genanki.Model(
        _stable_id("mesadrill Basic"),
        "mesadrill Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": _ANSWER + "{{Back}}"}],
        css=_CSS,
    )
    reversed_ = genanki.Model(
        _stable_id("mesadrill Basic (and reversed card)"),
        "mesadrill Basic (and reversed card)",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {"name": "Card 1", "qfmt": "{{Front}}", "afmt": _ANSWER + "{{Back}}"},
            {"name": "Card 2", "qfmt": "{{Back}}", "afmt": _ANSWER + "{{Front}}"},
        ],
        css=_CSS,
    )
    cloze = genanki.Model(
        _stable_id("mesadrill Cloze"),
        "mesadrill Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>\n{{Back Extra}}"}],
        css=_CLOZE_CSS,
        model_type=genanki.Model.CLOZE,
    )
    return {"basic": basic, "reversed": reversed_, "cloze": cloze}


def _cloze_text(card: ClozeCard) -> str:
    parts: list[str] = []
    at = 0
    for deletion in card.deletions:
        parts.append(_html(card.plain[at : deletion.start]))
        hint = f"::{_html(deletion.hint)}" if deletion.hint else ""
        parts.append(f"{{{{c{deletion.number}::{_html(deletion.answer)}{hint}}}}}")
        at = deletion.end
    parts.append(_html(card.plain[at:]))
    return "".join(parts)


def _with_source(back: str, source: str | None) -> str:
    return back + (f"<br><br><small>Source: {_html(source)}</small>" if source else "")


def note_fields(card: Any) -> tuple[str, list[str]]:
    """(model key, fields) for one card."""
    if isinstance(card, BasicCard):
        return ("reversed" if card.reverse else "basic"), [
            _html(card.front),
            _with_source(_html(card.back), card.source),
        ]
    if isinstance(card, ClozeCard):
        return "cloze", [_cloze_text(card), _with_source("", card.source).removeprefix("<br><br>")]
    if isinstance(card, ChoiceCard):
        choices = "".join(f"<li>{_html(choice)}</li>" for choice in card.choices)
        front = f"{_html(card.question)}<ol style='text-align: left'>{choices}</ol>"
        number = card.choices.index(card.answer) + 1
        back = f"<b>{number}. {_html(card.answer)}</b>"
        if card.explanation:
            back += f"<br><br>{_html(card.explanation)}"
        return "basic", [front, _with_source(back, card.source)]
    if isinstance(card, InterviewCard):
        back = _html(card.answer) + _list("Key points", card.key_points)
        if card.follow_ups:
            back += _list("Follow-ups", card.follow_ups)
        if card.pitfalls:
            back += _list("Pitfalls", card.pitfalls)
        return "basic", [_html(card.prompt), _with_source(back, card.source)]
    raise TypeError(f"unknown card type {type(card).__name__}")


def export_decks(decks: Sequence[Deck], out: Path, now: datetime) -> ExportReport:
    try:
        import genanki
    except ImportError:
        raise MesadrillError(
            "exporting to Anki needs genanki, an optional extra: pip install 'mesadrill[anki]'"
        ) from None
    models = _models(genanki)
    packaged = []
    notes = cards = 0
    for deck in decks:
        anki_deck = genanki.Deck(
            _stable_id(f"mesadrill deck {deck.id}"), deck.title, description=_html(deck.description)
        )
        for card in deck.cards:
            key, fields = note_fields(card)
            tags = [tag.replace(" ", "_") for tag in (*deck.tags, *card.tags)]
            note = genanki.Note(model=models[key], fields=fields, tags=tags, guid=anki.note_guid_for(deck.id, card.id))
            anki_deck.add_note(note)
            notes += 1
            cards += len(note.cards)
        packaged.append(anki_deck)
    partial = out.with_name(out.name + ".partial")
    try:
        genanki.Package(packaged).write_to_file(str(partial), timestamp=now.timestamp())
        partial.replace(out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise MesadrillError(f"cannot write {out}: {error.strerror or error}") from None
    return ExportReport(out, len(packaged), notes, cards)
