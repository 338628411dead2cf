"""What to study today: the queue, per-deck counts and the forecast.

Read-only questions answered from the store and the decks; the session engine
drives the answers. Items whose card has left its deck are skipped here (the
history keeps them; ``mesadrill doctor`` reports them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, timedelta
from itertools import compress, filterfalse

from mesadrill.core.bulk import pick
from mesadrill.core.history import ReviewEvent
from mesadrill.core.model import Deck, ItemKind, ReviewItem
from mesadrill.core.records import record
from mesadrill.core.sm2 import needs_same_day_repeat
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.siblings import Taken, asked_cards, buried_places, card_of, first_of_each_card


@record(frozen=True, slots=True)
class Queue:
    """Today's items in the order they are asked."""

    due: tuple[ReviewItem, ...]
    new: tuple[ReviewItem, ...]
    repeats: tuple[ReviewItem, ...]  # graded below 4 earlier today, not yet passed
    cut_due: int = 0  # due items read, and left for another day by reviews_per_day
    held_new: int = 0  # new items left for another day by new_per_day_total
    # Due items past the daily limit that were not even read: a count query per
    # deck, made only when asked (a front end shows it after the first card).
    unread_due: Callable[[], int] = int

    @property
    def held_due(self) -> int:
        """Due items left for another day by reviews_per_day."""
        return self.cut_due + self.unread_due()

    @property
    def held_back(self) -> int:
        return self.held_due + self.held_new

    @property
    def items(self) -> list[ReviewItem]:
        return [*self.due, *self.new, *self.repeats]


@record(frozen=True, slots=True)
class DeckCounts:
    deck_id: str
    due: int
    new: int  # new items still allowed today
    total: int
    last_studied: datetime | None
    again: int = 0  # graded below 4 earlier today: still to come back today
    due_beyond: int = 0  # due, but past the daily review limit (counted only when deck_counts had a due_cap)


def pending_repeats(events: Sequence[ReviewEvent]) -> list[tuple[str, str]]:
    """Items whose latest grade of the day is below 4, in the order first graded."""
    last: dict[tuple[str, str], int] = {}
    for event in events:
        last[event.key] = event.quality
    return [key for key, quality in last.items() if needs_same_day_repeat(quality)]


def build_queue(
    store: HistoryStore,
    decks: Sequence[Deck],
    today: date,
    new_per_day: int,
    kinds: Collection[ItemKind] | None = None,
    *,
    reviews_per_day: int | None = None,
    new_per_day_total: int | None = None,
    bury_siblings: bool = True,
    gated: Collection[tuple[str, str]] = (),
) -> Queue:
    """Due items (most overdue first), then new ones within the daily limit, then repeats.

    With ``bury_siblings``, a card gives the day at most one of its items
    (see ``study.siblings``): not one whose card was asked earlier today,
    nor a second item of a card already in the queue.

    The work grows with the number of items due and new today, not with the
    size of the decks or of the history: the store hands over the due items
    a day at a time from an index, and new items are found by asking about
    a few at a time (see ``_new_places``). ``gated`` items are not
    introduced (a course's lessons after the current one).
    """
    by_id = {deck.id: deck for deck in decks}
    repeats: list[ReviewItem] = []
    today_events = store.events_on(today, list(by_id))
    taken: Taken | None = asked_cards(today_events) if bury_siblings else None
    pending = pending_repeats(today_events)
    held = store.held_keys(today) if pending else set()
    for deck_id, item_id in pending:
        if (deck_id, item_id) in held:  # suspended or buried since its failed grade
            continue
        deck = by_id.get(deck_id)
        item = deck.item(item_id) if deck is not None else None
        if item is not None and (kinds is None or item.kind in kinds):
            repeats.append(item)
    # Due items sort by day, then deck, then place in the deck. With a daily
    # limit, each deck is read only as far as the limit could reach.
    room = None if reviews_per_day is None else max(0, reviews_per_day - store.reviewed_total(today))
    due_by_day: dict[str, list[ReviewItem]] = {}
    due_cards: dict[str, Collection[int]] = {}
    unread: list[Callable[[], int]] = []
    for deck in decks:
        waiting = {item.item_id for item in repeats if item.deck_id == deck.id}
        deck_taken = taken.setdefault(deck.id, set()) if taken is not None else None
        run = _due_places(store, deck, today, room, deck_taken, waiting, kinds)
        unread.append(run.unread)
        if run.cards is not None:
            due_cards[deck.id] = run.cards
        items = deck.items_at(run.places)
        if len(decks) == 1:
            due_by_day = {"": items}  # by day, then place already
            break
        start = 0
        for due_text, end in run.days:
            if end > start:
                due_by_day.setdefault(due_text, []).extend(items[start:end])
            start = end
    due: list[ReviewItem] = due_by_day.popitem()[1] if len(due_by_day) == 1 else []
    for day in sorted(due_by_day):
        due += due_by_day[day]
    new: list[ReviewItem] = []
    for deck in decks:  # after the due items, so a due card keeps its day
        allowance = max(0, new_per_day - store.introduced_on(deck.id, today))
        if allowance:
            deck_taken = taken.setdefault(deck.id, set()) if taken is not None else None
            cards = due_cards.get(deck.id, ())
            new.extend(deck.items_at(_new_places(store, deck, allowance, kinds, deck_taken, today, gated, cards)))
    # The daily limits over all decks (the per-deck new cap applied above).
    cut_due, held_new = 0, 0
    if room is not None:
        cut_due, due = max(0, len(due) - room), due[:room]
    if new_per_day_total is not None:
        room = max(0, new_per_day_total - store.introduced_total(today))
        held_new, new = max(0, len(new) - room), new[:room]

    def unread_due() -> int:
        return sum(count() for count in unread)

    return Queue(tuple(due), tuple(new), tuple(repeats), cut_due, held_new, unread_due)


