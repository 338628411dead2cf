"""Reading an Anki package (.apkg, .colpkg): the zip, the collection inside it, its tables.

A package is a zip holding a collection (an SQLite file) in one of three
forms; like Anki, the newest present is read first:

- ``collection.anki21b``: zstd-compressed SQLite, schema 18 (Anki 2.1.50+,
  its default). Such packages also hold a ``collection.anki2`` decoy whose
  one note says "please update Anki": it must not be read when a newer
  collection is there.
- ``collection.anki21``: SQLite, schema 11 with the newer scheduler (2.1.x).
- ``collection.anki2``: SQLite, schema 11 (Anki 2.0, and genanki's output).

Schema 18 keeps note types, fields, templates and decks in tables (their
settings as protobuf, of which two numbers are read here); schema 11 keeps
them as JSON in the ``col`` row. Everything comes back as plain data.

Packages come from strangers: the zip is checked before anything is
unpacked (a member larger than ``MAX_COLLECTION_BYTES`` uncompressed, or
expanding past it while being unpacked, is refused), the collection is
copied to a private temporary folder and opened read-only, and every
SQLite or zip error becomes a PackageError naming the file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from mesadrill.core.errors import MesadrillError
from mesadrill.core.records import record

MAX_COLLECTION_BYTES = 2 * 1024**3  # a collection unpacking to more than this is refused
# A collection may unpack to this many times its packed size (SQLite packs ~3-10x)
# or to SMALL_EXPANSION_BYTES, whichever is more: beyond that it is a zip bomb.
MAX_EXPANSION_RATIO = 1000
SMALL_EXPANSION_BYTES = 64 * 1024**2
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
_CHUNK = 1024 * 1024


class PackageError(MesadrillError):
    """An Anki package that cannot be read; nothing was imported."""


@record(frozen=True, slots=True)
class NoteType:
    name: str
    fields: tuple[str, ...]
    is_cloze: bool
    stock_kind: int  # Anki's original stock kind: 1 basic, 2 and reversed, 3 optional reversed, 4 typing, 5 cloze, 6 image occlusion; 0 unknown
    templates: tuple[str, ...]  # question formats


@record(frozen=True, slots=True)
class Note:
    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


@record(frozen=True, slots=True)
class Card:
    id: int
    note_id: int
    deck_id: int
    ord: int
    type: int  # 0 new, 1 learning, 2 review, 3 relearning
    queue: int  # -3/-2 buried, -1 suspended, 0 new, 1 learning, 2 review, 3 day learning
    due: int
    interval: int  # days (negative: seconds, for learning steps)
    factor: int  # ease in permille (2500 = 2.5)
    reps: int
    lapses: int
    modified: int  # seconds since the epoch
    original_due: int
    original_deck_id: int


@record(frozen=True, slots=True)
class Review:
    id: int  # milliseconds since the epoch: when it was answered
    card_id: int
    ease: int  # 1 Again, 2 Hard, 3 Good, 4 Easy; 0 for a manual reschedule
    interval: int
    factor: int
    taken_ms: int
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@record(frozen=True, slots=True)
class Collection:
    source: str  # which member was read
    created: int  # seconds since the epoch: day 0 of the review due numbers
    decks: dict[int, str]  # id -> full name with '::'
    notetypes: dict[int, NoteType]
    notes: list[Note]
    cards: list[Card]
    reviews: list[Review]


def _varints(blob: bytes | None) -> Iterator[tuple[int, int, bytes | int]]:
    """(field number, wire type, value) of a protobuf message; stops at anything malformed."""
    data = blob or b""
    at = 0

    def varint() -> int:
        nonlocal at
        value = shift = 0
        while at < len(data):
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
        raise ValueError("truncated")

    with suppress(ValueError):
        while at < len(data):
            key = varint()
            number, wire = key >> 3, key & 7
            if wire == 0:
                yield number, wire, varint()
            elif wire == 2:
                size = varint()
                yield number, wire, data[at : at + size]
                at += size
            elif wire == 1:
                at += 8
            elif wire == 5:
                at += 4
            else:
                return


def _proto_int(blob: bytes | None, number: int) -> int:
    return next((int(v) for n, w, v in _varints(blob) if n == number and w == 0 and isinstance(v, int)), 0)


def _proto_text(blob: bytes | None, number: int) -> str:
    for n, w, v in _varints(blob):
        if n == number and w == 2 and isinstance(v, bytes):
            return v.decode("utf-8", "replace")
    return ""


def _copy_limited(source: IO[bytes], target: IO[bytes], name: str, packed: int) -> None:
    limit = min(MAX_COLLECTION_BYTES, max(SMALL_EXPANSION_BYTES, packed * MAX_EXPANSION_RATIO))
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > limit:
            raise PackageError(
                f"{name}: refused: the collection expands to over {limit:,} bytes from {packed:,} (a zip bomb?)"
            )
        target.write(chunk)


def _unpack(package: Path, folder: Path) -> tuple[Path, str]:
    shown = str(package)
    try:
        archive = zipfile.ZipFile(package)
    except FileNotFoundError:
        raise PackageError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise PackageError(f"{shown}: is a folder, not an Anki package") from None
    except zipfile.BadZipFile:
        raise PackageError(f"{shown}: not an Anki package (.apkg or .colpkg files are zip archives)") from None
    except OSError as error:
        raise PackageError(f"cannot read {shown}: {error.strerror}") from None
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        name = next((candidate for candidate in COLLECTION_NAMES if candidate in members), None)
        if name is None:
            raise PackageError(f"{shown}: no Anki collection inside (expected one of {', '.join(COLLECTION_NAMES)})")
        info = members[name]
        if info.file_size > MAX_COLLECTION_BYTES:
            raise PackageError(f"{shown}: refused: the collection would unpack to {info.file_size:,} bytes")
        target = folder / "collection.sqlite"
        try:
            with archive.open(info) as member, target.open("wb") as out:
                if name.endswith("b"):
                    _decompress_zstd(member, out, shown, info.compress_size)
                else:
                    _copy_limited(member, out, shown, info.compress_size)
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as error:
            raise PackageError(f"{shown}: the package is damaged ({error})") from None
        except OSError as error:
            raise PackageError(f"cannot unpack {shown}: {error.strerror or error}") from None
    return target, name


def _decompress_zstd(member: IO[bytes], out: IO[bytes], shown: str, packed: int) -> None:
    try:
        import zstandard
    except ImportError:  # pragma: no cover - a declared dependency
        raise PackageError(
            f"{shown} is in Anki's current format (zstd-compressed); install zstandard: pip install zstandard"
        ) from None
    try:
        with zstandard.ZstdDecompressor().stream_reader(member) as reader:
            _copy_limited(reader, out, shown, packed)
    except zstandard.ZstdError as error:
        raise PackageError(f"{shown}: the collection is damaged (zstd: {error})") from None


@contextmanager
def opened_collection(package: Path) -> Iterator[tuple[sqlite3.Connection, str]]:
    """The package's collection, unpacked to a private temporary folder and opened read-only."""
    folder = Path(tempfile.mkdtemp(prefix="mesadrill-anki-"))
    try:
        path, name = _unpack(package, folder)
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error as error:
            raise PackageError(f"{package}: cannot open its collection ({error})") from None
        try:
            yield db, name
        finally:
            db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_package(package: Path) -> Collection:
    """Every deck, note type, note, card and review of the package's collection."""
    with opened_collection(package) as (db, name):
        try:
            return _read(db, name)
        except sqlite3.DatabaseError as error:
            raise PackageError(
                f"{package}: its collection ({name}) is damaged or not an Anki collection ({error})"
            ) from None
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise PackageError(f"{package}: its collection ({name}) has unexpected contents ({error!r})") from None


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _read(db: sqlite3.Connection, name: str) -> Collection:
    tables = _tables(db)
    missing = {"col", "notes", "cards"} - tables
    if missing:
        raise sqlite3.DatabaseError(f"no {', '.join(sorted(missing))} table")
    created, models_json, decks_json = db.execute("SELECT crt, models, decks FROM col").fetchone()
    if "notetypes" in tables:
        decks = {int(i): str(n).replace("\x1f", "::") for i, n in db.execute("SELECT id, name FROM decks")}
        notetypes = _schema18_notetypes(db)
    else:
        decks = {int(i): str(d["name"]) for i, d in json.loads(decks_json or "{}").items()}
        notetypes = _schema11_notetypes(json.loads(models_json or "{}"))
    notes = [
        Note(int(i), str(g), int(m), tuple(str(t).split()), tuple(str(f).split("\x1f")))
        for i, g, m, t, f in db.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
    ]
    cards = [
        Card(*(int(value or 0) for value in row))
        for row in db.execute(
            "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, mod, odue, odid FROM cards ORDER BY id"
        )
    ]
    reviews: list[Review] = []
    if "revlog" in tables:
        reviews = [
            Review(*(int(value or 0) for value in row))
            for row in db.execute("SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY id")
        ]
    return Collection(name, int(created), decks, notetypes, notes, cards, reviews)


