"""Interview drills: which key points a typed answer covers, and a suggested grade.

Both rules are deliberately simple, so a learner can predict them and always
correct them (the ticks and the grade are suggestions).

**Coverage (word overlap).** A key point's *content words* are its words
(letters, digits, ``%``, ``.`` inside numbers) lower-cased, without common
stop words, cut to a rough stem (in words longer than four letters, one
trailing ``ing``, ``ed``, ``es``, ``ly`` or plural ``s`` removed, then a final
``e``), so that probe/probes and scheme/scheming match. A key point counts as
covered when at least 60% of its content words appear among the answer's
content words (a point of one or two content words needs all of them).

**Suggested grade.** From the share of key points covered: all -> 5, at least
3/4 -> 4, at least 1/2 -> 3, at least 1/4 -> 2, any -> 1, none -> 0. Then one
grade off for running over the time limit, two for running over by half the
limit again or more; never below 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

COVERAGE_THRESHOLD = 0.6

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "it's",
        "may",
        "might",
        "more",
        "most",
        "must",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "also",
        "any",
        "both",
        "each",
        "just",
        "like",
        "only",
        "other",
        "over",
        "same",
        "some",
        "very",
        "vs",
        "via",
    ]
)

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?|[0-9]+(?:\.[0-9]+)?[x×]")
_SUFFIXES = ("ing", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A rough stem, so that probe/probes, scheme/scheming, train/trained meet."""
    if len(word) <= 4 or word[0].isdigit():
        return word
    for suffix in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word[-2] in "sui":  # class, status, bias: not plurals
            continue
        word = word[: -len(suffix)]
        break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_words(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("×", "x"))
    return [stem(word) for word in words if word not in STOP_WORDS]


def point_covered(point: str, answer_words: set[str]) -> bool:
    words = set(content_words(point))
    if not words:
        return False
    found = len(words & answer_words)
    if len(words) <= 2:
        return found == len(words)
    return found / len(words) >= COVERAGE_THRESHOLD


def covered_points(answer: str, key_points: Sequence[str]) -> list[bool]:
    """For each key point, whether the typed answer covers it."""
    words = set(content_words(answer))
    return [point_covered(point, words) for point in key_points]


def coverage_grade(covered: int, total: int) -> int:
    if total <= 0:
        return 0
    share = covered / total
    if share >= 1:
        return 5
    if share >= 0.75:
        return 4
    if share >= 0.5:
        return 3
    if share >= 0.25:
        return 2
    return 1 if covered else 0


def suggest_grade(covered: int, total: int, seconds: float, time_limit: int) -> int:
    grade = coverage_grade(covered, total)
    if seconds > time_limit * 1.5:
        grade -= 2
    elif seconds > time_limit:
        grade -= 1
    return max(0, grade)
