"""Anki as a peer (issue 20): Anki's own engine opening 1k, 10k and 100k-card collections.

    python benchmarks/anki_peer.py            1,000 / 10,000 / 100,000 notes, 9 rounds (1-2 minutes)
    python benchmarks/anki_peer.py --quick    tiny sizes, 2 rounds: checks the script works

Measured the way ``benchmarks/scale.py`` measures mesadrill: each size gets a
collection (``.anki2``) built by Anki itself (the ``anki`` package, a test
extra) with one Basic note per card, 70% of the cards reviewed over the last
30 simulated days (three reviews each, with their revlog rows), so about a
third of them are due today. Every number is a whole cold process, a fresh
``python -c ...``, and a median of runs interleaved across the sizes so a
noisy moment hits every size alike:

- open + counts: open the collection, ``col.sched.deck_due_tree()`` (what
  Anki's deck list shows), close;
- to the first card: open, ``col.sched.getCard()`` and render its question,
  close;
- of each, the part after the imports (open, query, close), timed inside the
  process: the part that can grow with the collection;
- peak memory of open + counts, read by a small launcher process (a forked
  child starts with its parent's pages, and this process holds the builds);
- for reference, ``import anki.collection`` alone (Anki's Python layer and
  its Rust backend) and ``import anki``.

Every size is built twice: with Anki's default deck options (200 reviews and
20 new cards a day), as a new Anki user has them, and with both limits raised
to 9,999, so that Anki counts and gathers (nearly) every due card, as
mesadrill's counts do. Both are measured in the same rounds.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20260105
DAY = 86_400
REVIEWED = 0.7
FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (30, 120)

# Each prints its result, then the ms it spent after the imports.
COUNTS = """
import sys, time
from anki.collection import Collection
started = time.perf_counter()
col = Collection(sys.argv[1])
tree = col.sched.deck_due_tree()
print(*(sum(getattr(deck, f"{kind}_count") for deck in tree.children) for kind in ("new", "learn", "review")))
col.close()
print((time.perf_counter() - started) * 1000)
"""

FIRST_CARD = """
import sys, time
from anki.collection import Collection
started = time.perf_counter()
col = Collection(sys.argv[1])
card = col.sched.getCard()
print(card.question() if card else "no card")
col.close()
print((time.perf_counter() - started) * 1000)
"""

# A child's peak memory counts the pages it had before exec, copied from its
# parent; this process built the collections, so a small launcher starts the
# measured process and reports the peak of that process alone.
_LAUNCH = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


@dataclass
class Collection:
    notes: int
    limits: bool  # Anki's default daily limits, or raised to 9,999
    path: Path
    due_today: int
    counts: str  # what the deck list shows: new, learning, review
    build_s: float


@dataclass
class Samples:
    counts_ms: list[float] = field(default_factory=list)
    first_ms: list[float] = field(default_factory=list)
    counts_inner_ms: list[float] = field(default_factory=list)  # the same, after the imports
    first_inner_ms: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)


def build(folder: Path, notes: int, limits: bool = True, seed: int = SEED) -> Collection:
    """A collection of ``notes`` Basic notes, 70% of their cards reviewed over the last 30 days."""
    from anki.collection import Collection as AnkiCollection

    from anki_import import add_word_notes

    started = time.perf_counter()
    path = folder / f"peer-{notes}-{'default' if limits else 'raised'}.anki2"
    col = AnkiCollection(str(path))
    # A year-old collection, so review days stay positive as in a real one.
    col.db.execute("update col set crt = crt - ?", 365 * DAY)
    col.close()
    col = AnkiCollection(str(path))
    basic = col.models.by_name("Basic")
    assert basic is not None
    deck_id = col.decks.id("Peer::Words")
    assert deck_id is not None
    col.decks.select(deck_id)  # the deck studied last, where getCard draws from
    if not limits:
        config = col.decks.config_dict_for_deck_id(deck_id)
        config["rev"]["perDay"] = 9999
        config["new"]["perDay"] = 9999
        col.decks.update_config(config)
    add_word_notes(col, basic, deck_id, notes)

    rng = random.Random(seed)
    today = col.sched.today
    day_start = col.crt  # seconds; day n of the collection starts at crt + n * DAY
    card_ids = col.db.list("select id from cards order by id")
    reviewed = card_ids[: int(len(card_ids) * REVIEWED)]
    cards: list[tuple[int, int, int]] = []
    revlog: list[tuple[int, int, int, int, int, int, int, int]] = []
    due_today = 0
    for position, card_id in enumerate(reviewed):
        # Three reviews: first seen 7-30 days ago, again a day later, then six
        # days after that; the last interval is 12-18 days.
        first = today - rng.randint(7, 30)
        last_interval = rng.randint(12, 18)
        steps = ((first, 0, 1, 0), (first + 1, 1, 6, 1), (first + 7, 1, last_interval, 6))
        for number, (day, kind, interval, last) in enumerate(steps):
            # revlog ids are the review's time in ms: 10:00 that day, a few ms apart per card and review
            stamp_ms = (day_start + day * DAY + 36_000) * 1000 + position * 3 + number
            revlog.append((stamp_ms, card_id, 3, interval, last, 2500, rng.randint(1500, 20000), kind))
        due = first + 7 + last_interval
        due_today += due <= today
        cards.append((due, last_interval, card_id))
    col.close()
    # Through Anki's col.db.executemany 20,000 updates took 20 s; the cards and
    # revlog tables are plain SQLite (no custom collation), so one sqlite3
    # transaction writes them.
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany(
            "update cards set type = 2, queue = 2, due = ?, ivl = ?, factor = 2500, reps = 3, usn = -1 where id = ?",
            cards,
        )
        db.executemany(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " values (?, ?, -1, ?, ?, ?, ?, ?, ?)",
            revlog,
        )
    elapsed = time.perf_counter() - started
    shown = _process(COUNTS, path).splitlines()[0]
    for _ in range(2):  # the first opens after the build; warm the OS's file cache
        _process(FIRST_CARD, path)
    return Collection(notes, limits, path, due_today, shown.replace(" ", " / "), elapsed)


def _process(script: str, path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"Anki failed on {path.name} ({done.returncode}): {done.stderr[-800:]}")
    return done.stdout


def wall_ms(command: list[str]) -> tuple[float, str]:
    """The whole process's wall time, and the last line it printed."""
    started = time.perf_counter()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed ({done.returncode}): {done.stderr[-800:]!r}")
    return elapsed, (done.stdout.splitlines() or [""])[-1]


