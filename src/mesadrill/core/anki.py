"""How Anki's things map onto mesadrill's: pure functions, no IO.

Grades. Anki's four answer buttons become SM-2 qualities (and back, for
FSRS, which uses Anki's four ratings)::

    Anki         quality   why
    Again (1) -> 1         wrong, but recognised on seeing the answer
    Hard  (2) -> 3         right, with serious difficulty
    Good  (3) -> 4         right, after hesitation
    Easy  (4) -> 5         perfect

Ids. A deck id comes from the Anki deck's full name (``Lang::Spanish`` ->
``lang-spanish``); a card id from the note's GUID, which Anki keeps across
exports, so importing a newer package of the same deck updates the same
cards and keeps every schedule.
"""

from __future__ import annotations

import hashlib
import re

EASE_TO_QUALITY = {1: 1, 2: 3, 3: 4, 4: 5}
MAX_ID_LENGTH = 64
_NOT_ID = re.compile(r"[^a-z0-9]+")


def ease_to_quality(ease: int) -> int | None:
    """The quality for an Anki answer button, or None for a log entry that is no answer (a reschedule)."""
    return EASE_TO_QUALITY.get(ease)


def _digest(text: str, size: int = 6) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).hexdigest()


def deck_id_for(name: str) -> str:
    """A deck id (``a-z``, ``0-9``, ``-``, at most 64) from an Anki deck name such as ``A::B``."""
    slug = _NOT_ID.sub("-", name.replace("\x1f", "::").lower()).strip("-")
    if not slug:
        return f"anki-{_digest(name)}"
    if len(slug) > MAX_ID_LENGTH:
        slug = f"{slug[: MAX_ID_LENGTH - 13].rstrip('-')}-{_digest(name)}"
    return slug


def card_id_for(guid: str) -> str:
    """A card id from an Anki note GUID: stable, and valid whatever characters the GUID uses."""
    return f"n{_digest(guid, 8)}"


def note_guid_for(deck_id: str, card_id: str) -> str:
    """The GUID of the note a mesadrill card exports as: the same every export, so Anki updates it."""
    return f"mesadrill:{deck_id}:{card_id}"


def schedule_event_id(anki_card_id: int, fingerprint: str, deck_id: str, item_id: str) -> str:
    """The id of the event that sets a card's schedule as Anki had it; the same schedule gives the same id.

    The item is part of it: a note moved to another Anki deck is another item here, and gets its own.
    """
    return f"anki-schedule-{anki_card_id}-{_digest(f'{fingerprint}|{deck_id}|{item_id}')}"


def review_event_id(revlog_id: int, anki_card_id: int, deck_id: str, item_id: str) -> str:
    """The id of the event for one entry of Anki's review log (for one item): importing it again adds nothing."""
    return f"anki-review-{revlog_id}-{anki_card_id}-{_digest(f'{deck_id}|{item_id}')}"
