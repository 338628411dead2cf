"""mesadrill import anki, on packages made by Anki itself (the ``anki`` package), through the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from mesadrill.core.anki import card_id_for, deck_id_for
from support import anki_build
from support.cli import run_cli

pytest.importorskip("anki")


@dataclass(frozen=True)
class Packages:
    apkg: Path
    legacy_apkg: Path
    colpkg: Path
    cards: list[anki_build.AnkiCard]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Packages:
    folder = tmp_path_factory.mktemp("anki")
    col = anki_build.build(folder / "collection")
    cards = anki_build.expected(col)
    apkg = anki_build.export(col, folder / "deck.apkg")
    legacy = anki_build.export(col, folder / "legacy.apkg", legacy=True)
    colpkg = anki_build.export(col, folder / "all.colpkg", colpkg=True)  # closes the collection
    return Packages(apkg, legacy, colpkg, cards)


def run(*args: str) -> tuple[int, str, str]:
    done = run_cli(*args, timeout=120)
    assert "Traceback" not in done.output, done.output
    return done.returncode, done.stdout, done.stderr


def deck_file(home: Path, deck_id: str) -> dict[str, object]:
    data = yaml.safe_load((home / "data" / "decks" / f"{deck_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def item_id(card: anki_build.AnkiCard) -> str:
    base = card_id_for(card.guid)
    if card.notetype == "Cloze":
        return f"{base}:c{card.ord + 1}"
    return f"{base}:reverse" if card.ord == 1 else base


def schedule(deck_id: str) -> dict[str, dict[str, object]]:
    code, out, _ = run("cards", deck_id, "--json")
    assert code == 0
    return {row["id"]: row for row in json.loads(out)}


@pytest.mark.parametrize("which", ["apkg", "legacy_apkg", "colpkg"])
def test_every_card_comes_with_its_text_and_anki_schedule(packages: Packages, isolated_home: Path, which: str) -> None:
    code, out, err = run("import", "anki", str(getattr(packages, which)), "--with-history")
    assert code == 0, out + err
    spanish = deck_file(isolated_home, "lang-spanish")
    french = deck_file(isolated_home, "lang-french")
    assert spanish["title"] == "Lang::Spanish"
    cards = {c["id"]: c for deck in (spanish, french) for c in deck["cards"]}  # type: ignore[attr-defined]
    by_front = {c.fields[0]: card_id_for(c.guid) for c in packages.cards}

    hola = cards[by_front["<div><b>hola</b> &amp; <i>adiós</i></div><div>line two</div>"]]
    assert hola["front"] == "hola & adiós\nline two"
    assert hola["back"] == "hello\ngoodbye [image: wave.png] [sound: hola.mp3]"  # script and style dropped
    assert hola["tags"] == ["es::basic", "greeting"]
    assert cards[by_front["el gato"]]["reverse"] is True
    assert cards[by_front["el perro"]]["reverse"] is True
    assert "reverse" not in cards[by_front["la casa"]]
    paris = cards[by_front["{{c1::Paris}} is the capital of {{c2::France::country}}."]]
    assert paris == {
        "id": paris["id"],
        "type": "cloze",
        "text": "{{c1::Paris}} is the capital of {{c2::France::country}}.",
        "source": "Since 508 AD",
    }
    chat = cards[by_front["le chat"]]
    assert (chat["type"], chat["front"], chat["back"]) == ("basic", "le chat", "the cat\n\nLe chat dort.")
    assert "'Vocab (mine)'" in err and "wave.png" not in err and "images or sounds" in err

    # Every card Anki has scheduled is due when Anki has it due, at Anki's interval; new ones stay new.
    for anki_card in packages.cards:
        deck_id = deck_id_for(anki_card.deck)
        rows = schedule(deck_id)
        row = rows[item_id(anki_card)]
        if anki_card.due is None:
            assert row["due"] is None, anki_card
        else:
            assert (row["due"], row["interval_days"]) == (anki_card.due.isoformat(), anki_card.interval), anki_card

    # A card suspended in Anki is suspended here (with its history); the others are not.
    suspended = {row_id for row_id, row in schedule("lang-spanish").items() if row["suspended"]}
    assert suspended == {by_front["la casa"]}
    assert "1 item(s) suspended in Anki are suspended here" in out

    # Everything written passes lint.
    code, out, err = run("lint", str(isolated_home / "data" / "decks"))
    assert code == 0 and "warning" not in out + err, out + err


def test_reimport_adds_no_events_and_keeps_files(packages: Packages, isolated_home: Path) -> None:
    run("import", "anki", str(packages.apkg), "--with-history")
    _, before, _ = run("history", "export")
    code, out, _ = run("import", "anki", str(packages.apkg), "--with-history")
    assert code == 0 and "unchanged" in out and "0 new event(s)" in out
    _, after, _ = run("history", "export")
    assert before == after
    reviews = [json.loads(line) for line in after.splitlines()[1:]]
    grades = [r for r in reviews if r["kind"] in ("review", "same-day")]
    assert {r["quality"] for r in grades} <= {1, 3, 4, 5}
    assert len(grades) == 9  # every answer given in anki_build
    assert sorted({r["kind"] for r in reviews}) == ["anki-schedule", "review", "same-day", "suspend"]


def test_an_edited_import_is_not_overwritten(packages: Packages, isolated_home: Path) -> None:
    run("import", "anki", str(packages.apkg))
    path = isolated_home / "data" / "decks" / "lang-spanish.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("the house", "the home"), encoding="utf-8")
    edited = path.read_text(encoding="utf-8")
    code, out, _ = run("import", "anki", str(packages.colpkg))
    assert code == 1 and "edited since it was imported" in out and "--force" in out
    assert path.read_text(encoding="utf-8") == edited
    code, out, _ = run("import", "anki", str(packages.colpkg), "--force")
    assert code == 0 and "the house" in path.read_text(encoding="utf-8")


def test_a_deck_of_ones_own_is_not_overwritten(packages: Packages, isolated_home: Path) -> None:
    own = isolated_home / "data" / "decks" / "lang-spanish.yaml"
    own.parent.mkdir(parents=True)
    own.write_text("deck: lang-spanish\ntitle: Mine\ndescription: mine\ncards: []\n", encoding="utf-8")
    code, out, _ = run("import", "anki", str(packages.apkg))
    assert code == 1 and "not written by an import" in out
    assert own.read_text(encoding="utf-8").startswith("deck: lang-spanish\ntitle: Mine")


def test_out_folder(packages: Packages, tmp_path: Path, isolated_home: Path) -> None:
    code, _, _ = run("import", "anki", str(packages.apkg), "--out", str(tmp_path / "mine"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == [
        "default.yaml",
        "lang-french.yaml",
        "lang-spanish.yaml",
    ]
    assert not (isolated_home / "data" / "decks").exists()


def test_a_note_moved_to_another_deck_keeps_its_schedule(tmp_path: Path, isolated_home: Path) -> None:
    col = anki_build.new_collection(tmp_path / "c")
    note = anki_build.add(col, "Basic", "First", {"Front": "moving", "Back": "house"})
    card_id = note.card_ids()[0]
    anki_build._answer(col, card_id, 3)
    col.sched.set_due_date([card_id], "9!")
    run("import", "anki", str(anki_build.export(col, tmp_path / "one.apkg")), "--with-history")
    col.set_deck([card_id], col.decks.id("Second"))
    [expected] = anki_build.expected(col)
    second = anki_build.export(col, tmp_path / "two.apkg")
    col.close()
    code, out, err = run("import", "anki", str(second), "--with-history")
    assert code == 0, out + err
    row = schedule("second")[card_id_for(expected.guid)]
    assert expected.due is not None
    assert (row["due"], row["interval_days"], row["reviews"]) == (expected.due.isoformat(), 9, 1)
