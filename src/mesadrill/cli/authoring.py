"""Commands for deck authors: lint, decks, new, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from mesadrill.cli import output
from mesadrill.core.errors import MesadrillError, Problem
from mesadrill.env import paths

if TYPE_CHECKING:
    from mesadrill.core.course import Course
    from mesadrill.core.model import Deck
    from mesadrill.decks.result import LoadResult

# The loader, catalog and store are imported inside the commands that use
# them, so that `mesadrill --help` and the other commands start without them.


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def lint(paths: tuple[Path, ...], strict: bool) -> None:
    """Check deck files, or every deck in a folder.

    Prints every problem as path:line:column: message and exits 1 if there
    are errors (or, with --strict, warnings), 2 if a path names nothing it
    can read. A clean deck gets a one-line summary.

    \b
    Examples:
      mesadrill lint decks/
      mesadrill lint my-deck.yaml --strict
    """
    from mesadrill.decks import cache as deckcache
    from mesadrill.decks.catalog import deck_files

    files: list[Path] = []
    missing: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = deck_files(path)
            if not found:
                missing.append(Problem(str(path), 1, 1, "no .yaml or .yml deck files in this folder"))
            files.extend(found)
        elif path.exists() or path.is_symlink():  # a broken link or a loop: the loader says which
            files.append(path)
        else:
            missing.append(Problem(str(path), 1, 1, "no such file or folder"))
    from mesadrill.decks.catalog import is_course_file

    course_files = [path for path in files if is_course_file(path)]
    results = [deckcache.load(path) for path in files if path not in course_files]
    clashes = _deck_id_clashes(results)
    course_problems = _lint_courses(course_files, results)
    errors = (
        len(missing)
        + sum(len(r.errors) for r in results)
        + len(clashes)
        + sum(1 for found in course_problems for p in found if p.severity == "error")
    )
    warnings = sum(len(r.warnings) for r in results) + sum(
        1 for found in course_problems for p in found if p.severity == "warning"
    )
    for problem in missing:
        output.line(str(problem))
    for result in results:
        for problem in result.problems:
            output.line(str(problem))
        for problem in clashes.get(result.path, []):
            output.line(str(problem))
        deck = result.deck
        if deck is not None and not result.problems and result.path not in clashes:
            output.line(
                f"{result.path}: ok: deck '{deck.id}' ({deck.title}), "
                f"{_count(deck.card_count, 'card')}, {_count(deck.item_count, 'review item')}"
            )
    for course_found in course_problems:
        for course_problem in course_found:
            output.line(str(course_problem))
    failed = errors > 0 or (strict and warnings > 0)
    if errors or warnings:
        output.line(f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(len(files), 'file')}")
    if missing:
        raise SystemExit(2)  # unreadable input, as click's usage errors
    if failed:
        raise SystemExit(1)


def _lint_courses(course_files: list[Path], results: list[LoadResult]) -> list[list[Problem]]:
    """Each course file's problems, its references checked against the linted decks, then the visible ones."""
    if not course_files:
        return []
    from mesadrill.decks.catalog import Catalog
    from mesadrill.decks.course_check import check_course

    decks = {r.deck.id: r.deck for r in results if r.deck is not None}
    loaded = [_course_found(path) for path in course_files]
    courses: list[Course] = [r.course for r in loaded if r.course is not None]
    if _needs_catalog(loaded, decks):
        # A reference outside the linted files: check it against every deck and course mesadrill can see.
        catalog = Catalog.discover()
        decks = {**{deck.id: deck for deck in catalog.decks()}, **decks}
        courses += catalog.courses()
    found: list[list[Problem]] = []
    for result in loaded:
        problems = list(result.problems)
        course = result.course
        draft = result.draft
        if draft is not None:
            problems += check_course(draft, decks, [c for c in courses if c is not draft and c.id != draft.id])
        if course is not None and not problems:
            items = sum(len(lesson.cards) for lesson in course.lessons)
            output.line(
                f"{result.path}: ok: course '{course.id}' ({course.title}), "
                f"{_count(len(course.lessons), 'lesson')}, {_count(items, 'card reference')}"
            )
        found.append(sorted(problems, key=lambda p: (p.path, p.line, p.column)))
    return found


