"""Custom study: choosing items outside today's plan.

A custom session is practice: a grade on an item that is due counts as a
normal review, any other grade is recorded as practice and leaves the
schedule alone (see ``ReviewSession(practice=True)``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from mesadrill.core import sm2
from mesadrill.core.model import Deck, ItemKind, ReviewItem
from mesadrill.core.records import record
from mesadrill.decks.catalog import Catalog
from mesadrill.env.clock import Clock
from mesadrill.env.settings import Settings
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.review import ReviewSession
from mesadrill.study.tags import has_tag


@record(frozen=True, slots=True)
class Custom:
    ahead: int | None = None  # items due within this many days from today
    failed_today: bool = False  # items graded below 3 today
    cram: bool = False  # every item of the selection

    @property
    def active(self) -> bool:
        return self.ahead is not None or self.failed_today or self.cram


def custom_items(
    store: HistoryStore,
    decks: Sequence[Deck],
    today: date,
    custom: Custom,
    tags: Collection[str] = (),
    kinds: Collection[ItemKind] | None = None,
) -> list[ReviewItem]:
    """The items of a custom session, soonest due first (new ones last, in deck order).

    Suspended items and items buried today are left out, as from every queue.
    """
    records = store.all_records()
    failed = set(store.failed_on(today)) if custom.failed_today else None
    horizon = today + timedelta(days=custom.ahead) if custom.ahead is not None else None
    chosen: list[tuple[date, int, ReviewItem]] = []
    order = 0
    for deck in decks:
        for item in deck.items:
            order += 1
            if kinds is not None and item.kind not in kinds:
                continue
            if tags and not any(has_tag(item, deck.tags, tag) for tag in tags):
                continue
            record = records.get(item.key)
            if record is not None and (record.suspended or record.buried_on(today)):
                continue
            due = record.state.due if record is not None else None
            if failed is not None and item.key not in failed:
                continue
            if horizon is not None and (due is None or due > horizon):
                continue
            chosen.append((due or date.max, order, item))
    chosen.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _, _, item in chosen]


def open_review(
    store: HistoryStore,
    decks: Sequence[Deck],
    clock: Clock,
    settings: Settings,
    *,
    new_per_day: int | None = None,
    custom: Custom | None = None,
    tags: Collection[str] = (),
    kinds: Collection[ItemKind] | None = None,
    catalog: Catalog | None = None,
) -> ReviewSession:
    """Today's review of ``decks`` (only ``tags``, when given), or a custom session.

    ``catalog``: its courses hold back new items of lessons not reached yet,
    when the ``course_gating`` setting is on (``study.course.gating_for``); a
    custom session ignores gating.
    """
    today = sm2.study_day(clock(), settings.day_start_hour)
    if custom is not None and custom.active:
        items = custom_items(store, decks, today, custom, tags, kinds)
        return ReviewSession(store, decks, clock, settings, items=items, practice=True)
    gated: Collection[tuple[str, str]] = ()
    if catalog is not None:
        from mesadrill.study.course import gating_for

        reviewing = [deck.id for deck in decks]
        gated = gating_for(store, catalog.courses(), catalog.decks(), today, settings.course_gating, reviewing)
    return ReviewSession(store, decks, clock, settings, new_per_day=new_per_day, kinds=kinds, tags=tags, gated=gated)