def peak_mb(command: list[str]) -> float:
    probe = subprocess.run([sys.executable, "-c", _LAUNCH, *command], capture_output=True, text=True)
    code, peak_kib = probe.stdout.split()
    if code != "0":
        raise RuntimeError(f"{command[:3]} failed ({code}) under the memory probe")
    return int(peak_kib) / 1024


def measure(collections: list[Collection], reps: int) -> tuple[dict[Path, Samples], dict[str, list[float]]]:
    """Samples per collection, and the bare imports; every collection once per round."""
    samples = {collection.path: Samples() for collection in collections}
    imports: dict[str, list[float]] = {"import anki": [], "import anki.collection": [], "peak": []}
    for rep in range(reps):
        print(f"  round {rep + 1}/{reps}", file=sys.stderr, flush=True)
        for statement in ("import anki", "import anki.collection"):
            imports[statement].append(wall_ms([sys.executable, "-c", statement])[0])
        imports["peak"].append(peak_mb([sys.executable, "-c", "import anki.collection"]))
        for collection in collections:
            counts = [sys.executable, "-c", COUNTS, str(collection.path)]
            into = samples[collection.path]
            whole, inner = wall_ms(counts)
            into.counts_ms.append(whole)
            into.counts_inner_ms.append(float(inner))
            whole, inner = wall_ms([sys.executable, "-c", FIRST_CARD, str(collection.path)])
            into.first_ms.append(whole)
            into.first_inner_ms.append(float(inner))
            into.peak_mb.append(peak_mb(counts))
    return samples, imports


def table(collections: list[Collection], samples: dict[Path, Samples], imports: dict[str, list[float]]) -> str:
    """A Markdown table, one column per size, ready to paste into docs/performance.md."""
    sizes = sorted({collection.notes for collection in collections})
    by_key = {(collection.notes, collection.limits): collection for collection in collections}
    header = ["", *(f"{notes:,} cards" for notes in sizes)]
    rows = [["due today (70% reviewed)", *(f"{by_key[notes, True].due_today:,}" for notes in sizes)]]
    for limits, label in ((True, "default limits"), (False, "limits 9,999")):
        picked = [by_key[notes, limits] for notes in sizes]
        rows += [
            [f"deck list shows (new / learning / review), {label}", *(c.counts for c in picked)],
            [f"Anki open + counts, {label}", *(_ms(samples[c.path].counts_ms) for c in picked)],
            [f"… of which after the imports, {label}", *(_ms(samples[c.path].counts_inner_ms) for c in picked)],
            [f"Anki to the first card, {label}", *(_ms(samples[c.path].first_ms) for c in picked)],
            [f"… of which after the imports, {label}", *(_ms(samples[c.path].first_inner_ms) for c in picked)],
            [
                f"Anki peak memory, open + counts, {label}",
                *(f"{statistics.median(samples[c.path].peak_mb):.0f} MiB" for c in picked),
            ],
        ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    bare = _ms(imports["import anki"])
    backend = _ms(imports["import anki.collection"])
    peak = statistics.median(imports["peak"])
    lines.append("")
    lines.append(
        f'For reference: `python -c "import anki"` {bare}; `python -c "import anki.collection"`'
        f" (Anki's Python layer and Rust backend, no collection) {backend}, peak {peak:.0f} MiB."
    )
    return "\n".join(lines)


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples):.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 2 rounds: checks the script works")
    parser.add_argument("--reps", type=int, help="rounds (default 9, 2 with --quick)")
    options = parser.parse_args(argv)
    sizes = QUICK_SIZES if options.quick else FULL_SIZES
    reps = options.reps or (2 if options.quick else 9)
    with tempfile.TemporaryDirectory(prefix="mesadrill-ankipeer-") as temporary:
        folder = Path(temporary)
        collections = []
        for notes in sizes:
            for limits in (True, False):
                print(
                    f"building {notes:,} notes ({'default' if limits else 'raised'} limits)...",
                    file=sys.stderr,
                    flush=True,
                )
                collection = build(folder, notes, limits=limits)
                print(f"  {collection.build_s:.1f} s; deck list shows {collection.counts}", file=sys.stderr, flush=True)
                collections.append(collection)
        print(f"measuring, {reps} rounds...", file=sys.stderr, flush=True)
        samples, imports = measure(collections, reps)
    print(table(collections, samples, imports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
