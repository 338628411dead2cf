"""Anki packages that are broken or made to hurt: a clear message or a correct import, never a traceback."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
import yaml

from support import anki_build
from support.cli import run_cli

pytest.importorskip("anki")


@pytest.fixture(scope="module")
def legacy_collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uncompressed schema-11 collection (collection.anki21) from Anki's own legacy export."""
    folder = tmp_path_factory.mktemp("legacy")
    col = anki_build.new_collection(folder / "c")
    anki_build.add(col, "Basic", "Big", {"Front": "first", "Back": "one"})
    package = anki_build.export(col, folder / "legacy.apkg", legacy=True)
    col.close()
    with zipfile.ZipFile(package) as archive:
        (folder / "collection.anki21").write_bytes(archive.read("collection.anki21"))
    return folder / "collection.anki21"


def package_with(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refused(path: Path, *words: str) -> str:
    done = run_cli("import", "anki", str(path))
    assert "Traceback" not in done.output, done.output
    assert done.returncode != 0, done.output
    for word in words:
        assert word in done.stderr, done.stderr
    return done.stderr


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.apkg"
    path.write_text("these are my notes\n", encoding="utf-8")
    refused(path, "not an Anki package")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    refused(tmp_path / "nowhere.apkg", "no such file")
    refused(tmp_path, "folder")


def test_no_collection_inside(tmp_path: Path) -> None:
    refused(package_with(tmp_path / "empty.apkg", {"media": b"{}"}), "no Anki collection inside")


def test_corrupt_collections(tmp_path: Path, legacy_collection: Path) -> None:
    refused(package_with(tmp_path / "a.apkg", {"collection.anki2": b"not sqlite at all" * 100}), "damaged")
    refused(package_with(tmp_path / "b.apkg", {"collection.anki21b": b"not zstd"}), "damaged")
    good = legacy_collection.read_bytes()
    half = package_with(tmp_path / "c.apkg", {"collection.anki21": good[: len(good) // 2]})
    refused(half, "damaged")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE shopping (item TEXT)").connection.commit()
    refused(
        package_with(tmp_path / "d.apkg", {"collection.anki2": other.read_bytes()}), "damaged or not an Anki collection"
    )


def test_zip_bombs(tmp_path: Path) -> None:
    import zstandard

    zeros = bytes(64 * 1024 * 1024 + 1024 * 1024)  # deflates to ~65 KB: a thousand times past the limit ratio
    refused(package_with(tmp_path / "deflate.apkg", {"collection.anki2": zeros}), "refused", "zip bomb")
    compressor = zstandard.ZstdCompressor()
    refused(package_with(tmp_path / "zstd.apkg", {"collection.anki21b": compressor.compress(zeros)}), "zip bomb")


def test_a_lying_size_in_the_zip_header(tmp_path: Path) -> None:
    path = package_with(tmp_path / "liar.apkg", {"collection.anki2": b"x" * 100}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    # Corrupt the stored data's CRC check by changing a byte: the zip library notices while unpacking.
    offset = data.find(b"x" * 100)
    data[offset] = ord("y")
    path.write_bytes(bytes(data))
    refused(path, "damaged")


def test_a_100k_note_collection_imports(tmp_path: Path, legacy_collection: Path, isolated_home: Path) -> None:
    big = tmp_path / "collection.anki21"
    big.write_bytes(legacy_collection.read_bytes())
    db = sqlite3.connect(big)
    (mid, did) = db.execute("SELECT n.mid, c.did FROM notes n JOIN cards c ON c.nid = n.id").fetchone()
    base = 1_700_000_000_000
    db.executemany(
        "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
        "VALUES (?, ?, ?, 0, -1, '', ?, '', 0, 0, '')",
        ((base + i, f"g{i}", mid, f"<b>front {i}</b>\x1fback {i}") for i in range(100_000)),
    )
    db.executemany(
        "INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data) "
        "VALUES (?, ?, ?, 0, 0, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        ((base + i, base + i, did, i) for i in range(100_000)),
    )
    db.commit()
    db.close()
    package = package_with(tmp_path / "big.apkg", {"collection.anki21": big.read_bytes()})
    done = run_cli("import", "anki", str(package), timeout=300)
    assert done.returncode == 0 and "Traceback" not in done.output, done.output
    assert "100,000" in done.stderr  # progress on stderr
    deck = yaml.safe_load((isolated_home / "data" / "decks" / "big.yaml").read_text(encoding="utf-8"))
    assert len(deck["cards"]) == 100_001
    fronts = {card["front"] for card in deck["cards"]}
    assert {"first", "front 0", "front 99999"} <= fronts


def test_odd_content_is_reported_not_fatal(tmp_path: Path, isolated_home: Path) -> None:
    col = anki_build.new_collection(tmp_path / "odd")
    anki_build.add(col, "Cloze", "日本語::漢字", {"Text": "{{c1::outer {{c2::inner}} text}}"})
    anki_build.add(col, "Cloze", "日本語::漢字", {"Text": "<script>steal()</script>{{c1::fine}}<style>x{}</style>"})
    anki_build.add(col, "Basic", "日本語::漢字", {"Front": "<br><div> </div>", "Back": "nothing in front"})
    anki_build.add(col, "Basic", "日本語::漢字", {"Front": "\x1b[2Jclear?", "Back": ""})
    package = anki_build.export(col, tmp_path / "odd.apkg")
    col.close()
    done = run_cli("import", "anki", str(package))
    assert done.returncode == 0 and "Traceback" not in done.output, done.output
    assert "1 cloze note(s) mesadrill cannot read (a cloze deletion cannot contain another)" in done.stdout
    assert "1 note(s) with an empty front" in done.stdout
    [path] = (isolated_home / "data" / "decks").iterdir()
    deck = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert deck["title"] == "日本語::漢字" and deck["deck"].startswith("anki-")
    assert [card.get("text") or card["front"] for card in deck["cards"]] == ["{{c1::fine}}", "[2Jclear?"]
    assert deck["cards"][1]["back"] == "(empty in Anki)"
    assert run_cli("lint", str(path)).returncode == 0
