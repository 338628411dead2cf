"""Numbers a learner reads: stats arithmetic, the study day's start, the journal and drill limits."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from mesadrill.render.stats_text import heat_level, heatmap_rows, month_axis
from mesadrill.study.stats import Report, Window
from support.cli import run_cli

BASIC = (
    "deck: t\ntitle: T\ndescription: d\ncards:\n"
    "  - {id: a1, type: basic, front: F1, back: B1}\n"
    "  - {id: a2, type: basic, front: F2, back: B2}\n"
    "  - {id: a3, type: basic, front: F3, back: B3}\n"
)
INTERVIEW = (
    "deck: iv\ntitle: I\ndescription: d\ncards:\n"
    "  - {id: one, type: interview, prompt: P1?, answer: A1, key_points: [alpha beta]}\n"
    "  - {id: two, type: interview, prompt: P2?, answer: A2, key_points: [gamma delta]}\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_retention_counts_schedule_moving_grades_and_reviews_count_repeats(tmp_path: Path) -> None:
    deck = write(tmp_path, "t.yaml", BASIC)
    day1 = "2026-01-05T12:00:00+00:00"
    # 5, a lapse (2) that comes back and is passed (4, a same-day repeat), then 4.
    run_cli("review", str(deck), "--plain", input="\n5\n\n2\n\n4\n\n4\n", env={"MESADRILL_NOW": day1})
    stats = run_cli("stats", "--plain", env={"MESADRILL_NOW": day1, "MESADRILL_DECKS": str(deck)})
    assert stats.returncode == 0, stats.output
    rows = {line.split()[1]: line.split()[2:] for line in stats.stdout.splitlines() if line.startswith("  last ")}
    # 4 grades were given; retention is 2 of the 3 that moved a schedule (the repeat does not count).
    assert rows["7d"] == ["4", "67%"]
    assert "streak: 1 day(s)" in stats.stdout
    # The next day, with nothing reviewed yet, the streak still counts yesterday; two days later it is broken.
    day2 = run_cli("stats", "--plain", env={"MESADRILL_NOW": "2026-01-06T12:00:00+00:00"})
    assert "streak: 1 day(s)" in day2.stdout
    day3 = run_cli("stats", "--plain", env={"MESADRILL_NOW": "2026-01-07T12:00:00+00:00"})
    assert "streak: 0 day(s)" in day3.stdout


def _report(per_day: dict[date, int], today: date) -> Report:
    return Report(today, per_day, (Window(7, 0, None),), {}, (), 0)


def test_heat_levels_split_the_busiest_day_in_four() -> None:
    assert [heat_level(count, 8) for count in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert heat_level(3, 0) == 0


def test_heatmap_puts_today_in_the_last_column_on_its_weekday() -> None:
    today = date(2026, 1, 7)  # a Wednesday
    rows = heatmap_rows(_report({today: 4, today - timedelta(days=7): 1}, today), weeks=3)
    assert [row[:3] for row in rows] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert rows[2] == "Wed  ░█"  # three weeks: empty, a week ago (low), today (busiest)
    assert rows[3] == "Thu"  # the days after today are blank


def test_month_axis_labels_the_week_a_month_starts_without_labels_touching() -> None:
    # Twelve weeks back from the week of 18 March 2026 start on Monday 29 December 2025:
    # Dec over week 0; January (week 1) would touch it and is left out; Feb over
    # week 5 (2 February), Mar over week 9 (2 March).
    assert month_axis(_report({}, date(2026, 3, 18)), weeks=12) == "    Dec  Feb Mar"


def test_the_study_day_start_moves_a_late_review_to_the_day_before(tmp_path: Path) -> None:
    deck = write(tmp_path, "t.yaml", BASIC)
    late = "2026-01-06T02:00:00+00:00"
    env = {"MESADRILL_NOW": late, "TZ": "UTC"}
    run_cli("review", str(deck), "--plain", "--new", "1", input="\n5\n", env=env)
    due = json.loads(run_cli("cards", str(deck), "--json", env=env).stdout)[0]["due"]
    assert due == "2026-01-06"  # 02:00 counts for 5 January: due one day later, on the 6th

    other = tmp_path / "other"
    other.mkdir()
    env_midnight = {
        **env,
        "MESADRILL_DAY_START": "0",
        "MESADRILL_DATA_DIR": str(other / "data"),
    }
    run_cli("review", str(deck), "--plain", "--new", "1", input="\n5\n", env=env_midnight)
    due = json.loads(run_cli("cards", str(deck), "--json", env=env_midnight).stdout)[0]["due"]
    assert due == "2026-01-07"  # the day starts at midnight: 02:00 is already the 6th


def test_drill_new_limits_new_prompts_and_answers_last_limits_the_columns(tmp_path: Path) -> None:
    deck = write(tmp_path, "iv.yaml", INTERVIEW)
    answers = "alpha beta\n\n\n\n" * 2
    first = run_cli(
        "drill", str(deck), "--plain", "--new", "1", input=answers, env={"MESADRILL_NOW": "2026-01-05T12:00:00+00:00"}
    )
    assert first.returncode == 0, first.output
    assert "iv:one" in first.stdout and "iv:two" not in first.stdout  # one new prompt on the first day
    # iv:one comes back after 1 day and then 6: drilled on the 5th, 6th and 12th.
    for day in (6, 12):
        env = {"MESADRILL_NOW": f"2026-01-{day:02d}T12:00:00+00:00"}
        assert run_cli("drill", str(deck), "--plain", "--new", "1", input=answers, env=env).returncode == 0
    env = {"MESADRILL_DECKS": str(deck)}
    every = run_cli("answers", "iv:one", env=env).stdout
    assert all(f"2026-01-{day:02d}" in every for day in (5, 6, 12))
    last_two = run_cli("answers", "iv:one", "--last", "2", env=env).stdout
    assert "2026-01-05" not in last_two and "2026-01-06" in last_two and "2026-01-12" in last_two