class _CourseFound(NamedTuple):
    path: Path
    course: Course | None
    problems: list[Problem]
    draft: Course | None  # what could be built despite errors: its references are checked too


def _course_found(path: Path) -> _CourseFound:
    """A course file as lint sees it: from the course cache when unchanged (YAML is then never loaded)."""
    from mesadrill.decks import course_cache

    course = course_cache.cached(path)
    if course is not None:
        return _CourseFound(path, course, [], course)
    from mesadrill.decks.course_parse import load_course_file

    result = load_course_file(path)
    if result.course is not None and not result.problems:
        course_cache.remember(path, result.course)
    return _CourseFound(result.path, result.course, result.problems, result.draft)


def _needs_catalog(loaded: list[_CourseFound], decks: dict[str, Deck]) -> bool:
    """True when a course refers to a deck, or another course, that is not among the linted files."""
    ids = {r.draft.id for r in loaded if r.draft is not None}
    for result in loaded:
        if result.draft is None:
            continue
        for lesson in result.draft.lessons:
            for ref in (*lesson.cards, *lesson.key_terms, *lesson.interview):
                if ref.deck_id not in decks:
                    return True
            if any(related.course_id is not None and related.course_id not in ids for related in lesson.related):
                return True
    return False


def _deck_id_clashes(results: list[LoadResult]) -> dict[Path, list[Problem]]:
    first: dict[str, Path] = {}
    clashes: dict[Path, list[Problem]] = {}
    for result in results:
        deck = result.deck
        if deck is None:
            continue
        if deck.id in first:
            clashes.setdefault(result.path, []).append(
                Problem(str(result.path), 1, 1, f"deck id '{deck.id}' is also used by {first[deck.id]}")
            )
        else:
            first[deck.id] = result.path
    return clashes


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def decks(as_json: bool) -> None:
    """List the decks mesadrill can see, with what is due and new today.

    Decks come from the paths in MESADRILL_DECKS (':'-separated), your deck
    folder (shown below the table), and the bundled decks, in that order;
    when two files share a deck id the first wins. As in Anki, a deck's due
    count stops at what reviews_per_day lets through today; the line under
    the table says how many the daily limits hold back (in --json, each
    deck's due_beyond_limit).

    \b
    Examples:
      mesadrill decks
      mesadrill decks --json | jq '.[].id'
    """
    from mesadrill.decks.catalog import first_error
    from mesadrill.study.limits import review_room, within_limits
    from mesadrill.study.planner import deck_counts
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    catalog = runtime.catalog
    today = runtime.today()
    counts = {}
    with runtime.open_store() as store:
        room = review_room(store, runtime.settings, today)
        for deck in catalog.decks():
            counts[deck.id] = deck_counts(
                store,
                deck,
                today,
                runtime.settings.new_per_day,
                bury_siblings=runtime.settings.bury_siblings,
                due_cap=room,
            )
        limited = within_limits(
            store,
            runtime.settings,
            today,
            sum(c.due for c in counts.values()),
            sum(c.new for c in counts.values()),
            sum(c.due_beyond for c in counts.values()),
        )
    rows = []
    for entry in catalog.entries:
        found = entry.deck
        count = counts.get(found.id) if found and not entry.shadowed_by else None
        row: dict[str, object] = {
            "id": found.id if found else None,
            "title": found.title if found else None,
            "cards": found.card_count if found else None,
            "items": found.item_count if found else None,
            "due": count.due if count else None,
            "new": count.new if count else None,
            "again": count.again if count else None,
            "due_beyond_limit": count.due_beyond if count else None,
            "origin": entry.origin.value,
            "path": str(entry.path),
            "shadowed_by": str(entry.shadowed_by) if entry.shadowed_by else None,
            "errors": len(entry.result.errors),
        }
        rows.append(row)
    if as_json:
        output.line(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        output.line("No decks found. Create one with: mesadrill new my-deck.yaml")
        return
    table = []
    for entry, row in zip(catalog.entries, rows, strict=True):
        if entry.deck is None:
            problem = first_error(entry)
            table.append(
                ["(broken)", str(problem.message if problem else "cannot load"), "", "", "", "", "", entry.origin.value]
            )
            continue
        note = f" (shadowed by {entry.shadowed_by})" if entry.shadowed_by else ""
        due = "" if row["due"] is None else str(row["due"])
        new = "" if row["new"] is None else str(row["new"])
        again = "" if row["again"] is None else str(row["again"])
        table.append(
            [
                str(row["id"]),
                f"{row['title']}{note}",
                due,
                again,
                new,
                str(row["cards"]),
                str(row["items"]),
                entry.origin.value,
            ]
        )
    # On a narrow terminal the title shortens, then "from", "cards" and the title go; the id shortens last.
    output.table(
        ["deck", "title", "due", "again", "new", "cards", "items", "from"],
        table,
        right={2, 3, 4, 5, 6},
        steps=[("shrink", 1), ("drop", 7), ("drop", 5), ("drop", 1), ("shrink", 0)],
    )
    if limited.held_back:
        output.line(
            f"\nHeld back by the daily limit: {limited.held_back} "
            f"(today over all decks: {limited.due} due, {limited.new} new)."
        )
    output.line(f"\nYour deck folder: {paths.user_deck_dir()}  (new decks: mesadrill new PATH)")
    broken = catalog.broken()
    if broken:
        output.line(f"\n{len(broken)} deck file(s) have errors; run: mesadrill lint {broken[0].path}", err=True)


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--course", "as_course", is_flag=True, help="Write a starter course (with its reading and a deck) instead."
)
def new(path: Path, as_course: bool) -> None:
    """Write a starter deck with an example of every card type.

    With --course, write a starter course instead: PATH, its first reading in
    a folder named after it, and a small deck its lessons refer to. No file
    is ever overwritten.

    \b
    Examples:
      mesadrill new ~/decks/spanish.yaml && mesadrill lint ~/decks/spanish.yaml
      mesadrill new --course ~/decks/birds.yaml && mesadrill lint ~/decks
    """
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_suffix(path.suffix + ".yaml") if path.suffix else path.with_suffix(".yaml")
    if as_course:
        _new_course(path)
        return
    from mesadrill.decks.starter import starter_deck

    text = starter_deck(path.name, path.stem)
    _write_new(path, text)
    output.line(f"Wrote {path}. Check it with: mesadrill lint {path}")


