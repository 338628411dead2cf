"""Commands for studying and looking at schedules: review, cards."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from mesadrill.cli import output
from mesadrill.cli.open_app import drill_in_app, review_in_app
from mesadrill.cli.sync import sync_after_session

if TYPE_CHECKING:
    from mesadrill.store.history_store import HistoryStore
    from mesadrill.study.runtime import Runtime


@click.command()
@click.argument("decks", nargs=-1, required=True)
@click.option("--plain", is_flag=True, help="Line-based session for plain terminals, screen readers and scripts.")
@click.option(
    "--new",
    "new_per_day",
    type=click.IntRange(0, 10_000),
    default=None,
    help="New items per deck per day (default 20, or new_per_day in config.toml); overrides new_per_day_total.",
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only items with this tag (repeat for any of several)."
)
@click.option(
    "--ahead",
    type=click.IntRange(1, 3650),
    default=None,
    metavar="DAYS",
    help="Custom study: items due in the next DAYS days.",
)
@click.option("--failed-today", is_flag=True, help="Custom study: items graded below 3 today.")
@click.option("--cram", is_flag=True, help="Custom study: every item of the decks (and tags) chosen.")
def review(
    decks: tuple[str, ...],
    plain: bool,
    new_per_day: int | None,
    tags: tuple[str, ...],
    ahead: int | None,
    failed_today: bool,
    cram: bool,
) -> None:
    """Review what is due in one or more decks.

    DECK is a deck id (see `mesadrill decks`) or the path of a deck file.
    Due items come first (most overdue first), then new ones up to the daily
    limit, then items graded below 4 earlier, until you grade them 4 or 5.
    Every grade is saved the moment you give it. Suspended and buried items
    are left out, and the daily limits (reviews_per_day, new_per_day_total in
    config.toml) hold the rest for another day: the session says how many.

    Custom study (--ahead, --failed-today, --cram) is practice: grading an
    item that is due counts as its normal review; any other grade is kept as
    practice and leaves the schedule alone.

    \b
    Grades (SM-2):
      0 complete blackout
      1 wrong, but recognised on seeing the answer
      2 wrong, but the answer seemed easy to recall
      3 right, with serious difficulty
      4 right, after hesitation
      5 perfect

    \b
    Examples:
      mesadrill review mesa-terms
      mesadrill review mesa-terms mesa-evidence --new 10
      mesadrill review ./my-deck.yaml --plain
      mesadrill review mesa-terms --tag inner-alignment
      mesadrill review mesa-terms --ahead 3
      mesadrill review mesa-terms --cram --plain
    """
    from mesadrill.study.custom import Custom, open_review
    from mesadrill.study.runtime import Runtime

    if sum([ahead is not None, failed_today, cram]) > 1:
        raise click.UsageError("choose one of --ahead, --failed-today and --cram")
    custom = Custom(ahead=ahead, failed_today=failed_today, cram=cram)
    if not plain:
        review_in_app(decks, new_per_day, custom, tags)
        return
    runtime = Runtime.from_environment()
    chosen = runtime.catalog.find_all(decks)

    def line_by_line(store: HistoryStore) -> None:
        from mesadrill.plain.io import read_line
        from mesadrill.plain.review import PlainReview

        session = open_review(
            store,
            chosen,
            runtime.clock,
            runtime.settings,
            new_per_day=new_per_day,
            custom=custom,
            tags=tags,
            catalog=runtime.catalog,
        )
        PlainReview(session, read_line, output.line).run()

    _line_by_line(runtime, line_by_line)


def _line_by_line(runtime: Runtime, session: Callable[[HistoryStore], None]) -> None:
    """A ``--plain`` session in the open store; then the sync ``sync_on_exit`` asks for."""
    with runtime.open_store() as store:
        session(store)
    sync_after_session(runtime)


@click.command()
@click.argument("decks", nargs=-1)
@click.option(
    "--search",
    "text",
    default="",
    metavar="TEXT",
    help="Words in the prompt, answer or id; or terms deck:ID tag:NAME is:STATE.",
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only items with this tag (repeatable: all must match)."
)
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(["new", "learning", "due", "review", "suspended", "buried", "leech"], case_sensitive=False),
    help="Only items in this state (repeatable: all must match).",
)
@click.option(
    "--sort",
    type=click.Choice(["deck", "due", "interval", "easiness", "lapses"], case_sensitive=False),
    default="deck",
    show_default=True,
    help="Order of the rows.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def cards(
    decks: tuple[str, ...], text: str, tags: tuple[str, ...], states: tuple[str, ...], sort: str, as_json: bool
) -> None:
    """Review items with their schedule, state and tags: every deck, or the DECKs named.

    States: new, learning (failed its last review), due, review (scheduled,
    not due), suspended, buried, leech (lapsed leech_threshold times).

    With --json: an array of objects with deck, id, card, type, prompt,
    answer, tags, state, states, repetitions, easiness, interval_days, due
    (ISO date, or null when new), last_review (ISO datetime or null),
    reviews, lapses, suspended, buried_until and scheduler ("sm2" or
    "fsrs"). Under FSRS also stability (days until recall falls to 90%),
    difficulty (1-10) and retrievability (the chance of recall now), and
    the table shows them.

    \b
    Examples:
      mesadrill cards mesa-terms
      mesadrill cards --state suspended
      mesadrill cards --search "objective" --sort lapses
      mesadrill cards mesa-terms --json | jq '.[] | select(.due != null)'
    """
    from dataclasses import replace

    from mesadrill.core.sm2 import Sm2State
    from mesadrill.study.browse import find_rows, parse_query, row_to_json, sort_rows
    from mesadrill.study.runtime import Runtime
    from mesadrill.study.scheduler_view import scheduler_state

    runtime = Runtime.from_environment()
    chosen = runtime.catalog.find_all(decks) if decks else runtime.catalog.decks()
    query = parse_query(text)
    query = replace(query, tags=query.tags + tags, states=query.states + tuple(s.lower() for s in states))
    with runtime.open_store() as store:
        rows = find_rows(
            store, chosen, query, runtime.today(), runtime.settings.leech_threshold, progress=_tell_progress
        )
        shown = [row.item for row in rows]
        own = scheduler_state(store, chosen, runtime.settings.scheduling, runtime.now(), shown)
    rows = sort_rows(rows, sort.lower())
    if as_json:
        output.line(json.dumps([row_to_json(row) | own[row.item.key] for row in rows], indent=2, ensure_ascii=False))
        return
    fsrs = any(own[row.item.key]["scheduler"] == "fsrs" for row in rows)
    several = len(chosen) > 1
    table = [
        [
            f"{row.item.deck_id}:{row.item.item_id}" if several else row.item.item_id,
            row.state,
            (row.due.isoformat() if row.due else "-"),
            str(row.record.state.interval_days if row.record else 0),
            f"{(row.record.state if row.record else Sm2State()).easiness:.2f}",
            str(row.record.lapses if row.record else 0),
            ",".join(row.tags),
            *(_fsrs_cells(own[row.item.key]) if fsrs else []),
        ]
        for row in rows
    ]
    # On a narrow terminal EF and the interval go, then the tags shorten, then long ids, then lapses go.
    fsrs_headers = ["stability", "difficulty", "recall"] if fsrs else []
    output.table(
        ["item", "state", "due", "ivl", "EF", "lapses", "tags", *fsrs_headers],
        table,
        right={3, 4, 5, 7, 8, 9},
        steps=[("drop", 4), ("drop", 3), ("shrink", 6), ("shrink", 0), ("drop", 5)],
    )
    if not rows:
        output.line("No items match.", err=True)


def _tell_progress(message: str) -> None:
    output.line(f"mesadrill: {message}", err=True)


def _fsrs_cells(own: dict[str, Any]) -> list[str]:
    """Stability, difficulty and today's chance of recall, for an item under FSRS ("-" otherwise)."""
    if own.get("stability") is None:
        return ["-", "-", "-"]
    return [f"{own['stability']:.1f}", f"{own['difficulty']:.1f}", f"{own['retrievability']:.0%}"]


