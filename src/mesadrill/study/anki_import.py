"""An Anki collection -> mesadrill decks (as YAML-ready data) and, optionally, its history.

Note types: Basic, Basic (and reversed card), Basic (optional reversed card)
and Basic (type in the answer) become ``basic`` cards, reversed when the
note has its second card; Cloze becomes ``cloze`` (its Back Extra becomes
the card's ``source``, the text shown after the answer); any other note type
becomes a ``basic`` card from its first field (front) and the others (back),
with a warning naming it. Field HTML becomes plain text (core.htmltext).

A note goes to the deck of its first card. Card ids come from note GUIDs
(core.anki), so a newer package of the same deck updates the same cards.

History (``with_history``): each entry of Anki's review log becomes a review
event (Again/Hard/Good/Easy -> 1/3/4/5, the first of a study day a
``review``, later ones ``same-day``), and each card Anki has scheduled gets
an ``anki-schedule`` event carrying its due date, interval and ease as Anki
had them, so the schedule continues instead of being recomputed. Event ids
come from Anki's ids: importing again adds nothing already there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from mesadrill.core import anki
from mesadrill.core.history import EventKind, ReviewEvent
from mesadrill.core.htmltext import html_to_text
from mesadrill.core.records import record
from mesadrill.core.sm2 import INITIAL_EASINESS_CENTI, MIN_EASINESS_CENTI, Sm2State, study_day
from mesadrill.decks.cloze import parse_cloze
from mesadrill.store.anki_package import Card, Collection, Note, NoteType

BASIC_NAMES = {"Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)"}
BASIC_STOCK_KINDS = {1, 2, 3, 4}
CLOZE_STOCK_KIND = 5
IMAGE_OCCLUSION_STOCK_KIND = 6
Progress = Callable[[int, int], None]


@record
class ImportedDeck:
    deck_id: str
    name: str  # Anki's full name, A::B
    cards: list[dict[str, Any]] = field(default_factory=list)
    items: dict[int, str] = field(default_factory=dict)  # Anki card id -> item id
    media: int = 0  # notes referring to images or sounds
    kinds: Counter[str] = field(default_factory=Counter)


@record
class Conversion:
    decks: list[ImportedDeck]
    warnings: list[str]
    skipped: list[str]  # what was not converted, one line per reason
    events: list[ReviewEvent] = field(default_factory=list)
    reviews: int = 0
    schedules: int = 0
    suspended: int = 0


def _kind(notetype: NoteType | None) -> str:
    if notetype is None:
        return "unknown"
    if notetype.stock_kind == IMAGE_OCCLUSION_STOCK_KIND or notetype.name.startswith("Image Occlusion"):
        return "unknown"
    if notetype.name.removeprefix("mesadrill ") in BASIC_NAMES:  # mesadrill's exports name them so
        return "basic"
    # A stock basic type under another name (a translation, a rename) keeps its field count;
    # one the user gave more fields is their own.
    if notetype.stock_kind in BASIC_STOCK_KINDS and len(notetype.fields) == (3 if notetype.stock_kind == 3 else 2):
        return "basic"
    if notetype.is_cloze or notetype.stock_kind == CLOZE_STOCK_KIND:  # Cloze, and mesadrill's own export
        return "cloze"
    return "unknown"


def _field(note: Note, notetype: NoteType | None, name: str, index: int) -> str:
    if notetype is not None and name in notetype.fields:
        index = notetype.fields.index(name)
    return note.fields[index] if index < len(note.fields) else ""


def _cloze_field_index(notetype: NoteType) -> int:
    for template in notetype.templates:
        start = template.find("{{cloze:")
        if start != -1:
            name = template[start + 8 : template.find("}}", start)]
            if name in notetype.fields:
                return notetype.fields.index(name)
    return 0


def convert(
    collection: Collection,
    *,
    with_history: bool,
    zone: tzinfo,
    day_start_hour: int,
    progress: Progress | None = None,
) -> Conversion:
    """Decks and (with_history) events from a collection; never raises for odd content."""
    notetypes = collection.notetypes
    cards_by_note: dict[int, list[Card]] = {}
    for card in collection.cards:
        cards_by_note.setdefault(card.note_id, []).append(card)
    decks: dict[int, ImportedDeck] = {}
    used_ids: set[str] = set()
    warnings: list[str] = []
    skipped: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    split = 0
    item_of_card: dict[int, tuple[str, str]] = {}
    total = len(collection.notes)
    for done, note in enumerate(collection.notes, start=1):
        if progress is not None and (done % 5000 == 0 or done == total):
            progress(done, total)
        cards = sorted(cards_by_note.get(note.id, ()), key=lambda c: c.ord)
        if not cards:
            skipped["note(s) without cards"] += 1
            continue
        home = cards[0].original_deck_id or cards[0].deck_id
        if any((c.original_deck_id or c.deck_id) != home for c in cards):
            split += 1
        deck = decks.get(home)
        if deck is None:
            name = collection.decks.get(home, f"Deck {home}")
            deck_id = anki.deck_id_for(name)
            while deck_id in used_ids:
                deck_id = anki.deck_id_for(f"{name} {len(used_ids)}")
            used_ids.add(deck_id)
            deck = decks[home] = ImportedDeck(deck_id, name)
        notetype = notetypes.get(note.notetype_id)
        kind = _kind(notetype)
        card_id = anki.card_id_for(note.guid)
        media = False
        result: dict[str, Any] | None = None
        items: dict[int, str] = {}
        if kind == "cloze" and notetype is not None:
            index = _cloze_field_index(notetype)
            text = html_to_text(note.fields[index] if index < len(note.fields) else "")
            extra = html_to_text("<br>".join(f for i, f in enumerate(note.fields) if i != index and f.strip()))
            media = bool(text.media or extra.media)
            _plain, deletions, problems = parse_cloze(text.text)
            if "image-occlusion:" in text.text:
                kind = "unknown"
            elif problems or not deletions:
                skipped[f"cloze note(s) mesadrill cannot read ({problems[0][1] if problems else 'no deletion'})"] += 1
                continue
            else:
                result = {"id": card_id, "type": "cloze", "text": text.text}
                if extra.text:
                    result["source"] = extra.text
                numbers = {d.number for d in deletions}
                for card in cards:
                    if card.ord + 1 in numbers:
                        items[card.id] = f"{card_id}:c{card.ord + 1}"
        if kind == "basic":
            front = html_to_text(_field(note, notetype, "Front", 0))
            back = html_to_text(_field(note, notetype, "Back", 1))
            media = bool(front.media or back.media)
            result = {"id": card_id, "type": "basic", "front": front.text, "back": back.text}
            if any(card.ord == 1 for card in cards):
                result["reverse"] = True
            for card in cards:
                if card.ord in (0, 1):
                    items[card.id] = card_id if card.ord == 0 else f"{card_id}:reverse"
        elif kind == "unknown":
            unknown[notetype.name if notetype is not None else f"#{note.notetype_id}"] += 1
            parts = [html_to_text(text) for text in note.fields]
            media = any(p.media for p in parts)
            front_text = parts[0].text if parts else ""
            back_text = "\n\n".join(p.text for p in parts[1:] if p.text)
            result = {"id": card_id, "type": "basic", "front": front_text, "back": back_text}
            items[cards[0].id] = card_id
        assert result is not None
        if result["type"] == "basic":
            if not result["front"]:
                skipped["note(s) with an empty front"] += 1
                continue
            if not result["back"]:
                result["back"] = "(empty in Anki)"
        if note.tags:
            result["tags"] = list(note.tags)
        deck.cards.append(result)
        deck.kinds[str(result["type"])] += 1
        deck.media += media
        for anki_card, item_id in items.items():
            deck.items[anki_card] = item_id
            item_of_card[anki_card] = (deck.deck_id, item_id)
    for name, count in sorted(unknown.items()):
        warnings.append(
            f"note type {name!r} ({count} note{'s' * (count != 1)}) is not one mesadrill knows: "
            "imported as basic cards, first field as the front, the others as the back"
        )
    for deck in decks.values():
        if deck.media:
            warnings.append(
                f"{deck.name}: {deck.media} note{'s refer' if deck.media != 1 else ' refers'} to images or sounds; "
                "mesadrill shows them as [image: name] / [sound: name] (media files are not imported)"
            )
    if split:
        warnings.append(f"{split} note(s) had cards in more than one deck: each went to the deck of its first card")
    conversion = Conversion(
        [d for d in decks.values() if d.cards], warnings, [f"{n} {reason}" for reason, n in sorted(skipped.items())]
    )
    if with_history:
        _history(conversion, collection, item_of_card, zone, day_start_hour)
    return conversion


def _history(
    conversion: Conversion,
    collection: Collection,
    item_of_card: dict[int, tuple[str, str]],
    zone: tzinfo,
    day_start_hour: int,
) -> None:
    seen_days: set[tuple[str, str, date]] = set()
    last_review_ms: dict[int, int] = {}
    for review in collection.reviews:
        key = item_of_card.get(review.card_id)
        quality = anki.ease_to_quality(review.ease)
        if key is None or quality is None:
            continue
        moment = datetime.fromtimestamp(review.id / 1000, UTC)
        day = study_day(moment.astimezone(zone), day_start_hour)
        first_today = (key[0], key[1], day) not in seen_days
        seen_days.add((key[0], key[1], day))
        conversion.events.append(
            ReviewEvent(
                event_id=anki.review_event_id(review.id, review.card_id, *key),
                deck_id=key[0],
                item_id=key[1],
                reviewed_at=moment,
                study_day=day,
                quality=quality,
                kind=EventKind.REVIEW if first_today else EventKind.SAME_DAY,
                state_after=Sm2State(),  # the fold computes it
                duration_ms=max(0, review.taken_ms) or None,
            )
        )
        conversion.reviews += 1
        last_review_ms[review.card_id] = max(review.id, last_review_ms.get(review.card_id, 0))
    day_zero = datetime.fromtimestamp(collection.created, UTC).astimezone(zone).date()
    for card in collection.cards:
        key = item_of_card.get(card.id)
        if key is None:
            continue
        state = anki_state(card, day_zero, zone, day_start_hour)
        at_ms = max(card.modified * 1000, last_review_ms.get(card.id, 0) + 1)
        moment = datetime.fromtimestamp(at_ms / 1000, UTC)
        fingerprint = f"{card.type}:{card.queue}:{card.due}:{card.interval}:{card.factor}:{card.modified}"
        if card.queue == -1:  # suspended in Anki: suspended here too
            conversion.events.append(
                ReviewEvent(
                    event_id=anki.schedule_event_id(card.id, f"suspend:{fingerprint}", *key).replace(
                        "anki-schedule-", "anki-suspend-"
                    ),
                    deck_id=key[0],
                    item_id=key[1],
                    reviewed_at=moment,
                    study_day=study_day(moment.astimezone(zone), day_start_hour),
                    quality=0,
                    kind=EventKind.SUSPEND,
                    state_after=Sm2State(),
                )
            )
            conversion.suspended += 1
        if state is None:
            continue
        conversion.events.append(
            ReviewEvent(
                event_id=anki.schedule_event_id(card.id, fingerprint, *key),
                deck_id=key[0],
                item_id=key[1],
                reviewed_at=moment,
                study_day=study_day(moment.astimezone(zone), day_start_hour),
                quality=0,  # not a grade; the store and stats skip this kind
                kind=EventKind.ANKI_SCHEDULE,
                state_after=state,
            )
        )
        conversion.schedules += 1


def anki_due_date(card: Card, day_zero: date, zone: tzinfo, day_start_hour: int) -> date | None:
    """The study day Anki has the card due, or None for a new card."""
    if card.type == 0 and card.queue in (0, -1, -2, -3):
        return None
    due = card.original_due if card.original_deck_id and card.original_due else card.due
    if due > 1_000_000_000:  # learning steps are due at a moment, in seconds since the epoch
        return study_day(datetime.fromtimestamp(due, UTC).astimezone(zone), day_start_hour)
    return day_zero + timedelta(days=due)


def anki_state(card: Card, day_zero: date, zone: tzinfo, day_start_hour: int) -> Sm2State | None:
    """The SM-2 state that continues Anki's schedule of one card; None for a card Anki has as new."""
    due = anki_due_date(card, day_zero, zone, day_start_hour)
    if due is None:
        return None
    interval = max(0, card.interval)
    easiness = max(MIN_EASINESS_CENTI, card.factor // 10) if card.factor else INITIAL_EASINESS_CENTI
    if card.type == 2:  # in review: SM-2's third and later repetitions multiply the interval
        repetitions = 2 if interval >= 2 else 1
    else:  # learning or relearning: starting again
        repetitions = 0
    return Sm2State(repetitions=repetitions, easiness_centi=easiness, interval_days=interval, due=due)
