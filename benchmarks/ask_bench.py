"""The ask row: a 200-lesson course with 2 MB of readings, asked once indexed, against a bare FTS5 query."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from mesadrill.decks.catalog import Catalog, Origin
from mesadrill.study.ask import ask, expanded, fts_query, open_index, query_terms

WORDS = [
    "optimizer",
    "objective",
    "training",
    "gradient",
    "model",
    "behaviour",
    "evidence",
    "theory",
    "deception",
    "alignment",
    "probe",
    "interpretability",
    "reward",
    "proxy",
    "policy",
    "agent",
    "environment",
    "capability",
    "evaluation",
    "oversight",
    "scheming",
    "network",
    "search",
    "goal",
    "distribution",
    "shift",
    "backdoor",
    "trigger",
    "safety",
    "robustness",
    "generalization",
    "feature",
    "circuit",
    "activation",
    "layer",
    "token",
    "context",
    "prompt",
    "dataset",
    "benchmark",
    "experiment",
    "result",
    "claim",
    "argument",
]
FILLER = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "it",
    "was",
    "for",
    "on",
    "are",
    "with",
    "as",
    "by",
    "this",
    "be",
    "at",
    "from",
    "or",
    "an",
]


def write_course(folder: Path, lessons: int, reading_bytes: int, seed: int = 7) -> Path:
    """A course of ``lessons`` lessons whose readings add up to about ``reading_bytes``."""
    chooser = random.Random(seed)
    (folder / "big").mkdir(parents=True)
    per_lesson = reading_bytes // lessons
    entries = []
    for number in range(1, lessons + 1):
        parts = [f"# Lesson {number}\n"]
        size = 0
        section = 0
        while size < per_lesson:
            section += 1
            heading = " ".join(chooser.choice(WORDS) for _ in range(4))
            sentences = []
            for _ in range(6):
                sentence = " ".join(chooser.choice(WORDS if chooser.random() < 0.4 else FILLER) for _ in range(18))
                sentences.append(sentence.capitalize() + ".")
            text = f"\n## {heading} {section}\n\n" + " ".join(sentences) + "\n"
            parts.append(text)
            size += len(text)
        (folder / "big" / f"{number:03}.md").write_text("".join(parts), encoding="utf-8")
        entries.append(
            f"  - id: lesson-{number}\n    title: Lesson {number}\n    summary: s\n    reading: big/{number:03}.md\n"
        )
    course = folder / "big.yaml"
    course.write_text("course: big\ntitle: Big\ndescription: d\nlessons:\n" + "".join(entries), encoding="utf-8")
    return course


def measure(
    folder: Path, lessons: int, reading_bytes: int, reps: int, interleaved: Callable[..., tuple[float, float]]
) -> tuple[float, float, str]:
    course_file = write_course(folder, lessons, reading_bytes)
    catalog = Catalog.from_files([(course_file, Origin.EXTRA)])
    courses = catalog.courses()
    total = sum(len(lesson.reading.encode()) for lesson in courses[0].lessons)
    index = open_index(folder / "ask.sqlite", courses, {})
    question = "why would gradient search produce a deceptive optimizer under oversight?"
    match = fts_query(expanded(query_terms(question)))
    ours, floor = interleaved(lambda: ask(index, question), lambda: index.bare(match, 12), reps)
    index.close()
    return ours, floor, f"{lessons} lessons, {total / 1e6:.1f} MB"
