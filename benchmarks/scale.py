"""Start-up at 1k, 10k and 100k cards: whole processes, the bigger deck against the smaller.

Each size gets its own data and cache folders and a deck folder holding one
synthetic deck, 70% of whose items were reviewed over the last 30 simulated
days (about three reviews each). Rows compare the process at 100k cards with
the same process at 1k, measured interleaved in the same run: a start should
cost what is due and shown, not the size of the decks.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from synth import write_deck, write_history


@dataclass
class Setup:
    cards: int
    env: dict[str, str]
    deck_path: Path
    deck_id: str


def prepare(folder: Path, cards: int, today: date, base_env: dict[str, str]) -> Setup:
    home = folder / f"size-{cards}"
    decks = home / "decks"
    decks.mkdir(parents=True)
    deck = write_deck(decks, cards)
    env = dict(base_env)
    env.update(
        {
            "MESADRILL_DATA_DIR": str(home / "data"),
            "MESADRILL_CACHE_DIR": str(home / "cache"),
            "MESADRILL_CONFIG_DIR": str(home / "config"),
            "MESADRILL_DECKS": str(decks),
        }
    )
    reviewed = deck.item_ids[: len(deck.item_ids) * 7 // 10]
    database = home / "data" / "history.db"
    database.parent.mkdir(parents=True)
    # The reviews end five days before the benchmark's today, so the items falling due since are due.
    write_history(database, deck.deck_id, reviewed, 3 * len(reviewed), today - timedelta(days=5), span_days=30)
    setup = Setup(cards, env, deck.path, deck.deck_id)
    for _ in range(2):  # index the deck, take the day's backup, warm the OS's file cache
        run(setup, ["decks"])
    return setup


# A child's peak memory counts the pages it had before exec, copied from its
# parent; this process holds the synthetic decks, so a small launcher starts
# mesadrill and reports the peak of mesadrill alone.
_LAUNCH = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def run(setup: Setup, args: list[str]) -> tuple[float, float]:
    """Wall time (ms) of one whole process, and the peak resident memory (MB) of another."""
    command = [sys.executable, "-m", "mesadrill", *args]
    started = time.perf_counter()
    done = subprocess.run(
        command, env=setup.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"mesadrill {' '.join(args)} failed ({done.returncode}): {done.stderr[-500:]!r}")
    probe = subprocess.run([sys.executable, "-c", _LAUNCH, *command], env=setup.env, capture_output=True, text=True)
    code, peak_kib = probe.stdout.split()
    if code != "0":
        raise RuntimeError(f"mesadrill {' '.join(args)} failed ({code}) under the memory probe")
    return elapsed, int(peak_kib) / 1024


def medians(small: Setup, big: Setup, args: Callable[[Setup], list[str]], reps: int) -> dict[str, float]:
    times: dict[int, list[float]] = {small.cards: [], big.cards: []}
    peaks: dict[int, list[float]] = {small.cards: [], big.cards: []}
    for _ in range(reps):
        for setup in (small, big):
            ms, mb = run(setup, args(setup))
            times[setup.cards].append(ms)
            peaks[setup.cards].append(mb)
    return {
        "small_ms": statistics.median(times[small.cards]),
        "big_ms": statistics.median(times[big.cards]),
        "small_mb": statistics.median(peaks[small.cards]),
        "big_mb": statistics.median(peaks[big.cards]),
    }


def first_run_after_edit_ms(setup: Setup, reps: int) -> tuple[float, float]:
    """``decks`` just after one card's text changed (parsed, only the changed rows written), and ``--no-cache decks``."""
    samples = []
    parse_only = []
    text = setup.deck_path.read_text(encoding="utf-8")
    marker = "\n    front: "  # a basic card's front, half way down
    at = text.index(marker, len(text) // 2) + len(marker)
    for rep in range(reps):
        edited = text[:at] + f"Edit {rep} " + text[at:]
        setup.deck_path.write_text(edited, encoding="utf-8")
        samples.append(run(setup, ["decks"])[0])
        parse_only.append(run(setup, ["--no-cache", "decks"])[0])
    setup.deck_path.write_text(text, encoding="utf-8")
    run(setup, ["decks"])
    return statistics.median(samples), statistics.median(parse_only)


# A search word that names one card at every size: the eighth card's id ends in it (basic-000007, ...).
SEARCH_WORD = "000007"


def first_search_ms(setup: Setup, reps: int) -> tuple[float, float]:
    """``cards --search`` when the deck's text is not yet indexed for search (its first search), and the
    same with ``--no-cache`` (parse every card and match each in Python)."""
    import sqlite3

    index = Path(setup.env["MESADRILL_CACHE_DIR"]) / "decks" / "index.sqlite3"
    samples = []
    scans = []
    for _ in range(reps):
        with sqlite3.connect(index) as connection:  # as before any search: no search rows at all
            for table in ("card_text", "card_text_cards", "card_text_files"):
                connection.execute(f"DROP TABLE IF EXISTS {table}")
        connection.close()
        samples.append(run(setup, ["cards", "--search", SEARCH_WORD])[0])
        scans.append(run(setup, ["--no-cache", "cards", "--search", SEARCH_WORD])[0])
    return statistics.median(samples), statistics.median(scans)


def against_anki(folder: Path, setups: list[Setup], reps: int) -> list[tuple[int, str, float, float]]:
    """(cards, what, mesadrill ms, Anki ms): the same start in both, interleaved, at each size.

    Anki 26.9's own engine (the ``anki`` package, a test dependency), a
    collection of as many Basic notes with 70% of them reviewed over the
    last 30 days, default daily limits (as mesadrill's): built and timed by
    ``anki_peer``.
    """
    import anki_peer

    found = []
    for setup in setups:
        collection = anki_peer.build(folder, setup.cards)
        pairs = (
            ("open + today's counts", ["decks"], anki_peer.COUNTS),
            ("to the first card", ["review", "--plain", setup.deck_id], anki_peer.FIRST_CARD),
        )
        for what, args, script in pairs:
            ours, theirs = [], []
            for _ in range(reps):
                ours.append(run(setup, args)[0])
                theirs.append(anki_peer.wall_ms([sys.executable, "-c", script, str(collection.path)])[0])
            found.append((setup.cards, what, statistics.median(ours), statistics.median(theirs)))
    return found
