"""Tags of an item, and when an item becomes a leech."""

from __future__ import annotations

from collections.abc import Iterable

from mesadrill.core.model import ReviewItem

LEECH_TAG = "leech"


def item_tags(item: ReviewItem, deck_tags: Iterable[str] = ()) -> tuple[str, ...]:
    """The card's tags, then the deck's, each once."""
    return tuple(dict.fromkeys([*item.card.tags, *deck_tags]))


def has_tag(item: ReviewItem, deck_tags: Iterable[str], tag: str) -> bool:
    """Tags match without regard to case; ``parent`` also matches ``parent::child`` (Anki's hierarchy)."""
    wanted = tag.casefold()
    return any(t.casefold() == wanted or t.casefold().startswith(wanted + "::") for t in item_tags(item, deck_tags))


def is_leech(lapses: int, threshold: int) -> bool:
    return lapses >= threshold


def is_leech_lapse(lapses_before: int, quality: int, threshold: int) -> bool:
    """Whether a grade makes the item a leech (again): as in Anki, at ``threshold``
    lapses and then at every half-threshold more, so an unsuspended leech that
    keeps failing is flagged again."""
    if quality >= 3:
        return False
    lapses = lapses_before + 1
    if lapses == threshold:
        return True
    step = max(1, threshold // 2)
    return lapses > threshold and (lapses - threshold) % step == 0
