"""Building the real Textual app for headless tests: real store, real decks, a clock we move."""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mesadrill.decks.catalog import Catalog, Origin
from mesadrill.env.settings import Settings
from mesadrill.store.history_store import HistoryStore
from mesadrill.study.runtime import Runtime
from mesadrill.tui.app import MesadrillApp
from mesadrill.tui.screens.review import ReviewScreen
from mesadrill.tui.widgets.card_view import RULE, CardView

START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class MovableClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_runtime(
    deck_paths: Sequence[Path], clock: MovableClock | None = None, settings: Settings | None = None
) -> Runtime:
    files = [(path, Origin.EXTRA) for path in deck_paths]
    return Runtime(clock or MovableClock(), settings or Settings(), discover=lambda: Catalog.from_files(files))


def open_store(runtime: Runtime, folder: Path) -> HistoryStore:
    return HistoryStore.open(folder / "history.db", today=runtime.today(), now=runtime.now())


def review_app(runtime: Runtime, store: HistoryStore, deck_ids: Sequence[str] | None = None) -> MesadrillApp:
    decks = runtime.catalog.decks() if deck_ids is None else runtime.catalog.find_all(deck_ids)
    return MesadrillApp(runtime, store, lambda app: ReviewScreen.for_decks(app, decks))


def drill_app(runtime: Runtime, store: HistoryStore, mock: int | None = None) -> MesadrillApp:
    """The app on a drill of every deck (``mock``: a mock interview of that many prompts)."""
    from mesadrill.tui.screens.drill import DrillScreen

    decks = runtime.catalog.decks()

    def first(app: MesadrillApp) -> DrillScreen:
        screen = DrillScreen.for_decks(app, decks, mock=mock)
        assert screen is not None, "no interview cards to drill"
        return screen

    return MesadrillApp(runtime, store, first)


def write_deck(folder: Path, name: str = "t", cards: str | None = None, title: str = "Test deck") -> Path:
    if cards is None:
        cards = "".join(
            f"  - {{id: c{i}, type: basic, front: 'Question {i}', back: 'Answer {i}', source: 'Source {i}'}}\n"
            for i in range(1, 4)
        )
    path = folder / f"{name}.yaml"
    path.write_text(f"deck: {name}\ntitle: {title}\ndescription: For tests.\ncards:\n{cards}")
    return path


def text_of(app: MesadrillApp, selector: str) -> str:
    """What a widget shows, as plain text (markup, if any, would already be gone)."""
    visual = app.screen.query_one(selector).render()
    plain = getattr(visual, "plain", None)
    return plain if plain is not None else str(visual)


@dataclass(frozen=True)
class Card:
    """The review card as shown, in its parts: paragraphs above the rule, then below it."""

    front: str
    back: str | None  # None until the answer is shown

    @property
    def meta(self) -> str:
        return self.front.split("\n\n")[0]

    @property
    def question(self) -> str:
        return self.front.split("\n\n")[1]

    @property
    def choices(self) -> str | None:
        parts = self.front.split("\n\n")
        return parts[2] if len(parts) > 2 else None

    @property
    def answer(self) -> str | None:
        if self.back is None:
            return None
        return self.back.removesuffix(f"\n\n{self.source}") if self.source else self.back

    @property
    def source(self) -> str | None:
        last = (self.back or "").split("\n\n")[-1]
        return last if last.startswith("Source: ") else None


def card_of(app: MesadrillApp) -> Card:
    """The review screen's card, split at the rule between the question and the answer."""
    text = app.screen.query_one(CardView).content.plain
    front, *back = re.split(f"\n\n{RULE}+\n\n", text)
    assert len(back) <= 1, text
    return Card(front, back[0] if back else None)


def fake_editor(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Make $EDITOR a shell script running ``script`` (called as: editor +LINE FILE)."""
    editor = folder / "editor.sh"
    editor.write_text("#!/bin/sh\n" + script)
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
