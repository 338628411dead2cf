"""Backups as a user meets them: taken beside the work, dated by mesadrill's clock."""

from __future__ import annotations

from pathlib import Path

from test_plain_review import DAY1, DAY2, write_deck

from support.cli import run_cli


def test_doctor_restore_dates_the_kept_history_by_mesadrill_now(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    run_cli("review", str(deck), "--plain", input="\n5\n", env={"MESADRILL_NOW": DAY1})
    listed = run_cli("doctor", env={"MESADRILL_NOW": DAY1})  # the command's backup is done before it lists them
    assert "history-20260105T120000Z-daily.db" in listed.stdout, listed.output
    done = run_cli("doctor", "--restore", input="1\ny\n", env={"MESADRILL_NOW": "2030-02-03T10:00:00+00:00"})
    assert done.returncode == 0, done.output
    assert "history-20300203T100000Z-before-restore.db" in done.stdout
    backups = sorted(p.name for p in (isolated_home / "data" / "backups").glob("history-*"))
    assert backups == ["history-20260105T120000Z-daily.db", "history-20300203T100000Z-before-restore.db"]


def test_each_day_gets_one_backup_whichever_command_runs_first(tmp_path: Path, isolated_home: Path) -> None:
    deck = write_deck(tmp_path)
    # The first session starts on an empty history: nothing to back up yet.
    run_cli("review", str(deck), "--plain", input="\n5\n", env={"MESADRILL_NOW": DAY1})
    for now in (DAY1, DAY2):
        for command in (["cards", str(deck)], ["history", "export"], ["decks"]):
            assert run_cli(*command, env={"MESADRILL_NOW": now}).returncode == 0
    names = sorted(p.name for p in (isolated_home / "data" / "backups").glob("history-*"))
    assert names == ["history-20260105T120000Z-daily.db", "history-20260106T120000Z-daily.db"]
