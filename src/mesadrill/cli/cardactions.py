"""Commands that act on cards: suspend, unsuspend, bury."""

from __future__ import annotations

import click

from mesadrill.cli import output

_EXAMPLES = {
    "suspend": "Left out of every review and drill until `mesadrill unsuspend`.",
    "unsuspend": "Back in the queues, with the schedule they had (a buried item is unburied too).",
    "bury": "Left out of today's queues; back on the next study day, schedule unchanged.",
}


def _run(verb: str, refs: tuple[str, ...]) -> None:
    from mesadrill.study.actions import ACTIONS, perform, resolve
    from mesadrill.study.runtime import Runtime

    runtime = Runtime.from_environment()
    catalog = runtime.catalog
    items = resolve(refs, catalog.find, catalog.decks())
    with runtime.open_store() as store:
        done = perform(store, items, ACTIONS[verb], runtime.now(), runtime.today())
    past = {"suspend": "Suspended", "unsuspend": "Unsuspended", "bury": "Buried"}[verb]
    noun = "item" if len(done) == 1 else "items"
    output.line(f"{past} {len(done)} {noun}:")
    for entry in done:
        output.line(f"  {entry.item.deck_id}:{entry.item.item_id}")


def _command(verb: str) -> click.Command:
    def callback(refs: tuple[str, ...]) -> None:
        _run(verb, refs)

    callback.__doc__ = f"""{verb.capitalize()} cards or single items. {_EXAMPLES[verb]}

    Each REF is DECK:CARD (every item of the card: its reverse, each cloze
    deletion), DECK:CARD:ITEM for one item (e.g. DECK:CARD:reverse or
    DECK:CARD:c2), or CARD alone when only one deck has it. The action is
    saved in the history as an event, so `history export` and import carry it.

    \b
    Examples:
      mesadrill {verb} mesa-terms:base-optimizer
      mesadrill {verb} mesa-terms:base-optimizer:reverse
    """
    return click.command(name=verb)(click.argument("refs", nargs=-1, required=True, metavar="REF...")(callback))


suspend = _command("suspend")
unsuspend = _command("unsuspend")
bury = _command("bury")
