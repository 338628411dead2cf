"""Importing an Anki package: mesadrill's import against Anki's own import of the same file.

The package is made by Anki itself (the ``anki`` package, a test extra) in
its default format (zstd-compressed ``collection.anki21b``): basic notes
with a little HTML, every card given a due date and interval, exported with
scheduling. Both sides run as cold processes on a fresh target each time:
``mesadrill import anki FILE --with-history --out DIR`` against a Python
process that creates an empty collection and imports the package into it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FLOOR_SCRIPT = """
import sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[2])
col.import_anki_package(ImportAnkiPackageRequest(
    package_path=sys.argv[1], options=ImportAnkiPackageOptions(with_scheduling=True)))
col.close()
"""


def add_word_notes(col: Any, basic: Any, deck_id: int, notes: int) -> None:
    """``notes`` Basic notes with a little HTML in deck ``deck_id``, added in one call (Anki's own bulk add)."""
    from anki.collection import AddNoteRequest

    requests = []
    for index in range(notes):
        note = col.new_note(basic)
        note["Front"] = f"<b>word {index}</b> &amp; friends"
        note["Back"] = f"meaning {index}<br>second line"
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)


def make_package(notes: int, out: Path) -> Path:
    """A package of ``notes`` basic notes with schedules, written by Anki."""
    from anki.collection import Collection, ExportAnkiPackageOptions

    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        basic = col.models.by_name("Basic")
        deck = col.decks.id("Benchmark::Words")
        add_word_notes(col, basic, deck, notes)
        col.sched.set_due_date(col.find_cards(""), "1-60!")
        options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, with_media=False, legacy=False)
        col.export_anki_package(out_path=str(out), options=options, limit=None)
        col.close()
    return out


def _cold(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{args[:4]} failed: {done.stderr[-500:]}")
    return elapsed


def measure(notes: int, reps: int, folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """(mesadrill's median ms, Anki's median ms), alternating the two."""
    package = make_package(notes, folder / "bench.apkg")
    ours: list[float] = []
    floor: list[float] = []
    for rep in range(reps):
        target = folder / f"run{rep}"
        mine = {**env, "MESADRILL_DATA_DIR": str(target / "data")}
        ours.append(
            _cold(
                [
                    sys.executable,
                    "-m",
                    "mesadrill",
                    "import",
                    "anki",
                    str(package),
                    "--with-history",
                    "--out",
                    str(target / "decks"),
                ],
                mine,
            )
        )
        floor.append(_cold([sys.executable, "-c", FLOOR_SCRIPT, str(package), str(target / "anki.anki2")], env))
    ours.sort()
    floor.sort()
    return ours[len(ours) // 2], floor[len(floor) // 2]
