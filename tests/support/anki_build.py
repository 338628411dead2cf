"""Anki collections made by Anki itself (the ``anki`` package: the engine the desktop app runs).

``build`` makes a collection with every kind of note an importer meets
(basic, reversed, optional reversed, cloze, a note type of the user's own,
HTML, media references, a deck tree, tags) and a review history made by
answering cards through Anki's own scheduler, then exports it the way Anki
does by default. ``expected`` reads back, from Anki, what each card's next
due date and interval are, for the tests to compare an import against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mesadrill.core.sm2 import study_day


@dataclass(frozen=True)
class AnkiCard:
    deck: str  # Anki deck name, A::B
    guid: str
    ord: int
    notetype: str
    due: date | None  # None: new
    interval: int
    fields: tuple[str, ...]


def _answer(col: Any, card_id: int, rating: int) -> None:
    from anki.scheduler.v3 import CardAnswer

    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    buttons = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=buttons[rating]))


def new_collection(folder: Path) -> Any:
    from anki.collection import Collection

    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def add(col: Any, notetype: str, deck: str, fields: dict[str, str], tags: list[str] | None = None) -> Any:
    note = col.new_note(col.models.by_name(notetype))
    for name, value in fields.items():
        note[name] = value
    note.tags = tags or []
    col.add_note(note, col.decks.id(deck))
    return note


def build(folder: Path) -> Any:
    """A collection with every kind of note and a history; returns the open Collection."""
    col = new_collection(folder)
    models = col.models
    vocab = models.new("Vocab (mine)")
    for name in ("Word", "Meaning", "Example"):
        models.add_field(vocab, models.new_field(name))
    template = models.new_template("Recognise")
    template["qfmt"] = "{{Word}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}"
    models.add_template(vocab, template)
    models.add(vocab)

    spanish = "Lang::Spanish"
    add(
        col,
        "Basic",
        spanish,
        {
            "Front": "<div><b>hola</b> &amp; <i>adiós</i></div><div>line two</div>",
            "Back": 'hello<br>goodbye <img src="wave.png"> [sound:hola.mp3]<script>alert("x")</script>'
            "<style>.card { color: red }</style>",
        },
        ["greeting", "es::basic"],
    )
    add(col, "Basic (and reversed card)", spanish, {"Front": "el gato", "Back": "the cat"}, ["animals"])
    add(col, "Basic (optional reversed card)", spanish, {"Front": "el perro", "Back": "the dog", "Add Reverse": "y"})
    add(col, "Basic (optional reversed card)", spanish, {"Front": "la casa", "Back": "the house"})
    add(
        col,
        "Cloze",
        "Lang::French",
        {"Text": "{{c1::Paris}} is the capital of {{c2::France::country}}.", "Back Extra": "Since 508 AD"},
    )
    add(col, "Vocab (mine)", "Lang::French", {"Word": "le chat", "Meaning": "the cat", "Example": "Le chat dort."})
    add(col, "Basic", "Default", {"Front": "never reviewed", "Back": "stays new"})

    # A history: a few answers through Anki's own scheduler, then due dates spread the way a learner's are.
    by_front = {col.get_note(col.get_card(c).nid).fields[0]: c for c in col.find_cards("card:1")}
    for card_id, ratings in (
        (by_front["el gato"], [3, 3]),
        (by_front["el perro"], [1, 3, 3]),
        (by_front["{{c1::Paris}} is the capital of {{c2::France::country}}."], [4]),
        (by_front["le chat"], [2, 3]),
    ):
        for rating in ratings:
            _answer(col, card_id, rating)
    first = by_front["<div><b>hola</b> &amp; <i>adiós</i></div><div>line two</div>"]
    _answer(col, first, 4)
    col.sched.set_due_date([first], "12!")
    col.sched.set_due_date([by_front["le chat"]], "40!")
    col.sched.set_due_date([by_front["el gato"]], "3")
    col.sched.suspend_cards([by_front["la casa"]])
    return col


def export(col: Any, out: Path, *, colpkg: bool = False, legacy: bool = False) -> Path:
    from anki.collection import ExportAnkiPackageOptions

    if colpkg:
        col.export_collection_package(str(out), include_media=True, legacy=legacy)
    else:
        options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy)
        col.export_anki_package(out_path=str(out), options=options, limit=None)
    return out


def expected(col: Any) -> list[AnkiCard]:
    """Every card as Anki has it: deck, note GUID, which card of the note, due date and interval."""
    now = datetime.now().astimezone()
    today = study_day(now, 4)  # Anki's default next-day-starts-at hour, and mesadrill's
    anki_today = col.sched.today
    result = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        note = card.note()
        due: date | None
        if card.type == 0:
            due = None
        elif card.due > 1_000_000_000:  # a learning step, due at a moment
            due = study_day(datetime.fromtimestamp(card.due).astimezone(), 4)
        else:
            due = today + timedelta(days=card.due - anki_today)
        result.append(
            AnkiCard(
                col.decks.name(card.odid or card.did),
                note.guid,
                card.ord,
                note.note_type()["name"],
                due,
                max(0, card.ivl),
                tuple(note.fields),
            )
        )
    return result
