"""mesadrill's speed and memory, each measured against its floor in the same run.

    python benchmarks/run.py            the full run (a few minutes; ~1 GB of RAM at peak)
    python benchmarks/run.py --quick    tiny sizes, few repetitions: checks the script works
    python benchmarks/run.py --only queue --only grade   some rows only

Every row times mesadrill doing something and, in the same run and on the
same data, the floor: the least any program could do for the same result
(a bare interpreter importing the same libraries, PyYAML composing the same
file, one SQL SELECT, ...). The verdict compares the ratio of medians with
the budget from issue 8. A full run exits 1 when a budget is missed; --quick
never judges (tiny sizes say nothing about speed). docs/performance.md has
what each row means and the latest table.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402 - after the path set-up above

import session  # noqa: E402
import terminal  # noqa: E402
from mesadrill.decks import cache as deckcache  # noqa: E402
from mesadrill.decks import load as deck_loader  # noqa: E402
from mesadrill.decks.collector import collector_paused  # noqa: E402
from mesadrill.env import paths  # noqa: E402
from sync_rows import sync_rows  # noqa: E402
from synth import write_deck, write_history  # noqa: E402

TODAY = date(2026, 1, 5)
NOW = datetime.combine(TODAY, clock_time(12), tzinfo=UTC)


@dataclass(frozen=True)
class Sizes:
    deck_cards: int  # the cold and warm load rows
    memory_cards: int  # the peak-memory row
    history_items: int
    history_events: int
    reps_process: int  # cold processes per command
    reps_load: int
    reps_fast: int  # queue, grade, key press


FULL = Sizes(10_000, 100_000, 100_000, 1_000_000, 15, 7, 40)
QUICK = Sizes(60, 120, 300, 1_500, 2, 2, 3)


@dataclass
class Row:
    operation: str
    size: str
    ours: float  # median, in the row's unit
    floor: float
    unit: str  # "ms" or "MB"
    budget_ratio: float | None  # None: a diagnostic, shown but not judged
    budget_abs: float | None = None  # ours must also be under this, in the row's unit
    extra_ok: bool = True  # any further condition (textual not imported)
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor > 0 else float("inf")

    @property
    def met(self) -> bool:
        if self.budget_ratio is None:
            return True
        within = self.ratio <= self.budget_ratio and (self.budget_abs is None or self.ours <= self.budget_abs)
        return within and self.extra_ok

    @property
    def budget(self) -> str:
        if self.budget_ratio is None:
            return f"diagnostic, no budget{', ' + self.note if self.note else ''}"
        text = f"≤ {self.budget_ratio:g}×"
        if self.budget_abs is not None:
            text += f" and < {self.budget_abs:g} {self.unit}"
        if self.note:
            text += f", {self.note}"
        return text


# ---- timing


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(function: Callable[[], object], reps: int) -> list[float]:
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def interleaved(ours: Callable[[], object], floor: Callable[[], object], reps: int) -> tuple[float, float]:
    """Medians in ms, the two alternating so that a noisy moment hits both alike."""
    ours_samples: list[float] = []
    floor_samples: list[float] = []
    for _ in range(reps):
        floor_samples += timed(floor, 1)
        ours_samples += timed(ours, 1)
    return _median_ms(ours_samples), _median_ms(floor_samples)


# ---- the rows


def cli_rows(sizes: Sizes, env: dict[str, str]) -> list[Row]:
    """Cold processes: a fresh interpreter each time, bundled decks, a warm deck cache."""
    bundled = paths.bundled_deck_dir()
    assert bundled is not None
    commands = [["--help"], ["decks"], ["lint", str(bundled)], ["cards", "mesa-terms"]]
    floor_command = [sys.executable, "-c", "import click, yaml, sqlite3, platformdirs"]
    rows = []
    for args in commands:
        ours_command = [sys.executable, "-m", "mesadrill", *args]
        for _ in range(2):  # fills the deck cache, the history file and the OS's file cache
            subprocess.run(ours_command, env=env, stdout=subprocess.DEVNULL, check=True)
        ours, floor = interleaved(
            lambda command=ours_command: subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True),
            lambda: subprocess.run(floor_command, env=env, check=True),
            sizes.reps_process,
        )
        textual_free = _textual_free(args, env)
        rows.append(
            Row(
                f"mesadrill {args[0]}" + (" (bundled decks)" if args[0] == "lint" else ""),
                "cold process",
                ours,
                floor,
                "ms",
                1.5,
                extra_ok=textual_free,
                note="textual not imported" if textual_free else "TEXTUAL WAS IMPORTED",
            )
        )
    return rows


_IMPORT_CHECK = """
import sys
from mesadrill.cli.main import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("textual-imported" if any(m.split(".")[0] == "textual" for m in sys.modules) else "textual-free")
"""


def _textual_free(args: list[str], env: dict[str, str]) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_CHECK, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return done.stderr.endswith("textual-free")


def load_rows(sizes: Sizes, folder: Path) -> list[Row]:
    deck = write_deck(folder, sizes.deck_cards)
    data = deck.path.read_bytes()
    size = f"{sizes.deck_cards:,} cards, {len(data) / 1e6:.1f} MB"

    def cold() -> None:
        result = deck_loader.load_deck_file(deck.path)
        assert result.deck is not None and not result.errors, result.problems[:3]

    def compose() -> None:
        with collector_paused():
            yaml.compose(deck.path.read_bytes(), Loader=yaml.CSafeLoader)

    cold_ours, cold_floor = interleaved(cold, compose, sizes.reps_load)

    as_json = json.dumps(yaml.load(data, Loader=yaml.CSafeLoader), ensure_ascii=False)
    deckcache.load(deck.path)  # writes the entry
    before = deckcache.hits

    def warm() -> None:  # every card, as stats or a search needs them (a start reads only what it shows)
        result = deckcache.load(deck.path)
        assert result.deck is not None and len(result.deck.cards) == sizes.deck_cards

    warm_ours, warm_floor = interleaved(warm, lambda: json.loads(as_json), sizes.reps_load)
    assert deckcache.hits - before == sizes.reps_load, "the warm loads missed the cache"
    return [
        Row("cold load + validation (no cache)", size, cold_ours, cold_floor, "ms", 1.3),
        Row("warm load, every card (deck index)", size, warm_ours, warm_floor, "ms", 3.0),
    ]


def store_rows(sizes: Sizes, folder: Path) -> list[Row]:
    import sqlite3

    from mesadrill.env.settings import Settings
    from mesadrill.store.history_store import HistoryStore
    from mesadrill.study.planner import build_queue
    from mesadrill.study.review import ReviewSession

    # A deck with at least as many review items as the history has items.
    cards = sizes.history_items
    deck = write_deck(folder, cards)
    while len(deck.item_ids) < sizes.history_items:  # cards give ~1.3 items each; never loops twice in practice
        cards += sizes.history_items - len(deck.item_ids)
        deck = write_deck(folder, cards)
    loaded = deck_loader.load_deck_file(deck.path).deck
    assert loaded is not None
    db_path = folder / "history.db"
    events = write_history(db_path, deck.deck_id, deck.item_ids[: sizes.history_items], sizes.history_events, TODAY)
    size = f"{sizes.history_items:,} items, {events:,} events"

    with HistoryStore.open(db_path, today=TODAY, now=NOW) as store:
        plan = build_queue(store, [loaded], TODAY, 20, bury_siblings=False)  # every due item, to check the count
        floor_db = sqlite3.connect(db_path)
        due_sql = "SELECT item_id FROM items WHERE deck_id = ? AND due <= ?"
        due_count = len(floor_db.execute(due_sql, (deck.deck_id, TODAY.isoformat())).fetchall())
        assert due_count == len(plan.due), (due_count, len(plan.due))
        queue_ours, queue_floor = interleaved(
            lambda: build_queue(store, [loaded], TODAY, 20),
            lambda: floor_db.execute(due_sql, (deck.deck_id, TODAY.isoformat())).fetchall(),
            sizes.reps_fast,
        )
        floor_db.close()

    # Committing a grade: the session's real path (a write transaction that
    # reads the item, appends the event, updates the item, commits with
    # synchronous=FULL) against a bare one-row INSERT + commit, same settings.
    grade_db = folder / "grades.db"
    small = write_deck(folder, max(sizes.reps_fast * 2, 20), seed=7)
    small_deck = deck_loader.load_deck_file(small.path).deck
    assert small_deck is not None
    bare_path = folder / "bare.db"
    bare = sqlite3.connect(bare_path, isolation_level=None)
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)")
    with HistoryStore.open(grade_db, today=TODAY, now=NOW) as store:
        session = ReviewSession(store, [small_deck], lambda: NOW, Settings(), new_per_day=10_000)
        assert session.total >= sizes.reps_fast
        grade_ours, grade_floor = interleaved(
            lambda: session.grade(5),
            lambda: bare.execute("INSERT INTO t (value) VALUES ('x')"),
            sizes.reps_fast,
        )
    bare.close()
    return [
        Row(f"today's queue ({len(plan.due):,} due)", size, queue_ours, queue_floor, "ms", 3.0, budget_abs=100),
        Row("commit one grade (WAL, synchronous=FULL)", "one grade", grade_ours, grade_floor, "ms", 2.0),
    ]


def memory_row(sizes: Sizes, folder: Path) -> Row:
    deck = write_deck(folder, sizes.memory_cards)
    megabytes = deck.path.stat().st_size / 1e6
    ours = statistics.median(_peak_mb("ours", deck.path) for _ in range(3))
    floor = statistics.median(_peak_mb("floor", deck.path) for _ in range(3))
    return Row(
        "peak memory, cold load (no cache)", f"{sizes.memory_cards:,} cards, {megabytes:.0f} MB", ours, floor, "MB", 1.5
    )


_MEMORY_PROBE = """
import gc, sys
from pathlib import Path
import yaml
from mesadrill.decks import load as decks

