"""A review session, independent of any front end.

The plain mode and the Textual app both drive this: ``current`` is the item
to ask, ``grade`` commits a grade to the store *before* the next item is
chosen, ``undo`` takes the last grade back with an undo event (the item is
refolded from its log, so a grade given elsewhere meanwhile still counts). Items graded below 4 come
back later in the session until they are graded 4 or 5 (SM-2 step 7); those
repeats are recorded but do not move the schedule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import UTC, date
from functools import cached_property
from typing import TYPE_CHECKING

from mesadrill.core import sm2
from mesadrill.core.errors import StoreBusy
from mesadrill.core.history import DrillDetails, EventKind, ItemRecord, ReviewEvent
from mesadrill.core.model import Deck, ItemKind, ReviewItem
from mesadrill.core.scheduling import Scheduling
from mesadrill.env.clock import Clock
from mesadrill.env.settings import Settings
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.planner import Queue, build_queue, forecast, pending_repeats
from mesadrill.study.scheduler_view import fsrs_preview
from mesadrill.study.tags import has_tag, is_leech_lapse

if TYPE_CHECKING:
    from mesadrill.study.actions import Done
    from mesadrill.study.session_records import Acted, Graded, Summary

# The records of grades and card actions (study.session_records, study.actions) are imported
# when first needed, not before the first card: an app start pays for every dataclass it creates.


class ReviewSession:
    def __init__(
        self,
        store: HistoryStore,
        decks: Sequence[Deck],
        clock: Clock,
        settings: Settings,
        *,
        new_per_day: int | None = None,
        kinds: Collection[ItemKind] | None = None,
        items: Sequence[ReviewItem] | None = None,
        practice: bool = False,
        tags: Collection[str] = (),
        gated: Collection[tuple[str, str]] = (),
    ) -> None:
        """``items``, when given, is the queue to ask instead of today's plan.

        With ``practice`` (custom study), a grade on an item that is not due is
        recorded as practice and leaves its schedule alone; a due item's grade
        is a normal review. ``tags`` keeps only items with one of those tags.
        ``gated``: items not to introduce today (course gating, ``study.course.gated``).
        """
        self.store = store
        self.decks = list(decks)
        self.clock = clock
        self.settings = settings
        self.started = clock()
        self.today = sm2.study_day(self.started, settings.day_start_hour)
        limit = settings.new_per_day if new_per_day is None else new_per_day
        self.practice = practice
        self._plan: Queue | None = None  # today's plan, when the session asks it (see held_back)
        if items is None:
            plan: Queue = build_queue(
                store,
                self.decks,
                self.today,
                limit,
                kinds,
                reviews_per_day=settings.reviews_per_day,
                new_per_day_total=settings.new_per_day_total if new_per_day is None else None,
                bury_siblings=settings.bury_siblings,
                gated=gated,
            )
            self.queue: list[ReviewItem] = plan.items
            self._plan = plan
        else:
            self.queue = list(items)
        if tags:
            deck_tags = {deck.id: deck.tags for deck in self.decks}
            self.queue = [i for i in self.queue if any(has_tag(i, deck_tags.get(i.deck_id, ()), t) for t in tags)]
        self.position = 0
        self._graded: list[Graded] = []
        self._undoable: list[Graded | Acted] = []  # grades and card actions, for undo
        self.undone: Graded | Acted | None = None  # what the latest undo took back
        # Kept as the session goes, so a grade costs the same at the
        # 20,000th as at the first: how often each item was graded in this
        # session, and how often it stands in the queue from here on.
        self._graded_keys: Counter[tuple[str, str]] = Counter()
        self._waiting: Counter[tuple[str, str]] = Counter(item.key for item in self.queue)
        # Items graded earlier today, in other sessions: a further grade is a same-day repeat.
        earlier = store.events_on(self.today, [d.id for d in self.decks])
        self._earlier_today = {e.key for e in earlier}
        # Two terminals may study the same decks at once. Grades this session
        # has not seen (neither known at its start nor its own) are another
        # terminal's: such an item is not asked again (see _skip_graded_elsewhere).
        self._known_ids = {e.event_id for e in earlier}
        self._own_ids: set[str] = set()
        self.on_wait: Callable[[str], None] | None = None  # told while a grade waits for the lock
        self.graded_elsewhere = 0  # items dropped from the queue because another terminal graded them
        self._shown_at = clock()

    def asking(self, items: Sequence[ReviewItem]) -> ReviewSession:
        """A fresh session over the same decks that asks ``items`` instead of today's plan."""
        return ReviewSession(self.store, self.decks, self.clock, self.settings, items=items)

    # ---- what to show

    @cached_property
    def held_back(self) -> int:
        """What the daily limits left for another day: counted when first asked (a query a deck)."""
        return self._plan.held_back if self._plan is not None else 0

    @property
    def current(self) -> ReviewItem | None:
        return self.queue[self.position] if self.position < len(self.queue) else None

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def total(self) -> int:
        """Items asked in all, repeats included: the "40" of "12 / 40"."""
        return len(self.queue)

    @property
    def answered(self) -> int:
        """Items already graded in this session: the "12" of "12 / 40"."""
        return self.position

    @property
    def can_undo(self) -> bool:
        return bool(self._undoable)

    def will_count_as_repeat(self, item: ReviewItem | None = None) -> bool:
        """True when a grade now would be a same-day repeat, not a review."""
        item = item or self.current
        if item is None:
            return False
        return item.key in self._earlier_today or self._graded_keys[item.key] > 0

    def preview(self, item: ReviewItem | None = None) -> dict[int, int] | None:
        """The interval in days each grade would give ``item`` (the current one); nothing is written.

        None when a grade now is a same-day repeat, which leaves the schedule as it is.
        """
        item = item or self.current
        if item is None:
            return None
        scheduling = self.scheduling_for(item.deck_id)
        if scheduling.is_fsrs:  # every grade moves an FSRS schedule, a same-day one too
            return fsrs_preview(self.store, item, scheduling, self.clock(), self.today)
        if self.will_count_as_repeat(item):
            return None
        record = self.record_for(item)
        return sm2.preview(record.state if record is not None else sm2.NEW, self.today)

    def record_for(self, item: ReviewItem) -> ItemRecord | None:
        return self.store.record(item.deck_id, item.item_id)

    def status(self, item: ReviewItem) -> str:
        """How the item stands: new, review, again today, practice (custom study, not due);
        and whether its text changed since."""
        record = self.record_for(item)
        if self.will_count_as_repeat(item):
            status = "again today"
        elif self.practice and not _is_due(record, self.today):
            status = "practice"
        elif record is None or record.state.is_new:
            return "new"
        else:
            status = "review"
        last = self.store.last_item_hash(item.deck_id, item.item_id)
        if last is not None and last != item.text_hash:
            status += " · edited since last seen"
        return status

    def reload_deck(self, deck: Deck) -> None:
        """Use an edited deck from here on: queued items show their new text, schedules stay.

        Items whose card left the deck stay in the queue as they were (the
        history keeps them); new cards wait for the next session.
        """
        self.decks = [deck if known.id == deck.id else known for known in self.decks]
        mine = [queued.item_id for queued in self.queue if queued.deck_id == deck.id]
        positions = deck.positions_of(mine)  # only the queued items are read, not the whole deck
        ids = list(positions)
        fresh = {item.key: item for item in deck.items_at([positions[item_id] for item_id in ids])}
        self.queue = [fresh.get(queued.key, queued) for queued in self.queue]

    def scheduling_for(self, deck_id: str) -> Scheduling:
        """The scheduler of a deck: its file's ``scheduler:``, else the settings' one."""
        named = next((deck.scheduler for deck in self.decks if deck.id == deck_id), None)
        return self.settings.scheduling.for_deck(named)

    @property
    def uses_fsrs(self) -> bool:
        """Whether the item on show (else the first deck) is scheduled by FSRS: the grade keys say so."""
        deck_id = self.current.deck_id if self.current is not None else (self.decks[0].id if self.decks else "")
        return self.scheduling_for(deck_id).is_fsrs

    def restart_timer(self) -> None:
        self._shown_at = self.clock()

    # ---- grading

    def grade(self, quality: int, *, duration_ms: int | None = None, drill: DrillDetails | None = None) -> Graded:
        """Commit a grade for the current item, then move on. Raises StoreError if it could not be saved."""
        from mesadrill.study import actions
        from mesadrill.study.session_records import WAITING_MESSAGE, Graded, new_event_id

        item = self.current
        if item is None:
            raise RuntimeError("no item to grade: the session is over")
        if not 0 <= quality <= 5:
            raise ValueError(f"quality must be 0-5, got {quality}")
        now = self.clock()
        if duration_ms is None:
            duration_ms = max(0, int((now - self._shown_at).total_seconds() * 1000))
        draft = ReviewEvent(
            event_id=new_event_id(now),
            deck_id=item.deck_id,
            item_id=item.item_id,
            reviewed_at=now.astimezone(UTC),
            study_day=self.today,
            quality=quality,
            kind=EventKind.DRILL if drill is not None else EventKind.REVIEW,
            state_after=sm2.NEW,  # the fold works out the state, and whether this is a same-day repeat
            duration_ms=duration_ms,
            item_hash=item.text_hash,
            drill=drill,
        )
        # The record as it stood, for the leech check; the fold decides the rest inside the write.
        before = self.store.record(item.deck_id, item.item_id)
        if self.practice and not _is_due(before, self.today) and not self.will_count_as_repeat(item):
            draft = replace(draft, kind=EventKind.PRACTICE)  # custom study on an item not due: moves nothing
        while True:
            try:
                event = self.store.record_grade(draft)
                break
            except StoreBusy:
                # Another mesadrill (a long import?) holds the write lock: the
                # grade is not dropped, the learner is told, and it is tried again.
                if self.on_wait is not None:
                    self.on_wait(WAITING_MESSAGE)
        self._own_ids.add(event.event_id)
        # Only now, with the grade on disk, does the session move on.
        leech = event.kind.moves_schedule and is_leech_lapse(
            before.lapses if before else 0, quality, self.settings.leech_threshold
        )
        suspension = None
        if leech and self.settings.leech_action == "suspend":
            suspension = actions.perform(self.store, [item], EventKind.SUSPEND, self.clock(), self.today)[0]
        again = sm2.needs_same_day_repeat(quality) and suspension is None
        appended_at = None
        if again and self._waiting[item.key] <= 1:  # not already queued again later
            appended_at = len(self.queue)
            self.queue.append(item)
            self._waiting[item.key] += 1
        graded = Graded(item, event, before, again, self.position, appended_at, leech, suspension)
        self._graded.append(graded)
        self._undoable.append(graded)
        self._graded_keys[item.key] += 1
        self._waiting[item.key] -= 1
        self.position += 1
        self._skip_graded_elsewhere()
        self._shown_at = self.clock()
        return graded

    def _skip_graded_elsewhere(self) -> None:
        """Before an item is shown: drop it if another terminal graded it since this session began."""
        while (item := self.current) is not None:
            today = self.store.grades_on(item.deck_id, item.item_id, self.today)
            if all(event_id in self._known_ids or event_id in self._own_ids for event_id, _, _ in today):
                return
            del self.queue[self.position]
            self._waiting[item.key] -= 1
            self._earlier_today.add(item.key)
            self.graded_elsewhere += 1

    def act(self, kind: EventKind) -> Done:
        """Suspend or bury the current item: saved at once, and it leaves this session's queue."""
        from mesadrill.study import actions
        from mesadrill.study.session_records import Acted

        item = self.current
        if item is None:
            raise RuntimeError("no item to act on: the session is over")
        done = actions.perform(self.store, [item], kind, self.clock(), self.today)[0]
        removed = tuple((n, q) for n, q in enumerate(self.queue) if n >= self.position and q.key == item.key)
        for index, _ in reversed(removed):
            del self.queue[index]
        self._waiting[item.key] -= len(removed)
        self._undoable.append(Acted(done, removed))
        self._shown_at = self.clock()
        return done

    def drop_held(self) -> int:
        """Leave out queued items suspended or buried elsewhere (the browser, another terminal)."""
        held = self.store.held_keys(self.today)
        ahead = self.queue[self.position :]
        kept = [item for item in ahead if item.key not in held]
        for item in ahead:
            if item.key in held:
                self._waiting[item.key] -= 1
        self.queue[self.position :] = kept
        return len(ahead) - len(kept)

    def undone_what(self) -> str:
        """What the latest undo took back: "grade", "suspension" or "burial"."""
        from mesadrill.study.session_records import Acted

        last = self.undone
        if isinstance(last, Acted):
            return "suspension" if last.done.event.kind is EventKind.SUSPEND else "burial"
        return "grade"

    def undo(self) -> ReviewItem | None:
        """Take back the last grade or card action of this session; its item becomes current again."""
        from mesadrill.study import actions
        from mesadrill.study.session_records import Acted, new_event_id

        if not self._undoable:
            return None
        entry = self._undoable.pop()
        self.undone = entry
        if isinstance(entry, Acted):
            actions.undo(self.store, entry.done, self.clock())
            for index, item in entry.removed:
                self.queue.insert(index, item)
            self._waiting[entry.done.item.key] += len(entry.removed)
            self._shown_at = self.clock()
            return self.queue[self.position]
        last = self._graded.pop()
        now = self.clock()
        if last.leech_action is not None:
            actions.undo(self.store, last.leech_action, now)
        self.store.undo(
            last.event.event_id,
            undo_id=new_event_id(now),
            at=now,
            study_day=sm2.study_day(now, self.settings.day_start_hour),
        )
        # Undo is last in, first out, so the repeat this grade queued is the
        # queue's last item, unless the session was cut short since.
        if last.appended_at is not None:
            at = last.appended_at
            if at >= len(self.queue) or self.queue[at].key != last.item.key:
                # Items suspended or buried elsewhere left the queue since (drop_held):
                # the repeat is the item's last place after the graded one, if it is still queued.
                later = [
                    n for n in range(last.position_before + 1, len(self.queue)) if self.queue[n].key == last.item.key
                ]
                at = later[-1] if later else len(self.queue)
            if at < len(self.queue):
                del self.queue[at]
                self._waiting[last.item.key] -= 1
        if last.position_before >= len(self.queue):  # cut short: the item is asked again
            self.queue.append(last.item)
        self._graded_keys[last.item.key] -= 1
        self._waiting[last.item.key] += 1
        self.position = last.position_before
        self._shown_at = self.clock()
        return self.queue[self.position]

    def skip_rest(self) -> None:
        """End early: nothing to save, every grade is already committed."""
        for item in self.queue[self.position :]:
            self._waiting[item.key] -= 1
        del self.queue[self.position :]

    # ---- the end

    @property
    def leeches(self) -> list[ReviewItem]:
        """Items that became leeches in this session."""
        return [graded.item for graded in self._graded if graded.leech]

    def summary(self) -> Summary:
        from mesadrill.study.session_records import summarize

        deck_ids = [d.id for d in self.decks]
        summary = summarize(self._graded, self.started, self.clock())
        summary.forecast = forecast(self.store, self.today, 7, deck_ids)
        summary.again_today = len(pending_repeats(self.store.events_on(self.today, deck_ids)))
        return summary


def _is_due(record: ItemRecord | None, today: date) -> bool:
    return record is not None and record.state.due is not None and record.state.due <= today
