"""A CSV or tab-separated file of front, back and (optionally) tags -> one basic-card deck.

As Anki's text import: one note per line; tab, comma or semicolon between
fields (whichever the file uses); tags separated by spaces. Columns are
named by a header line (``front``, ``back``, ``tags``; ``question`` and
``answer`` also work) or by ``columns``, else taken as front, back, tags.
Card ids come from the front's text, so importing an updated file keeps
the schedule of every card whose front is unchanged; a second line with the
same front is skipped, as Anki skips a duplicate first field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from mesadrill.core import anki
from mesadrill.core.cleantext import strip_controls
from mesadrill.core.errors import MesadrillError
from mesadrill.core.htmltext import html_to_text
from mesadrill.study.deck_files import write_deck_file
from mesadrill.study.importing import ImportReport

COLUMN_NAMES = {"front": "front", "question": "front", "back": "back", "answer": "back", "tags": "tags"}
MAX_BYTES = 64 * 1024 * 1024


def _columns(spec: Sequence[str], where: str) -> list[str]:
    names = [COLUMN_NAMES.get(name.strip().lower(), "") for name in spec]
    if "front" not in names or "back" not in names:
        raise MesadrillError(f"{where}: the columns need a front and a back (got: {', '.join(spec)})")
    return names


def import_csv(
    path: Path,
    folder: Path,
    *,
    deck_id: str | None = None,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    html: bool = False,
    force: bool = False,
) -> ImportReport:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise MesadrillError(f"{path}: over {MAX_BYTES // 1024**2} MiB; split it")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MesadrillError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise MesadrillError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError:
        raise MesadrillError(f"{path}: not UTF-8 text (save it as UTF-8 CSV)") from None
    except OSError as error:
        raise MesadrillError(f"cannot read {path}: {error.strerror}") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max("\t,;", key=first_line.count) if first_line else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    start = 0
    if columns:
        names = _columns(columns, "--columns")
    elif rows and {c.strip().lower() for c in rows[0]} & {"front", "question"}:
        names = _columns(rows[0], f"{path}:1")
        start = 1
    else:
        names = ["front", "back", "tags"]
    deck_id = deck_id or anki.deck_id_for(path.stem)
    report = ImportReport(path.name)
    cards: list[dict[str, object]] = []
    seen: set[str] = set()
    empty: list[int] = []
    duplicates: list[int] = []
    for number, row in enumerate(rows[start:], start=start + 1):
        values = {name: row[i] for i, name in enumerate(names) if name and i < len(row)}

        def field(name: str, values: dict[str, str] = values) -> str:
            raw = values.get(name, "")
            return html_to_text(raw).text if html else strip_controls(raw).strip()

        front, back = field("front"), field("back")
        if not any(cell.strip() for cell in row):
            continue
        if not front or not back:
            empty.append(number)
            continue
        card_id = f"c{anki.card_id_for(front)[1:]}"
        if card_id in seen:
            duplicates.append(number)
            continue
        seen.add(card_id)
        card: dict[str, object] = {"id": card_id, "type": "basic", "front": front, "back": back}
        tags = values.get("tags", "").split()
        if tags:
            card["tags"] = tags
        cards.append(card)
    if empty:
        report.skipped.append(f"{len(empty)} line(s) without a front or a back: {_lines(empty)}")
    if duplicates:
        report.skipped.append(f"{len(duplicates)} line(s) repeating an earlier front: {_lines(duplicates)}")
    if not cards:
        raise MesadrillError(f"{path}: no cards found (each line needs a front and a back)")
    deck = {
        "deck": deck_id,
        "title": title or path.stem,
        "description": f"Imported from {path.name}.",
        "cards": cards,
    }
    header = [
        f"Imported from {path.name}.",
        "Importing the file again replaces this deck while it is unchanged;",
        "once you edit it, an import leaves it alone (--force replaces it).",
    ]
    written = write_deck_file(folder, deck, "csv", header, force=force)
    report.files.append((written, deck_id, len(cards), f"{len(cards)} basic"))
    return report


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return f"line {shown}" + (" ..." if len(numbers) > 10 else "")