def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    raise SystemExit("no /proc/self/status")

path = Path(sys.argv[2])
data = path.read_bytes()
before = rss("VmRSS:")
if sys.argv[1] == "ours":
    result = decks.parse_deck(data, path)
    assert result.deck is not None
else:
    gc.disable()
    node = yaml.compose(data, Loader=yaml.CSafeLoader)
print(rss("VmHWM:") - before)
"""


def _peak_mb(which: str, path: Path) -> float:
    """Peak resident memory a load adds, in a fresh process (the file's bytes already read)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, which, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout) / 1e6


def tui_rows(sizes: Sizes, folder: Path) -> list[Row]:
    return asyncio.run(_tui_rows(sizes, folder))


async def _tui_rows(sizes: Sizes, folder: Path) -> list[Row]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from mesadrill.decks.catalog import Catalog
    from mesadrill.env.settings import Settings
    from mesadrill.store.history_store import HistoryStore
    from mesadrill.study.runtime import Runtime
    from mesadrill.tui.app import MesadrillApp
    from mesadrill.tui.screens.review import ReviewScreen
    from mesadrill.tui.widgets.card_view import CardView

    class Minimal(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.presses = 0

        def compose(self) -> ComposeResult:
            yield Static("a card", id="card")

        def on_key(self) -> None:
            self.presses += 1
            self.query_one("#card", Static).update(f"card {self.presses}")

    size = (100, 30)

    def review_app(store: HistoryStore) -> MesadrillApp:
        runtime = Runtime(lambda: NOW, Settings())
        runtime.__dict__["catalog"] = Catalog.discover()  # the bundled decks, from the warm cache
        decks = runtime.catalog.decks()
        return MesadrillApp(runtime, store, lambda app: ReviewScreen.for_decks(app, decks, 10_000))

    async def first_card(store: HistoryStore) -> float:
        start = time.perf_counter()
        app = review_app(store)
        async with app.run_test(size=size) as pilot:
            # The first card is up when the review screen's card shows a question.
            while not (
                isinstance(app.screen, ReviewScreen)
                and app.screen.query(CardView)
                and app.screen.query_one(CardView).content
            ):
                await pilot.pause()
            return time.perf_counter() - start

    async def minimal_start() -> float:
        start = time.perf_counter()
        async with Minimal().run_test(size=size):
            return time.perf_counter() - start

    Catalog.discover()  # fills the deck cache
    db_path = folder / "tui.db"
    start_ours: list[float] = []
    start_floor: list[float] = []
    with HistoryStore.open(db_path, today=TODAY, now=NOW) as store:
        await first_card(store)  # the first run parses the CSS and warms Textual's caches, for both apps
        await minimal_start()
        for _ in range(sizes.reps_load):
            start_floor.append(await minimal_start())
            start_ours.append(await first_card(store))

        # Key press to redrawn card: reveal the answer, then grade it, which
        # commits the grade and shows the next card; each press is one sample.
        press_ours: list[float] = []
        app = review_app(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for index in range(sizes.reps_fast * 2):
                key = "space" if index % 2 == 0 else "5"
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                press_ours.append(time.perf_counter() - start)
        press_floor: list[float] = []
        minimal = Minimal()
        async with minimal.run_test(size=size) as pilot:
            await pilot.pause()
            for _ in range(sizes.reps_fast * 2):
                start = time.perf_counter()
                await pilot.press("space")
                await pilot.pause()
                press_floor.append(time.perf_counter() - start)
        assert minimal.presses == sizes.reps_fast * 2
    return [
        Row(
            "TUI start to first card (bundled decks)",
            "headless",
            _median_ms(start_ours),
            _median_ms(start_floor),
            "ms",
            None,  # issue 13: the whole process in a terminal is what is judged (terminal_rows)
            note="the whole process in a terminal is judged",
        ),
        Row(
            "key press to redrawn card (reveal, grade)",
            "headless Pilot",
            _median_ms(press_ours),
            _median_ms(press_floor),
            "ms",
            2.0,
        ),
    ]


def terminal_rows(sizes: Sizes, env: dict[str, str]) -> list[Row]:
    """The app as a user meets it: a whole process in a real terminal, against a minimal Textual app."""
    if not terminal.available():
        print("tmux is not installed: the terminal rows are skipped", file=sys.stderr)
        return []
    reps = max(7, sizes.reps_load) if sizes is FULL else 2
    rows = []
    for args, marker, operation in (
        (["review", "mesa-terms"], " 1 / ", "TUI start to first card, whole process (bundled decks)"),
        ([], "Current: lesson", "TUI start to home screen, whole process (bundled decks)"),  # the course map
    ):
        ours, floor = terminal.first_screen_ms(args, marker, reps, env)
        rows.append(Row(operation, "tmux 80×24", ours, floor, "ms", 1.2, note="floor: one-Static Textual app"))
    return rows


def session_row(sizes: Sizes, folder: Path, env: dict[str, str]) -> Row:
    """Per-grade time in a long ``review --plain`` session against a short one's."""
    cards, short, long, reps = (100_000, 1_000, 20_000, 3) if sizes is FULL else (150, 20, 100, 1)
    ours, floor = session.per_grade_ms(cards, short, long, reps, folder, env)
    return Row(
        f"per grade in a {long:,}-grade session",
        f"{cards:,} cards, --plain",
        ours,
        floor,
        "ms",
        1.2,
        note=f"floor: per grade in a {short:,}-grade session",
    )


def anki_import_row(sizes: Sizes, folder: Path, env: dict[str, str]) -> Row:
    """A 10,000-note package made by Anki, imported with its history, against Anki's own import."""
    import anki_import

    notes, reps = (10_000, 5) if sizes is FULL else (50, 1)
    ours, floor = anki_import.measure(notes, reps, folder, env)
    return Row(
        "import anki --with-history",
        f"{notes:,}-note .apkg (anki21b)",
        ours,
        floor,
        "ms",
        3.0,
        budget_abs=3000,
        note="floor: Anki's own import, cold process",
    )


# ---- the table


def print_table(rows: list[Row], judged: bool) -> None:
    header = ("operation", "size", "ours", "floor", "ratio", "budget", "verdict")
    lines = [header, tuple("---" for _ in header)]
    for row in rows:
        verdict = ("met" if row.met else "MISSED") if judged else "not judged (--quick)"
        if row.budget_ratio is None:
            verdict = "-"
        lines.append(
            (
                row.operation,
                row.size,
                f"{row.ours:.1f} {row.unit}",
                f"{row.floor:.1f} {row.unit}",
                f"{row.ratio:.2f}×",
                row.budget,
                verdict,
            )
        )
    for line in lines:
        print("| " + " | ".join(line) + " |")


def ask_rows(sizes: Sizes, folder: Path) -> list[Row]:
    from ask_bench import measure

    lessons, megabytes = (200, 2_000_000) if sizes is FULL else (10, 50_000)
    ours, floor, size = measure(folder, lessons, megabytes, sizes.reps_fast, interleaved)
    return [Row("ask, once indexed (FTS5 bm25)", size, ours, floor, "ms", 10.0, budget_abs=50)]


def scale_rows(sizes: Sizes, folder: Path, env: dict[str, str]) -> list[Row]:
    """Start-up at 100k cards against 1k (10k against 1k too): the deck index's promise."""
    import scale

    sizes_cards, reps = ((1_000, 10_000, 100_000), 9) if sizes is FULL else ((40, 120, 400), 1)
    small, middle, big = (scale.prepare(folder, cards, TODAY, env) for cards in sizes_cards)
    rows = []
    for label, args in (
        ("mesadrill decks (open + today's counts)", lambda setup: ["decks"]),
        ("review --plain to the first card", lambda setup: ["review", "--plain", setup.deck_id]),
    ):
        for bigger in (middle, big):
            found = scale.medians(small, bigger, args, reps)
            size = f"{bigger.cards:,} vs {small.cards:,} cards"
            rows.append(Row(label, size, found["big_ms"], found["small_ms"], "ms", 1.3, note="floor: the same at 1k"))
            if label.startswith("mesadrill decks") and bigger is big:
                rows.append(
                    Row("peak memory, decks", size, found["big_mb"], found["small_mb"], "MB", 2.0, note="floor: at 1k")
                )
    search = ["cards", "--search", scale.SEARCH_WORD]
    for setup in (small, middle, big):
        scale.run(setup, search)  # the first search indexes the deck's text for search (its own row below)
    for bigger in (middle, big):
        found = scale.medians(small, bigger, lambda setup: search, reps)
        size = f"{bigger.cards:,} vs {small.cards:,} cards"
        rows.append(
            Row(
                "cards --search, one card found",
                size,
                found["big_ms"],
                found["small_ms"],
                "ms",
                1.3,
                note="floor: the same at 1k",
            )
        )
    first, scan = scale.first_search_ms(big, max(3, reps // 3))
    rows.append(
        Row(
            "cards --search, a deck's first search (indexes its text)",
            f"{big.cards:,} cards",
            first,
            scan,
            "ms",
            1.5,
            note="floor: --no-cache cards --search (parse and scan)",
        )
    )
    if terminal.available():
        ours, floor = terminal.first_screen_ms(
            ["review", middle.deck_id], " 1 / ", max(7, reps) if sizes is FULL else 2, middle.env
        )
        rows.append(
            Row(
                f"TUI start to first card, whole process ({middle.cards:,}-card deck)",
                "tmux 80×24",
                ours,
                floor,
                "ms",
                1.2,
                note="floor: one-Static Textual app",
            )
        )
    if importlib.util.find_spec("anki") is not None:
        anki_folder = folder / "anki"
        anki_folder.mkdir()
        for cards, what, ours, theirs in scale.against_anki(anki_folder, [small, middle, big], reps):
            rows.append(
                Row(
                    f"mesadrill against Anki, {what}",
                    f"{cards:,} cards",
                    ours,
                    theirs,
                    "ms",
                    0.66,
                    note="floor: Anki 26.9; 0.66× is 1.5× ahead",
                )
            )
    for setup, limit in ((middle, 400), (big, 2500)):
        after_edit, no_index = scale.first_run_after_edit_ms(setup, max(3, reps // 3))
        rows.append(
            Row(
                "decks, first run after one card's text changed",
                f"{setup.cards:,} cards",
                after_edit,
                no_index,
                "ms",
                1.2,
                budget_abs=limit,
                note="floor: --no-cache decks (parse only)",
            )
        )
    return rows


SECTIONS: dict[str, Callable[[Sizes, Path, dict[str, str]], list[Row]]] = {
    "cli": lambda sizes, folder, env: cli_rows(sizes, env),
    "load": lambda sizes, folder, env: load_rows(sizes, folder),
    "store": lambda sizes, folder, env: store_rows(sizes, folder),
    "tui": lambda sizes, folder, env: tui_rows(sizes, folder),
    "memory": lambda sizes, folder, env: [memory_row(sizes, folder)],
    "terminal": lambda sizes, folder, env: terminal_rows(sizes, env),
    "session": lambda sizes, folder, env: [session_row(sizes, folder, env)],
    "ask": lambda sizes, folder, env: ask_rows(sizes, folder),
    "anki": lambda sizes, folder, env: [anki_import_row(sizes, folder, env)],
    "sync": lambda sizes, folder, env: sync_rows(sizes, folder, TODAY, NOW, Row),
    "scale": scale_rows,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes and few repetitions; checks the script, judges nothing"
    )
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS), help="run only these sections")
    options = parser.parse_args(argv)
    sizes = QUICK if options.quick else FULL
    # pip compiles an installed package's bytecode; a source checkout run
    # with PYTHONDONTWRITEBYTECODE set would compile every module at every
    # start instead, which is not what users see. The same goes for the
    # packages the processes and their floors import (Textual, click, PyYAML,
    # Anki...): installed with PYTHONDONTWRITEBYTECODE set, they have no
    # bytecode, and every cold process, floor included, would compile them.
    compileall.compile_dir(Path(deck_loader.__file__).parent.parent, quiet=2)
    if not options.quick:
        compileall.compile_dir(Path(yaml.__file__).parent.parent, quiet=2, workers=0)  # site-packages
    with tempfile.TemporaryDirectory(prefix="mesadrill-bench-") as temporary:
        folder = Path(temporary)
        # Everything mesadrill writes goes to the temporary folder, in this
        # process and in the cold processes it starts.
        overrides = {
            "MESADRILL_DATA_DIR": str(folder / "data"),
            "MESADRILL_CACHE_DIR": str(folder / "cache"),
            "MESADRILL_CONFIG_DIR": str(folder / "config"),
            "MESADRILL_NOW": NOW.isoformat(),
            "NO_COLOR": "1",
        }
        os.environ.update(overrides)
        for name in ("MESADRILL_DECKS", "MESADRILL_NO_CACHE", "MESADRILL_DAY_START"):
            os.environ.pop(name, None)
        env = dict(os.environ)
        rows: list[Row] = []
        for name, section in SECTIONS.items():
            if options.only and name not in options.only:
                continue
            print(f"measuring {name}...", file=sys.stderr, flush=True)
            work = folder / name
            work.mkdir()
            rows.extend(section(sizes, work, env))
    print_table(rows, judged=not options.quick)
    if options.quick:
        return 0
    missed = [row.operation for row in rows if not row.met]
    if missed:
        print(f"\n{len(missed)} budget(s) missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