@record(frozen=True, slots=True)
class _DueRun:
    """A deck's due items for today: their places in the deck, in the order they are asked."""

    days: list[tuple[str, int]]  # each due day (YYYY-MM-DD), and where its items end in ``places``
    places: list[int]
    unread: Callable[[], int]  # counts the due items not read (past what a daily limit lets through)
    # With the sibling rule on a deck in memory, the numbers (``Deck.card_numbers``) of the cards of
    # these items that share their card: taken for the day, but not added to ``taken`` (tens of thousands).
    cards: Collection[int] | None = None


def _due_places(
    store: HistoryStore,
    deck: Deck,
    today: date,
    cap: int | None,
    taken: set[str] | None,
    waiting: Collection[str],
    kinds: Collection[ItemKind] | None = None,
) -> _DueRun:
    """The deck's due items by due day, as places in the deck, and how many due items were not read.

    Each day's items in deck order, less those no longer in the deck (their
    history stays), those ``waiting`` (repeats queued already), those not
    of ``kinds``, and with ``taken`` siblings of cards already given (the
    cards kept join it, or the run's ``cards`` for a deck in memory). With
    ``cap``, only the earliest days that give ``cap`` items are read (the
    rest is counted, not read), so a backlog costs what the daily limit
    lets through.

    A backlog may hold tens of thousands of items, so no step is a Python
    loop over them all: each day's ids are placed and sorted in C, and the
    sibling rule is set operations on the ids that look at only those with
    a ":" one by one (``study.siblings.buried_places``), or from
    ``NUMBERED_FROM`` items of a deck in memory one dict from card number to
    first index, built in C (``_one_per_card``).
    """
    at_least = cap if cap is not None and kinds is None else None
    while True:
        groups = store.due_by_day(deck.id, today, at_least)
        read = sum(len(ids) for _, ids in groups)
        # A deck in memory knows every place already; one built on the index is asked for these ids only.
        positions = deck.positions if deck.in_memory else deck.positions_of([i for _, ids in groups for i in ids])
        day_ids: list[Sequence[str]] = []
        day_places: list[list[int]] = []
        for _, read_ids in groups:
            ids = [i for i in read_ids if i not in waiting] if waiting else read_ids
            try:
                places = sorted(pick(positions, ids))
            except KeyError:  # some cards left the deck; their history stays
                ids = [i for i in ids if i in positions]
                places = sorted(pick(positions, ids))
            if kinds is not None:
                places = [
                    place for place, item in zip(places, deck.items_at(places), strict=True) if item.kind in kinds
                ]
                if len(places) != len(ids):
                    of_kind = set(places)
                    ids = [i for i in ids if positions[i] in of_kind]
            day_ids.append(ids)
            day_places.append(places)
        given = set(taken) if taken is not None else None
        cards: Collection[int] | None = None
        if given is not None and deck.in_memory and sum(map(len, day_places)) >= NUMBERED_FROM:
            flat, ends, cards = _one_per_card(deck, day_places, given)
        else:
            if given is not None:
                for day, drop in buried_places(day_ids, positions, given).items():
                    day_places[day] = [place for place in day_places[day] if place not in drop]
            flat, ends = [], []
            for places in day_places:
                flat += places
                ends.append(len(flat))
        if at_least is None or read < at_least or len(flat) >= at_least:
            break
        at_least *= 4  # siblings or removed cards thinned what was read: read further
    if taken is not None and given is not None:
        taken |= given
    days = [(due_text, end) for (due_text, _), end in zip(groups, ends, strict=True)]
    if not at_least or read < at_least:  # every due item was read
        return _DueRun(days, flat, int, cards)

    last_read = groups[-1][0]  # each day is read whole: the unread ones are due later

    def unread() -> int:
        return store.due_later_than(deck.id, today, last_read)

    return _DueRun(days, flat, unread, cards)


