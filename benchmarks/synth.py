"""Deterministic synthetic data for the benchmarks: decks and a review history.

Everything comes from a seeded ``random.Random``, so two runs measure the same
bytes. Decks mix all four card types with text lengths like the bundled decks'
(a 10,000-card deck is about 5 MB); the history is written straight into a
real mesadrill database (schema from ``HistoryStore.open``) with one
``executemany`` per table inside one transaction.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from mesadrill.core import sm2
from mesadrill.store.history_store import HistoryStore

SEED = 20260105

_WORDS = [
    "model",
    "training",
    "objective",
    "gradient",
    "descent",
    "optimizer",
    "base",
    "mesa",
    "proxy",
    "reward",
    "signal",
    "policy",
    "agent",
    "environment",
    "distribution",
    "shift",
    "evaluation",
    "benchmark",
    "behaviour",
    "evidence",
    "theory",
    "claim",
    "result",
    "experiment",
    "setup",
    "probe",
    "activation",
    "layer",
    "circuit",
    "feature",
    "representation",
    "interpretability",
    "deception",
    "alignment",
    "faking",
    "scheming",
    "sandbagging",
    "backdoor",
    "trigger",
    "persistence",
    "fine-tuning",
    "oversight",
    "monitor",
    "situational",
    "awareness",
    "goal",
    "instrumental",
    "convergence",
    "corrigibility",
    "robustness",
    "adversarial",
    "example",
    "red",
    "team",
    "audit",
    "sample",
    "dataset",
    "label",
    "noise",
    "overfitting",
    "generalisation",
    "capability",
    "threshold",
    "scaling",
    "law",
    "compute",
    "parameter",
    "token",
    "context",
    "window",
    "prompt",
    "completion",
    "answer",
    "question",
    "reasoning",
    "chain",
    "thought",
    "transcript",
    "honest",
    "misleading",
    "consistent",
    "different",
    "measured",
    "reported",
    "observed",
    "predicted",
    "argued",
    "assumed",
    "shown",
    "found",
    "tested",
    "compared",
    "replicated",
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "for",
    "with",
    "without",
    "under",
    "over",
    "between",
    "across",
    "within",
    "after",
    "before",
    "during",
    "is",
    "was",
    "are",
    "were",
    "can",
    "may",
    "might",
    "would",
    "should",
    "must",
    "does",
    "did",
    "has",
    "had",
    "not",
    "only",
    "also",
    "still",
    "first",
    "second",
    "third",
    "many",
    "few",
    "most",
    "some",
    "every",
    "each",
    "both",
    "either",
    "neither",
    "more",
    "less",
    "higher",
    "lower",
    "strong",
    "weak",
    "clear",
    "open",
    "uncertain",
    "likely",
    "unlikely",
    "direct",
    "indirect",
    "internal",
    "external",
    "hidden",
    "naïve",
    "café–style",
    "résumé",
    "coöperative",
]


@dataclass(frozen=True, slots=True)
class SynthDeck:
    """A generated deck file and the review item ids it holds, in deck order."""

    path: Path
    deck_id: str
    cards: int
    item_ids: list[str]


class _Text:
    """Sentences and phrases drawn once from a seeded pool, then reused."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sentences = [self._sentence(rng.randint(5, 14)) for _ in range(4000)]
        self.phrases = [self._words(rng.randint(2, 7)) for _ in range(4000)]

    def _words(self, count: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(count))

    def _sentence(self, count: int) -> str:
        words = self._words(count)
        return words[0].upper() + words[1:] + self.rng.choice((".", ".", ".", "?", "; see below."))

    def sentence(self) -> str:
        return self.rng.choice(self.sentences)

    def phrase(self) -> str:
        return self.rng.choice(self.phrases)

    def paragraph(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))


