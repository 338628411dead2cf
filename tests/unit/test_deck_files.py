"""Which files a deck folder offers: what ``Path.rglob`` gave, walked more cheaply."""

from __future__ import annotations

import os
from pathlib import Path

from mesadrill.decks.catalog import deck_files


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("deck: x\n")
    return path


def test_nested_decks_in_path_order_hidden_and_other_files_skipped(tmp_path: Path) -> None:
    wanted = [
        touch(tmp_path / "a" / "x.yaml"),
        touch(tmp_path / "a-b" / "x.yml"),  # "a-b/..." sorts after "a/..." as paths, before it as strings
        touch(tmp_path / "top.yaml"),
        touch(tmp_path / "z" / "deep" / "er" / "d.yaml"),
    ]
    touch(tmp_path / ".hidden.yaml")
    touch(tmp_path / ".git" / "deck.yaml")
    touch(tmp_path / "a" / ".draft" / "x.yaml")
    touch(tmp_path / "notes.txt")
    touch(tmp_path / "upper.YAML")
    (tmp_path / "folder.yaml").mkdir()
    assert deck_files(tmp_path) == wanted
    assert deck_files(tmp_path) == sorted(
        p
        for p in tmp_path.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and not any(s.startswith(".") for s in p.relative_to(tmp_path).parts)
    )


def test_a_linked_file_counts_a_linked_folder_is_not_entered(tmp_path: Path) -> None:
    elsewhere = touch(tmp_path / "elsewhere" / "deck.yaml")
    decks = tmp_path / "decks"
    decks.mkdir()
    os.symlink(elsewhere, decks / "linked.yaml")
    os.symlink(elsewhere.parent, decks / "folder")
    os.symlink(decks, decks / "loop")  # a loop through a link: never followed
    assert deck_files(decks) == [decks / "linked.yaml"]


def test_a_missing_folder_has_no_decks(tmp_path: Path) -> None:
    assert deck_files(tmp_path / "nowhere") == []
