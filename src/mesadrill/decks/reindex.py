"""Re-indexing an edited deck by reading again only the cards whose piece of the file changed.

The file is cut into its header and one piece per card (``card_pieces``);
a piece whose bytes are as they were when the deck was last indexed keeps
its card's rows (moved to the card's new place and line if they changed),
and only the other pieces are parsed. The header is always parsed again, and
the ids are checked across the whole deck. Anything that stops this short,
a file that does not cut, a piece that does not read on its own, a problem
of any kind (even a warning), a duplicate id, a deck indexed with warnings,
another process re-indexing it meanwhile, gives None, and the caller parses
the whole file as always: what an author is told never depends on this path.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from mesadrill.core.model import review_items
from mesadrill.decks import card_pieces
from mesadrill.decks.index_db import DeckIndex, FileRow

# How many pieces this process parsed through here, for the tests to tell a
# piece-wise re-index from a whole one.
pieces_parsed = 0


def reindex(index: DeckIndex, row: FileRow, data: bytes, path: Path, info: os.stat_result, digest: str) -> bool:
    """Bring the indexed deck of ``row`` up to ``data``, parsing only changed pieces; False when it cannot."""
    global pieces_parsed
    if row.problems != "[]":
        return False
    pieces = card_pieces.split(data)
    if pieces is None:
        return False
    try:
        indexed = index.card_keys(row)
    except sqlite3.Error:
        return False
    if not indexed or not all(key[5] for key in indexed):
        return False  # indexed from a file that did not cut into pieces
    old_place = {key[5]: place for place, key in enumerate(indexed)}
    sources = card_pieces.digests(data, pieces)
    reuse = [old_place.get(source) for source in sources]
    kept = [place for place in reuse if place is not None]
    if len(set(kept)) != len(kept):
        return False  # the same piece twice: a duplicate id, which the whole parse reports
    changed = [place for place, old in enumerate(reuse) if old is None]
    from mesadrill.decks.parse import parse_header, parse_pieces  # YAML: only when a deck is parsed

    header = parse_header(data[: pieces.header_end], path)
    if header is None:
        return False
    cards = parse_pieces([(pieces.piece(data, place), pieces.lines[place]) for place in changed], path)
    pieces_parsed += len(changed)
    if cards is None:
        return False
    fresh = dict(zip(changed, cards, strict=True))
    ids = [*(indexed[place][0] for place in kept), *(card.id for card in cards)]
    if len(set(ids)) != len(ids):
        return False
    items = sum(indexed[place][4] for place in kept) + len(review_items(header[0], cards))
    counts = (len(sources), items)
    try:
        return index.store_pieces(row, info, digest, header, counts, (reuse, pieces.lines, sources), fresh, indexed)
    except (sqlite3.Error, OSError):
        return False
