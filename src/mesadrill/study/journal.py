"""The answer journal: every drill attempt at one interview card, side by side.

A learner sees one question's progress over weeks: time used against the
limit, which key points each attempt covered, the grade, and the words used.
"""

from __future__ import annotations

from mesadrill.core.cards import InterviewCard
from mesadrill.core.history import ReviewEvent
from mesadrill.core.records import record
from mesadrill.store.history_store import HistoryStore


@record(frozen=True, slots=True)
class Journal:
    deck_id: str
    card: InterviewCard
    attempts: tuple[ReviewEvent, ...]  # oldest first; every one has drill details


def load_journal(store: HistoryStore, deck_id: str, card: InterviewCard) -> Journal:
    return Journal(deck_id, card, tuple(store.drill_attempts(deck_id, card.id)))
