"""A learner over six simulated weeks: `review --plain` from a pipe, random grades, skipped days.

However the grades fall, no two items of one card (a card and its reverse,
the deletions of one cloze) are ever asked on the same study day.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from support.cli import run_cli

START = date(2026, 1, 5)


def write_deck(folder: Path) -> Path:
    lines = ["deck: sib", "title: Siblings", "description: Cards with several items.", "cards:"]
    for n in range(8):
        lines.append(f"  - {{id: w{n}, type: basic, front: 'word {n}', back: 'meaning {n}', reverse: true}}")
    for n in range(4):
        lines.append(
            f"  - {{id: z{n}, type: cloze, text: '{{{{c1::one {n}}}}} {{{{c2::two {n}}}}} {{{{c3::three}}}}'}}"
        )
    lines.append("  - {id: solo, type: basic, front: 'alone', back: 'yes'}")
    path = folder / "sib.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def card_of(item_id: str) -> str:
    return item_id.split(":", maxsplit=1)[0]


def test_no_sibling_pair_is_asked_on_the_same_day(tmp_path: Path) -> None:
    deck = write_deck(tmp_path)
    chance = random.Random(15)
    studied = 0
    for offset in range(42):
        if chance.random() < 0.25:
            continue  # a day off
        now = f"{START + timedelta(days=offset)}T{chance.randint(8, 22):02d}:30:00+00:00"
        # Every item of these decks takes two lines: Enter shows the answer, then a grade.
        answers = "".join(f"\n{chance.choice('0123455')}\n" for _ in range(300))
        done = run_cli("review", str(deck), "--plain", input=answers, env={"MESADRILL_NOW": now})
        assert done.returncode == 0, done.output
        studied += 1
    exported = run_cli("history", "export")
    assert exported.returncode == 0, exported.output
    events = [json.loads(line) for line in exported.stdout.splitlines()[1:]]
    assert len({event["study_day"] for event in events}) == studied
    asked: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event in events:
        asked[(event["study_day"], card_of(event["item_id"]))].add(event["item_id"])
    together = {key: items for key, items in asked.items() if len(items) > 1}
    assert together == {}
    # Every item was met in the end: holding siblings back delays them, never loses them.
    assert {event["item_id"] for event in events} >= {"w0:reverse", "z0:c3", "solo"}