# From this many due items of a deck in memory, the sibling rule numbers the deck's cards
# (one pass over every item, once per deck) rather than look at ids one by one.
NUMBERED_FROM = 2_000


def _one_per_card(
    deck: Deck, day_places: list[list[int]], taken: set[str]
) -> tuple[list[int], list[int], dict[int, int]]:
    """``day_places`` (places in a deck in memory, by due day) less siblings: the rule of ``study.siblings``.

    Returns the places kept, in order; where each day's places end among
    them; and the numbers of the cards shared by several items
    (``Deck.card_numbers``) among those kept, each to its place. A card
    keeps its first item in the order asked, unless ``taken`` (card ids)
    has it. Only the items that share their card are looked at: one dict
    built in C from their card numbers (later keys overwrite earlier ones,
    and the pairs go in from the last, so each card maps to its first
    place); the places to drop are then filtered out of each day in C too.
    """
    flat: list[int] = []
    ends: list[int] = []
    for places in day_places:
        flat += places
        ends.append(len(flat))
    shared, numbers, first_item = deck.card_numbers
    cards = pick(shared, flat)
    sharing = list(compress(flat, cards))
    first = dict(zip(reversed(list(filter(None, cards))), reversed(sharing), strict=True))
    alone_taken: set[int] = set()  # the places of the items of cards alone on their card, and taken
    for number in [numbers[card_id] for card_id in taken if card_id in numbers]:
        if shared[first_item[number]]:
            first.pop(number, None)
        else:
            alone_taken.add(first_item[number])
    if len(first) == len(sharing) and (not alone_taken or alone_taken.isdisjoint(flat)):
        return flat, ends, first
    drop = set(sharing).difference(first.values())
    drop |= alone_taken
    flat, ends = [], []
    for places in day_places:
        flat += filterfalse(drop.__contains__, places)
        ends.append(len(flat))
    return flat, ends, first


_PROBE = 250  # items asked about at a time
_PROBE_LIMIT = 2_000  # past this many seen items in a row, read every seen id at once instead


