"""Commands for studying and looking at schedules: review, cards."""

from __future__ import annotations

import json
import sys

import click

from mesadrill.cli import output
from mesadrill.core.cleantext import strip_controls


@click.command()
@click.argument("decks", nargs=-1, required=True)
@click.option("--plain", is_flag=True, help="Line-based session for plain terminals, screen readers and scripts.")
@click.option(
    "--new",
    "new_per_day",
    type=click.IntRange(0, 10_000),
    default=None,
    help="New items per deck per day (default 20, or new_per_day in config.toml).",
)
def review(decks: tuple[str, ...], plain: bool, new_per_day: int | None) -> None:
    """Review what is due in one or more decks.

    DECK is a deck id (see `mesadrill decks`) or the path of a deck file.
    Due items come first (most overdue first), then new ones up to the daily
    limit, then items graded below 4 earlier, until you grade them 4 or 5.
    Every grade is saved the moment you give it.

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
    """
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen = runtime.catalog.find_all(decks)
    if not plain:
        from mesadrill.tui.launch import run_review

        run_review(runtime, chosen, new_per_day)
        return
    from mesadrill.plain.review import PlainReview
    from mesadrill.study.review import ReviewSession

    with runtime.open_store() as store:
        session = ReviewSession(store, chosen, runtime.clock, runtime.settings, new_per_day=new_per_day)

        PlainReview(session, _read_line, output.line).run()


def _read_line(prompt: str) -> str:
    click.echo(strip_controls(prompt), nl=False)
    line = sys.stdin.readline()
    if line == "":
        raise EOFError
    return line.rstrip("\n")


@click.command()
@click.argument("deck")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def cards(deck: str, as_json: bool) -> None:
    """Every review item of a deck with its schedule.

    With --json: an array of objects with id, type, repetitions, easiness,
    interval_days, due (ISO date, or null when new), last_review (ISO
    datetime or null) and reviews.

    \b
    Examples:
      mesadrill cards mesa-terms
      mesadrill cards mesa-terms --json | jq '.[] | select(.due != null)'
    """
    from mesadrill.core.sm2 import Sm2State
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen = runtime.catalog.find(deck)
    with runtime.open_store() as store:
        records = store.records(chosen.id)
    rows = []
    for item in chosen.items:
        record = records.get(item.item_id)
        state = record.state if record else Sm2State()  # a new item: SM-2's starting state
        rows.append(
            {
                "id": item.item_id,
                "type": item.kind.value,
                "repetitions": state.repetitions,
                "easiness": state.easiness,
                "interval_days": state.interval_days,
                "due": state.due.isoformat() if state.due else None,
                "last_review": record.last_review.isoformat() if record and record.last_review else None,
                "reviews": record.reviews if record else 0,
                "lapses": record.lapses if record else 0,
            }
        )
    if as_json:
        output.line(json.dumps(rows, indent=2))
        return
    table = [
        [
            str(row["id"]),
            str(row["type"]),
            str(row["due"] or "new"),
            str(row["interval_days"]),
            f"{row['easiness']:.2f}",
            str(row["repetitions"]),
            str(row["reviews"]),
        ]
        for row in rows
    ]
    # On a narrow terminal reviews and reps go, then long ids shorten, then EF and type go.
    output.table(
        ["item", "type", "due", "interval", "EF", "reps", "reviews"],
        table,
        right={3, 4, 5, 6},
        steps=[("drop", 6), ("drop", 5), ("shrink", 0), ("drop", 4), ("drop", 1)],
    )


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
def drill(decks: tuple[str, ...], plain: bool, mock: int | None, new_per_day: int | None) -> None:
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
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    chosen = runtime.catalog.find_all(decks)
    if not plain:
        from mesadrill.tui.launch import run_drill

        run_drill(runtime, chosen, mock, new_per_day)
        return
    from mesadrill.plain.drill import PlainDrill
    from mesadrill.study.drill import DrillSession

    with runtime.open_store() as store:
        session = DrillSession(store, chosen, runtime.clock, runtime.settings, mock=mock, new_per_day=new_per_day)
        PlainDrill(session, _read_line, output.line).run()


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
    from mesadrill.core.errors import DeckNotFound
    from mesadrill.core.model import InterviewCard
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
