"""Decks come from strangers: every hostile input gets a clear message, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesadrill.decks.load import MAX_FILE_BYTES, load_deck_file
from support.cli import run_cli

HEADER = "deck: demo\ntitle: Demo\ndescription: For tests.\ncards:\n"


def lint(path: Path) -> tuple[int, str]:
    done = run_cli("lint", str(path))
    assert "Traceback" not in done.output
    return done.returncode, done.output


def messages(path: Path) -> list[str]:
    return [str(p) for p in load_deck_file(path).problems]


def test_malformed_yaml_shows_where_it_opened_and_where_it_failed(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("deck: d\ntags: [a, b\ntitle: T\n")
    code, out = lint(path)
    assert code == 1
    assert f"{path}:3:" in out
    assert "(while parsing a flow sequence that opened at line 2, column 7)" in out


def test_tab_indentation_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "tabs.yaml"
    path.write_text("deck: d\ncards:\n\t- id: a\n")
    assert any("YAML indents with spaces, not tabs" in m and ":3:1:" in m for m in messages(path))


def test_non_utf8_file_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEADER.encode() + "  - {id: a, type: basic, front: caf\xe9, back: A}\n".encode("latin-1"))
    code, out = lint(path)
    assert code == 1
    assert f"{path}:5:" in out and "not UTF-8" in out and "0xe9" in out


def test_utf16_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(HEADER.encode("utf-16"))
    assert messages(path) == [f"{path}:1:1: the file is UTF-16; save it as UTF-8"]


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")
    code, out = lint(path)
    assert code == 1 and "not UTF-8" in out


@pytest.mark.parametrize("content", ["", "   \n\n", "# only a comment\n# and another\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(content)
    code, out = lint(path)
    assert code == 1 and f"{path}:1:1: the file is empty" in out


def test_top_level_list(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- id: a\n  type: basic\n")
    code, out = lint(path)
    assert code == 1 and "the top level of a deck must be a mapping" in out and "not a list" in out


def test_top_level_scalar(tmp_path: Path) -> None:
    path = tmp_path / "scalar.yaml"
    path.write_text("just some words\n")
    assert "not text" in messages(path)[0]


def test_multi_document_file(tmp_path: Path) -> None:
    path = tmp_path / "multi.yaml"
    path.write_text(HEADER + "  - {id: a, type: basic, front: Q, back: A}\n---\ndeck: other\n")
    code, out = lint(path)
    assert code == 1
    assert f"{path}:6:1: a deck file holds one YAML document" in out


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    code, out = lint(path)
    assert code == 1 and "decks are limited to 64 MiB" in out


@pytest.mark.parametrize("depth", [33, 100_000])
def test_deep_flow_nesting_is_refused_before_building(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("deck: " + "[" * depth + "]" * depth + "\n")
    code, out = lint(path)
    # Our message at the 32nd bracket (level 33 with the top mapping), whichever
    # libyaml is installed (0.2.6 refuses deep flow nesting in its own words).
    assert code == 1
    assert f"{path}:1:{len('deck: ') + 32}: nesting deeper than 32 levels" in out
    assert "Traceback" not in out


def test_deep_block_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep-block.yaml"
    path.write_text("".join(" " * i + "k:\n" for i in range(200)))
    code, out = lint(path)
    assert code == 1 and "nesting deeper than 32 levels" in out


def test_nesting_just_within_the_limit_is_not_a_depth_error(tmp_path: Path) -> None:
    path = tmp_path / "ok-depth.yaml"
    path.write_text("tags: " + "[" * 31 + "]" * 31 + "\n")
    assert not any("nesting" in p.message for p in load_deck_file(path).problems)


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    code, out = lint(path)
    assert code == 1
    assert f"{path}:1:4: anchors (&a) are not allowed in decks" in out


def test_alias_without_anchor_line(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text(HEADER + "  - &card {id: a, type: basic, front: Q, back: A}\n  - *card\n")
    assert "anchors (&card) are not allowed" in messages(path)[0]


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'deck: !!python/object/apply:os.system ["touch {marker}"]\n')
    code, out = lint(path)
    assert code == 1
    assert "tags such as !!python/object/apply:os.system are not allowed" in out
    assert not marker.exists()


def test_custom_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "tag.yaml"
    path.write_text("deck: !custom value\n")
    assert "tags such as !custom are not allowed" in messages(path)[0]


def test_standard_str_tag_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "str.yaml"
    path.write_text(HEADER + "  - {id: a, type: basic, front: !!str 3, back: A}\n")
    assert load_deck_file(path).deck is not None


def test_a_directory_given_as_a_deck_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    result = load_deck_file(folder)
    assert result.deck is None and "is a folder, not a deck file" in str(result.problems[0])
    done = run_cli("review", str(folder), "--plain")
    assert done.returncode != 0 and "Traceback" not in done.output


def test_raw_escape_byte_is_a_yaml_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_bytes(HEADER.encode() + b"  - {id: a, type: basic, front: \x1b[31mred, back: A}\n")
    code, out = lint(path)
    assert code == 1 and f"{path}:5:" in out and "U+001B" in out


@pytest.mark.parametrize(
    ("escaped", "shown"),
    [
        ("\\e[31mred\\e[0m", "red"),
        ("\\e]8;;http://evil.test\\aclick\\e]8;;\\a", "click"),
        ("\\e]0;new title\\e\\\\x", "x"),
        ("a\\x9b2Jb", "ab"),
        ("bell\\a", "bell"),
        ("nul\\0byte", "nulbyte"),
    ],
)
def test_escape_sequences_in_text_are_stripped_with_a_warning(tmp_path: Path, escaped: str, shown: str) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text(HEADER + f'  - id: a\n    type: basic\n    front: "{escaped}"\n    back: A\n')
    result = load_deck_file(path)
    assert result.deck is not None
    assert result.deck.items[0].prompt == shown
    (warning,) = result.warnings
    assert warning.line == 7 and "control character" in warning.message


def test_bidi_override_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "bidi.yaml"
    path.write_text(HEADER + '  - {id: a, type: basic, front: "abc\u202edef", back: A}\n', encoding="utf-8")
    result = load_deck_file(path)
    assert result.deck is not None
    (warning,) = result.warnings
    assert warning.line == 5 and "U+202E" in warning.message
    done = run_cli("lint", "--strict", str(path))
    assert done.returncode == 1 and "warning:" in done.stdout
    assert run_cli("lint", str(path)).returncode == 0


def test_mapping_as_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "key.yaml"
    path.write_text("? [a, b]\n: c\n")
    assert "a mapping key must be plain text" in messages(path)[0]