def _new_places(
    store: HistoryStore,
    deck: Deck,
    allowance: int,
    kinds: Collection[ItemKind] | None,
    taken: set[str] | None = None,
    today: date | None = None,
    gated: Collection[tuple[str, str]] = (),
    due_cards: Collection[int] = (),
) -> list[int]:
    """Where in the deck the next ``allowance`` new items stand: never reviewed, in deck order from where the learner left off.

    New items are met in deck order, so the unseen ones usually start right
    after the newest item introduced. The search starts there, asking the
    deck and the store about a few items at a time, and wraps round to the
    top of the deck for any left behind (a card inserted higher up, or items
    a drill passed over). Should it meet a long run of seen items (a
    finished deck), it reads every seen id of the deck at once instead: one
    pass over the deck's history, and no more. With ``taken`` (the cards
    already given today, see ``study.siblings``), items of those cards are
    passed over and the card of each item found joins it. ``gated`` items
    (course gating) are passed over, and so are items of ``due_cards``
    (card numbers, see ``_DueRun``). Only the ids looked at are read from
    the deck, never every card.
    """
    if allowance <= 0 or deck.item_count == 0:
        return []
    latest = deck.last_position_of(store.latest_introduced(deck.id))
    start = latest + 1 if latest is not None else 0
    found: list[tuple[int, str]] = []
    seen: set[str] | None = None
    probed = 0
    cursor, wrapped = start, start == 0
    size = min(_PROBE, max(32, 2 * allowance))  # the first look: most days find their new items at once
    while len(found) < allowance:
        batch = deck.scan(cursor, kinds, size)
        size = _PROBE
        if wrapped:
            batch = [pair for pair in batch if pair[0] < start] if start else batch
        if not batch:
            if wrapped:
                break
            cursor, wrapped = 0, True
            continue
        cursor = batch[-1][0] + 1
        if seen is None and probed >= _PROBE_LIMIT:
            seen = store.seen_item_ids(deck.id, today)
        known = seen if seen is not None else store.seen_among(deck.id, [item_id for _, item_id in batch], today)
        probed += len(batch)
        fresh = [pair for pair in batch if pair[1] not in known and (not gated or (deck.id, pair[1]) not in gated)]
        if due_cards:
            of_item = deck.card_numbers.shared
            fresh = [pair for pair in fresh if of_item[pair[0]] not in due_cards]
        if taken is not None:
            fresh = list(map(fresh.__getitem__, first_of_each_card([item_id for _, item_id in fresh], taken)))
        found.extend(fresh)
    if taken is not None:
        for _, item_id in found[allowance:]:  # looked at but not chosen: their cards stay free
            taken.discard(card_of(item_id))
    return [index for index, _ in found[:allowance]]


def deck_counts(
    store: HistoryStore,
    deck: Deck,
    today: date,
    new_per_day: int,
    last_studied: datetime | None = None,
    *,
    bury_siblings: bool = True,
    gated: Collection[tuple[str, str]] = (),
    due_cap: int | None = None,
) -> DeckCounts:
    """What ``build_queue`` would give the deck today, counted; ``again`` is what waits to come back today.

    Asked the same way the queue is (the due ids a day at a time, new items
    a few at a time), so it costs what is due and new today, not the deck's
    size; with ``due_cap`` (the room the daily review limit leaves), at most
    that many due items are counted and the rest is ``due_beyond``.
    """
    today_events = store.events_on(today, [deck.id])
    pending = [item_id for _, item_id in pending_repeats(today_events)]
    again = len(deck.positions_of(pending))
    taken = asked_cards(today_events).get(deck.id, set()) if bury_siblings else None
    run = _due_places(store, deck, today, due_cap, taken, ())
    due, beyond = len(run.places), run.unread()
    if due_cap is not None and due > due_cap:
        due, beyond = due_cap, beyond + due - due_cap
    allowance = max(0, new_per_day - store.introduced_on(deck.id, today))
    new = len(_new_places(store, deck, allowance, None, taken, today, gated, run.cards or ()))
    return DeckCounts(deck.id, due, new, deck.item_count, last_studied, again, beyond)


def forecast(store: HistoryStore, today: date, days: int, deck_ids: Collection[str] | None = None) -> dict[date, int]:
    """Items falling due on each of the next ``days`` days (overdue ones count today)."""
    if days <= 0:
        return {}
    end = today + timedelta(days=days - 1)
    result = {today + timedelta(days=offset): 0 for offset in range(days)}
    result[today] = store.due_through(today, deck_ids)  # a backlog: one count, not a group per day
    for day, count in store.due_per_day(today + timedelta(days=1), end, deck_ids).items():
        result[day] += count
    return result