@click.command()
@click.argument("decks", nargs=-1, required=True)
@click.option("--plain", is_flag=True, help="Line-based drill: type the answer, end it with an empty line.")
@click.option(
    "--mock",
    type=click.IntRange(1, 50),
    default=None,
    help="A mock interview: N prompts in a row, feedback at the end.",
)
@click.option(
    "--new", "new_per_day", type=click.IntRange(0, 10_000), default=None, help="New interview items per deck per day."
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only prompts with this tag (repeat for any of several)."
)
def drill(
    decks: tuple[str, ...], plain: bool, mock: int | None, new_per_day: int | None, tags: tuple[str, ...]
) -> None:
    """Answer interview prompts against the clock, then check the key points.

    Answer aloud or type. Afterwards you see the model answer, the key points
    (pre-ticked where your typed words cover them; correct the ticks), what a
    weak answer does, and a suggested grade from coverage and time. Every
    attempt is kept: see them with `mesadrill answers`. With nothing due, all
    interview prompts are practised.

    \b
    Examples:
      mesadrill drill mesa-interview
      mesadrill drill mesa-interview --mock 3
      mesadrill drill mesa-interview --plain
    """
    if not plain:
        drill_in_app(decks, mock, new_per_day, tags)
        return
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen = runtime.catalog.find_all(decks)

    def line_by_line(store: HistoryStore) -> None:
        from mesadrill.plain.drill import PlainDrill
        from mesadrill.plain.io import read_line
        from mesadrill.study.drill import DrillSession

        session = DrillSession(
            store, chosen, runtime.clock, runtime.settings, mock=mock, new_per_day=new_per_day, tags=tags
        )
        PlainDrill(session, read_line, output.line).run()

    _line_by_line(runtime, line_by_line)


