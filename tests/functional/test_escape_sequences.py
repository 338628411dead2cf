"""Nothing mesadrill prints lets a file name, a deck key, an id or an answer drive the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from test_drill import INTERVIEW

from support.cli import run_cli
from support.tui import write_deck

OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
CSI_CLEAR = "\x1b[2J"
C1_CSI = "\x9b2J"
NOW = {"MESADRILL_NOW": "2026-01-05T12:00:00+00:00"}


def assert_clean(text: str) -> None:
    for forbidden in ("\x1b", "\x07", "\x9b", "\x9d"):
        assert forbidden not in text, repr(text)


def test_a_hostile_file_name_and_deck_key_in_lint_decks_and_review(tmp_path: Path) -> None:
    folder = tmp_path / f"decks{OSC_TITLE}"
    folder.mkdir()
    deck = folder / f"bad{CSI_CLEAR}.yaml"
    deck.write_text(
        'deck: bad\ntitle: T\ndescription: D\n"\\e]52;c;cHduZWQ=\\a": 1\n'
        'cards:\n  - {id: a, type: basic, front: Q, back: A, "x\\e[2J": 1}\n'
    )
    runs = [
        run_cli("lint", str(deck)),
        run_cli("lint", str(folder)),
        run_cli("decks", env={"MESADRILL_DECKS": str(folder)}),
        run_cli("review", str(deck), "--plain", input="q\n"),
        run_cli("review", f"no-such{OSC_TITLE}", "--plain"),
        run_cli("cards", f"{deck}{C1_CSI}"),
    ]
    assert runs[0].returncode == 1 and "bad" in runs[0].output and "unknown" in runs[0].output.lower(), runs[0].output
    for done in runs:
        assert "Traceback" not in done.output
        assert_clean(done.stdout)
        assert_clean(done.stderr)


def test_imported_answers_and_ids_reach_no_terminal_raw(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "iv", cards=INTERVIEW)
    event = {
        "event_id": "imported1",
        "deck_id": "iv",
        "item_id": "explain",
        "reviewed_at": "2026-01-04T12:00:00+00:00",
        "study_day": "2026-01-04",
        "quality": 4,
        "kind": "drill",
        "repetitions": 1,
        "easiness": 2.5,
        "interval_days": 1,
        "due": "2026-01-05",
        "drill": {
            "answer_text": f"{OSC_CLIPBOARD}an answer{CSI_CLEAR} with{C1_CSI} tricks",
            "points_total": 3,
            "points_covered": [0],
            "time_limit_s": 60,
            "follow_up_answers": [f"follow{OSC_TITLE}up"],
        },
    }
    export = tmp_path / "in.jsonl"
    export.write_text(json.dumps({"format": "mesadrill-history", "version": 1}) + "\n" + json.dumps(event) + "\n")
    assert run_cli("history", "import", str(export), env=NOW).returncode == 0
    env = {**NOW, "MESADRILL_DECKS": str(deck)}
    answers = run_cli("answers", "iv:explain", env=env)
    assert answers.returncode == 0, answers.output
    assert "an answer with tricks" in answers.stdout and "followup" in answers.stdout
    assert_clean(answers.stdout)
    doctor = run_cli("doctor", env=NOW)
    assert_clean(doctor.stdout + doctor.stderr)


def test_a_typed_drill_answer_is_shown_without_its_escapes(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "iv", cards=INTERVIEW)
    lines = [f"my{OSC_CLIPBOARD} answer{CSI_CLEAR}", "", "s", "", ""]
    done = run_cli("drill", str(deck), "--plain", "--mock", "1", input="\n".join(lines) + "\n", env=NOW)
    assert done.returncode == 0, done.output
    assert_clean(done.stdout)
    answers = run_cli("answers", "explain", env={**NOW, "MESADRILL_DECKS": str(deck)})
    assert "my answer" in answers.stdout
    assert_clean(answers.stdout)