def _folded(text: str, indent: str, width: int = 96) -> list[str]:
    """A '>-' block scalar, wrapped like a hand-written deck."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(indent + current)
    return lines


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _card_lines(rng: random.Random, text: _Text, index: int) -> tuple[list[str], list[str]]:
    """The YAML lines of one card and its item ids."""
    roll = rng.random()
    tags = f"    tags: [{', '.join(rng.sample(('theory', 'evidence', 'terms', 'open-question', 'method'), rng.randint(1, 3)))}]"
    source = f"    source: {_quoted(text.phrase().capitalize() + f' et al. {rng.randint(2015, 2025)}')}"
    if roll < 0.40:
        card_id = f"basic-{index:06d}"
        reverse = rng.random() < 0.25
        lines = [f"  - id: {card_id}", "    type: basic", f"    front: {text.sentence()}", "    back: >-"]
        lines += _folded(text.paragraph(1, 3), "      ")
        if reverse:
            lines.append("    reverse: true")
        lines += [tags, source]
        return lines, [card_id, f"{card_id}:reverse"] if reverse else [card_id]
    if roll < 0.65:
        card_id = f"cloze-{index:06d}"
        numbered = rng.random() < 0.5
        count = rng.randint(1, 3)
        parts = []
        for number in range(1, count + 1):
            answer = text.phrase()
            hint = "::" + rng.choice(("a term", "a number", "who", "a method")) if rng.random() < 0.3 else ""
            deletion = f"{{{{c{number}::{answer}{hint}}}}}" if numbered else f"{{{{{answer}{hint}}}}}"
            parts.append(f"{text.sentence()} {deletion}")
        parts.append(text.sentence())
        lines = [f"  - id: {card_id}", "    type: cloze", f"    text: {_quoted(' '.join(parts))}", tags, source]
        return lines, [f"{card_id}:c{number}" for number in range(1, count + 1)]
    if roll < 0.85:
        card_id = f"choice-{index:06d}"
        choices: list[str] = []
        while len(choices) < 4:
            choice = text.phrase()
            if choice not in choices:
                choices.append(choice)
        lines = [f"  - id: {card_id}", "    type: choice", f"    question: {text.sentence()}", "    choices:"]
        lines += [f"      - {choice}" for choice in choices]
        lines += [f"    answer: {rng.choice(choices)}", "    explanation: >-"]
        lines += _folded(text.paragraph(1, 3), "      ")
        lines += [tags, source]
        return lines, [card_id]
    card_id = f"interview-{index:06d}"
    lines = [f"  - id: {card_id}", "    type: interview", f"    prompt: {text.sentence()}", "    answer: >-"]
    lines += _folded(text.paragraph(3, 5), "      ")
    lines.append("    key_points:")
    lines += [f"      - {text.sentence()}" for _ in range(rng.randint(3, 6))]
    lines.append(f"    time_limit: {rng.choice((60, 90, 120, 180))}")
    lines.append("    follow_ups:")
    lines += [f"      - {text.sentence()}" for _ in range(rng.randint(1, 3))]
    lines.append("    pitfalls:")
    lines += [f"      - {text.sentence()}" for _ in range(rng.randint(1, 4))]
    lines += [tags, source]
    return lines, [card_id]


def write_deck(folder: Path, cards: int, seed: int = SEED) -> SynthDeck:
    """A deck of ``cards`` cards of all four types, written to ``folder``."""
    rng = random.Random(seed + cards)
    text = _Text(rng)
    deck_id = f"synth-{cards}"
    out = [
        f"# A synthetic deck of {cards} cards for the benchmarks (seed {seed}).",
        f"deck: {deck_id}",
        f"title: Synthetic deck, {cards:,} cards",
        "description: >-",
        *_folded(text.paragraph(2, 3), "  "),
        "tags: [benchmark, synthetic]",
        "cards:",
    ]
    item_ids: list[str] = []
    for index in range(cards):
        lines, items = _card_lines(rng, text, index)
        out.append("")
        out.extend(lines)
        item_ids.extend(items)
    path = folder / f"{deck_id}.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return SynthDeck(path, deck_id, cards, item_ids)


# ---- history


def _grades(rng: random.Random) -> Iterator[int]:
    while True:
        roll = rng.random()
        yield 5 if roll < 0.45 else 4 if roll < 0.80 else 3 if roll < 0.92 else rng.choice((0, 1, 2))


def write_history(
    db_path: Path,
    deck_id: str,
    item_ids: list[str],
    events: int,
    today: date,
    seed: int = SEED,
    span_days: int = 3 * 365,
) -> int:
    """Give each of ``item_ids`` a plausible SM-2 history ending by ``today``; returns events written.

    Items are introduced over ``span_days`` (three years) in deck order (as a learner meets
    them), each reviewed on the day it falls due, with mostly good grades and
    some lapses. Item records are exactly what ``history.replay`` would build.
    """
    rng = random.Random(seed)
    grades = _grades(rng)
    start = today - timedelta(days=span_days)
    per_item, extra = divmod(events, len(item_ids))
    event_rows: list[tuple[object, ...]] = []
    item_rows: list[tuple[object, ...]] = []
    span = (today - start).days
    for index, item_id in enumerate(item_ids):
        wanted = per_item + (1 if index < extra else 0)
        first = start + timedelta(days=index * (span - wanted - 1) // len(item_ids))
        day = first
        state = sm2.NEW
        reviews = lapses = 0
        last_at: datetime | None = None
        while reviews < wanted:
            quality = next(grades)
            state = sm2.review(state, quality, day)
            if quality < 3:
                lapses += 1
            last_at = datetime.combine(day, time(12 + index % 8, index % 60, reviews % 60), tzinfo=UTC)
            event_rows.append(
                (
                    f"{index:08x}{reviews:08x}{seed:016x}",
                    deck_id,
                    item_id,
                    last_at.isoformat(timespec="microseconds"),
                    day.isoformat(),
                    quality,
                    "review",
                    state.repetitions,
                    state.easiness_centi,
                    state.interval_days,
                    state.due.isoformat() if state.due else None,
                    rng.randint(1500, 20000),
                    None,
                )
            )
            reviews += 1
            assert state.due is not None
            # Squeeze the item's remaining reviews into the days left, as a learner catching up would.
            day = min(state.due, today - timedelta(days=wanted - reviews))
        item_rows.append(
            (
                deck_id,
                item_id,
                state.repetitions,
                state.easiness_centi,
                state.interval_days,
                state.due.isoformat() if state.due else None,
                last_at.isoformat(timespec="microseconds") if last_at else None,
                reviews,
                lapses,
                first.isoformat(),
            )
        )
    with HistoryStore.open(db_path, today=today, now=datetime.combine(today, time(12), tzinfo=UTC)):
        pass  # creates the file and applies every migration
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO events (event_id, deck_id, item_id, reviewed_at, study_day, quality, kind, "
            "repetitions, easiness_centi, interval_days, due, duration_ms, item_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            event_rows,
        )
        db.executemany(
            "INSERT INTO items (deck_id, item_id, repetitions, easiness_centi, interval_days, due, "
            "last_review, reviews, lapses, first_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            item_rows,
        )
        db.execute("COMMIT")
        db.execute("ANALYZE")
    finally:
        db.close()
    return len(event_rows)