@click.command()
@click.argument("card")
@click.option("--last", type=click.IntRange(1, 20), default=5, show_default=True, help="How many attempts to show.")
def answers(card: str, last: int) -> None:
    """Your past drill attempts at one interview card, side by side.

    CARD is DECK:CARD-ID, or just CARD-ID when only one deck has it.

    \b
    Examples:
      mesadrill answers mesa-interview:explain-mesa-and-deceptive-alignment
      mesadrill answers inner-vs-outer-alignment --last 10
    """
    from mesadrill.core.cards import InterviewCard
    from mesadrill.core.errors import DeckNotFound
    from mesadrill.render.journal_text import answers_text, side_by_side
    from mesadrill.study.journal import load_journal
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    deck_ref, _, card_id = card.rpartition(":")
    decks = [runtime.catalog.find(deck_ref)] if deck_ref else runtime.catalog.decks()
    found = [(deck, c) for deck in decks for c in deck.cards if c.id == card_id]
    if not found:
        raise DeckNotFound(f"no card '{card_id}'" + (f" in deck '{deck_ref}'" if deck_ref else " in any deck"))
    if len(found) > 1:
        places = ", ".join(f"{deck.id}:{card_id}" for deck, _ in found)
        raise DeckNotFound(f"'{card_id}' is in several decks; say which: {places}")
    deck, chosen = found[0]
    if not isinstance(chosen, InterviewCard):
        raise DeckNotFound(f"{deck.id}:{card_id} is a {chosen.type} card; drill attempts are kept for interview cards")
    with runtime.open_store() as store:
        journal = load_journal(store, deck.id, chosen)
    for line in side_by_side(journal, last=last):
        output.line(line)
    if journal.attempts:
        output.line("")
        for line in answers_text(journal, last=last):
            output.line(line)
