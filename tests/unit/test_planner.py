"""Today's queue: which items, in which order, from a real store and real decks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mesadrill.core.model import Deck, ItemKind
from mesadrill.decks.load import load_deck
from mesadrill.store.history_store import HistoryStore
from mesadrill.study import planner
from mesadrill.study.planner import build_queue
from support.history import grade_event

DAY = date(2026, 1, 5)
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def write_deck(folder: Path, deck_id: str, card_ids: list[str], interview: set[str] = frozenset()) -> Deck:
    lines = [f"deck: {deck_id}", "title: T", "description: D", "cards:"]
    for card_id in card_ids:
        if card_id in interview:
            lines.append(f"  - {{id: {card_id}, type: interview, prompt: 'P {card_id}', answer: 'A', key_points: [k]}}")
        else:
            lines.append(f"  - {{id: {card_id}, type: basic, front: 'Q {card_id}', back: 'A {card_id}'}}")
    path = folder / f"{deck_id}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return load_deck(path)


def seen(store: HistoryStore, deck_id: str, item_ids: list[str], day: date, quality: int = 5) -> None:
    """Give each item one review on ``day``, as a real session would record it."""
    store.merge_events(
        grade_event(item_id, quality, day=day, seconds=n, deck_id=deck_id) for n, item_id in enumerate(item_ids)
    )


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    with HistoryStore.open(tmp_path / "history.db", today=DAY, now=NOW) as opened:
        yield opened


def ids(items: tuple) -> list[str]:
    return [item.item_id for item in items]


def test_new_items_continue_after_the_newest_one_introduced(tmp_path: Path, store: HistoryStore) -> None:
    deck = write_deck(tmp_path, "d", [f"c{n}" for n in range(10)])
    seen(store, "d", ["c0", "c1", "c2", "c3"], DAY - timedelta(days=3))
    queue = build_queue(store, [deck], DAY, new_per_day=3)
    assert ids(queue.new) == ["c4", "c5", "c6"]


@pytest.mark.parametrize("indexed", [False, True], ids=["in memory", "on the deck index"])
def test_a_card_inserted_above_the_frontier_is_met_after_the_rest(
    tmp_path: Path, store: HistoryStore, indexed: bool
) -> None:
    seen(store, "d", ["c0", "c1", "c2"], DAY - timedelta(days=2))
    # The author later inserts c1b between seen cards.
    deck = write_deck(tmp_path, "d", ["c0", "c1", "c1b", "c2", "c3", "c4"])
    if indexed:
        from mesadrill.decks import cache as deckcache

        deckcache.load(tmp_path / "d.yaml")  # indexes the file; the next load reads the index
        built = deckcache.load(tmp_path / "d.yaml").deck
        assert built is not None and not built.in_memory
        deck = built
    assert ids(build_queue(store, [deck], DAY, new_per_day=2).new) == ["c3", "c4"]
    assert ids(build_queue(store, [deck], DAY, new_per_day=5).new) == ["c3", "c4", "c1b"]


def test_no_new_items_when_every_one_was_seen(tmp_path: Path, store: HistoryStore) -> None:
    deck = write_deck(tmp_path, "d", ["a", "b", "c"])
    seen(store, "d", ["a", "b", "c"], DAY - timedelta(days=1))
    assert build_queue(store, [deck], DAY, new_per_day=20).new == ()


def test_a_finished_big_deck_still_finds_its_one_unseen_item(tmp_path: Path, store: HistoryStore) -> None:
    # More seen items than the planner asks about one batch at a time, so it
    # switches to reading every seen id; the one gap must still be found.
    count = planner._PROBE_LIMIT + 3 * planner._PROBE
    card_ids = [f"c{n:05d}" for n in range(count)]
    deck = write_deck(tmp_path, "d", card_ids)
    gap = card_ids[137]
    seen(store, "d", [c for c in card_ids if c != gap], DAY - timedelta(days=1))
    assert ids(build_queue(store, [deck], DAY, new_per_day=20).new) == [gap]


def test_new_items_of_the_wanted_kind_only(tmp_path: Path, store: HistoryStore) -> None:
    deck = write_deck(tmp_path, "d", ["b1", "i1", "b2", "i2", "i3"], interview={"i1", "i2", "i3"})
    seen(store, "d", ["b1", "b2"], DAY - timedelta(days=1))  # the frontier is b2, past i1
    queue = build_queue(store, [deck], DAY, new_per_day=5, kinds={ItemKind.INTERVIEW})
    assert ids(queue.new) == ["i2", "i3", "i1"]


def test_the_daily_limit_counts_items_introduced_earlier_today(tmp_path: Path, store: HistoryStore) -> None:
    deck = write_deck(tmp_path, "d", [f"c{n}" for n in range(10)])
    seen(store, "d", ["c0", "c1"], DAY, quality=5)
    assert ids(build_queue(store, [deck], DAY, new_per_day=3).new) == ["c2"]


def test_due_items_by_day_then_deck_then_place_in_the_deck(tmp_path: Path, store: HistoryStore) -> None:
    first = write_deck(tmp_path, "first", ["z", "a", "m"])
    second = write_deck(tmp_path, "second", ["y", "b"])
    # A first review gives a one-day interval: due the next day.
    seen(store, "first", ["a", "z"], DAY - timedelta(days=3))  # due DAY-2
    seen(store, "second", ["b", "y"], DAY - timedelta(days=3))  # due DAY-2
    seen(store, "first", ["m"], DAY - timedelta(days=4))  # due DAY-3: most overdue
    queue = build_queue(store, [first, second], DAY, new_per_day=0)
    assert [(item.deck_id, item.item_id) for item in queue.due] == [
        ("first", "m"),
        ("first", "z"),
        ("first", "a"),
        ("second", "y"),
        ("second", "b"),
    ]


def test_due_items_whose_card_left_the_deck_are_skipped(tmp_path: Path, store: HistoryStore) -> None:
    seen(store, "d", ["gone", "kept"], DAY - timedelta(days=2))
    deck = write_deck(tmp_path, "d", ["kept"])
    assert ids(build_queue(store, [deck], DAY, new_per_day=0).due) == ["kept"]


def test_a_stored_id_with_a_line_break_cannot_pose_as_deck_items(tmp_path: Path, store: HistoryStore) -> None:
    # Only an imported history could hold such an id; the due query joins ids
    # with line breaks, so this one must not split into 'a' and 'b'.
    deck = write_deck(tmp_path, "d", ["a", "b"])
    seen(store, "d", ["a\nb"], DAY - timedelta(days=2))
    queue = build_queue(store, [deck], DAY, new_per_day=5)
    assert queue.due == ()
    assert ids(queue.new) == ["a", "b"]


def test_items_graded_below_four_today_wait_as_repeats_not_as_due(tmp_path: Path, store: HistoryStore) -> None:
    deck = write_deck(tmp_path, "d", ["a", "b"])
    seen(store, "d", ["a", "b"], DAY - timedelta(days=2))
    seen(store, "d", ["a"], DAY, quality=2)
    queue = build_queue(store, [deck], DAY, new_per_day=0)
    assert ids(queue.due) == ["b"]
    assert ids(queue.repeats) == ["a"]


def test_a_backlog_is_read_only_as_far_as_the_daily_limit_reaches(tmp_path: Path, store: HistoryStore) -> None:
    cards = [f"c{n}" for n in range(300)]
    deck = write_deck(tmp_path, "d", cards)
    for n in range(30):  # ten cards reviewed on each of 30 days: all due today, the oldest most overdue
        seen(store, "d", cards[n * 10 : n * 10 + 10], DAY - timedelta(days=40 - n))
    whole = build_queue(store, [deck], DAY, new_per_day=0)
    limited = build_queue(store, [deck], DAY, new_per_day=0, reviews_per_day=25)
    assert len(whole.due) == 300 and whole.held_due == 0
    assert ids(limited.due) == ids(whole.due)[:25] == cards[:25]
    assert limited.held_due == 275
    counts = planner.deck_counts(store, deck, DAY, 0, due_cap=25)
    assert (counts.due, counts.due_beyond) == (25, 275)
    assert planner.deck_counts(store, deck, DAY, 0).due == 300


def test_the_held_back_count_is_the_same_when_asked_after_grades(tmp_path: Path, store: HistoryStore) -> None:
    # The count of what the limit left unread is made when a front end asks
    # (after the first card), by which time some queued items may be graded.
    cards = [f"c{n}" for n in range(300)]
    deck = write_deck(tmp_path, "d", cards)
    for n in range(30):
        seen(store, "d", cards[n * 10 : n * 10 + 10], DAY - timedelta(days=40 - n))
    limited = build_queue(store, [deck], DAY, new_per_day=0, reviews_per_day=25)
    seen(store, "d", ids(limited.due)[:5], DAY)  # five of the queue graded: due again in days
    assert limited.held_due == 275


def test_a_limited_queue_reads_further_when_siblings_thin_what_it_read(tmp_path: Path, store: HistoryStore) -> None:
    lines = ["deck: d", "title: T", "description: D", "cards:"]
    lines += [f"  - {{id: c{n}, type: basic, front: 'Q{n}', back: 'A{n}', reverse: true}}" for n in range(40)]
    (tmp_path / "d.yaml").write_text("\n".join(lines) + "\n")
    deck = load_deck(tmp_path / "d.yaml")
    for n in range(40):  # a card and its reverse, both due, each card on its own day
        seen(store, "d", [f"c{n}", f"c{n}:reverse"], DAY - timedelta(days=50 - n))
    limited = build_queue(store, [deck], DAY, new_per_day=0, reviews_per_day=10)
    assert ids(limited.due) == [f"c{n}" for n in range(10)]  # one item per card, ten cards
    assert ids(limited.due) == ids(build_queue(store, [deck], DAY, new_per_day=0).due)[:10]


def test_the_forecast_counts_a_backlog_today_and_each_later_day_on_its_own(tmp_path: Path, store: HistoryStore) -> None:
    deck = write_deck(tmp_path, "d", ["old", "older", "today", "tomorrow", "in3", "later"])
    # A first grade of 5 falls due the next day.
    for item_id, graded in [("old", -10), ("older", -30), ("today", -1), ("tomorrow", 0), ("in3", 2), ("later", 20)]:
        seen(store, "d", [item_id], DAY + timedelta(days=graded))
    seen(store, "other", ["x"], DAY - timedelta(days=3))  # another deck's: left out when asked for "d"
    week = planner.forecast(store, DAY, 7, [deck.id])
    assert week == {DAY + timedelta(days=n): count for n, count in enumerate([3, 1, 0, 1, 0, 0, 0])}
    assert planner.forecast(store, DAY, 7)[DAY] == 4
    assert planner.forecast(store, DAY, 7, [])[DAY] == 0
