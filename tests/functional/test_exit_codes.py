"""Exit codes as README.md documents them, and deck paths that loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import run_cli


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    first, second = tmp_path / "loop-a", tmp_path / "loop-b"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def test_a_decks_path_that_is_a_symlink_loop_is_reported_not_traced_back(loop: Path, tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "inner").symlink_to(folder)  # a folder that contains itself
    for value in (str(loop), str(folder), f"{loop}:{folder}"):
        env = {"MESADRILL_DECKS": value}
        for args in (["decks"], ["review", "mesa-terms", "--plain"], ["cards", "mesa-terms"], ["stats", "--plain"]):
            done = run_cli(*args, input="q\n", env=env)
            assert "Traceback" not in done.output, (value, args, done.output)
            assert done.returncode == 0, (value, args, done.output)
    listing = run_cli("decks", env={"MESADRILL_DECKS": str(loop)})
    assert f"mesadrill lint {loop}" in listing.stderr
    lint = run_cli("lint", str(loop))
    assert lint.returncode == 1 and "symbolic links" in lint.stdout and "Traceback" not in lint.output


def test_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("deck: good\ntitle: T\ndescription: D\ncards:\n  - {id: a, type: basic, front: Q, back: A}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: bad\ntitle: T\ndescription: D\ncards:\n  - {id: a, type: basic, front: Q}\n")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0")
    cases = [
        (0, ["lint", str(good)]),
        (1, ["lint", str(bad)]),  # problems found
        (2, ["lint", str(tmp_path / "missing.yaml")]),  # nothing readable there
        (2, ["review", "--no-such-option"]),  # usage (click)
        (2, ["history", "import", str(tmp_path / "missing.jsonl")]),  # usage (click checks the path)
        (2, ["history", "import", str(binary)]),  # unreadable input
        (1, ["review", "no-such-deck", "--plain"]),  # a command that could not do its work
    ]
    for code, args in cases:
        done = run_cli(*args)
        assert done.returncode == code, (args, done.output)
        assert "Traceback" not in done.output
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "## Exit codes" in readme
