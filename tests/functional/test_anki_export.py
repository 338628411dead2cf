"""mesadrill export anki, checked by importing the package with Anki itself (the ``anki`` package)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mesadrill.core.anki import note_guid_for
from support import anki_build
from support.cli import run_cli

pytest.importorskip("anki")
pytest.importorskip("genanki")

DECK = """\
deck: exported
title: Exported deck
description: One card of every type.
cards:
  - id: plain
    type: basic
    front: "What is <b>2 & 3</b>?"
    back: |
      Not bold.
      Second line.
    tags: [maths, two words]
  - id: both-ways
    type: basic
    front: el gato
    back: the cat
    reverse: true
    source: Any dictionary
  - id: capital
    type: cloze
    text: "{{Paris}} is the capital of {{France::country}}."
  - id: which
    type: choice
    question: Which is a prime?
    choices: ["4", "7", "9"]
    answer: "7"
    explanation: 7 has no divisors but 1 and itself.
  - id: explain
    type: interview
    prompt: Explain spaced repetition.
    answer: Reviewing just before forgetting.
    key_points: [intervals grow, grades move them]
    pitfalls: [confuses it with cramming]
"""


def export(deck: Path, out: Path, now: str) -> None:
    done = run_cli("export", "anki", str(deck), "--out", str(out), env={"MESADRILL_NOW": now})
    assert done.returncode == 0 and "Traceback" not in done.output, done.output
    assert "5 note(s), 7 card(s)" in done.stdout


def import_into_anki(col: Any, package: Path) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=False))
    )


def notes(col: Any) -> dict[str, tuple[str, tuple[str, ...], list[str]]]:
    found = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        found[note.guid] = (note.note_type()["name"], tuple(note.fields), sorted(note.tags))
    return found


def test_anki_imports_every_card_type_and_updates_on_reimport(tmp_path: Path) -> None:
    deck = tmp_path / "exported.yaml"
    deck.write_text(DECK, encoding="utf-8")
    first = tmp_path / "first.apkg"
    export(deck, first, "2026-01-05T12:00:00+00:00")
    col = anki_build.new_collection(tmp_path / "anki")
    import_into_anki(col, first)

    got = notes(col)
    guid = {card: note_guid_for("exported", card) for card in ("plain", "both-ways", "capital", "which", "explain")}
    assert set(got) == set(guid.values())
    assert got[guid["plain"]] == (
        "mesadrill Basic",
        ("What is &lt;b&gt;2 &amp; 3&lt;/b&gt;?", "Not bold.<br>Second line."),
        ["maths", "two_words"],
    )
    name, fields, _ = got[guid["both-ways"]]
    assert (
        name == "mesadrill Basic (and reversed card)"
        and fields[0] == "el gato"
        and "Source: Any dictionary" in fields[1]
    )
    assert got[guid["capital"]][:2] == (
        "mesadrill Cloze",
        ("{{c1::Paris}} is the capital of {{c2::France::country}}.", ""),
    )
    name, fields, _ = got[guid["which"]]
    assert name == "mesadrill Basic" and "<li>7</li>" in fields[0] and "<b>2. 7</b>" in fields[1]
    name, fields, _ = got[guid["explain"]]
    assert fields[0] == "Explain spaced repetition." and "intervals grow" in fields[1] and "cramming" in fields[1]
    assert col.card_count() == 7  # basic 1, reversed 2, cloze 2, choice 1, interview 1
    assert {d.name for d in col.decks.all_names_and_ids()} - {"Default"} == {"Exported deck"}

    # A later export of the edited deck updates the notes in Anki; nothing is duplicated.
    deck.write_text(DECK.replace("the cat", "the cat (feline)"), encoding="utf-8")
    second = tmp_path / "second.apkg"
    export(deck, second, "2026-01-06T12:00:00+00:00")
    import_into_anki(col, second)
    again = notes(col)
    assert set(again) == set(got) and col.card_count() == 7
    assert again[guid["both-ways"]][1][1].startswith("the cat (feline)")
    col.close()


def test_an_export_imports_back_into_mesadrill(tmp_path: Path, isolated_home: Path) -> None:
    deck = tmp_path / "exported.yaml"
    deck.write_text(DECK, encoding="utf-8")
    package = tmp_path / "out.apkg"
    export(deck, package, "2026-01-05T12:00:00+00:00")
    done = run_cli("import", "anki", str(package), "--out", str(tmp_path / "back"))
    assert done.returncode == 0, done.output
    text = (tmp_path / "back" / "exported-deck.yaml").read_text(encoding="utf-8")
    assert "What is <b>2 & 3</b>?" in text and "{{c1::Paris}} is the capital of {{c2::France::country}}." in text


def test_a_missing_deck_or_bad_name_is_a_message(tmp_path: Path) -> None:
    done = run_cli("export", "anki", "no-such-deck", "--out", str(tmp_path / "x.apkg"))
    assert done.returncode != 0 and "no deck" in done.stderr and "Traceback" not in done.output
    done = run_cli("export", "anki", "mesa-terms", "--out", str(tmp_path / "x.zip"))
    assert done.returncode != 0 and ".apkg" in done.stderr
