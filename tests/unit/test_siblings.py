"""Siblings (a card's reverse, the deletions of one cloze) never share a study day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mesadrill.core.model import Deck
from mesadrill.decks.load import load_deck
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.planner import build_queue
from support.history import grade_event

DAY = date(2026, 1, 5)
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def sibling_deck(folder: Path) -> Deck:
    path = folder / "s.yaml"
    path.write_text(
        "deck: s\ntitle: S\ndescription: D\ncards:\n"
        "  - {id: word, type: basic, front: 'hola', back: 'hello', reverse: true}\n"
        "  - {id: gap, type: cloze, text: '{{c1::Paris}} is in {{c2::France}}'}\n"
        "  - {id: lone, type: basic, front: 'Q', back: 'A'}\n"
    )
    return load_deck(path)


def grade(store: HistoryStore, item_id: str, day: date, quality: int = 5) -> None:
    """One grade on ``day``, folded into the item's record as the live path does."""
    store.record_grade(grade_event(item_id, quality, day=day, deck_id="s"))


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.db", today=DAY, now=NOW) as opened:
        yield opened


def ids(items: object) -> list[str]:
    return [item.item_id for item in items]  # type: ignore[attr-defined]


def test_a_new_card_gives_one_item_a_day(tmp_path: Path, store: HistoryStore) -> None:
    deck = sibling_deck(tmp_path)
    assert ids(build_queue(store, [deck], DAY, 20).new) == ["word", "gap:c1", "lone"]
    assert ids(build_queue(store, [deck], DAY, 20, bury_siblings=False).new) == [
        "word",
        "word:reverse",
        "gap:c1",
        "gap:c2",
        "lone",
    ]


def test_a_card_asked_today_holds_its_siblings_back_until_tomorrow(tmp_path: Path, store: HistoryStore) -> None:
    deck = sibling_deck(tmp_path)
    grade(store, "word", DAY)
    grade(store, "gap:c1", DAY)
    assert ids(build_queue(store, [deck], DAY, 20).new) == ["lone"]
    tomorrow = build_queue(store, [deck], DAY + timedelta(days=1), 20)
    assert ids(tomorrow.due) == ["word", "gap:c1"]  # due after one day: interval 1
    assert ids(tomorrow.new) == ["lone"]  # the reverse waits again: its card is taken by the due item
    grade(store, "word", DAY + timedelta(days=1))
    grade(store, "gap:c1", DAY + timedelta(days=1))  # next due in six days
    day_after = build_queue(store, [deck], DAY + timedelta(days=2), 20)
    assert "word:reverse" in ids(day_after.new) and "gap:c2" in ids(day_after.new)


def test_siblings_due_together_are_asked_on_successive_days_without_a_schedule_change(
    tmp_path: Path, store: HistoryStore
) -> None:
    deck = sibling_deck(tmp_path)
    grade(store, "word", DAY - timedelta(days=3))
    grade(store, "word:reverse", DAY - timedelta(days=3))  # both due DAY - 2
    before = store.record("s", "word:reverse")
    assert ids(build_queue(store, [deck], DAY, 0).due) == ["word"]
    assert store.record("s", "word:reverse") == before  # waiting does not touch the schedule
    grade(store, "word", DAY)
    assert ids(build_queue(store, [deck], DAY, 0).due) == []
    assert ids(build_queue(store, [deck], DAY + timedelta(days=1), 0).due) == ["word:reverse"]


def test_a_failed_item_still_comes_back_today_but_its_sibling_does_not(tmp_path: Path, store: HistoryStore) -> None:
    deck = sibling_deck(tmp_path)
    grade(store, "gap:c1", DAY, quality=2)
    queue = build_queue(store, [deck], DAY, 20)
    assert ids(queue.repeats) == ["gap:c1"]
    assert "gap:c2" not in ids(queue.items)
