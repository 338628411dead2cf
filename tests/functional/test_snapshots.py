"""Pinned looks of each screen at 80x24, time frozen. Update only after looking: pytest --snapshot-update."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.stats import StatsScreen
from support.tui import MovableClock, make_runtime, open_store, review_app, write_deck

CARDS = (
    "  - {id: base, type: basic, front: base optimizer,"
    " back: 'The training process (e.g. gradient descent) optimizing the base objective.', source: 'Hubinger et al. 2019'}\n"
    "  - {id: col, type: choice, question: 'Claim: experiments confirmed the internal mesa-optimizer. Which column?',"
    " choices: [theory, demonstrated behaviour, open question], answer: theory,"
    " explanation: 'The experiments show behaviour; no mechanism was located.'}\n"
    "  - {id: o1, type: cloze, text: 'When caught, {{c1::o1}} kept up the deception in over {{c2::85%}} of follow-ups.',"
    " source: Apollo Research 2024}\n"
)


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[object, object]]:
    monkeypatch.delenv("NO_COLOR")  # pin the look in colour (the default theme)
    clock = MovableClock()
    deck = write_deck(tmp_path, "mesa", cards=CARDS, title="Mesa-optimization basics")
    other = write_deck(tmp_path, "other", title="Another deck")
    runtime = make_runtime([deck, other], clock)
    with open_store(runtime, tmp_path) as store:
        yield runtime, store


def test_home(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(MesadrillApp(runtime, store), terminal_size=(80, 24))


def test_review_question(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(review_app(runtime, store, ["mesa"]), terminal_size=(80, 24))


def test_review_answer(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(review_app(runtime, store, ["mesa"]), press=["space"], terminal_size=(80, 24))


def test_review_choice_answered(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(review_app(runtime, store, ["mesa"]), press=["space", "5", "2"], terminal_size=(80, 24))


def test_summary(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    keys = ["space", "5", "1", "enter", "space", "2", "space", "4", "space", "4"]
    assert snap_compare(review_app(runtime, store, ["mesa"]), press=keys, terminal_size=(80, 24))


def test_stats(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    review = review_app(runtime, store, ["mesa"])

    async def grade_some(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("space", "5", "1", "enter", "space", "4", "space", "4", "q")

    import asyncio

    async def prepare() -> None:
        async with review.run_test(size=(80, 24)) as pilot:
            await grade_some(pilot)

    asyncio.run(prepare())
    stats_app = MesadrillApp(runtime, store, lambda app: StatsScreen())
    assert snap_compare(stats_app, terminal_size=(80, 24))


# The same screens at 50x15: nothing cut, nothing wrapped into garbage.
NARROW = (50, 15)


def test_home_narrow(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(MesadrillApp(runtime, store), terminal_size=NARROW)


def test_review_choice_answered_narrow(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(review_app(runtime, store, ["mesa"]), press=["space", "5", "2"], terminal_size=NARROW)


def test_review_answer_narrow(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    assert snap_compare(review_app(runtime, store, ["mesa"]), press=["space"], terminal_size=NARROW)


def test_summary_narrow(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    keys = ["space", "5", "1", "enter", "space", "2", "q"]
    assert snap_compare(review_app(runtime, store, ["mesa"]), press=keys, terminal_size=NARROW)


def test_stats_narrow(snap_compare, setup) -> None:  # type: ignore[no-untyped-def]
    runtime, store = setup
    import asyncio

    async def prepare() -> None:
        async with review_app(runtime, store, ["mesa"]).run_test(size=(80, 24)) as pilot:
            await pilot.press("space", "5", "1", "enter", "space", "4", "q")

    asyncio.run(prepare())
    assert snap_compare(MesadrillApp(runtime, store, lambda app: StatsScreen()), terminal_size=NARROW)