def _schema18_notetypes(db: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, field_name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(int(ntid), []).append(str(field_name))
    templates: dict[int, list[str]] = {}
    for ntid, config in db.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        templates.setdefault(int(ntid), []).append(_proto_text(config, 1))
    result = {}
    for raw_id, type_name, config in db.execute("SELECT id, name, config FROM notetypes"):
        ntid = int(raw_id)
        result[ntid] = NoteType(
            name=str(type_name),
            fields=tuple(fields.get(ntid, ())),
            is_cloze=_proto_int(config, 1) == 1,  # NotetypeConfig.kind: 1 is cloze
            stock_kind=_proto_int(config, 9),  # NotetypeConfig.original_stock_kind
            templates=tuple(templates.get(ntid, ())),
        )
    return result


def _schema11_notetypes(models: dict[str, Any]) -> dict[int, NoteType]:
    result = {}
    for ntid, model in models.items():
        result[int(ntid)] = NoteType(
            name=str(model.get("name", "")),
            fields=tuple(str(f.get("name", "")) for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))),
            is_cloze=model.get("type") == 1,
            stock_kind=int(model.get("originalStockKind", 0) or 0),
            templates=tuple(
                str(t.get("qfmt", "")) for t in sorted(model.get("tmpls", []), key=lambda t: t.get("ord", 0))
            ),
        )
    return result