def _write_new(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise MesadrillError(f"{path} already exists; not overwriting it (choose another name)") from None
    except OSError as error:
        raise MesadrillError(f"cannot write {path}: {error.strerror}") from None


def _new_course(path: Path) -> None:
    import re

    from mesadrill.decks.course_starter import STARTER_COURSE, STARTER_DECK, STARTER_READING

    course_id = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")[:50] or "my-course"
    deck_id = f"{course_id}-cards"
    reading = path.parent / course_id / "01-first-lesson.md"
    deck = path.parent / f"{deck_id}.yaml"
    for target in (path, reading, deck):
        if target.exists():
            raise MesadrillError(f"{target} already exists; not overwriting it (choose another name)")
    values = {"course_id": course_id, "deck_id": deck_id, "title": path.stem, "folder": path.parent}
    _write_new(path, STARTER_COURSE.format(**values))
    _write_new(reading, STARTER_READING)
    _write_new(deck, STARTER_DECK.format(**values))
    output.line(f"Wrote {path}, {reading} and {deck}. Check them with: mesadrill lint {path.parent}")


@click.command()
@click.option("--course", "as_course", is_flag=True, help="The course format's schema instead of the deck's.")
def schema(as_course: bool) -> None:
    """Print a JSON Schema of the deck (or, with --course, the course) format, for editor completion.

    \b
    Example:
      mesadrill schema > mesadrill-deck.schema.json
    then put this first line in a deck:
      # yaml-language-server: $schema=./mesadrill-deck.schema.json
    """
    if as_course:
        from mesadrill.decks.course_schema import course_schema

        output.line(json.dumps(course_schema(), indent=2))
        return
    from mesadrill.decks.schema import deck_schema

    output.line(json.dumps(deck_schema(), indent=2))
