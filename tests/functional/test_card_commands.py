"""suspend / unsuspend / bury, cards with filters, and custom study, through real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import Run, run_cli

DAY1 = "2026-01-05T12:00:00+00:00"
DAY2 = "2026-01-06T12:00:00+00:00"


@pytest.fixture
def decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    lines = ["deck: t", "title: T deck", "description: For tests.", "cards:"]
    for i in range(1, 5):
        tags = "[hard]" if i <= 2 else "[easy]"
        lines.append(f"  - {{id: a{i}, type: basic, front: 'Question {i}', back: 'Answer {i}', tags: {tags}}}")
    lines.append("  - {id: r, type: basic, front: 'Front <b>[bold]</b>', back: 'Back', reverse: true}")
    (folder / "t.yaml").write_text("\n".join(lines) + "\n")
    monkeypatch.setenv("MESADRILL_DECKS", str(folder))
    return folder


def cli(*args: str, now: str = DAY1, input: str | None = None) -> Run:
    done = run_cli(*args, input=input, env={"MESADRILL_NOW": now})
    assert "Traceback" not in done.output, done.output
    return done


def rows(*args: str, now: str = DAY1) -> dict[str, dict[str, object]]:
    done = cli("cards", "t", "--json", *args, now=now)
    assert done.returncode == 0, done.output
    return {row["id"]: row for row in json.loads(done.stdout)}


def test_suspend_bury_unsuspend_from_the_command_line(decks: Path) -> None:
    done = cli("suspend", "t:r", "a1")
    assert done.returncode == 0 and "Suspended 3 items:" in done.stdout and "t:r:reverse" in done.stdout
    assert cli("bury", "t:a2").returncode == 0
    suspended = rows("--state", "suspended")
    assert set(suspended) == {"a1", "r", "r:reverse"}
    assert rows("--state", "buried")["a2"]["buried_until"] == "2026-01-06"
    plain = cli("review", "t", "--plain", input="q\n")
    assert "4 item(s)" not in plain.stdout and "Reviewing T deck: 2 item(s)." in plain.stdout
    assert "buried" not in {row["state"] for row in rows(now=DAY2).values()}
    assert cli("unsuspend", "t:r:reverse").returncode == 0
    assert rows()["r:reverse"]["state"] == "new" and rows()["r"]["state"] == "suspended"


def test_bad_refs_are_clear_errors(decks: Path) -> None:
    for ref, message in (
        ("t:zz", "no card or item 'zz' in deck 't'"),
        ("nope:a1", "no deck"),
        ("zz", "no deck, card or item"),
    ):
        done = cli("suspend", ref)
        assert done.returncode != 0 and message in done.stderr, done.output
    assert cli("suspend").returncode == 2


def test_suspension_travels_in_an_export(decks: Path, tmp_path: Path) -> None:
    cli("suspend", "t:a1")
    exported = cli("history", "export")
    assert '"kind": "suspend"' in exported.stdout
    export = tmp_path / "export.jsonl"
    export.write_text(exported.stdout)
    fresh = {"MESADRILL_DATA_DIR": str(tmp_path / "fresh"), "MESADRILL_NOW": DAY1}
    assert run_cli("history", "import", str(export), env=fresh).returncode == 0
    moved = json.loads(run_cli("cards", "t", "--json", env=fresh).stdout)
    assert {row["id"]: row["suspended"] for row in moved}["a1"] is True


def test_cards_search_tags_states_and_json(decks: Path) -> None:
    table = cli("cards")
    assert table.returncode == 0
    assert "tags" in table.stdout.splitlines()[0] and "hard" in table.stdout
    assert "Front <b>[bold]</b>" not in table.stdout  # ids only in the table
    found = rows("--search", "question 3")
    assert list(found) == ["a3"] and found["a3"]["prompt"] == "Question 3" and found["a3"]["tags"] == ["easy"]
    assert set(rows("--tag", "hard")) == {"a1", "a2"}
    assert rows("--search", "bold")["r"]["prompt"] == "Front <b>[bold]</b>"
    assert set(rows("--search", "tag:easy is:new")) == {"a3", "a4"}
    bad = cli("cards", "--state", "sleepy")
    assert bad.returncode == 2 and "sleepy" in bad.stderr
    empty = cli("cards", "--search", "nothing-like-this")
    assert empty.returncode == 0 and "No items match." in empty.stderr


def test_review_keys_suspend_bury_and_undo_in_plain_mode(decks: Path) -> None:
    done = cli("review", "t", "--plain", input="!\n-\nu\n\n5\nq\n")
    assert "Suspended: a1 (u undoes it)." in done.stdout
    assert "Buried until tomorrow: a2 (u undoes it)." in done.stdout
    assert "Undid the last burial (a2); asking it again." in done.stdout
    state = rows()
    assert (
        state["a1"]["suspended"] is True and state["a2"]["due"] == "2026-01-06" and state["a2"]["buried_until"] is None
    )


def test_custom_study_cram_and_failed_today(decks: Path) -> None:
    cli("review", "t", "--plain", input="\n5\n\n1\nq\n")  # a1 passed, a2 failed
    before = rows()
    cram = cli(
        "review", "t", "--cram", "--tag", "hard", "--plain", input="\n1\n\n5\nq\n", now=DAY1.replace("12:", "13:")
    )
    assert "custom study" in cram.stdout and "2 item(s)" in cram.stdout
    after = rows()
    assert after["a1"]["due"] == before["a1"]["due"] and after["a1"]["lapses"] == 0
    failed = cli("review", "t", "--failed-today", "--plain", input="q\n")
    assert "Reviewing T deck: 2 item(s)" in failed.stdout  # a2 failed in review, a1 in practice
    both = cli("review", "t", "--cram", "--ahead", "2")
    assert both.returncode == 2 and "choose one of" in both.stderr


def test_limits_and_leech_settings_from_config(decks: Path, tmp_path: Path) -> None:
    config = tmp_path / "home" / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text("new_per_day_total = 2\nleech_threshold = 1\n")
    done = cli("review", "t", "--plain", input="\n0\nq\n")
    assert "Reviewing T deck: 2 item(s)." in done.stdout
    assert "Held back by the daily limit: 3" in done.stdout  # a1..a4 and r: r:reverse is r's sibling
    assert "Leech: a1 has lapsed 1 times; suspended it." in done.stdout
    assert rows("--state", "leech")["a1"]["suspended"] is True
    listing = cli("decks")
    assert (
        "Held back by the daily limit:" in listing.stdout and "(today over all decks: 0 due, 1 new)" in listing.stdout
    )
    (config / "config.toml").write_text('leech_action = "maybe"\n')
    bad = cli("cards")
    assert bad.returncode == 2 and "leech_action" in bad.stderr  # a bad setting: exit 2 (README "Exit codes")


def test_stats_count_suspended_items_and_leeches(decks: Path, tmp_path: Path) -> None:
    config = tmp_path / "home" / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('leech_threshold = 1\nleech_action = "tag"\n')
    cli("review", "t", "--plain", input="\n0\nq\n")
    cli("suspend", "t:a3")
    done = cli("stats", "--plain")
    assert "Suspended: 1   leeches: 1" in done.stdout


def test_drill_tag_keeps_only_tagged_prompts(decks: Path) -> None:
    (decks / "i.yaml").write_text(
        "deck: i\ntitle: I\ndescription: D\ncards:\n"
        "  - {id: p1, type: interview, prompt: 'Prompt one', answer: A, key_points: [k], tags: [core]}\n"
        "  - {id: p2, type: interview, prompt: 'Prompt two', answer: A, key_points: [k]}\n"
    )
    done = cli("drill", "i", "--tag", "core", "--plain", input="\n\nq\n")
    assert "Prompt one" in done.stdout and "Prompt two" not in done.stdout
    none = cli("drill", "i", "--tag", "missing", "--plain", input="")
    assert "No interview cards in these decks." in none.stdout


def test_cards_table_fits_80_columns(decks: Path) -> None:
    (decks / "long.yaml").write_text(
        "deck: long\ntitle: L\ndescription: D\ntags: [a-rather-long-deck-tag]\ncards:\n"
        "  - {id: a-card-with-an-identifier-well-over-forty-characters, type: basic, front: F, back: B,"
        " tags: [another-long-tag]}\n"
    )
    done = run_cli("cards", "long", "t", env={"COLUMNS": "80"})
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["item", "state", "due", "lapses", "tags"]  # EF and interval dropped
    assert all(len(line) <= 80 for line in lines), lines
    assert "long:a-card-with-an-identifier-well" in done.stdout and "another…" in done.stdout
    wide = run_cli("cards", "long", "t")  # into a pipe: every column, whole
    assert "another-long-tag,a-rather-long-deck-tag" in wide.stdout and " EF " in wide.stdout
