"""Today's queue against a plain reference: random decks, histories, limits and sibling layouts.

``build_queue`` avoids Python loops over the due items (a backlog may hold
tens of thousands), which makes it easy to get subtly wrong. The reference
below does the same job the obvious way, item by item, from the item records
and the decks' item lists; the two must agree on every field of the queue,
for decks in memory and decks read from the deck index alike.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesadrill.core.history import EventKind, ItemRecord
from mesadrill.core.model import Deck, ItemKind
from mesadrill.decks import cache as deckcache
from mesadrill.decks.load import load_deck
from mesadrill.store.history_store import HistoryStore
from mesadrill.study import planner
from mesadrill.study.planner import build_queue, pending_repeats
from mesadrill.study.siblings import buried_places, card_of, first_of_each_card
from support.history import grade_event

DAY = date(2026, 1, 5)
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

# ---- random decks and histories


@st.composite
def card_lines(draw: st.DrawFn, card_id: str) -> str:
    shape = draw(st.sampled_from(["basic", "reverse", "cloze", "interview"]))
    if shape == "basic":
        return f"  - {{id: {card_id}, type: basic, front: 'Q {card_id}', back: 'A'}}"
    if shape == "reverse":
        return f"  - {{id: {card_id}, type: basic, front: 'Q {card_id}', back: 'A', reverse: true}}"
    if shape == "interview":
        return f"  - {{id: {card_id}, type: interview, prompt: 'P {card_id}', answer: 'A', key_points: [k]}}"
    gaps = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True))
    text = " and ".join(f"{{{{c{n}::w{n}}}}}" for n in sorted(gaps))
    return f"  - {{id: {card_id}, type: cloze, text: '{card_id} {text}'}}"


@st.composite
def deck_texts(draw: st.DrawFn, deck_id: str) -> str:
    count = draw(st.integers(1, 14))
    lines = [f"deck: {deck_id}", "title: T", "description: D", "cards:"]
    lines += [draw(card_lines(f"k{n}")) for n in range(count)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Step:
    deck: int
    item: int  # an index into the deck's items, or past them: an item no longer in the deck
    days_ago: int
    quality: int
    kind: EventKind


steps = st.builds(
    Step,
    deck=st.integers(0, 1),
    item=st.integers(0, 40),
    days_ago=st.just(0) | st.integers(1, 6) | st.integers(1, 12),  # today often: repeats, and cards asked today
    quality=st.integers(0, 5),
    kind=st.sampled_from([EventKind.REVIEW] * 6 + [EventKind.SUSPEND, EventKind.BURY, EventKind.RESET]),
)

GONE = ["gone", "k0:c9", "k1:reverse", "k2"]  # ids the deck may not hold (k0's card may still be there)


@dataclass(frozen=True)
class Limits:
    new_per_day: int
    reviews_per_day: int | None
    new_per_day_total: int | None
    bury_siblings: bool
    kinds: frozenset[ItemKind] | None
    gated: int  # every gated-th item of each deck is gated (0: none)


limits = st.builds(
    Limits,
    new_per_day=st.integers(0, 6),
    reviews_per_day=st.none() | st.integers(0, 12),
    new_per_day_total=st.none() | st.integers(0, 8),
    bury_siblings=st.booleans(),
    kinds=st.none() | st.frozensets(st.sampled_from(list(ItemKind)), min_size=1),
    gated=st.integers(0, 4),
)


# ---- the reference: every step an obvious loop


def is_due(record: ItemRecord, today: date) -> bool:
    due = record.state.due
    return (
        due is not None
        and due <= today
        and "\n" not in record.item_id
        and not record.suspended
        and not record.buried_on(today)
    )


def is_new(record: ItemRecord | None, today: date) -> bool:
    return record is None or (record.state.due is None and not record.suspended and not record.buried_on(today))


def reference(
    store: HistoryStore, decks: Sequence[Deck], today: date, limit: Limits, gated: Collection[tuple[str, str]]
) -> tuple[list[str], list[str], list[str], int, int]:
    kinds = limit.kinds
    events = store.events_on(today, [deck.id for deck in decks])
    taken: dict[str, set[str]] = {deck.id: set() for deck in decks}
    for event in events:
        taken.setdefault(event.deck_id, set()).add(card_of(event.item_id))
    held = store.held_keys(today)
    repeats = []
    for deck_id, item_id in pending_repeats(events):
        deck = next((deck for deck in decks if deck.id == deck_id), None)
        item = deck.item(item_id) if deck is not None else None
        if (deck_id, item_id) not in held and item is not None and (kinds is None or item.kind in kinds):
            repeats.append(item)
    room = None if limit.reviews_per_day is None else max(0, limit.reviews_per_day - store.reviewed_total(today))
    due: list[tuple[date, int, int, str, str]] = []
    unread_total = 0
    for deck_number, deck in enumerate(decks):
        items = list(deck.items)
        place = {item.item_id: index for index, item in enumerate(items)}
        waiting = {item.item_id for item in repeats if item.deck_id == deck.id}
        rows = sorted(
            (record.state.due, record.item_id)
            for record in store.records(deck.id).values()
            if is_due(record, today) and record.state.due is not None
        )
        at_least = room if room is not None and kinds is None else None
        while True:
            # The store reads the earliest days that hold ``at_least`` items (all of the last such day).
            last = rows[at_least - 1][0] if at_least and len(rows) >= at_least else today
            read = [(day, item_id) for day, item_id in rows if day <= last]
            given = set(taken[deck.id])
            kept = []
            candidates = [
                (day, place[item_id], item_id)
                for day, item_id in read
                if item_id in place
                and item_id not in waiting
                and (kinds is None or items[place[item_id]].kind in kinds)
            ]
            for day, index, item_id in sorted(candidates):
                if limit.bury_siblings:
                    if card_of(item_id) in given:
                        continue
                    given.add(card_of(item_id))
                kept.append((day, deck_number, index, deck.id, item_id))
            if at_least is None or len(read) < at_least or len(kept) >= at_least:
                break
            at_least *= 4
        taken[deck.id] = given
        due += kept
        if at_least is not None and len(read) >= at_least:
            unread_total += len(rows) - len(read)
    due_ids = [item_id for *_, item_id in sorted(due)]
    held_due = unread_total
    if room is not None:
        held_due += max(0, len(due_ids) - room)
        due_ids = due_ids[:room]
    new_ids: list[str] = []
    for deck in decks:
        allowance = max(0, limit.new_per_day - store.introduced_on(deck.id, today))
        items = list(deck.items)
        records = store.records(deck.id)
        latest = [index for index, item in enumerate(items) if item.item_id in store.latest_introduced(deck.id)]
        start = max(latest) + 1 if latest else 0
        chosen = 0
        for index in [*range(start, len(items)), *range(start)]:
            item = items[index]
            if chosen >= allowance:
                break
            if not is_new(records.get(item.item_id), today) or (deck.id, item.item_id) in gated:
                continue
            if kinds is not None and item.kind not in kinds:
                continue
            if limit.bury_siblings:
                if card_of(item.item_id) in taken[deck.id]:
                    continue
                taken[deck.id].add(card_of(item.item_id))
            new_ids.append(item.item_id)
            chosen += 1
    held_new = 0
    if limit.new_per_day_total is not None:
        left = max(0, limit.new_per_day_total - store.introduced_total(today))
        held_new, new_ids = max(0, len(new_ids) - left), new_ids[:left]
    return due_ids, new_ids, [item.item_id for item in repeats], held_due, held_new


# ---- the property


def history(decks: Sequence[Deck], chosen: list[Step], today: date) -> list[object]:
    events = []
    for n, step in enumerate(chosen):
        deck = decks[step.deck % len(decks)]
        ids = [item.item_id for item in deck.items] + GONE
        item_id = ids[step.item % len(ids)]
        quality = step.quality if step.kind == EventKind.REVIEW else 0
        day = today - timedelta(days=step.days_ago)
        events.append(grade_event(item_id, quality, day=day, seconds=n, deck_id=deck.id, kind=step.kind))
    return events


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(st.sampled_from(["a", "b"]), min_size=1, max_size=2, unique=True).flatmap(
        lambda names: st.tuples(*(deck_texts(name) for name in names))
    ),
    chosen=st.lists(steps, min_size=10, max_size=80),
    limit=limits,
    way=st.sampled_from(["numbered", "by id", "indexed"]),
)
def test_the_queue_is_the_reference_queue(texts: tuple[str, ...], chosen: list[Step], limit: Limits, way: str) -> None:
    # Decks in memory bury siblings by card number (a big backlog) or by id; decks on the index by id.
    planner.NUMBERED_FROM, numbered_from = (0 if way == "numbered" else 10**9), planner.NUMBERED_FROM
    try:
        check_queue(texts, chosen, limit, indexed=way == "indexed")
    finally:
        planner.NUMBERED_FROM = numbered_from


def check_queue(texts: tuple[str, ...], chosen: list[Step], limit: Limits, *, indexed: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        decks = []
        for text in texts:
            path = Path(folder) / f"{text.split(chr(10))[0].split()[1]}.yaml"
            path.write_text(text)
            if indexed:
                deckcache.load(path)  # the first load indexes the file; the next one reads the index
                deck = deckcache.load(path).deck
            else:
                deck = load_deck(path)
            assert deck is not None and deck.in_memory is not indexed
            decks.append(deck)
        with HistoryStore.open(Path(folder) / "history.db", today=DAY, now=NOW) as store:
            store.merge_events(history(decks, chosen, DAY))  # type: ignore[arg-type]
            gated = {
                (deck.id, item.item_id)
                for deck in decks
                for index, item in enumerate(load_deck(deck.path).items)  # type: ignore[arg-type]
                if limit.gated and index % limit.gated == limit.gated - 1
            }
            queue = build_queue(
                store,
                decks,
                DAY,
                limit.new_per_day,
                limit.kinds,
                reviews_per_day=limit.reviews_per_day,
                new_per_day_total=limit.new_per_day_total,
                bury_siblings=limit.bury_siblings,
                gated=gated,
            )
            got = (
                [item.item_id for item in queue.due],
                [item.item_id for item in queue.new],
                [item.item_id for item in queue.repeats],
                queue.held_due,
                queue.held_new,
            )
            assert got == reference(store, decks, DAY, limit, gated)
            assert all(item.deck_id in {deck.id for deck in decks} for item in queue.items)


# ---- the sibling pass on ids (decks on the index) against the one-by-one rule


@settings(max_examples=300, deadline=None)
@given(
    days=st.lists(
        st.lists(st.sampled_from(["a", "a:reverse", "b", "b:c1", "b:c2", "c:c1", "c:c3", "d", "e:c1"]), unique=True),
        max_size=4,
    ),
    taken=st.sets(st.sampled_from(["a", "b", "c", "d", "e", "f"])),
    seed=st.randoms(use_true_random=False),
)
def test_buried_places_is_the_one_by_one_rule(days: list[list[str]], taken: set[str], seed: object) -> None:
    unique_days: list[list[str]] = []
    seen: set[str] = set()
    for ids in days:  # an item is due on one day only
        unique_days.append([item_id for item_id in ids if item_id not in seen])
        seen.update(ids)
    order = sorted(seen)
    seed.shuffle(order)  # type: ignore[attr-defined]
    positions = {item_id: index for index, item_id in enumerate(order)}
    expected_taken = set(taken)
    expected: dict[int, set[int]] = {}
    for day, ids in enumerate(unique_days):
        asked = sorted(ids, key=positions.__getitem__)
        kept = set(first_of_each_card(asked, expected_taken))
        dropped = {positions[item_id] for index, item_id in enumerate(asked) if index not in kept}
        if dropped:
            expected[day] = dropped
    got_taken = set(taken)
    assert buried_places(unique_days, positions, got_taken) == expected
    assert got_taken == expected_taken
